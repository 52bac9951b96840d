import { createApp, type App, type AppDeps } from '../../src/main/core/app';
import { configFromEnv } from '../../src/main/core/config';
import { silentLogger } from '../../src/main/core/log';
import { makeTempDir } from './tempDir';

/** A core on port 0 with its own data folder (demo mode unless env says otherwise). */
export async function startTestApp(
  env: Record<string, string> = {},
  deps: AppDeps = {},
  dataDir?: string,
): Promise<{ app: App; dataDir: string; stop: () => Promise<void> }> {
  const tmp = dataDir ? { path: dataDir, cleanup: () => {} } : makeTempDir();
  const config = configFromEnv({
    SWITCHBOARD_DATA_DIR: tmp.path,
    SWITCHBOARD_WEBHOOK_PORT: '0',
    ...env,
  });
  const app = await createApp(config, {
    logger: silentLogger,
    ...deps,
    // A test's own timings add to these rather than replace them.
    timings: {
      simulatorCallbackDelayMs: 5,
      jobBackoff: { baseMs: 20, maxMs: 100 },
      ...deps.timings,
    },
  });
  return {
    app,
    dataDir: tmp.path,
    stop: async () => {
      await app.close();
      tmp.cleanup();
    },
  };
}

/** The environment of a live (not demo) app whose Twilio is the simulator `sim`. */
export function liveEnvFor(
  sim: { accountSid: string; authToken: string; url: string },
  phoneNumber: string,
): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: sim.accountSid,
    TWILIO_AUTH_TOKEN: sim.authToken,
    TWILIO_PHONE_NUMBER: phoneNumber,
    SWITCHBOARD_TWILIO_API_URL: sim.url,
  };
}
