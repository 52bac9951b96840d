/**
 * Serve mode: the core without Electron, with the operator console served to a browser on
 * loopback. Used by `npm run serve`, by `npm start` when no Electron binary is available, and by
 * the end-to-end tests.
 *
 * stdout carries exactly one JSON line once ready ({"ready":true,...}) for tools and tests;
 * everything meant for a person goes to stderr.
 */
import { configFromEnv } from './core/config';
import { describeStartupFailure } from './core/startupFailure';
import { dataDirOrDefault, printReadyLine, startHeadless } from './headless';

async function main(): Promise<void> {
  const config = configFromEnv();
  const { app, bridge, logFile } = await startHeadless(config);
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
