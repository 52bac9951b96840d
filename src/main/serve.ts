/**
 * Serve mode: the core without Electron, with the operator console served to a browser on
 * loopback. Used by `npm run serve`, by `npm start` when no Electron binary is available, and by
 * the end-to-end tests.
 *
 * stdout carries exactly one JSON line once ready ({"ready":true,...}) for tools and tests;
 * everything meant for a person goes to stderr.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './core/app';
import { configFromEnv } from './core/config';
import { dataPaths } from './core/dataPaths';
import { createRootLogger } from './core/log';
import { startOperatorBridge } from './core/operator/httpBridge';
import { describeStartupFailure } from './core/startupFailure';
import { printReadyLine, stopOnSignals } from './headless';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '../../out/renderer');

async function main(): Promise<void> {
  const config = configFromEnv();
  const { logFile } = dataPaths(config.dataDir);
  const logger = createRootLogger({ level: config.logLevel, file: logFile });
  const app = await createApp(config, { logger });
  const bridge = await startOperatorBridge({
    service: app.operator,
    port: config.operatorPort,
    staticDir: rendererDir,
    media: app.media,
    uploads: app.attachments,
    logger: logger.child({ name: 'operator-bridge' }),
  });

  stopOnSignals(app, bridge, logger);
  printReadyLine(app, bridge);
  process.stderr.write(
    `\nSwitchboard is running${app.mode === 'demo' ? ' in demo mode (no accounts needed)' : ''}.\n` +
      `Open this address in your browser:\n\n  ${bridge.url}\n\n` +
      `Your data is kept in ${config.dataDir} (log: ${logFile}). Press Ctrl+C to stop.\n\n`,
  );
}

main().catch((error: unknown) => {
  const dataDir = dataDirOrDefault();
  const why = describeStartupFailure(error, { dataDir, dataDirFromEnv: true });
  process.stderr.write(`Switchboard could not start. ${why}\n`);
  process.exit(1);
});

/** The data folder the failed start meant to use (the configuration itself may be what failed). */
function dataDirOrDefault(): string {
  try {
    return configFromEnv().dataDir;
  } catch {
    return process.env.SWITCHBOARD_DATA_DIR ?? 'its data folder';
  }
}
