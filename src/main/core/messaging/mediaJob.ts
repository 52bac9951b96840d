/**
 * The `media` job: keeps an inbound message's attachments on the laptop. Each item still waiting
 * is downloaded once with the account's credentials (media/fetchMedia.ts), stored by its hash in
 * the media folder and marked kept; one the carrier refuses for good (deleted there, over the
 * size cap) is marked so, in words; one that could not be reached stays waiting and the job is
 * retried with its kind's backoff, so an outage only delays it. The job runs again after a crash:
 * kept items are skipped, and a file downloaded twice lands on the same name.
 */
import { attachmentGivenUp } from '../domain/attachmentView';
import { channelRules } from '../domain/channels';
import type { Logger } from '../log';
import { fetchMedia, MediaFetchError, type MediaAccount } from '../media/fetchMedia';
import { enqueueJob } from '../queue/enqueue';
import type { JobContext } from '../queue/worker';
import { jobKinds, type JobPayload } from '../queue/jobKinds';
import type { Db } from '../store/database';
import {
  listMessageMedia,
  markMediaKept,
  markMediaNotKept,
  messageChannel,
  type AttachmentRecord,
} from '../store/messageMedia';

export interface MediaJobDeps {
  db: Db;
  /** The carrier account the media belongs to (asked per job: Settings may change it). */
  account: () => MediaAccount;
  /** The data folder's media folder (dataPaths). */
  mediaDir: string;
  now: () => number;
  logger: Logger;
  /** An attachment changed state: the console gets `message:updated`. */
  onMessageChanged: (messageId: number) => void;
  /**
   * The privacy setting "Delete Twilio's copy once ours is safe": when it answers true, each
   * item kept queues a `carrierMedia` job in the same transaction (messaging/carrierCopyJob.ts).
   */
  deleteCarrierCopy?: () => boolean;
  /** Tests only. */
  fetch?: typeof fetch;
}

export function createMediaHandler(
  deps: MediaJobDeps,
): (payload: JobPayload<'media'>, context: JobContext) => Promise<void> {
  return async ({ messageId }, context) => {
    const channel = messageChannel(deps.db, messageId);
    if (channel === undefined) return; // deleted meanwhile (retention): nothing left to keep
    const waiting = listMessageMedia(deps.db, messageId).filter((m) => m.state === 'waiting');
    const lastTry = context.attempt >= jobKinds.media.maxAttempts;
    let retryLater: MediaFetchError | undefined;
    for (const item of waiting) {
      if (context.signal.aborted) return; // shutting down: the job runs again at the next start
      const outcome = await keepOne(deps, item, channelRules[channel].media.maxBytes, lastTry);
      if (outcome) retryLater ??= outcome;
      deps.onMessageChanged(messageId);
    }
    // The worker retries with the kind's backoff; items kept meanwhile are not fetched again.
    if (retryLater) throw retryLater;
  };
}

/** Downloads one item and records how it went; returns the error when a later try may help. */
async function keepOne(
  deps: MediaJobDeps,
  item: AttachmentRecord,
  maxBytes: number,
  lastTry: boolean,
): Promise<MediaFetchError | undefined> {
  const where = { messageId: item.messageId, position: item.position };
  try {
    const fetched = await fetchMedia(item.carrierUrl, {
      account: deps.account(),
      mediaDir: deps.mediaDir,
      maxBytes,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    const now = deps.now();
    deps.db.transaction(() => {
      markMediaKept(deps.db, {
        ...where,
        sha256: fetched.sha256,
        size: fetched.size,
        contentType: fetched.contentType,
        now,
      });
      // Only now is ours safe (flushed, renamed, its hash recorded): never queued before.
      if (deps.deleteCarrierCopy?.()) {
        enqueueJob(deps.db, 'carrierMedia', where, {
          now,
          dedupeKey: `carrierMedia:${item.messageId}:${item.position}`,
        });
      }
    })();
    deps.logger.info({ ...where, size: fetched.size, kind: fetched.kind }, 'attachment kept');
    return undefined;
  } catch (error) {
    if (!(error instanceof MediaFetchError)) throw error;
    const retry = error.retryable && !lastTry;
    markMediaNotKept(deps.db, {
      ...where,
      state: retry ? 'waiting' : error.tooLarge ? 'too-large' : 'failed',
      error: error.retryable && !retry ? attachmentGivenUp(error.message) : error.message,
      now: deps.now(),
    });
    deps.logger.warn({ ...where, err: error.message, retry }, 'attachment not kept');
    return retry ? error : undefined;
  }
}
