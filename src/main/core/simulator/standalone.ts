/**
 * Runs a simulator as its own process, for e2e tests, benchmarks and manual demos:
 *   SIMULATOR_PORT=4010 SIMULATOR_SMS_URL=http://127.0.0.1:3000/sms \
 *     npx tsx src/main/core/simulator/standalone.ts
 * Env: SIMULATOR_PORT (default 0), SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN (random when unset;
 * the parent should set it, it is never printed), SIMULATOR_SMS_URL (SMS URL of the default number),
 * SIMULATOR_STATUS_CALLBACK, SIMULATOR_CALLBACK_DELAY_MS.
 * Prints exactly one JSON line on stdout, {"ready":true,"url":...,"accountSid":...}; logs go to
 * stderr. Drive it through the REST API and the /_simulator/ control routes.
 */
import { createRootLogger } from '../log';
import { DEFAULT_PHONE_NUMBER, startSimulator } from './index';

function optionalInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer`);
  return value;
}

async function main(): Promise<void> {
  const logger = createRootLogger();
  const smsUrl = process.env.SIMULATOR_SMS_URL || undefined;
  const statusCallback = process.env.SIMULATOR_STATUS_CALLBACK || undefined;
  const port = optionalInt('SIMULATOR_PORT');
  const callbackDelayMs = optionalInt('SIMULATOR_CALLBACK_DELAY_MS');
  const sim = await startSimulator({
    ...(process.env.SIMULATOR_ACCOUNT_SID ? { accountSid: process.env.SIMULATOR_ACCOUNT_SID } : {}),
    ...(process.env.SIMULATOR_AUTH_TOKEN ? { authToken: process.env.SIMULATOR_AUTH_TOKEN } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(callbackDelayMs !== undefined ? { callbackDelayMs } : {}),
    phoneNumbers: [
      {
        phoneNumber: DEFAULT_PHONE_NUMBER,
        ...(smsUrl ? { smsUrl } : {}),
        ...(statusCallback ? { statusCallback } : {}),
      },
    ],
    logger,
  });
  process.stdout.write(
    `${JSON.stringify({ ready: true, url: sim.url, accountSid: sim.accountSid })}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'simulator stopping');
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
