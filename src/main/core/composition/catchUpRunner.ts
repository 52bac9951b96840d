/**
 * Catch-up as the app runs it: at start, on resume from sleep, when the tunnel reconnects and when
 * the disk has room again. Never reaches back before this data folder's first start.
 */
import type { Carrier } from '../carriers/carrier';
import type { CountryCode } from 'libphonenumber-js';
import type { Logger } from '../log';
import { catchUp, type CatchUpDeps, type CatchUpResult } from '../messaging/catchUp';
import type { Db } from '../store/database';
import { getSetting, setSetting } from '../store/settings';
import type { GroupCommitter } from '../webhooks/groupCommit';

export interface CatchUpRunner {
  readonly run: () => Promise<CatchUpResult>;
  /** Runs it without waiting: a failure is logged (the next run takes in the rest). */
  readonly inBackground: () => void;
}

export function createCatchUpRunner(deps: {
  db: Db;
  carrier: Carrier;
  committer: GroupCommitter;
  businessNumber: string;
  defaultCountry: CountryCode;
  logger: Logger;
  now: () => number;
  onInbound: CatchUpDeps['onInbound'];
  onStatus: CatchUpDeps['onStatus'];
}): CatchUpRunner {
  const firstRunAt = rememberFirstRun(deps.db, deps.now());
  const run = () =>
    catchUp({ ...deps, logger: deps.logger.child({ name: 'catch-up' }), firstRunAt });
  const log = deps.logger.child({ name: 'app' });
  return {
    run,
    inBackground: () => {
      run().catch((error: unknown) =>
        log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'catch-up failed',
        ),
      );
    },
  };
}

/** The first start of this data folder: catch-up never reaches back before it. */
function rememberFirstRun(db: Db, now: number): number {
  const stored = getSetting(db, 'firstRunAt');
  if (typeof stored === 'number') return stored;
  setSetting(db, 'firstRunAt', now, now);
  return now;
}
