import type { CountryCode } from 'libphonenumber-js';
import type { MediaItem } from '../../../shared/types';
import { CarrierError, type Carrier } from '../carriers/carrier';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { messageSidExists } from '../store/messages';
import { listUnsettledOutbound, newestInboundAt } from '../store/outbound';
import { recordDeliveryStatus, type StatusOutcome } from './deliveryStatus';
import { storeInboundMessage, type InboundOutcome } from './inbound';

/**
 * Runs a write on the store and settles once it is committed. In the app it is the webhooks'
 * group committer, so what catch-up takes in is committed in the same batches as live webhooks;
 * named here so messaging depends on the shape, not on the webhook layer above it.
 */
export interface Committer {
  submit<T>(work: (db: Db) => T): Promise<T>;
}

export interface CatchUpDeps {
  db: Db;
  carrier: Carrier;
  committer: Committer;
  businessNumber: string;
  defaultCountry: CountryCode;
  logger: Logger;
  now: () => number;
  /** Where to start when nothing was ever received (first run): never before the install. */
  firstRunAt: number;
  onInbound: (outcome: Extract<InboundOutcome, { duplicate: false }>) => void;
  onStatus: (outcome: Extract<StatusOutcome, { applied: true }>) => void;
}

export interface CatchUpResult {
  inboundTakenIn: number;
  statusesRefreshed: number;
}

/** Inbound messages stored at nearly the same moment as the newest one may be missing. */
const OVERLAP_MS = 10 * 60_000;
/** Unsettled outbound messages older than this are left as they are. */
const STATUS_HORIZON_MS = 7 * 24 * 3600_000;

/**
 * An MMS's attachments. An MMS comes with them or not at all while they may still be listed: on a
 * failure that may pass (Twilio down, rate limit) this run stops here, and the next one (it
 * starts from the newest message stored) asks again. Only when Twilio says the message or its
 * media no longer exist (deleted there meanwhile) is the text kept without them, so that one
 * deleted message cannot hold back every later one.
 */
async function mediaOf(deps: CatchUpDeps, sid: string): Promise<MediaItem[]> {
  try {
    return await deps.carrier.listMedia(sid);
  } catch (error) {
    if (!(error instanceof CarrierError && error.kind === 'rejected')) throw error;
    deps.logger.warn({ sid, err: error.message }, 'MMS taken in without its media: gone at Twilio');
    return [];
  }
}

/**
 * Takes in what happened while we could not hear it (laptop asleep, tunnel down, app closed):
 * Twilio keeps inbound messages even when their webhook failed, and knows the fate of what we
 * sent. Inbound messages go through the same processing as webhooks (idempotent by SID).
 */
export async function catchUp(deps: CatchUpDeps): Promise<CatchUpResult> {
  const { db, carrier, committer } = deps;
  const newest = newestInboundAt(db);
  const since = newest === null ? deps.firstRunAt : newest - OVERLAP_MS;

  let inboundTakenIn = 0;
  for (const message of await carrier.listInbound({ to: deps.businessNumber, since })) {
    // The overlap lists messages we already have: skip them before asking for their media.
    if (messageSidExists(db, message.sid)) continue;
    const media = message.numMedia > 0 ? await mediaOf(deps, message.sid) : [];
    const outcome = await committer.submit((tx) =>
      storeInboundMessage(
        tx,
        {
          sid: message.sid,
          from: message.from,
          to: message.to,
          body: message.body,
          media,
          numSegments: message.numSegments,
        },
        { now: deps.now(), defaultCountry: deps.defaultCountry },
      ),
    );
    if (!outcome.duplicate) {
      inboundTakenIn += 1;
      deps.onInbound(outcome);
    }
  }

  let statusesRefreshed = 0;
  for (const { sid } of listUnsettledOutbound(db, {
    since: deps.now() - STATUS_HORIZON_MS,
    limit: 500,
  })) {
    const remote = await carrier.fetchMessage(sid);
    const outcome = await committer.submit((tx) =>
      recordDeliveryStatus(
        tx,
        {
          sid,
          status: remote.status,
          errorCode: remote.errorCode,
          raw: {
            source: 'catch-up',
            MessageSid: sid,
            MessageStatus: remote.status,
            ErrorCode: remote.errorCode,
          },
        },
        deps.now(),
      ),
    );
    if (outcome.applied) {
      statusesRefreshed += 1;
      deps.onStatus(outcome);
    }
  }
  if (inboundTakenIn > 0 || statusesRefreshed > 0) {
    deps.logger.info({ inboundTakenIn, statusesRefreshed }, 'caught up with the carrier');
  }
  return { inboundTakenIn, statusesRefreshed };
}
