/**
 * The naive baseline the ingest benchmark compares against: how one would usually write a Twilio
 * webhook. Express 5 + express.urlencoded + the twilio SDK's webhook() middleware, then one INSERT
 * per request (autocommit) on a better-sqlite3 file in WAL mode with synchronous=FULL, i.e. one
 * fsync per request before answering: the same durability as Switchboard, without group commit.
 *
 * Same protocol as src/main/serve.ts: env SWITCHBOARD_DATA_DIR, SWITCHBOARD_WEBHOOK_PORT,
 * TWILIO_AUTH_TOKEN; one JSON ready line on stdout; SIGTERM stops it.
 *
 * Importing twilio directly is deliberate: this file stands for "an app without our adapter".
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import twilio from 'twilio';

const INBOUND_ROUTE = '/webhooks/twilio/sms';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const dataDir = process.env.SWITCHBOARD_DATA_DIR;
const authToken = process.env.TWILIO_AUTH_TOKEN;
if (!dataDir || !authToken) {
  process.stderr.write('baseline: set SWITCHBOARD_DATA_DIR and TWILIO_AUTH_TOKEN\n');
  process.exit(1);
}

const db = new Database(join(dataDir, 'baseline.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`
  CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at INTEGER NOT NULL
  )
`);
const insert = db.prepare(
  `INSERT INTO messages (sid, from_number, to_number, body, received_at) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (sid) DO NOTHING`,
);

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
    (req, res) => {
      const body = req.body as Record<string, string | undefined>;
      try {
        insert.run(
          body.MessageSid ?? '',
          body.From ?? '',
          body.To ?? '',
          body.Body ?? '',
          Date.now(),
        );
      } catch {
        res.status(500).type('text/plain').send('Could not store the request; try again\n');
        return;
      }
      res.type('text/xml').send(EMPTY_TWIML);
    },
  );
  server.on('request', app);

  process.stdout.write(`${JSON.stringify({ ready: true, webhookUrl, dataDir })}\n`);
});

process.on('SIGTERM', () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
});
