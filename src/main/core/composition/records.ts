/**
 * Records as the app runs them: exports, scheduled backups and retention, in the data folder's
 * places (dataPaths) unless the operator picked others.
 */
import type { RecordsDeps } from '../operator/commandDeps';
import { Exporter } from '../records/exporter';
import { RecordsScheduler } from '../records/scheduler';
import type { Foundation } from './foundation';

export function createRecords(
  base: Foundation,
  deps: {
    /** Demo mode: the simulator's auth token, kept out of exports like the real ones. */
    simulatorAuthToken: string | undefined;
    /** The desktop shell's "show this folder in the file manager". */
    openFolder: ((path: string) => Promise<void>) | undefined;
  },
): RecordsDeps {
  const { db, paths, secrets, now, readers, logger, timings } = base;
  const exporter = new Exporter({
    dbPath: base.storeLocation,
    logFile: paths.logFile,
    defaultFolder: paths.exports,
    mediaDir: paths.media,
    onProgress: (progress) => base.events.emit('export:progress', progress),
    secrets: () =>
      [
        secrets.get('twilioAuthToken'),
        secrets.get('openaiApiKey'),
        secrets.get('ngrokAuthtoken'),
        deps.simulatorAuthToken,
      ].filter((s): s is string => typeof s === 'string'),
    now,
    logger: logger.child({ name: 'export' }),
    readers,
  });
  const scheduler = new RecordsScheduler({
    db,
    defaultBackupFolder: paths.backups,
    mediaDir: paths.media,
    now,
    logger: logger.child({ name: 'records' }),
    readers,
    ...(timings.recordsFirstCheckMs !== undefined
      ? { firstCheckMs: timings.recordsFirstCheckMs }
      : {}),
  });
  return {
    db,
    now,
    defaultCountry: base.config.defaultCountry,
    exporter,
    scheduler,
    paths: {
      dataDir: paths.dataDir,
      exportsDir: paths.exports,
      backupsDir: paths.backups,
      logFile: paths.logFile,
    },
    mediaDir: paths.media,
    openFolder: deps.openFolder,
    readers,
  };
}
