import { isTransientConflict, type Db } from '../store/database';

interface Pending {
  work: (db: Db) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes submitted while the event loop is busy are committed together in one
 * transaction, so one fsync acknowledges a whole batch. Under load that is what lets every
 * webhook be durable (synchronous=FULL) before it is answered without paying an fsync each.
 *
 * The batch runs as one plain transaction. If one item throws, the whole batch is rolled back and
 * replayed item by item, each in its own savepoint, so the bad item fails alone and the rest still
 * commit. (A savepoint per item on the happy path costs a statement journal each: measured in
 * BENCHMARKS.md.) Promises resolve only after COMMIT returned.
 *
 * On a hub, another process's batch can lock the same conversations in another order; PostgreSQL
 * then aborts one batch as a deadlock. That batch is simply run again (a few times) before any
 * item is failed: nothing of it was committed, and each item's work can be replayed.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 1000,
  ) {}

  submit<T>(work: (db: Db) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The store is closing.'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the current poll phase, so every request whose body finished
        // arriving in this turn of the loop joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is pending and refuses new work. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      let outcomes: Outcome[];
      try {
        outcomes = this.commitTogetherRetrying(batch);
      } catch (error) {
        if (!(error instanceof ItemFailed)) {
          for (const item of batch) item.reject(error);
          continue;
        }
        try {
          outcomes = this.commitOneByOne(batch);
        } catch (commitError) {
          for (const item of batch) item.reject(commitError);
          continue;
        }
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    }
  }

  private commitTogetherRetrying(batch: Pending[]): Outcome[] {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.commitTogether(batch);
      } catch (error) {
        const cause = error instanceof ItemFailed ? error.original : error;
        if (attempt >= CONFLICT_ATTEMPTS || !isTransientConflict(cause)) throw error;
      }
    }
  }

  /** The fast path: one transaction, no savepoints. Throws ItemFailed to ask for the slow path. */
  private commitTogether(batch: Pending[]): Outcome[] {
    return this.db.transaction(() =>
      batch.map((item): Outcome => {
        try {
          return { ok: true, value: item.work(this.db) };
        } catch (error) {
          throw new ItemFailed(error);
        }
      }),
    )();
  }

  /** The slow path after a failure: every item in its own savepoint inside one transaction. */
  private commitOneByOne(batch: Pending[]): Outcome[] {
    return this.db.transaction(() =>
      batch.map((item): Outcome => {
        try {
          return { ok: true, value: this.db.transaction(item.work)(this.db) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    )();
  }
}

/** Runs of a batch PostgreSQL aborted as a collision with another hub process. */
const CONFLICT_ATTEMPTS = 4;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** One item of a batch threw: roll the batch back and replay it item by item. */
class ItemFailed extends Error {
  constructor(readonly original: unknown) {
    super('an item of the batch failed');
  }
}
