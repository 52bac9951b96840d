/**
 * What serve mode (`serve.ts`) and a hub (`hub.ts`) share: the one-line JSON ready line on stdout
 * for tools and tests, and stopping cleanly on SIGTERM/SIGINT.
 */
import type { App } from './core/app';
import type { Logger } from './core/log';
import type { OperatorBridge } from './core/operator/httpBridge';

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
