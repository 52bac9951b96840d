import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { RotatingFile } from '../src/main/core/log';
import { isValidTwilioSignature, twilioSignature } from '../src/main/core/carriers/twilioSdk';
import { getMessageBySid } from '../src/main/core/store/messages';
import { openDatabase } from '../src/main/core/store/database';
import { MAX_FORM_PARAMETERS, parseForm } from '../src/main/core/webhooks/forms';
import { REFUSALS_LOGGED_PER_MINUTE } from '../src/main/core/webhooks/refusalLog';
import { inboundParams, postSigned } from './support/signedRequests';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

const SMS = '/webhooks/twilio/sms';

describe('what the public listener lets in', () => {
  let app: App;
  let stop: () => Promise<void>;
  let token: string;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } }));
    token = app.simulator!.authToken;
  });
  afterEach(() => stop());

  it('treats __proto__, constructor and toString as ordinary, signed parameters', async () => {
    const params = inboundParams();
    const signed = new URLSearchParams(params).toString();
    // Appended after signing: the extra bytes are covered by the check now, so it fails.
    const tampered = await postSigned(app.webhook.url, SMS, params, token, {
      rawBody: `${signed}&__proto__=x`,
    });
    expect(tampered.status).toBe(403);
    expect(getMessageBySid(app.db, params.MessageSid!)).toBeUndefined();

    // Signed with them: accepted, and they were part of what was verified.
    const withOddNames = { ...params, constructor: 'c', toString: 't' };
    const rawBody = `${new URLSearchParams(withOddNames).toString()}&__proto__=p`;
    const form = parseForm(rawBody);
    expect(typeof form).toBe('object');
    expect(Object.keys(form)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    const signature = twilioSignature(token, app.webhook.url + SMS, form as Record<string, string>);
    const accepted = await postSigned(app.webhook.url, SMS, params, token, {
      rawBody,
      signature,
    });
    expect(accepted.status).toBe(200);
    expect(getMessageBySid(app.db, params.MessageSid!)).toBeDefined();
  });

  it(`refuses a form with more than ${MAX_FORM_PARAMETERS} parameters`, async () => {
    const params = inboundParams();
    for (let i = 0; i < MAX_FORM_PARAMETERS; i += 1) params[`X${i}`] = 'y';
    const reply = await postSigned(app.webhook.url, SMS, params, token);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/more than 200 form parameters/);
  });

  it('cuts a body trickled a byte a second before its 20th byte', async () => {
    const { port } = app.webhook;
    // Counted in bytes, not timed: the server closing the socket is the signal.
    const bytesSent = await new Promise<number>((resolve) => {
      let sent = 0;
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST ${SMS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
            `X-Twilio-Signature: x\r\nContent-Length: 1000\r\n\r\n`,
        );
        const trickle = setInterval(() => {
          sent += 1;
          socket.write('a');
        }, 1_000);
        socket.on('close', () => {
          clearInterval(trickle);
          resolve(sent);
        });
        socket.on('error', () => {});
        socket.resume();
      });
    });
    expect(bytesSent).toBeLessThan(20);
  }, 30_000);
});

describe('signature checks', () => {
  const token = 'a'.repeat(32);
  const params = { Body: 'hi', From: '+14155550100' };

  it('accepts the URL as signed, and the same URL with the default port toggled', () => {
    const url = 'https://example.ngrok.app/webhooks/twilio/sms';
    const withPort = 'https://example.ngrok.app:443/webhooks/twilio/sms';
    expect(isValidTwilioSignature(token, twilioSignature(token, url, params), url, params)).toBe(true); // prettier-ignore
    expect(isValidTwilioSignature(token, twilioSignature(token, withPort, params), url, params)).toBe(true); // prettier-ignore
    expect(isValidTwilioSignature(token, twilioSignature(token, url, params), withPort, params)).toBe(true); // prettier-ignore
  });

  it('refuses a signature over another URL or other parameters', () => {
    const url = 'https://example.ngrok.app/webhooks/twilio/sms';
    const signature = twilioSignature(token, url, params);
    expect(isValidTwilioSignature(token, signature, 'https://evil.example/webhooks/twilio/sms', params)).toBe(false); // prettier-ignore
    expect(isValidTwilioSignature(token, signature, url, { ...params, Body: 'HI' })).toBe(false);
    expect(isValidTwilioSignature(token, signature, 'https://example.ngrok.app:8443/webhooks/twilio/sms', params)).toBe(false); // prettier-ignore
  });
});

describe('files are private', () => {
  it('makes the data folder 0700 and the database, WAL, log, backups and exports 0600', async () => {
    const { app, dataDir, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } });
    try {
      const backup = await app.operator.invoke('backup:now', {});
      const started = (await app.operator.invoke('export:start', {
        what: 'messages',
        format: 'csv',
      })) as { exportId: string; path: string };
      await app.events.once('export:progress', (p) => p.exportId === started.exportId && p.done);
      const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
      expect(mode(dataDir)).toBe('700');
      for (const file of [
        app.dbPath,
        `${app.dbPath}-wal`,
        (backup as { path: string }).path,
        started.path,
      ]) {
        expect([file, mode(file)]).toEqual([file, '600']);
      }
      expect(mode(join(dataDir, 'backups'))).toBe('700');
      const log = new RotatingFile(join(dataDir, 'logs', 'switchboard.log'), 1_000, 1);
      log.write('x'.repeat(600));
      log.write('y'.repeat(600)); // rotated: the new file is private too
      expect(mode(join(dataDir, 'logs'))).toBe('700');
      expect(mode(join(dataDir, 'logs', 'switchboard.log'))).toBe('600');
      expect(mode(join(dataDir, 'logs', 'switchboard.log.1'))).toBe('600');
    } finally {
      await stop();
    }
  });
});

describe('refused requests cost nothing lasting', () => {
  it('a flood of unsigned 61 KB posts and made-up paths leaves the store within a few hundred KB', async () => {
    const { app, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } });
    const dbPath = app.dbPath;
    const settle = () => sqlite(app.db).pragma('wal_checkpoint(TRUNCATE)');
    settle();
    const sizeBefore = statSync(dbPath).size;
    const junk = 'x'.repeat(61_000);
    const FLOOD = 1_200;
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < FLOOD) {
        const i = next++;
        const response =
          i % 3 === 0
            ? await fetch(`${app.webhook.url}/made-up/${i}?${junk.slice(0, 2_000)}`)
            : await fetch(app.webhook.url + SMS, {
                method: 'POST',
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  'user-agent': junk.slice(0, 5_000),
                },
                body: `Body=${junk}`,
              });
        await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(statuses).toEqual(
      new Map([
        [403, 800],
        [404, 400],
      ]),
    );
    settle();
    const grown = statSync(dbPath).size - sizeBefore;
    await app.close(); // writes the per-minute counts still held in memory
    expect(grown).toBeLessThan(300_000);

    const db = openDatabase(dbPath);
    try {
      const logged = db.prepare(`SELECT COUNT(*) AS n, MAX(LENGTH(headers) + LENGTH(route) + LENGTH(outcome)) AS widest, COUNT(raw_body) AS bodies FROM webhook_log`).get() as { n: number; widest: number; bodies: number }; // prettier-ignore
      const counted = db.prepare('SELECT COALESCE(SUM(refused), 0) AS n FROM webhook_refusal_counts').get() as { n: number }; // prettier-ignore
      expect(logged.bodies).toBe(0);
      expect(logged.widest).toBeLessThan(600);
      expect(logged.n).toBeLessThanOrEqual(2 * REFUSALS_LOGGED_PER_MINUTE); // a minute may turn
      expect(logged.n + counted.n).toBe(FLOOD);
    } finally {
      db.close();
      await stop();
    }
  });
});
