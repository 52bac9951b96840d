import type { CountryCode } from 'libphonenumber-js';
import { recordDeliveryStatus, type StatusOutcome, type StatusReport } from './deliveryStatus';
import { storeInboundMessage, type InboundMessage, type InboundOutcome } from './inbound';
import type { Db } from '../store/database';
import { insertWebhookLog, type WebhookLogEntry } from '../store/webhookLog';

/** A request that passed every check; its log line's outcome is known only after the write. */
export type AcceptedRequest = Omit<WebhookLogEntry, 'signature' | 'statusCode' | 'outcome'>;

/**
 * What the ingest writer is asked to do. Plain data (no closures), because the writer runs on its
 * own thread: each operation crosses to it by structured clone. `now` is taken when the request
 * arrived, on the thread that received it.
 */
export type IngestOp =
  | {
      kind: 'inbound';
      now: number;
      message: InboundMessage;
      defaultCountry?: CountryCode | undefined;
      /** The webhook's log line; absent for messages found by catch-up. */
      request?: AcceptedRequest;
    }
  | { kind: 'status'; now: number; report: StatusReport; request?: AcceptedRequest }
  /** A refused webhook: only its log line is written. */
  | { kind: 'refused'; entry: WebhookLogEntry };

export interface IngestResults {
  inbound: InboundOutcome;
  status: StatusOutcome;
  refused: null;
}

export type IngestKind = IngestOp['kind'];
export type IngestOpOf<K extends IngestKind> = Extract<IngestOp, { kind: K }>;

/** One operation as one unit of work inside the writer's (group) transaction. */
export function applyIngestOp<K extends IngestKind>(db: Db, op: IngestOpOf<K>): IngestResults[K];
export function applyIngestOp(db: Db, op: IngestOp): IngestResults[IngestKind] {
  switch (op.kind) {
    case 'inbound': {
      const result = storeInboundMessage(db, op.message, {
        now: op.now,
        defaultCountry: op.defaultCountry,
      });
      if (op.request) {
        const outcome = result.duplicate
          ? 'duplicate: already stored'
          : `stored as message ${result.messageId}`;
        logAccepted(db, op.request, outcome);
      }
      return result;
    }
    case 'status': {
      const result = recordDeliveryStatus(db, op.report, op.now);
      if (op.request) {
        const outcome = result.applied
          ? `status ${op.report.status} applied`
          : `status kept: ${result.reason}`;
        logAccepted(db, op.request, outcome);
      }
      return result;
    }
    case 'refused':
      insertWebhookLog(db, op.entry);
      return null;
  }
}

function logAccepted(db: Db, request: AcceptedRequest, outcome: string): void {
  insertWebhookLog(db, { ...request, signature: 'valid', statusCode: 200, outcome });
}

/** Where webhooks and catch-up store what they took in: group-committed, durable on resolve. */
export interface IngestWriter {
  write<K extends IngestKind>(op: IngestOpOf<K>): Promise<IngestResults[K]>;
  /** Commits what was accepted, then refuses new work. */
  close(): Promise<void>;
}
