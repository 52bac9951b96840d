/**
 * The foundation every other part stands on: the data folder (a staged restore applied first),
 * the store, the configuration completed from what Settings saved, the event bus, group commit
 * and the reader threads.
 */
import type { AppMode } from '../../../shared/types';
import type { AppConfig } from '../config';
import { configFromSources, readAccountSettings } from '../configSources';
import { dataPaths, type DataPaths } from '../dataPaths';
import { EventBus } from '../events';
import { envSecretStore, type SecretStore } from '../golive/secrets';
import { createRootLogger, type Logger } from '../log';
import { removeStrayTemporaryFiles } from '../media/mediaFiles';
import { makePrivateDir } from '../privateFiles';
import { applyPendingRestore } from '../records/backups';
import { openStore, type Db } from '../store/database';
import { createReaderPool, type Readers } from '../threads/readerPool';
import { GroupCommitter } from '../webhooks/groupCommit';
import type { Timings } from './timings';

/** The data folder, the store and what is read from it before any other part starts. */
export interface Foundation {
  readonly paths: DataPaths;
  readonly db: Db;
  /** Where the store is: the SQLite file, or a hub's PostgreSQL URL (reader threads, exports). */
  readonly storeLocation: string;
  /** What the environment gave, filled in with what Settings saved. */
  readonly config: AppConfig;
  readonly mode: AppMode;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly committer: GroupCommitter;
  /** Long reads (search, exports, backups and their checks), off the thread that answers Twilio. */
  readonly readers: Readers;
  readonly logger: Logger;
  /** The composition root's own log ('app'). */
  readonly log: Logger;
  readonly now: () => number;
  readonly timings: Timings;
}

export function openFoundation(
  given: AppConfig,
  deps: { logger?: Logger; now?: () => number; secrets?: SecretStore; timings?: Timings },
): Foundation {
  const logger = deps.logger ?? createRootLogger({ level: given.logLevel });
  const now = deps.now ?? Date.now;
  const log = logger.child({ name: 'app' });
  const paths = dataPaths(given.dataDir);

  makePrivateDir(paths.dataDir, { ours: true });
  // A hub's store is PostgreSQL's; the data folder still holds media, exports and the log.
  const storeLocation = given.databaseUrl ?? paths.database;
  if (given.databaseUrl === undefined) {
    // A restore staged by 'backup:restore' is swapped in here, before the store opens.
    const restored = applyPendingRestore(paths.dataDir, now());
    if (restored.applied) log.warn({ previousKeptIn: restored.previousKeptIn }, 'backup restored');
    else if (restored.reason === 'rejected')
      log.error({ problems: restored.problems }, 'staged restore refused');
  }
  const db = openStore(storeLocation);
  // Downloads a crash cut short; no media job has started yet, so none of these is in progress.
  const strays = removeStrayTemporaryFiles(paths.media);
  if (strays > 0) log.info({ removed: strays }, 'unfinished attachment downloads removed');
  const secrets = deps.secrets ?? envSecretStore(given);
  // What Settings saved (account details, keychain secrets) fills what the environment left out.
  const config = configFromSources(given, readAccountSettings(db), secrets);
  return {
    paths,
    db,
    storeLocation,
    config,
    mode: config.twilio ? 'live' : 'demo',
    secrets,
    events: new EventBus(),
    committer: new GroupCommitter(db),
    // Threads start on first use.
    readers: createReaderPool({
      dbPath: storeLocation,
      logger: logger.child({ name: 'readers' }),
    }),
    logger,
    log,
    now,
    timings: deps.timings ?? {},
  };
}
