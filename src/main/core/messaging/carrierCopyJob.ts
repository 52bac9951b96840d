/**
 * The `carrierMedia` job: deletes Twilio's copy of one attachment once ours is safe (the privacy
 * setting "Delete Twilio's copy once ours is safe", off by default). Queued by the `media` job in
 * the transaction that marks the item kept, so it can only exist for an item whose bytes were
 * flushed to disk and whose hash is recorded; before deleting it checks again that the file is
 * still there at its full size, so a copy we no longer hold is never the last one deleted.
 * A carrier that cannot be reached is retried with the kind's backoff; one that no longer has the
 * item counts as done (the copy is gone either way).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CarrierError, type Carrier } from '../carriers/carrier';
import type { Logger } from '../log';
import { mediaRelativePath } from '../media/mediaFiles';
import { PermanentJobError } from '../queue/errors';
import type { JobPayload } from '../queue/jobKinds';
import type { Db } from '../store/database';
import { getMessageMedia, markCarrierCopyDeleted } from '../store/messageMedia';

export interface CarrierCopyJobDeps {
  db: Db;
  carrier: Carrier;
  /** The data folder's media folder (dataPaths): where our copy must be before theirs goes. */
  mediaDir: string;
  now: () => number;
  logger: Logger;
  /** The attachment now says "Twilio's copy deleted": the console gets `message:updated`. */
  onMessageChanged: (messageId: number) => void;
}

export function createCarrierCopyHandler(
  deps: CarrierCopyJobDeps,
): (payload: JobPayload<'carrierMedia'>) => Promise<void> {
  return async ({ messageId, position }) => {
    const item = getMessageMedia(deps.db, messageId, position);
    // Gone (retention), or already done by an earlier run of this job.
    if (!item || item.carrierDeletedAt !== null) return;
    const where = { messageId, position };
    if (!oursIsSafe(deps.mediaDir, item)) {
      deps.logger.warn(where, "Twilio's copy kept: ours is not on this computer");
      return;
    }
    const outcome = await deps.carrier.deleteMedia(item.carrierUrl).catch((error: unknown) => {
      // Refused for good (not a media address it knows): trying again cannot help. Anything
      // else (unreachable, rate-limited, credentials being fixed) is retried with backoff.
      if (error instanceof CarrierError && error.kind === 'rejected') {
        throw new PermanentJobError(error.message);
      }
      throw error;
    });
    markCarrierCopyDeleted(deps.db, { ...where, now: deps.now() });
    deps.logger.info({ ...where, outcome }, "Twilio's copy of an attachment deleted");
    deps.onMessageChanged(messageId);
  };
}

function oursIsSafe(
  mediaDir: string,
  item: { state: string; sha256: string | null; size: number | null },
): boolean {
  if (item.state !== 'kept' || item.sha256 === null || item.size === null) return false;
  try {
    const stat = statSync(join(mediaDir, mediaRelativePath(item.sha256)));
    return stat.isFile() && stat.size === item.size;
  } catch {
    return false;
  }
}
