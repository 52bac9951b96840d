import type { Db } from '../store/database';

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
 * Each piece of work runs in its own savepoint: one bad item rolls back alone and rejects its own
 * promise; the rest of the batch still commits. Promises resolve only after COMMIT returned.
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
      const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
      try {
        this.db.transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(item.work)(this.db) });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })();
      } catch (error) {
        for (const item of batch) item.reject(error);
        continue;
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    }
  }
}
