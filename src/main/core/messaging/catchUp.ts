import type { CountryCode } from 'libphonenumber-js';
import type { Carrier } from '../carriers/carrier';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { listUnsettledOutbound, newestInboundAt } from '../store/outbound';
import type { IngestWriter } from './ingestOps';
import type { StatusOutcome } from './deliveryStatus';
import type { InboundOutcome } from './inbound';

export interface CatchUpDeps {
  db: Db;
  carrier: Carrier;
  writer: IngestWriter;
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
 * Takes in what happened while we could not hear it (laptop asleep, tunnel down, app closed):
 * Twilio keeps inbound messages even when their webhook failed, and knows the fate of what we
 * sent. Inbound messages go through the same processing as webhooks (idempotent by SID).
 */
export async function catchUp(deps: CatchUpDeps): Promise<CatchUpResult> {
  const { db, carrier, writer } = deps;
  const newest = newestInboundAt(db);
  const since = newest === null ? deps.firstRunAt : newest - OVERLAP_MS;

  let inboundTakenIn = 0;
  for (const message of await carrier.listInbound({ to: deps.businessNumber, since })) {
    const outcome = await writer.write({
      kind: 'inbound',
      now: deps.now(),
      defaultCountry: deps.defaultCountry,
      message: {
        sid: message.sid,
        from: message.from,
        to: message.to,
        body: message.body,
        media: message.media,
        numSegments: message.numSegments,
      },
    });
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
    const outcome = await writer.write({
      kind: 'status',
      now: deps.now(),
      report: {
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
    });
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
