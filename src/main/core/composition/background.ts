/**
 * What starts once every part is wired: the job worker, the records scheduler, warm-ups, the
 * auto-send countdowns left by the last run, catch-up and the tunnel.
 */
import { loadDetector } from '../drafting/language';
import type { DraftingService } from '../drafting/service';
import type { GoLive } from '../golive/goLive';
import type { Logger } from '../log';
import type { JobWorker } from '../queue/worker';
import type { RecordsScheduler } from '../records/scheduler';
import type { Readers } from '../threads/readerPool';
import type { CatchUpRunner } from './catchUpRunner';

/**
 * After the first moments of start, so they never compete with the console's first paint, and
 * before the first text needs them (each costs ~0.2–0.3 s once).
 */
const WARM_READERS_AFTER_MS = 1_000;
const LOAD_LANGUAGE_DETECTOR_AFTER_MS = 3_000;

export function startBackground(deps: {
  worker: JobWorker;
  records: RecordsScheduler;
  readers: Readers;
  drafting: Pick<DraftingService, 'resumeCountdowns'>;
  /** Absent: no catch-up at start (tests that trigger it themselves). */
  catchUp: CatchUpRunner | undefined;
  goLive: GoLive;
  /** An ngrok authtoken is saved and no own public URL (SWITCHBOARD_PUBLIC_URL) wins over it. */
  tunnelAtStart: boolean;
  logger: Logger;
}): void {
  deps.worker.start();
  deps.records.start();
  setTimeout(() => deps.readers.warm(), WARM_READERS_AFTER_MS).unref();
  setTimeout(() => void loadDetector(), LOAD_LANGUAGE_DETECTOR_AFTER_MS).unref();
  deps.drafting.resumeCountdowns();
  deps.catchUp?.inBackground();
  if (deps.tunnelAtStart) {
    deps.goLive
      .startTunnel()
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'tunnel did not start',
        ),
      );
  }
}
