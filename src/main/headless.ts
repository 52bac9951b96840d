/**
 * What serve mode (`serve.ts`) and a hub (`hub.ts`) share: the one-line JSON ready line on stdout
 * for tools and tests, and stopping cleanly on SIGTERM/SIGINT.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from './core/app';
import { configFromEnv, type AppConfig } from './core/config';
import { dataPaths } from './core/dataPaths';
import { createRootLogger, type Logger } from './core/log';
import { startOperatorBridge, type OperatorBridge } from './core/operator/httpBridge';

const rendererDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

/**
 * Starts the core and the operator bridge that serves the built console, logging to the data
 * folder's log file, with the signal handlers in place. `hub` protects the bridge with the hub's
 * token (hub.ts); serve mode passes nothing.
 */
export async function startHeadless(
  config: AppConfig,
  hub?: { token: string; host: string },
): Promise<{ app: App; bridge: OperatorBridge; logFile: string }> {
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
    ...(hub ? { hub } : {}),
  });
  stopOnSignals(app, bridge, logger);
  return { app, bridge, logFile };
}

/** The data folder a failed start meant to use (the configuration itself may be what failed). */
export function dataDirOrDefault(): string {
  try {
    return configFromEnv().dataDir;
  } catch {
    return process.env.SWITCHBOARD_DATA_DIR ?? 'its data folder';
  }
}

/**
 * Installs the signal handlers. Call it before the ready line: whoever reads it may stop us at
 * once, and a SIGTERM that arrives before the handler exists kills the process without closing
 * the store.
 */
export function stopOnSignals(app: App, bridge: OperatorBridge, logger: Logger): void {
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

/** The ready line: exactly one JSON line on stdout; `extra` adds fields (never a secret). */
export function printReadyLine(
  app: App,
  bridge: OperatorBridge,
  extra: Record<string, unknown> = {},
): void {
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      mode: app.mode,
      webhookUrl: app.webhook.url,
      publicUrl: app.publicUrl(),
      operatorUrl: bridge.url,
      dataDir: app.config.dataDir,
      ...extra,
    })}\n`,
  );
}
