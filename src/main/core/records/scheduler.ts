/**
 * Runs backups and retention when they are due: a backup every `intervalHours` (default daily,
 * keep 7), the webhook log's retention once a day (always on), and, when the operator turned it
 * on, conversation retention once a day. One timer, re-armed after
 * each run for the next due time (at most an hour away, so changed settings take effect), and
 * `unref`'d so it never keeps a process alive. Backups taken by hand go through here too, so two
 * never run at once.
 */
import type { BackupInfo } from '../../../shared/types';
import type { Logger } from '../log';
import { engineOf, type Db } from '../store/database';
import type { Readers } from '../threads/readerPool';
import { takeBackup } from './backups';
import { readRecordsSettings, readRecordsState, updateRecordsState } from './recordsSettings';
import { MEDIA_SWEEP_GRACE_MS, sweepMediaFolder } from './mediaSweep';
import { applyRetention, pruneWebhookLog } from './retention';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RecordsSchedulerDeps {
  db: Db;
  defaultBackupFolder: string;
  /**
   * The media folder: retention deletes the files it leaves unreferenced, backups carry the files
   * their snapshot names, and the daily tidy-up sweeps what nothing names.
   */
  mediaDir?: string;
  now: () => number;
  logger: Logger;
  /** Delay of the first check after start (lets the app finish starting). */
  firstCheckMs?: number;
  /** Where backups are copied and checked (a thread of their own); absent: inline (tests). */
  readers?: Readers;
}

export class RecordsScheduler {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** When the media folder was last tidied by this run of the app (null: not yet). */
  private lastSweepAt: number | null = null;

  constructor(private readonly deps: RecordsSchedulerDeps) {}

  start(): void {
    this.arm(this.deps.firstCheckMs ?? 60_000);
  }

  /** Stops the timer and waits for a backup in progress (call before closing the store). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain.catch(() => {});
  }

  folder(): string {
    return readRecordsSettings(this.deps.db).backups.folder ?? this.deps.defaultBackupFolder;
  }

  /** A backup now, to `folder` or the configured one; pruning applies to the configured folder. */
  backupNow(folder?: string): Promise<BackupInfo> {
    return this.serial(() => this.backup(folder));
  }

  /** Runs whatever is due now; resolves when done (the timer calls it; tests call it directly). */
  runDue(): Promise<void> {
    return this.serial(async () => {
      const { db, now } = this.deps;
      const settings = readRecordsSettings(db);
      const state = readRecordsState(db);
      // A hub's backups are PostgreSQL's (pg_dump, point-in-time recovery), never ours.
      if (
        settings.backups.enabled &&
        engineOf(db) === 'sqlite' &&
        now() >= (state.lastBackupAt ?? 0) + settings.backups.intervalHours * HOUR
      ) {
        await this.backup().catch(() => {}); // recorded in state and the log by backup()
      }
      if (now() >= (state.lastWebhookLogPruneAt ?? 0) + DAY) {
        try {
          const deleted = await pruneWebhookLog(db, { ...settings.webhookLog, now: now() });
          updateRecordsState(db, { lastWebhookLogPruneAt: now() }, now());
          if (deleted > 0) this.deps.logger.info({ deleted }, 'webhook log pruned');
        } catch (error) {
          this.deps.logger.warn({ err: (error as Error).message }, 'webhook log pruning failed');
        }
      }
      if (this.deps.mediaDir !== undefined && now() >= (this.lastSweepAt ?? -Infinity) + DAY) {
        await this.sweepMedia(this.deps.mediaDir);
      }
      if (settings.retention.enabled && now() >= (state.lastRetentionAt ?? 0) + DAY) {
        try {
          const result = await applyRetention(db, {
            months: settings.retention.months,
            now: now(),
            actor: 'system',
            ...(this.deps.mediaDir !== undefined ? { mediaDir: this.deps.mediaDir } : {}),
          });
          updateRecordsState(db, { lastRetentionAt: now() }, now());
          this.deps.logger.info({ ...result }, 'retention applied');
        } catch (error) {
          this.deps.logger.warn({ err: (error as Error).message }, 'retention failed');
        }
      }
    });
  }

  /**
   * The media folder's tidy-up (records/mediaSweep.ts): at the first check after start (kept in
   * memory, so every start sweeps once) and then daily.
   */
  private async sweepMedia(mediaDir: string): Promise<void> {
    const args = { mediaDir, graceMs: MEDIA_SWEEP_GRACE_MS, fileNow: Date.now() };
    try {
      const swept = this.deps.readers
        ? await this.deps.readers.task('sweepMedia', args).result
        : sweepMediaFolder(this.deps.db, args);
      this.lastSweepAt = this.deps.now();
      if (swept.removed > 0) this.deps.logger.info(swept, 'media folder tidied');
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'media folder tidy-up failed');
    }
  }

  private async backup(folder?: string): Promise<BackupInfo> {
    const { db, now, logger } = this.deps;
    const settings = readRecordsSettings(db);
    const target = folder ?? settings.backups.folder ?? this.deps.defaultBackupFolder;
    const started = now();
    try {
      const info = await takeBackup(db, {
        folder: target,
        now: started,
        readers: this.deps.readers,
        mediaDir: this.deps.mediaDir,
        ...(folder === undefined
          ? {
              keep: settings.backups.keep,
              maxTotalBytes:
                settings.backups.maxTotalGb === null ? null : settings.backups.maxTotalGb * 1e9,
            }
          : {}),
      });
      if (!this.stopped)
        updateRecordsState(db, { lastBackupAt: info.createdAt, lastBackupError: null }, now());
      logger.info({ bytes: info.bytes, ms: now() - started }, 'backup taken');
      return info;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!this.stopped) updateRecordsState(db, { lastBackupError: message }, now());
      logger.warn({ err: message }, 'backup failed');
      throw error;
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => {});
    return run;
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runDue().finally(() => {
        if (!this.stopped) this.arm(this.msToNextDue());
      });
    }, ms);
    this.timer.unref();
  }

  private msToNextDue(): number {
    const settings = readRecordsSettings(this.deps.db);
    const state = readRecordsState(this.deps.db);
    const now = this.deps.now();
    const due: number[] = [];
    if (settings.backups.enabled) {
      due.push((state.lastBackupAt ?? 0) + settings.backups.intervalHours * HOUR);
    }
    if (settings.retention.enabled) due.push((state.lastRetentionAt ?? 0) + DAY);
    due.push((state.lastWebhookLogPruneAt ?? 0) + DAY);
    if (this.deps.mediaDir !== undefined) due.push((this.lastSweepAt ?? 0) + DAY);
    const next = due.length > 0 ? Math.min(...due) - now : HOUR;
    return Math.min(HOUR, Math.max(1_000, next));
  }
}
