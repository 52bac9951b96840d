/**
 * The messages between the main thread and a reader thread. Plain data only: everything crosses
 * `postMessage` (structured clone), so no functions, class instances or connections.
 */

export type ToThread =
  | { type: 'run'; id: number; op: string; args: unknown }
  /** Asks a running task to stop at its next checkpoint (exports check between chunks). */
  | { type: 'cancel'; id: number };

export type FromThread =
  | { type: 'progress'; id: number; value: unknown }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: { name: string; message: string } };

/** What the pool gives the thread when it starts it. */
export interface ThreadData {
  /** The live store, opened read-only by the thread (WAL lets it read beside the writer). */
  dbPath: string;
  /** Source mode only: the TypeScript entry the boot file loads (see readerPool.ts). */
  entry?: string;
}
