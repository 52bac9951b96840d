import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import { engineOf, withoutFsync, type Db } from '../store/database';
import {
  completeJob,
  failJob,
  leaseJobs,
  listLeaseOwners,
  nextRunAt,
  releaseLeases,
  renewLease,
  type JobRow,
} from '../store/jobs';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import { PermanentJobError, RetryLaterError } from './errors';
import { jobKinds, isJobKind, type JobKind, type JobPayload } from './jobKinds';

export interface JobContext {
  jobId: number;
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the worker shuts down and the handler overstays the drain grace period. */
  signal: AbortSignal;
}

export type JobHandlers = {
  [K in JobKind]?: (payload: JobPayload<K>, context: JobContext) => Promise<void>;
};

export interface WorkerOptions {
  db: Db;
  handlers: JobHandlers;
  logger: Logger;
  /** How many jobs run at once. */
  concurrency?: number;
  /** A lease outlives its worker by at most this long; renewed while the handler runs. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  now?: () => number;
  random?: () => number;
  /** Called after any job changes state (the app pushes queue stats to the UI). */
  onChange?: () => void;
  /**
   * Kinds that should wait for now because more urgent work needs the process (the app holds
   * drafts back while a flood of webhooks is being acknowledged). Asked before every lease; held
   * kinds are looked at again after `holdBackMs`.
   */
  holdBack?: (kind: JobKind) => boolean;
  holdBackMs?: number;
  /**
   * The longest an idle worker goes without looking at the queue. A job enqueued in this process
   * wakes it at once (`wake()`); this finds the ones nobody told it about. On a hub's PostgreSQL
   * database other processes enqueue too, so it looks every second (the default there); on the
   * laptop's SQLite file only this process writes, and an idle worker sleeps until woken.
   */
  pollMs?: number;
}

/** How often an idle worker on PostgreSQL looks for jobs other processes enqueued. */
export const SHARED_STORE_POLL_MS = 1_000;

/**
 * Runs jobs from the durable queue. Handlers must be idempotent: a job can run again after a
 * crash between the handler finishing and the completion being stored. The queue's own
 * bookkeeping (lease, renew, complete, fail) is committed without waiting for the disk: losing it
 * in a power cut only means a job runs again, while the job's enqueue commits with its cause.
 */
export class JobWorker {
  /** host/pid/random: lets a restarted app recognise leases held by a process that died. */
  readonly owner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  private readonly kinds: JobKind[];
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** Leased jobs waiting for their turn to start (one per turn of the event loop). */
  private readonly starting: Array<() => void> = [];
  private startTurn: NodeJS.Immediate | undefined;
  private running = false;
  /** Polls in a row that the store refused (disk full, file locked by another program, …). */
  private storeFailures = 0;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private readonly pollMs: number | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.kinds = (Object.keys(options.handlers) as JobKind[]).filter(
      (kind) => options.handlers[kind] !== undefined,
    );
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.pollMs =
      options.pollMs ?? (engineOf(options.db) === 'postgres' ? SHARED_STORE_POLL_MS : undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.recoverOrphans();
    this.wake();
  }

  /** Look for work now (call after enqueueing). */
  wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), 0);
  }

  /**
   * Stops leasing, waits for running handlers (up to `graceMs`), then aborts the stragglers.
   * Their leases are left to expire, so the work resumes after the next start.
   */
  async drain(graceMs = 10_000): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    // Leased but not started yet (a turn or two away): they start now and get the same grace as
    // the running ones, as they did when every leased job started at once.
    if (this.startTurn) clearImmediate(this.startTurn);
    this.startTurn = undefined;
    for (const start of this.starting.splice(0)) start();
    const all = Promise.allSettled([...this.inFlight.values()]);
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      graceTimer = setTimeout(resolve, graceMs);
    });
    await Promise.race([all, grace]);
    clearTimeout(graceTimer);
    if (this.inFlight.size > 0) {
      this.abort.abort(new Error('Switchboard is shutting down'));
      await all;
    }
  }

  get busy(): number {
    return this.inFlight.size;
  }

  /** Leases held by a process on this machine that no longer exists are released at once. */
  private recoverOrphans(): void {
    const host = hostname();
    for (const owner of listLeaseOwners(this.options.db)) {
      const [ownerHost, pidText] = owner.split('/');
      const pid = Number(pidText);
      if (ownerHost !== host || owner === this.owner || !Number.isInteger(pid)) continue;
      if (isProcessAlive(pid)) continue;
      const released = releaseLeases(this.options.db, { owner, now: this.now() });
      if (released > 0) {
        this.options.logger.info({ owner, released }, 'resuming jobs left by a stopped process');
      }
    }
  }

  /**
   * A store that refuses to be read or written must not take the app down from a timer: say so,
   * look again later (1 s, doubling up to a minute), and leave the jobs where they are.
   */
  private poll(): void {
    if (!this.running) return;
    try {
      this.leaseAndSchedule();
      this.storeFailures = 0;
    } catch (error) {
      this.storeFailures += 1;
      // The queue's own backoff formula, without jitter: there is only one poller to spread out.
      const retryInMs = backoffDelay(this.storeFailures, storeRetry, () => 1);
      this.options.logger.error(
        { err: messageOf(error), retryInMs },
        'the job queue could not use the store; trying again shortly',
      );
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.poll(), retryInMs);
    }
  }

  private leaseAndSchedule(): void {
    const free = this.concurrency - this.inFlight.size;
    const held = this.kinds.filter((kind) => this.options.holdBack?.(kind) === true);
    const kinds = this.kinds.filter((kind) => !held.includes(kind));
    if (free > 0 && kinds.length > 0) {
      const { db } = this.options;
      const jobs = withoutFsync(db, () =>
        leaseJobs(db, {
          kinds,
          owner: this.owner,
          now: this.now(),
          leaseMs: this.leaseMs,
          limit: free,
        }),
      );
      if (jobs.length > 0) this.options.onChange?.();
      for (const job of jobs) this.track(job);
      if (!this.startTurn) this.startNext(); // else the turn already queued starts them in order
    }
    this.scheduleNext(kinds, held.length > 0);
  }

  /** Sleeps until the next of `kinds` is due, or less when some kinds were held back. */
  private scheduleNext(kinds: readonly JobKind[], someHeld: boolean): void {
    if (!this.running || this.inFlight.size >= this.concurrency) return;
    const next = nextRunAt(this.options.db, kinds);
    // Cap the sleep so a clock change or an external writer is noticed within a minute, and jobs
    // another process enqueued on a shared store within `pollMs`.
    const cap = this.pollMs ?? 60_000;
    let delay =
      next === null ? (this.pollMs ?? Infinity) : Math.min(Math.max(0, next - this.now()), cap);
    if (someHeld) delay = Math.min(delay, this.options.holdBackMs ?? 250);
    if (delay === Infinity) return; // idle until wake()
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), delay);
  }

  /**
   * Starts the next leased job, and the one after it on the next turn of the event loop. A
   * handler's synchronous part (an offline draft reads the store, triages, writes) runs in one
   * go; starting every leased job in the same turn put four of those back to back before any
   * request could be answered. A setImmediate queued from here runs after the loop has polled
   * for I/O, so a webhook or a console command that arrived waits for at most one job's slice
   * (at start with a backlog of drafts, and during a burst of texts).
   */
  private startNext(): void {
    this.startTurn = undefined;
    const start = this.starting.shift();
    if (!start) return;
    start();
    if (this.starting.length > 0) this.startTurn = setImmediate(() => this.startNext());
  }

  private track(job: JobRow): void {
    let start!: () => void;
    const turn = new Promise<void>((resolve) => {
      start = resolve;
    });
    this.starting.push(start);
    const done = turn
      .then(() => this.run(job))
      .catch((error: unknown) => {
        // The handler's outcome could not be stored; the lease runs out and the job runs again.
        this.options.logger.error(
          { jobId: job.id, err: messageOf(error) },
          'could not record how a job ended; it will run again',
        );
      })
      .finally(() => {
        this.inFlight.delete(job.id);
        this.options.onChange?.();
        if (this.running) this.wake();
      });
    this.inFlight.set(job.id, done);
  }

  private async run(job: JobRow): Promise<void> {
    const { db, logger } = this.options;
    const log = logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const payload = this.parsePayload(job);
    if (!payload.ok) {
      withoutFsync(db, () =>
        failJob(db, {
          id: job.id,
          owner: this.owner,
          now: this.now(),
          error: payload.error,
          retryAt: null,
        }),
      );
      log.error({ reason: payload.error }, 'job payload is invalid; marked dead');
      return;
    }
    const handler = this.options.handlers[job.kind as JobKind] as
      ((payload: unknown, context: JobContext) => Promise<void>) | undefined;
    const heartbeat = setInterval(() => {
      try {
        const renewed = withoutFsync(db, () =>
          renewLease(db, { id: job.id, owner: this.owner, now: this.now(), leaseMs: this.leaseMs }),
        );
        if (!renewed) log.warn('lost the lease on a running job');
      } catch (error) {
        log.warn({ err: messageOf(error) }, 'could not renew a lease');
      }
    }, this.leaseMs / 3);
    try {
      await handler!(payload.value, {
        jobId: job.id,
        attempt: job.attempts,
        signal: this.abort.signal,
      });
      withoutFsync(db, () => completeJob(db, { id: job.id, owner: this.owner, now: this.now() }));
    } catch (error) {
      if (this.abort.signal.aborted) return; // shutting down: the lease expires, work resumes later
      const message = messageOf(error);
      const retryAt = this.retryAt(job, error);
      withoutFsync(db, () =>
        failJob(db, { id: job.id, owner: this.owner, now: this.now(), error: message, retryAt }),
      );
      if (retryAt === null) log.error({ err: message }, 'job failed for good; it is now dead');
      else log.warn({ err: message, retryInMs: retryAt - this.now() }, 'job failed; will retry');
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** A test's policy, else the kind's own; the default for a kind this version does not know. */
  private backoffFor(kind: string): BackoffPolicy {
    return this.options.backoff ?? (isJobKind(kind) ? jobKinds[kind].backoff : defaultBackoff);
  }

  private retryAt(job: JobRow, error: unknown): number | null {
    if (error instanceof PermanentJobError || job.attempts >= job.max_attempts) return null;
    const delay =
      error instanceof RetryLaterError
        ? error.retryAfterMs
        : backoffDelay(job.attempts, this.backoffFor(job.kind), this.options.random);
    return this.now() + delay;
  }

  private parsePayload(job: JobRow): { ok: true; value: unknown } | { ok: false; error: string } {
    if (!isJobKind(job.kind)) return { ok: false, error: `unknown job kind "${job.kind}"` };
    let raw: unknown;
    try {
      raw = JSON.parse(job.payload);
    } catch {
      return { ok: false, error: 'payload is not valid JSON' };
    }
    const parsed = jobKinds[job.kind].payload.safeParse(raw);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, error: `invalid payload: ${parsed.error.issues[0]?.message ?? 'unknown'}` };
  }
}

/** How long polling waits after the store refused it: 1 s, doubling up to a minute. */
const storeRetry: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
