/**
 * Data shapes shared by the core and the UI. Plain types only: timestamps are milliseconds since
 * the Unix epoch, phone numbers are E.164 where they could be normalized.
 */

export type Channel = 'sms' | 'whatsapp';
export type Direction = 'inbound' | 'outbound';
export type MessageAuthor = 'customer' | 'operator' | 'draft' | 'auto';

/** Twilio's message statuses (the `MessageStatus` enum of the REST API and status callbacks). */
export const messageStatuses = [
  'pending', // ours: the row exists, the carrier has not accepted it yet
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'receiving',
  'received',
  'partially_delivered',
  'canceled',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export interface MediaItem {
  url: string;
  contentType: string;
}

export interface ContactView {
  id: number;
  /** E.164 when the number could be normalized, otherwise the address as received. */
  address: string;
  name: string | null;
  optedOut: boolean;
  optedOutAt: number | null;
}

export interface ConversationSummary {
  id: number;
  channel: Channel;
  businessNumber: string;
  contact: ContactView;
  unreadCount: number;
  lastActivityAt: number;
  lastMessage: {
    body: string;
    direction: Direction;
    status: MessageStatus;
    hasMedia: boolean;
  } | null;
}

export interface MessageView {
  id: number;
  conversationId: number;
  direction: Direction;
  author: MessageAuthor;
  sid: string | null;
  from: string;
  to: string;
  body: string;
  media: MediaItem[];
  status: MessageStatus;
  /** The delivery status in words, for people and screen readers ("Failed: 30007 — …"). */
  statusText: string;
  errorCode: number | null;
  /** What went wrong and what to do, when something did. */
  error: CarrierErrorInfo | null;
  /** Requests made to the carrier for this message; above 1 means it was retried. */
  sendAttempts: number;
  /** Set on a resend: the message it sends again. */
  retryOf: number | null;
  scheduledFor: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface CarrierErrorInfo {
  code: number | null;
  title: string;
  explanation: string;
  action: string;
}

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  characters: number;
  perSegment: number;
  remainingInSegment: number;
  /** The characters that forced UCS-2 (which halves what fits in a segment). */
  nonGsmCharacters: string[];
}

export interface PreSendProblem {
  code: 'opted-out' | 'empty' | 'too-long' | 'quiet-hours';
  message: string;
}

export interface PreSendReport {
  verdict: 'ok' | 'needs-confirmation' | 'blocked';
  problems: PreSendProblem[];
  segments: SegmentInfo;
  /** Estimated price, in the currency of the configured price per segment; null if unset. */
  cost: number | null;
  /** Offered when swapping look-alike characters (curly quotes…) makes the text cheaper. */
  lookalikeFix: { text: string; segments: number } | null;
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  text: string;
  conversationId?: number;
}

export interface QueueStats {
  queued: number;
  running: number;
  dead: number;
}

export interface DeadJob {
  id: number;
  kind: string;
  attempts: number;
  lastError: string | null;
  updatedAt: number;
}

export interface Health {
  mode: AppMode;
  webhookUrl: string;
  publicUrl: string;
  lastWebhookAt: number | null;
  queue: QueueStats;
  databaseBytes: number;
}

export type AppMode = 'demo' | 'live';

export interface AppInfo {
  mode: AppMode;
  version: string;
  businessNumber: string;
  /** Demo mode only: the simulator that stands in for Twilio. */
  simulator: { enabled: boolean };
}
