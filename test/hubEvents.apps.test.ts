import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/main/core/app';
import { configFromEnv, type AppConfig } from '../src/main/core/config';
import { silentLogger } from '../src/main/core/log';
import { engineOf } from '../src/main/core/store/database';
import { bridgeOver } from './support/bridge';
import { when } from './support/deferred';
import { operatorClient } from './support/operatorClient';
import { inboundParams, postSigned } from './support/signedRequests';
import { freshPostgresUrl, storeEngines } from './support/storeEngines';
import { makeTempDir } from './support/tempDir';

const skip = storeEngines.find((engine) => engine.name === 'postgres')?.skip;
const SMS = '/webhooks/twilio/sms';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A hub process: the core on the shared database, its own data folder and ports. */
async function hubProcess(databaseUrl: string): Promise<App> {
  const folder = makeTempDir();
  cleanups.push(folder.cleanup);
  const config: AppConfig = {
    ...configFromEnv({ SWITCHBOARD_DATA_DIR: folder.path, SWITCHBOARD_WEBHOOK_PORT: '0' }),
    // The hub's own setting (config.ts, hubSettingsFromEnv); a spread keeps this file compiling
    // on a branch whose AppConfig does not name it yet.
    ...{ databaseUrl },
  };
  const app = await createApp(config, {
    logger: silentLogger,
    // What matters here is the message, not its draft or media.
    jobHandlers: { draft: undefined, media: undefined },
    skipStartupCatchUp: true,
  });
  cleanups.push(() => app.close());
  return app;
}

const linked = (hub: App['hub']) =>
  when(
    () => hub.health()?.connected === true,
    (wake) => hub.onHealthChanged(wake),
  );

describe.skipIf(skip !== undefined)(
  `two hub processes on one database${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('shows a text that came in through one process on a console connected to the other', async (context) => {
      const url = freshPostgresUrl();
      const a = await hubProcess(url);
      if (engineOf(a.db) !== 'postgres') {
        context.skip(
          'createApp keeps SQLite until the hub slice opens DATABASE_URL (merge h18-hub)',
        );
      }
      const b = await hubProcess(url);
      await Promise.all([linked(a.hub), linked(b.hub)]);

      const bridge = await bridgeOver(b, cleanups);
      const added: Array<{ body: string }> = [];
      const arrived = new Set<() => void>();
      const socket = await operatorClient(bridge.url).events((event, payload) => {
        if (event !== 'message:added') return;
        added.push(payload as { body: string });
        for (const wake of [...arrived]) wake();
      });
      cleanups.push(() => {
        socket.close();
      });

      const simulator = a.simulator!;
      const reply = await postSigned(
        a.webhook.url,
        SMS,
        inboundParams({ Body: 'Sent to A, read on B', AccountSid: simulator.accountSid }),
        simulator.authToken,
      );
      expect(reply.status).toBe(200);
      await when(
        () => added.length > 0,
        (wake) => {
          arrived.add(wake);
          return () => arrived.delete(wake);
        },
      );
      expect(added).toEqual([expect.objectContaining({ body: 'Sent to A, read on B' })]);
    });
  },
);
