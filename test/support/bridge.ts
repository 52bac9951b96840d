import type { App } from '../../src/main/core/app';
import { silentLogger } from '../../src/main/core/log';
import { startOperatorBridge, type OperatorBridge } from '../../src/main/core/operator/httpBridge';
import { makeTempDir } from './tempDir';

/**
 * Serve mode's bridge over a test's core, serving its kept media and taking composer uploads
 * (no built renderer needed for those routes). Closed, with its empty static folder, by the
 * test's cleanups.
 */
export async function bridgeOver(
  app: App,
  cleanups: Array<() => Promise<void> | void>,
): Promise<OperatorBridge> {
  const staticDir = makeTempDir();
  cleanups.push(staticDir.cleanup);
  const bridge = await startOperatorBridge({
    service: app.operator,
    port: 0,
    staticDir: staticDir.path,
    logger: silentLogger,
    media: app.media,
    uploads: app.attachments,
  });
  cleanups.push(() => bridge.close());
  return bridge;
}
