/**
 * The naive peer on PostgreSQL: how one would usually write a Twilio webhook against a database
 * server. Express 5 + express.urlencoded + the twilio SDK's webhook() middleware, then one INSERT
 * per request through a `pg` pool (autocommit, the pool's default 10 connections): the server
 * makes each INSERT durable (fsync of its WAL) before the answer, as the hub does.
 *
 * The SQLite twin is bench/ingest/baseline.ts; same protocol as src/main/serve.ts: env
 * DATABASE_URL, SWITCHBOARD_WEBHOOK_PORT, TWILIO_AUTH_TOKEN; one JSON ready line on stdout;
 * SIGTERM stops it.
 *
 * Importing twilio and pg directly is deliberate: this file stands for "an app without our store".
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import twilio from 'twilio';

const INBOUND_ROUTE = '/webhooks/twilio/sms';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const databaseUrl = process.env.DATABASE_URL;
const authToken = process.env.TWILIO_AUTH_TOKEN;
if (!databaseUrl || !authToken) {
  process.stderr.write('naive peer: set DATABASE_URL and TWILIO_AUTH_TOKEN\n');
  process.exit(1);
}

const pool = new pg.Pool({ connectionString: databaseUrl });
await pool.query(`
  CREATE TABLE IF NOT EXISTS messages (
    id BIGSERIAL PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at BIGINT NOT NULL
  )
`);

const server = createServer();
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.SWITCHBOARD_WEBHOOK_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const webhookUrl = `http://127.0.0.1:${port}`;

  const app = express();
  app.post(
    INBOUND_ROUTE,
    express.urlencoded({ extended: false }),
    // The URL Twilio signed; told explicitly, as one must behind a tunnel or proxy.
    twilio.webhook(authToken, { url: webhookUrl + INBOUND_ROUTE }),
    async (req, res) => {
      const body = req.body as Record<string, string | undefined>;
      try {
        await pool.query(
          `INSERT INTO messages (sid, from_number, to_number, body, received_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sid) DO NOTHING`,
          [body.MessageSid ?? '', body.From ?? '', body.To ?? '', body.Body ?? '', Date.now()],
        );
      } catch {
        res.status(500).type('text/plain').send('Could not store the request; try again\n');
        return;
      }
      res.type('text/xml').send(EMPTY_TWIML);
    },
  );
  server.on('request', app);

  process.stdout.write(`${JSON.stringify({ ready: true, webhookUrl })}\n`);
});

process.on('SIGTERM', () => {
  server.close(() => {
    void pool.end().then(() => process.exit(0));
  });
  server.closeAllConnections();
});
