import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { inboundParams, postSigned } from './support/signedRequests';
import { startServeProcess } from './support/serveProcess';
import { makeTempDir } from './support/tempDir';

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const AUTH_TOKEN = 'crash-test-auth-token';

describe('crash safety', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('loses no webhook it answered 200 when killed with SIGKILL mid-burst', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const { child, ready, exited } = await startServeProcess({
      SWITCHBOARD_DATA_DIR: tmp.path,
      SWITCHBOARD_WEBHOOK_PORT: '0',
      SWITCHBOARD_OPERATOR_PORT: '0',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_PHONE_NUMBER: '+15005550006',
    });
    cleanups.push(() => child.kill('SIGKILL'));

    const acknowledged: string[] = [];
    const total = 3000;
    const killAfter = 400 + Math.floor(Math.random() * 400);
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < total) {
        const n = next++;
        const params = inboundParams({
          From: `+1415555${String(n % 10_000).padStart(4, '0')}`,
          Body: `burst message ${n}`,
        });
        try {
          const reply = await postSigned(
            ready.webhookUrl,
            '/webhooks/twilio/sms',
            params,
            AUTH_TOKEN,
          );
          if (reply.status === 200) acknowledged.push(params.MessageSid!);
        } catch {
          // connection reset by the kill: never acknowledged, so it may or may not be stored
        }
        if (!killed && acknowledged.length >= killAfter) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, sender));
    await exited;
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    const db = new Database(join(tmp.path, 'switchboard.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      (db.prepare('SELECT provider_sid FROM messages').all() as { provider_sid: string }[]).map(
        (r) => r.provider_sid,
      ),
    );
    const lost = acknowledged.filter((sid) => !stored.has(sid));
    expect(lost).toEqual([]);
    // Every stored message has its draft job and its log line: they were one transaction.
    const jobs = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'draft'`).get() as {
      n: number;
    };
    expect(jobs.n).toBe(stored.size);
    db.close();
  });
});
