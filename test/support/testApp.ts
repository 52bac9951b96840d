import { createApp, type App } from '../../src/main/core/app';
import { configFromEnv } from '../../src/main/core/config';
import { silentLogger } from '../../src/main/core/log';
import { makeTempDir } from './tempDir';

/** A demo-mode core on port 0 with its own data folder; call `stop` in afterEach. */
export async function startTestApp(env: Record<string, string> = {}): Promise<{
  app: App;
  dataDir: string;
  stop: () => Promise<void>;
}> {
  const tmp = makeTempDir();
  const config = configFromEnv({
    SWITCHBOARD_DATA_DIR: tmp.path,
    SWITCHBOARD_WEBHOOK_PORT: '0',
    ...env,
  });
  const app = await createApp(config, { logger: silentLogger, simulatorCallbackDelayMs: 5 });
  return {
    app,
    dataDir: tmp.path,
    stop: async () => {
      await app.close();
      tmp.cleanup();
    },
  };
}
