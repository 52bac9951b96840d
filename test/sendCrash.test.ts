import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, MESSAGES_CREATE } from '../src/main/core/simulator';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { openDatabase } from '../src/main/core/store/database';
import { setSetting } from '../src/main/core/store/settings';
import type { MessageView } from '../src/shared/types';
import { operatorClient } from './support/operatorClient';
import { startServeProcess } from './support/serveProcess';
import { makeTempDir } from './support/tempDir';

const BUSINESS = '+15005550006';
const CUSTOMERS = ['+14155550100', '+14155550101', '+14155550102'];
const BATCH = 24;

describe('never twice, never lost', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('sends every message of a batch exactly once while the app is SIGKILLed at random points', async () => {
    const sim = await startSimulator({
      phoneNumbers: [{ phoneNumber: BUSINESS }],
      callbackDelayMs: 20,
    });
    cleanups.push(() => sim.close());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const seed = openDatabase(join(data.path, 'switchboard.db'));
    setSetting(seed, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
    seed.close();
    // Slow answers keep each request in flight after the carrier took it: the crash window.
    sim.faults.injectRest({ kind: 'slow', delayMs: 40, times: 10_000, match: MESSAGES_CREATE });

    const env = {
      SWITCHBOARD_DATA_DIR: data.path,
      SWITCHBOARD_WEBHOOK_PORT: '0',
      SWITCHBOARD_OPERATOR_PORT: '0',
      TWILIO_ACCOUNT_SID: sim.accountSid,
      TWILIO_AUTH_TOKEN: sim.authToken,
      TWILIO_PHONE_NUMBER: BUSINESS,
      SWITCHBOARD_TWILIO_API_URL: sim.url,
    };
    const start = async () => {
      const proc = await startServeProcess(env);
      cleanups.push(() => void proc.child.kill('SIGKILL'));
      sim.configureNumber(BUSINESS, {
        smsUrl: `${proc.ready.webhookUrl}/webhooks/twilio/sms`,
        statusCallback: `${proc.ready.webhookUrl}/webhooks/twilio/status`,
      });
      return proc;
    };
    const createdAtLeast = (n: number) =>
      new Promise<void>((resolve) => {
        if (sim.stats().created >= n) return resolve();
        const off = sim.onCreated(() => {
          if (sim.stats().created >= n) {
            off();
            resolve();
          }
        });
      });

    let proc = await start();
    for (const customer of CUSTOMERS) {
      expect((await sim.textBusiness({ from: customer, body: 'Hi' })).webhookStatus).toBe(200);
    }
    const api = operatorClient(proc.ready.operatorUrl);
    const conversations = await api.invoke<Array<{ id: number }>>('conversations:list', {});
    for (let i = 0; i < BATCH; i++) {
      await api.invoke('messages:send', {
        conversationId: conversations[i % conversations.length]!.id,
        body: `Batch message ${i}`,
      });
    }

    // Kill it right after the carrier accepted a message, before the answer got back.
    let kills = 0;
    while (sim.stats().created < BATCH && kills < 5) {
      await createdAtLeast(
        Math.min(BATCH, sim.stats().created + 1 + Math.floor(Math.random() * 4)),
      );
      proc.child.kill('SIGKILL');
      await proc.exited;
      kills += 1;
      proc = await start();
    }
    expect(kills).toBeGreaterThan(0);

    // The last process finishes the batch; wait until every message holds its carrier SID.
    const client = operatorClient(proc.ready.operatorUrl);
    const outbound = new Map<number, MessageView>();
    const allSent = new Promise<void>((resolve) => {
      const check = () => {
        if ([...outbound.values()].filter((m) => m.sid !== null).length === BATCH) resolve();
      };
      void client
        .events((event, payload) => {
          const m = payload as MessageView;
          if (event === 'message:updated' && m.direction === 'outbound') outbound.set(m.id, m);
          check();
        })
        .then(async (socket) => {
          cleanups.push(() => socket.close());
          for (const { id } of conversations) {
            const page = await client.invoke<MessageView[]>('messages:list', {
              conversationId: id,
            });
            for (const m of page)
              if (m.direction === 'outbound' && !outbound.has(m.id)) outbound.set(m.id, m);
          }
          check();
        });
    });
    // A guard so a stuck batch fails with what it saw instead of a bare timeout.
    let guard: NodeJS.Timeout | undefined;
    await Promise.race([
      allSent,
      new Promise((_, reject) => {
        guard = setTimeout(() => {
          const unsent = [...outbound.values()].filter((m) => m.sid === null);
          reject(
            new Error(
              `stuck: ${outbound.size} outbound seen, unsent ${JSON.stringify(unsent.map((m) => [m.id, m.status, m.error?.explanation]))}, ` +
                `carrier created ${sim.stats().created}, kills ${kills}`,
            ),
          );
        }, 60_000);
      }),
    ]);
    clearTimeout(guard);

    const atCarrier = sim.messages().filter((m) => m.direction !== 'inbound');
    const bodies = atCarrier.map((m) => m.body).sort();
    const expected = Array.from({ length: BATCH }, (_, i) => `Batch message ${i}`).sort();
    expect(bodies).toEqual(expected); // every message once: no loss, no duplicate
    for (const m of outbound.values()) {
      expect(atCarrier.find((c) => c.body === m.body)?.sid).toBe(m.sid);
    }
  }, 90_000);
});
