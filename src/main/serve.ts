/**
 * Serve mode: the core without Electron, with the operator console served to a browser on
 * loopback. Used by `npm run serve`, by `npm start` when no Electron binary is available, and by
 * the end-to-end tests.
 *
 * stdout carries exactly one JSON line once ready ({"ready":true,...}) for tools and tests;
 * everything meant for a person goes to stderr.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './core/app';
import { ConfigError, configFromEnv } from './core/config';
import { createRootLogger } from './core/log';
import { startOperatorBridge } from './core/operator/httpBridge';
import { DatabaseTooNewError } from './core/store/database';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '../../out/renderer');

async function main(): Promise<void> {
  const config = configFromEnv();
  const logFile = join(config.dataDir, 'logs', 'switchboard.log');
  const logger = createRootLogger({ level: config.logLevel, file: logFile });
  const app = await createApp(config, { logger });
  const bridge = await startOperatorBridge({
    service: app.operator,
    port: config.operatorPort,
    staticDir: rendererDir,
    logger: logger.child({ name: 'operator-bridge' }),
  });

  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      mode: app.mode,
      webhookUrl: app.webhook.url,
      publicUrl: app.publicUrl(),
      operatorUrl: bridge.url,
      dataDir: config.dataDir,
    })}\n`,
  );
  process.stderr.write(
    `\nSwitchboard is running${app.mode === 'demo' ? ' in demo mode (no accounts needed)' : ''}.\n` +
      `Open this address in your browser:\n\n  ${bridge.url}\n\n` +
      `Your data is kept in ${config.dataDir} (log: ${logFile}). Press Ctrl+C to stop.\n\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      await bridge.close();
      await app.close();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseTooNewError) {
    process.stderr.write(`Switchboard could not start: ${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(
      'Switchboard could not start: the port it was asked to use is taken by another program. ' +
        'Set SWITCHBOARD_WEBHOOK_PORT or SWITCHBOARD_OPERATOR_PORT to a free port, or 0.\n',
    );
  } else {
    process.stderr.write(`Switchboard could not start: ${String(error)}\n`);
  }
  process.exit(1);
});
