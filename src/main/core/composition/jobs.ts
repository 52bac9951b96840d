/**
 * The job worker and what decides when it runs what: the send, draft, media and notify handlers, pacing per
 * sender, the start hold on a draft backlog and the flood that makes drafting stand aside.
 */
import type { Carrier } from '../carriers/carrier';
import type { DraftingService } from '../drafting/service';
import type { MediaAccount } from '../media/fetchMedia';
import { createCarrierCopyHandler } from '../messaging/carrierCopyJob';
import { createMediaHandler } from '../messaging/mediaJob';
import { readRecordsSettings } from '../records/recordsSettings';
import { SenderPacer } from '../messaging/pacer';
import type { Notifier } from '../notify/notifier';
import { createSendHandler } from '../messaging/sendMessage';
import { StartHold } from '../queue/startHold';
import { JobWorker, type JobHandlers } from '../queue/worker';
import { readSendingSettings } from '../sendingSettings';
import { nextRunAt } from '../store/jobs';
import { routes } from '../webhooks/server';
import type { Foundation } from './foundation';
import type { FloodGauge } from './health';
import type { WorkerDoorbell } from './workerDoorbell';

/** The longest a draft backlog found at start waits for a console. */
const BACKLOG_HOLD_MAX_MS = 2_000;
/** How long after the console's first answered command the backlog starts. */
const BACKLOG_AFTER_FIRST_COMMAND_MS = 250;

export interface Jobs {
  readonly worker: JobWorker;
  /** Drafts left waiting by the last run (queue/startHold.ts). */
  readonly draftBacklog: StartHold;
}

export function createJobs(
  base: Foundation,
  deps: {
    carrier: Carrier;
    /** Where inbound attachments are fetched from (the carrier stack's account). */
    mediaAccount: MediaAccount;
    publicUrl: () => string;
    /** Where Twilio can fetch attachments from; undefined when nowhere (live, no public URL). */
    mediaBaseUrl: () => string | undefined;
    drafting: Pick<DraftingService, 'handleDraftJob'>;
    /** Delivers notifications to the operator (notify/notifier.ts). */
    notifier: Pick<Notifier, 'deliver'>;
    /** Extra or replacement job handlers (tests). */
    handlers: JobHandlers | undefined;
    flood: FloodGauge;
    doorbell: WorkerDoorbell;
    onQueueChanged: () => void;
    onMessageChanged: (messageId: number) => void;
  },
): Jobs {
  const { db, now, logger, timings } = base;
  // Drafts left waiting by the last run start once the console has had its first answers (or
  // after 2 s without one): a backlog never delays the inbox's first paint.
  const draftBacklog = new StartHold({
    active: nextRunAt(db, ['draft']) !== null,
    maxMs: BACKLOG_HOLD_MAX_MS,
    afterFirstCommandMs: BACKLOG_AFTER_FIRST_COMMAND_MS,
    onRelease: deps.doorbell.wake,
  });
  const pacer = new SenderPacer(() => readSendingSettings(db).messagesPerSecond, now);
  const worker = new JobWorker({
    db,
    handlers: {
      send: createSendHandler({
        db,
        carrier: deps.carrier,
        pacer,
        statusCallbackUrl: () => deps.publicUrl() + routes.status,
        mediaBaseUrl: deps.mediaBaseUrl,
        logger: logger.child({ name: 'send' }),
        now,
        onMessageChanged: deps.onMessageChanged,
      }),
      draft: deps.drafting.handleDraftJob,
      media: createMediaHandler({
        db,
        account: () => deps.mediaAccount,
        mediaDir: base.paths.media,
        now,
        logger: logger.child({ name: 'media' }),
        onMessageChanged: deps.onMessageChanged,
        deleteCarrierCopy: () => readRecordsSettings(db).media.deleteCarrierCopy,
      }),
      carrierMedia: createCarrierCopyHandler({
        db,
        carrier: deps.carrier,
        mediaDir: base.paths.media,
        now,
        logger: logger.child({ name: 'media' }),
        onMessageChanged: deps.onMessageChanged,
      }),
      notify: deps.notifier.deliver,
      ...deps.handlers,
    },
    logger: logger.child({ name: 'queue' }),
    holdBack: (kind) => kind === 'draft' && (draftBacklog.held || deps.flood.flooding),
    onChange: deps.onQueueChanged,
    now,
    ...(timings.jobBackoff ? { backoff: timings.jobBackoff } : {}),
  });
  deps.doorbell.answeredBy(worker);
  return { worker, draftBacklog };
}
