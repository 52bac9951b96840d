// The thread that owns one PostgreSQL connection for a `PostgresDb` (postgresDb.ts). The owning
// thread blocks (Atomics.wait) until this one answers, which is what keeps the store's functions
// synchronous on both engines (docs/ARCHITECTURE.md, "Two engines").
//
// Plain JavaScript on purpose, started without the parent's loader flags: a thread that loads
// through tsx's module hooks needs the hooks thread, which waits on the blocked owner — a deadlock.
// The messages it speaks are typed in protocol.ts.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

// Rows read the way they read from SQLite: 64-bit integers and numerics as numbers (ids and
// millisecond times fit in 2^53), booleans as 1/0 (the code compares flags with 1).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.BOOL, (v) => (v === 't' ? 1 : 0));

/** @type {import('./protocol').ConnectionThreadData} */
const data = workerData;
const signal = new Int32Array(data.signal);
const client = new pg.Client({ connectionString: data.url, application_name: 'switchboard' });
/** @type {Promise<unknown> | undefined} */
let connected;
// One cursor at a time per connection is all the store needs (an export streams one query).
/** @type {{ name: string, ownTransaction: boolean } | undefined} */
let cursor;
let cursorCount = 0;

/** @param {import('./protocol').ConnectionAnswer} message */
function answer(message) {
  // The answer is on the port before the flag says so: the owner reads the port after the flag.
  data.port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/**
 * @param {string} text
 * @param {unknown[]} params
 * @param {string} [name] a statement the connection parses and plans once, then reuses
 * @returns {Promise<import('./protocol').QueryAnswer>}
 */
async function query(text, params, name) {
  const result = await client.query(
    name ? { name, text, values: params } : { text, values: params },
  );
  // A multi-statement text (migrations) answers an array; the last statement's rows count.
  const last = Array.isArray(result) ? result.at(-1) : result;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}

/** @param {import('./protocol').ConnectionRequest} request */
async function handle(request) {
  connected ??= client.connect();
  await connected;
  switch (request.kind) {
    case 'query':
      return query(request.text, request.params, request.name);
    case 'cursor': {
      const name = `switchboard_cursor_${++cursorCount}`;
      // A cursor lives inside a transaction: outside the caller's, it gets its own.
      if (!request.inTransaction) await query('BEGIN', []);
      await query(`DECLARE ${name} NO SCROLL CURSOR FOR ${request.text}`, request.params);
      cursor = { name, ownTransaction: !request.inTransaction };
      return query(`FETCH ${request.batch} FROM ${name}`, []);
    }
    case 'next':
      if (!cursor) return { rows: [], rowCount: 0 };
      return query(`FETCH ${request.batch} FROM ${cursor.name}`, []);
    case 'endCursor': {
      if (cursor) {
        const open = cursor;
        cursor = undefined;
        await query(`CLOSE ${open.name}`, []);
        if (open.ownTransaction) await query('COMMIT', []);
      }
      return { rows: [], rowCount: 0 };
    }
    case 'close':
      await client.end();
      return { rows: [], rowCount: 0 };
  }
}

data.port.on(
  'message',
  (/** @type {import('./protocol').ConnectionEnvelope} */ { id, request }) => {
    handle(request).then(
      (result) => answer({ id, ok: true, result }),
      (/** @type {{ message?: string, code?: string, detail?: string }} */ error) =>
        answer({
          id,
          ok: false,
          error: {
            message: error.message ?? String(error),
            ...(error.code ? { code: error.code } : {}),
            ...(error.detail ? { detail: error.detail } : {}),
          },
        }),
    );
  },
);
