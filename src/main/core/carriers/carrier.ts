import type { TemplateRecord } from '../../../shared/templates';
import type { MediaItem, MessageStatus } from '../../../shared/types';

/**
 * What sends messages and answers questions about them; Twilio in production and in demo mode.
 * Every method rejects with a `CarrierError` only: the carrier classifies its own failures (which
 * are worth retrying, which are final), so the send job decides on the kind and never needs to
 * know the vendor's exceptions.
 */
export interface Carrier {
  send(message: OutgoingMessage): Promise<{ sid: string; status: MessageStatus }>;
  /**
   * A message we may have sent before a crash: the newest one from `from` to `to` with this body,
   * created at or after `since`, whose SID is not in `knownSids`.
   */
  findSent(query: {
    from: string;
    to: string;
    body: string;
    since: number;
    knownSids: ReadonlySet<string>;
  }): Promise<CarrierMessage | undefined>;
  fetchMessage(sid: string): Promise<CarrierMessage>;
  /** Inbound messages to `to` created at or after `since`, oldest first. */
  listInbound(query: { to: string; since: number }): Promise<CarrierMessage[]>;
  /**
   * A message's attachments, first to last, with the URLs its webhook would have carried
   * (MediaUrlN): a list does not include them, so catch-up asks for each MMS it takes in.
   */
  listMedia(messageSid: string): Promise<MediaItem[]>;
  /**
   * Deletes the carrier's copy of one attachment, named by the URL `listMedia` (or the webhook's
   * MediaUrlN) gave for it. Resolves `'gone'` when the carrier no longer had it (deleted before,
   * by us or by someone in its console): the copy is gone either way.
   */
  deleteMedia(mediaUrl: string): Promise<'deleted' | 'gone'>;
  /** The account's content templates with their WhatsApp approval (Twilio's Content API). */
  listTemplates(): Promise<CarrierTemplate[]>;
}

export interface OutgoingMessage {
  from: string;
  to: string;
  body: string;
  /** A WhatsApp template: sent as ContentSid + ContentVariables (JSON) instead of `body`. */
  content?: { sid: string; variables: Record<string, string> } | null | undefined;
  statusCallback?: string | undefined;
  /** Public URLs the carrier fetches the attachments from (MediaUrl, in order). */
  mediaUrls?: readonly string[] | undefined;
}

/**
 * A content template as the carrier lists it: the same facts the store caches
 * (`TemplateRecord`; `twilio/text` body with {{1}} placeholders, samples, WhatsApp's approval).
 */
export type CarrierTemplate = TemplateRecord;

export interface CarrierMessage {
  sid: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  body: string;
  status: MessageStatus | string;
  errorCode: number | null;
  numSegments: number | null;
  /** How many attachments it has; `listMedia` gives them. */
  numMedia: number;
  dateCreated: number;
}

export type CarrierErrorKind =
  /** Too many requests: safe to retry after a pause. */
  | 'rate-limited'
  /** The carrier broke (5xx) or could not be reached, or did not answer in time. */
  | 'unavailable'
  /** The carrier refused this message for a reason that retrying will not change. */
  | 'rejected'
  /** Our credentials are wrong: nothing will work until Settings are fixed. */
  | 'unauthorized';

/** A carrier failure, classified so the send worker knows whether to retry. */
export class CarrierError extends Error {
  override name = 'CarrierError';
  constructor(
    message: string,
    readonly kind: CarrierErrorKind,
    readonly code: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /**
   * True when the request may have reached the carrier even though we got no answer (a timeout,
   * a dropped connection): the send must be reconciled before it is tried again.
   */
  get maybeDelivered(): boolean {
    return this.kind === 'unavailable' && this.code === null;
  }
}

/**
 * The error a carrier rejected with, as a `CarrierError`. A carrier keeps its promise to reject
 * with nothing else; anything else is a bug in it, taken as "no answer" (unavailable, no code),
 * the one reading under which the send is reconciled with the carrier before it is tried again.
 */
export function asCarrierError(error: unknown): CarrierError {
  if (error instanceof CarrierError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new CarrierError(`The carrier failed without saying why: ${text}`, 'unavailable', null);
}
