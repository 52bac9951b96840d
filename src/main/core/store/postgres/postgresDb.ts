import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type {
  ConnectionAnswer,
  ConnectionRequest,
  ConnectionThreadData,
  QueryAnswer,
} from './protocol';
import type { ArgumentTypes } from '../database';
import { postgresParams, toPostgresText, type PostgresText } from './sqlText';

/** A statement on PostgreSQL with the same calls the store makes on better-sqlite3's. */
export interface PostgresStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number };
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

/** How long the owning thread waits for one answer before it gives up on the server. */
const ANSWER_TIMEOUT_MS = 60_000;
const CURSOR_BATCH = 1_000;

/**
 * The store on PostgreSQL, synchronous like better-sqlite3: each call hands the statement to a
 * connection thread that owns one `pg` connection and blocks (Atomics.wait) until it answers. The
 * store's functions and units of work are therefore one implementation for both engines, and a
 * transaction is a plain synchronous function on both (docs/ARCHITECTURE.md, "Two engines").
 * One `PostgresDb` is one connection: open one per thread that needs the store.
 */
export class PostgresDb {
  readonly engine = 'postgres' as const;
  private readonly thread: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly texts = new Map<string, PostgresText & { name: string }>();
  private depth = 0;
  private closed = false;

  constructor(readonly url: string) {
    // The hub runs from source (npm run hub); the desktop bundle keeps the laptop's SQLite store
    // and does not ship the connection thread.
    if (!import.meta.url.endsWith('.ts')) {
      throw new Error(
        "PostgreSQL is the hub's store (npm run hub); the desktop app keeps its SQLite file",
      );
    }
    const channel = new MessageChannel();
    this.port = channel.port1;
    const data: ConnectionThreadData = {
      url,
      port: channel.port2,
      signal: this.signal.buffer as SharedArrayBuffer,
    };
    // No loader flags for the thread (execArgv: []): see connectionThread.mjs.
    this.thread = new Worker(new URL('./connectionThread.mjs', import.meta.url), {
      workerData: data,
      transferList: [channel.port2],
      execArgv: [],
    });
    // The thread never keeps the process alive by itself; close() ends it.
    this.thread.unref();
    this.port.unref();
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(sqliteText: string): PostgresStatement {
    const text = this.translate(sqliteText);
    const run = (params: unknown[]) =>
      this.call({
        kind: 'query',
        text: text.text,
        params: postgresParams(text, params),
        name: text.name,
      });
    return {
      get: (...params) => run(params).rows[0],
      all: (...params) => run(params).rows,
      run: (...params) => {
        const result = run(params);
        const id = result.rows[0]?.id;
        return { changes: result.rowCount, lastInsertRowid: typeof id === 'number' ? id : 0 };
      },
      iterate: (...params) => this.iterate(text, params),
    };
  }

  /** Runs SQL text as it is (several statements allowed, no parameters): migrations. */
  exec(text: string): this {
    this.call({ kind: 'query', text, params: [] });
    return this;
  }

  /**
   * better-sqlite3's shape: returns a function that runs `fn` in a transaction (a savepoint when
   * nested), committing when it returns and rolling back when it throws.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own constraint
  transaction<F extends (...args: any[]) => unknown>(
    fn: F,
  ): (...args: ArgumentTypes<F>) => ReturnType<F> {
    return (...args: ArgumentTypes<F>) => {
      const savepoint = this.depth > 0 ? `sb_${this.depth}` : undefined;
      this.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      this.depth += 1;
      try {
        const result = fn(...args) as ReturnType<F>;
        this.depth -= 1;
        this.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
        return result;
      } catch (error) {
        this.depth -= 1;
        if (!this.closed) {
          this.exec(
            savepoint
              ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`
              : 'ROLLBACK',
          );
        }
        throw error;
      }
    };
  }

  pragma(): never {
    throw new Error('PRAGMA is SQLite only: this code path must ask engineOf(db) first');
  }

  close(): this {
    if (this.closed) return this;
    try {
      this.call({ kind: 'close' });
    } finally {
      this.closed = true;
      void this.thread.terminate();
    }
    return this;
  }

  private translate(sqliteText: string): PostgresText & { name: string } {
    let text = this.texts.get(sqliteText);
    if (!text) {
      // A named statement is parsed and planned once per connection, like a cached prepare.
      text = { ...toPostgresText(sqliteText), name: `sb${this.texts.size + 1}` };
      this.texts.set(sqliteText, text);
    }
    return text;
  }

  private *iterate(text: PostgresText, params: unknown[]): IterableIterator<unknown> {
    const first = this.call({
      kind: 'cursor',
      text: text.text,
      params: postgresParams(text, params),
      batch: CURSOR_BATCH,
      inTransaction: this.inTransaction,
    });
    try {
      let batch = first.rows;
      while (batch.length > 0) {
        yield* batch;
        if (batch.length < CURSOR_BATCH) break;
        batch = this.call({ kind: 'next', batch: CURSOR_BATCH }).rows;
      }
    } finally {
      this.call({ kind: 'endCursor' });
    }
  }

  private call(request: ConnectionRequest): QueryAnswer {
    if (this.closed) throw new Error('The PostgreSQL connection is closed');
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.signal, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out') {
      throw new PostgresError(
        `PostgreSQL did not answer within ${ANSWER_TIMEOUT_MS / 1000} s: check that the server ` +
          'is running and reachable (DATABASE_URL)',
        undefined,
        undefined,
      );
    }
    const message = receiveMessageOnPort(this.port)?.message as ConnectionAnswer | undefined;
    if (!message) throw new Error('The PostgreSQL connection thread answered nothing');
    if (!message.ok) {
      throw new PostgresError(message.error.message, message.error.code, message.error.detail);
    }
    for (const row of message.result.rows) bytesAsBuffers(row);
    return message.result;
  }
}

/**
 * A bytea arrives as a plain Uint8Array (the answer crosses threads as a structured clone);
 * better-sqlite3 reads a BLOB as a Buffer, and so does the store here.
 */
function bytesAsBuffers(row: Record<string, unknown>): void {
  for (const key in row) {
    const value = row[key];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
}
