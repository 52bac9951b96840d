import type { MessagePort } from 'node:worker_threads';

/** Messages between a `PostgresDb` and its connection thread (`connectionThread.mjs`). */

export interface ConnectionThreadData {
  url: string;
  /** The port requests arrive on and answers leave by (the owner reads it synchronously). */
  port: MessagePort;
  /** Int32 flag the thread sets to 1 (and notifies) when an answer is waiting on the port. */
  signal: SharedArrayBuffer;
}

export type ConnectionRequest =
  /** `name`: a statement the connection parses and plans once, then reuses. */
  | { kind: 'query'; text: string; params: unknown[]; name?: string }
  /** Opens a server-side cursor (inside the caller's transaction, or one of its own). */
  | { kind: 'cursor'; text: string; params: unknown[]; batch: number; inTransaction: boolean }
  | { kind: 'next'; batch: number }
  | { kind: 'endCursor' }
  | { kind: 'close' };

export interface QueryAnswer {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** A request as posted: its id comes back on the answer, so a late answer is never taken for the next one's. */
export interface ConnectionEnvelope {
  id: number;
  request: ConnectionRequest;
}

export type ConnectionAnswer = { id: number } & (
  | { ok: true; result: QueryAnswer }
  | { ok: false; error: { message: string; code?: string; detail?: string } }
);
