import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from an entry file, compiled (`.js`, the desktop build) or TypeScript
 * source (`.ts`: serve mode, tests, benchmarks), which goes through tsWorkerBoot.mjs.
 */
export function startWorker(entry: string, workerData: object): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  // A path join, not `new URL(…, import.meta.url)`: bundlers rewrite the latter into an asset.
  const boot = join(dirname(fileURLToPath(import.meta.url)), 'tsWorkerBoot.mjs');
  return new Worker(boot, { workerData: { ...workerData, tsEntry: pathToFileURL(entry).href } });
}

/** The path of a TypeScript source file next to `moduleUrl` (an `import.meta.url`). */
export function sourceSibling(moduleUrl: string, fileName: string): string {
  return join(dirname(fileURLToPath(moduleUrl)), fileName);
}
