/**
 * Data shapes shared by the core and the UI. Plain types only: timestamps are milliseconds since
 * the Unix epoch, phone numbers are E.164 where they could be normalized.
 */

import type { ServiceWindowView } from './serviceWindow';
import type { KnowledgeUse, UnsupportedClaim } from './knowledge';
import type { NotifyFailure } from './notify';

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

/** Where an inbound attachment stands on the laptop. */
export type AttachmentState = 'waiting' | 'kept' | 'failed' | 'too-large';
/** How the console may present it: only pictures, audio, video and documents are ever rendered. */
export type AttachmentKind = 'image' | 'audio' | 'video' | 'document' | 'file';

/**
 * Serve mode's upload route: the console POSTs a picture or PDF's bytes here (the body is the
 * file, nothing else), behind the same checks as the commands; the answer is a `StagedAttachment`.
 */
export const uploadPath = (conversationId: number): string => `/upload/${conversationId}`;

/** The path the console loads a kept attachment from (the app itself, never the carrier). */
export const mediaPath = (sha256: string): string => `/media/${sha256}`;
/**
 * The desktop shell serves `mediaPath`s under its own scheme (the page is a file:// URL there);
 * serve mode serves them on the page's own origin.
 */
export const DESKTOP_MEDIA_SCHEME = 'switchboard-media';
export const DESKTOP_MEDIA_ORIGIN = `${DESKTOP_MEDIA_SCHEME}://kept`;

/** An attachment as the console shows it: the laptop's copy, or why there is none (yet). */
export interface AttachmentView {
  /** True once Twilio's copy was deleted at our request (the privacy setting). */
  carrierCopyDeleted: boolean;
  /** 0 for the first, in the order the customer sent them. */
  position: number;
  kind: AttachmentKind;
  contentType: string;
  /** Bytes, once kept. */
  size: number | null;
  state: AttachmentState;
  /** The state in words ("Downloading…", "Not kept: larger than 5 MB"), for people and readers. */
  stateText: string;
  /** Why it is not kept, when something went wrong. */
  error: string | null;
  /** A path on the app itself (`mediaPath`) once kept; never the carrier's URL. */
  url: string | null;
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
  // Drafting and triage. The core always fills these; they are optional in the type only so the
  // addition stays backward compatible with summaries built elsewhere (fixtures, older peers).
  /** Triage of the latest inbound message; null until one was triaged. */
  category?: TriageCategory | null;
  urgency?: Urgency | null;
  aiMode?: AiMode;
  /** A draft is ready and waits for the operator's decision. */
  draftWaiting?: boolean;
  /**
   * The inbox tabs' other flags, as the core keeps them (migration 0060): the last text came from
   * a customer who can still be answered; the last text went out and could not be delivered. The
   * console asks these instead of working the rule out again.
   */
  needsReply?: boolean;
  failedSend?: boolean;
  /**
   * When the customer last wrote in this conversation (null: never). On a channel with a customer
   * service window (WhatsApp), `serviceWindow` says when free-form replies stop; absent on SMS.
   */
  lastInboundAt?: number | null;
  serviceWindow?: ServiceWindowView;
  /**
   * A hand-off rule stopped an automatic reply here: why, in plain words ("the customer asked for
   * a person"). No automatic reply goes out until the operator answers. Null when not held.
   */
  heldReason?: string | null;
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
  /** The carrier's record of the media (its URLs): never loaded by the console. */
  media: MediaItem[];
  /** Inbound attachments kept on the laptop (or waiting to be), in order. */
  attachments: AttachmentView[];
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
  /**
   * ISO 639-1, once drafting detected it (inbound); the console offers a translation when the
   * operator does not read it. Optional: rows built outside the store (tests, fixtures) omit it.
   */
  language?: string | null;
  createdAt: number;
  updatedAt: number;
  /** Sent as a WhatsApp template: which one (the body is the text it rendered to). */
  template?: { sid: string; name: string | null } | null;
}

/** A window of one conversation's history (oldest first) and whether more lies on either side. */
export interface MessagePage {
  messages: MessageView[];
  /** Older messages exist before the first one here. */
  hasOlder: boolean;
  /** Newer messages exist after the last one here. */
  hasNewer: boolean;
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
  code: 'opted-out' | 'empty' | 'too-long' | 'quiet-hours' | 'window-closed' | 'attachment';
  message: string;
}

/** How the conversation's channel counts and charges a text (the core's rule book). */
export interface ChannelBilling {
  channel: Channel;
  /** "SMS", "WhatsApp". */
  label: string;
  /** SMS: per 160/70-character segment; WhatsApp: per message, whatever its length. */
  per: 'segment' | 'message';
  /** The longest text the channel takes, in UTF-16 units as Twilio counts (an emoji is two). */
  maxLength: number;
  /** This text's length, counted the same way. */
  length: number;
  /** How the channel charges, in a sentence for the meter; null: nothing to add. */
  note: string | null;
}

export interface PreSendReport {
  verdict: 'ok' | 'needs-confirmation' | 'blocked';
  problems: PreSendProblem[];
  segments: SegmentInfo;
  /**
   * Estimated price: per segment in the currency of the configured price (SMS), or per message
   * at the channel's list price (WhatsApp); null if unset.
   */
  cost: number | null;
  /** How this conversation's channel counts and charges the text. */
  billing: ChannelBilling;
  /** Offered when swapping look-alike characters (curly quotes…) makes the text cheaper. */
  lookalikeFix: { text: string; segments: number } | null;
  /**
   * The attachments going with the text, when there are any: an SMS with media is an MMS,
   * billed per message rather than per segment (`notice` says so in words).
   */
  media?: OutgoingMediaInfo | null;
}

export interface OutgoingMediaInfo {
  count: number;
  totalBytes: number;
  /** SMS + media: Twilio sends an MMS (US and Canadian numbers only). */
  mms: boolean;
  /** What the meter says about it: how it is billed, where it reaches. */
  notice: string;
}

/** A picture or PDF attached in a composer, kept on the laptop, not sent yet. */
export interface StagedAttachment {
  id: number;
  conversationId: number;
  kind: AttachmentKind;
  contentType: string;
  size: number;
  /** The laptop's copy (`mediaPath`), for the preview. */
  url: string;
}

/** What a conversation's channel lets the operator attach (the core's rule book, for the console). */
export interface AttachmentLimits {
  /** Content type → the most one such file may weigh, in bytes. */
  types: Record<string, number>;
  maxItems: number;
  maxTotalBytes: number;
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
  /** Going live: the ngrok tunnel ('idle' when none is configured or it was stopped). */
  tunnel: TunnelStatus;
  /** The latest credential checks (null until one ran): Twilio and AI reachability. */
  reachability: { twilio: CredentialCheck | null; ai: CredentialCheck | null };
  /** Notifications to the operator that could not be delivered (yet), newest first. */
  notifications?: NotifyFailure[];
  /** On a hub only: whether changes made through the other hub processes show here live. */
  liveEvents?: LiveEventsHealth;
}

/** A hub process's link to the others' live events (PostgreSQL LISTEN/NOTIFY). */
export interface LiveEventsHealth {
  connected: boolean;
  /** Since when it is (or is not) connected, ms since epoch. */
  since: number;
  /** Why not, when it is not: the database's words, never its address. */
  problem: string | null;
}

export type AppMode = 'demo' | 'live';

export interface AppInfo {
  mode: AppMode;
  version: string;
  businessNumber: string;
  /** Demo mode only: the simulator that stands in for Twilio. */
  simulator: { enabled: boolean };
}

// --- Drafting -----------------------------------------------------------------------------------

export const draftStates = [
  'generating',
  'ready',
  'approved',
  'edited',
  'rejected',
  'failed',
  'superseded',
] as const;
export type DraftState = (typeof draftStates)[number];

/** Triage categories; `spam` is shown as "Opt-out / spam". */
export const triageCategories = [
  'question',
  'booking',
  'complaint',
  'billing',
  'spam',
  'other',
] as const;
export type TriageCategory = (typeof triageCategories)[number];

/**
 * What needs the operator in a conversation, one inbox tab each: the customer wrote last (and can
 * be answered), a draft is waiting, or the last text failed.
 */
export const attentions = ['needs-reply', 'drafts', 'failed'] as const;
export type Attention = (typeof attentions)[number];

/** The inbox's figures, over every conversation, loaded in the UI or not. */
export interface InboxCounts {
  /** Unread messages in all conversations (the window title, the header). */
  unreadTotal: number;
  /** Conversations per tab, within the asked triage category when there was one. */
  tabs: Record<Attention, number>;
}

/**
 * Every inbox counter at once, pushed as `counts:changed` when one of them changed: the console
 * takes the tabs of whichever category it shows from here instead of asking.
 */
export interface InboxCountsUpdate extends InboxCounts {
  /** The tabs within each triage category (zeros for a category no conversation is in). */
  byCategory: Record<TriageCategory, Record<Attention, number>>;
}

export const urgencies = ['low', 'normal', 'high'] as const;
export type Urgency = (typeof urgencies)[number];

/** Per conversation: no drafts, drafts for the operator (default), or auto-send after a countdown. */
export const aiModes = ['off', 'draft', 'auto'] as const;
export type AiMode = (typeof aiModes)[number];

export type DraftProvider = 'openai' | 'offline';

/**
 * Why a draft failed. `auth` means the key was refused (point the operator to Settings);
 * `no-suggestion` is the offline drafter saying nothing it knows fits (it never invents).
 */
export type DraftErrorKind =
  | 'auth'
  | 'model-not-found'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'cut-stream'
  | 'stream-error'
  | 'connection'
  | 'bad-request'
  | 'no-suggestion'
  | 'unknown';

export interface DraftView {
  id: number;
  conversationId: number;
  replyToMessageId: number;
  provider: DraftProvider;
  model: string | null;
  /** What to call it in the UI: "Offline suggestion · template “Opening hours”", "gpt-4o-mini"… */
  label: string;
  state: DraftState;
  /** The text as generated (grows while `generating`). */
  text: string;
  /** The text that went out (approved or edited), else null. */
  textSent: string | null;
  /** The operator's instruction for a regenerated draft ("shorter"…). */
  instruction: string | null;
  /** ISO 639-1 language the draft is written in (the customer's, when known). */
  language: string | null;
  category: TriageCategory | null;
  urgency: Urgency | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  /** One plain sentence when the draft failed: what went wrong and what to do. */
  error: string | null;
  errorKind: DraftErrorKind | null;
  /** A failed draft that the queue will try again by itself. */
  willRetry: boolean;
  attempts: number;
  rejectReason: string | null;
  /** Set while an auto-send countdown runs: when it goes out unless stopped. */
  autoSendAt: number | null;
  /** SMS segments of `text` (what it would cost to send). */
  segments: number;
  /** The business's knowledge the draft was based on ("Based on: Prices 2026 · …"). */
  basedOn: KnowledgeUse[];
  /** Prices, times… in `text` that nothing the business said supports (approving asks once more). */
  unsupportedClaims: UnsupportedClaim[];
  createdAt: number;
  decidedAt: number | null;
  /**
   * A proposed WhatsApp template instead of free text (outside the customer service window):
   * which template, its variables as proposed, and why it was picked. `text` is its preview.
   */
  template?: { sid: string; name: string; variables: Record<string, string> } | null;
}

/** A piece of a draft streaming in. `text` is everything so far, so a missed delta heals itself. */
export interface DraftDelta {
  draftId: number;
  conversationId: number;
  delta: string;
  text: string;
}

export interface DraftStatsBucket {
  /** Drafts generated (ready at some point, whatever happened next). */
  generated: number;
  failed: number;
  decided: number;
  approvedUnchanged: number;
  edited: number;
  rejected: number;
  autoSent: number;
  /** Shares of `decided`, 0..1 (0 when nothing was decided). */
  approvedUnchangedRate: number;
  editedRate: number;
  rejectedRate: number;
  /** Mean characters changed (Levenshtein) in edited drafts; null when none was edited. */
  meanEditChars: number | null;
  /** Median time from draft creation to decision; null when nothing was decided. */
  medianDecisionMs: number | null;
}

export interface DraftStats {
  overall: DraftStatsBucket;
  byModel: Array<DraftStatsBucket & { provider: DraftProvider; model: string | null }>;
  byCategory: Array<DraftStatsBucket & { category: TriageCategory | null }>;
}

export interface BusinessProfile {
  name: string;
  hours: string;
  address: string;
  services: string;
  policies: string;
  /** "friendly and brief", "formal"… */
  tone: string;
  /** Appended by the model when it fits, e.g. "– Ana at Bella Salon". */
  signOff: string;
}

/** An operator's canned reply. Variables: {{name}} {{business}} {{hours}} {{address}} {{services}} {{signoff}}. */
export interface DraftTemplate {
  id: string;
  title: string;
  text: string;
  /** ISO 639-1; null = any language. */
  language: string | null;
  /** Words that make this template fit an inbound message (any language, case-insensitive). */
  keywords: string[];
  /** Triage categories it fits. */
  categories: TriageCategory[];
}

export interface DraftingSettings {
  profile: BusinessProfile;
  templates: DraftTemplate[];
  /** Drafts aim at this many SMS segments at most (1 or 2 usually). */
  targetSegments: number;
  /** Categories that may be auto-sent in conversations set to `auto` (never complaints). */
  autoSendCategories: TriageCategory[];
  autoSendDelaySeconds: number;
  /** How much of the conversation goes into the prompt, in (estimated) tokens. */
  historyTokenBudget: number;
  /** Ask the model for the category and urgency (rules are used when off or when it fails). */
  triageWithModel: boolean;
  /** Topics that hold an auto-reply for the operator (hand-off rules; the defaults are all). */
  handoffTopics: HandoffTopic[];
  /** The operator's own words that hold an auto-reply too ("manager", "insurance"…). */
  handoffWords: string[];
  /** When the business is open, in its own time zone. */
  openingHours: OpeningHours;
  /** The automatic reply outside opening hours (and while away). */
  closedReply: ClosedReplySettings;
}

/** Topics of a customer's message that hand the conversation to a person. */
export const handoffTopics = [
  'complaint',
  'urgent',
  'money',
  'refunds',
  'legal',
  'health',
] as const;
export type HandoffTopic = (typeof handoffTopics)[number];

/** The hand-off rules, each of which stops an automatic reply and holds it for the operator. */
export const handoffRules = [
  'asked-for-person',
  'topic',
  'model-unsure',
  'not-in-knowledge',
  'wrote-again',
  'operator-typing',
] as const;
export type HandoffRule = (typeof handoffRules)[number];

/** One opening range of a day, 'HH:MM' on the business's wall clock, start before end. */
export interface OpeningRange {
  start: string;
  end: string;
}

/** Closed all day from `from` to `to` (inclusive, 'YYYY-MM-DD' in the business's time zone). */
export interface ClosedDays {
  from: string;
  to: string;
  label: string;
}

export interface OpeningHours {
  /** IANA zone name, e.g. "America/New_York". */
  timeZone: string;
  /** Seven days, Sunday first; each with its opening ranges (none: closed that day). */
  week: OpeningRange[][];
  exceptions: ClosedDays[];
}

/** A text per reply language; `{nextOpening}` is filled in that language and the business's zone. */
export type ReplyTemplates = Record<'en' | 'es' | 'pt' | 'fr' | 'de', string>;

export interface ClosedReplySettings {
  /** Reply automatically outside opening hours. */
  enabled: boolean;
  templates: ReplyTemplates;
  /** While the operator switched "away" on. */
  awayTemplates: ReplyTemplates;
}

/** The "away" switch: while on, customers get the away reply, as when the business is closed. */
export interface AwayState {
  on: boolean;
  /** When it was switched on (the start of this away period); null when off. */
  since: number | null;
}

/** A hand-off rule fired on an automatic reply: nothing was sent, the operator answers. */
export interface HeldForOperator {
  conversationId: number;
  rule: HandoffRule;
  /** Plain words: "the customer asked for a person". */
  reason: string;
  /** Which automatic reply was stopped. */
  autoReply: 'auto-send' | 'closed-reply';
  at: number;
}

export interface DraftingStatus {
  provider: DraftProvider;
  model: string | null;
  /** Where drafts come from (host only, never a key); null for offline. */
  endpoint: string | null;
}

// --- Operator console: contacts, settings, search ------------------------------------------------

/** One change of a contact's consent, from the audit log (newest first in ContactDetails). */
export interface ConsentChange {
  at: number;
  optedOut: boolean;
  /** Who caused it: the customer (a keyword), the operator, or the system (a carrier error). */
  actor: 'customer' | 'operator' | 'system';
  /** How, in words: "texted STOP", "carrier error 21610"… */
  via: string;
}

/** Everything the contact panel shows about one customer. */
export interface ContactDetails extends ContactView {
  /** ISO 639-1, detected from their messages; null until known. */
  language: string | null;
  notes: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  consentHistory: ConsentChange[];
  /** Their conversations (one per channel and business number). */
  conversationIds: number[];
  /**
   * The same conversations with their channel, newest activity first: one customer on SMS and on
   * WhatsApp is one contact with two conversations.
   */
  conversations?: Array<{ id: number; channel: Channel; businessNumber: string }>;
  /** Agreement to receive business-initiated WhatsApp messages; null when never recorded. */
  whatsappConsent?: WhatsAppConsentView | null;
}

/** How a customer agreed to receive WhatsApp messages from the business. */
export const consentMethods = ['customer-wrote-first', 'web-form', 'in-person', 'other'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export interface WhatsAppConsentView {
  method: ConsentMethod;
  /** The method in words: "The customer wrote first", "Web form"… */
  methodText: string;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
  /** Set when withdrawn (by the operator, or by a STOP on WhatsApp); the record stays. */
  withdrawnAt: number | null;
  /** True while it counts: recorded and not withdrawn. */
  active: boolean;
}

/** A WhatsApp content template as last listed by the carrier (kept for offline use). */
export interface TemplateView {
  sid: string;
  name: string;
  language: string;
  /** The text with {{1}}-style placeholders. */
  body: string;
  /** Its placeholders in order of first use ("1", "2"…). */
  placeholders: string[];
  /** The example value of each placeholder the template was created with (a hint, never sent). */
  samples: Record<string, string>;
  /** WhatsApp's approval: approved, pending, rejected, unsubmitted… */
  approval: string;
  /** "Approved", "Waiting for WhatsApp's approval", "Rejected by WhatsApp: …" */
  approvalText: string;
  /** Only an approved template may be sent; otherwise why not and what to do. */
  usable: boolean;
  whyNot: string | null;
  category: string | null;
}

/** The cached list of templates and, for a conversation, what fills them. */
export interface TemplateList {
  templates: TemplateView[];
  /** When the list was last fetched from the carrier; null: never (refresh to get it). */
  fetchedAt: number | null;
  /** Values proposed for each template's placeholders (contact name, business profile…). */
  filled: Record<string, Record<string, string>>;
  /** For a conversation: whether a business-initiated template needs consent first, and why. */
  consent?: { required: boolean; recorded: boolean; problem: string | null };
}

/** What the console may know about a secret: whether it is set, and where it comes from. */
/** Secrets the operator may type in Settings (kept by the secret store, never sent back). */
export const secretNames = ['twilioAuthToken', 'openaiApiKey', 'ngrokAuthtoken'] as const;
export type SecretName = (typeof secretNames)[number];

export interface SecretState {
  set: boolean;
  /** The environment variable that provides it (serve mode, and the desktop until the keychain). */
  envVar: string;
}

/** The sending settings (quiet hours, price, pacing) as stored; see settings:saveSending. */
export interface SendingSettingsView {
  quietHours: { enabled: boolean; start: string; end: string; timeZone: string };
  /** Price per SMS segment in `currency`; null hides cost estimates. */
  pricePerSegment: number | null;
  currency: string;
  /** Outbound pacing per sender number. */
  messagesPerSecond: number;
}

/**
 * The Settings screen's view of everything except drafting (served by drafting:getSettings).
 * Secrets appear only as set / not set: their values never leave the core.
 */
export interface ConsoleSettings {
  sending: SendingSettingsView;
  /**
   * Where secrets are kept: `keychain` (desktop, Electron safeStorage: saved from Settings) or
   * `environment` (serve mode: read from environment variables at start).
   */
  secretStore: 'keychain' | 'environment';
  /** Secrets typed in Settings are kept across restarts (keychain present and unlocked). */
  canStoreSecrets: boolean;
  /** The mode the running core is in (credentials saved since take effect after a restart). */
  mode: AppMode;
  twilio: {
    /** Null in demo mode (the built-in simulator stands in). */
    accountSid: string | null;
    phoneNumber: string | null;
    authToken: SecretState;
    /** The three TWILIO_* variables together switch the console to live mode. */
    envVars: string[];
  };
  ai: {
    provider: DraftProvider;
    /** The OpenAI-compatible base URL (without credentials or query); null = api.openai.com or offline. */
    baseUrl: string | null;
    model: string | null;
    apiKey: SecretState;
    /**
     * The service address and model saved from Settings (null = none saved), in effect after a
     * restart unless OPENAI_BASE_URL / SWITCHBOARD_MODEL say otherwise.
     */
    saved: { baseUrl: string | null; model: string | null };
    envVars: string[];
  };
  ngrok: {
    authtoken: SecretState;
    /** The reserved ngrok domain saved in Settings, if any. */
    domain: string | null;
    /** The public URL Twilio reaches (SWITCHBOARD_PUBLIC_URL or saved in Settings), when given. */
    publicUrl: string | null;
    envVars: string[];
  };
  /** Sections that can be saved from the console today; the rest come from the environment. */
  editable: { sending: boolean; twilio: boolean; ai: boolean; ngrok: boolean };
}

/** The answer to saving account details or a secret in Settings. */
export interface AccountSaveResult {
  settings: ConsoleSettings;
  /**
   * `none`: in effect now. `restarting`: the desktop app restarts its core by itself (the console
   * reconnects). `required`: serve mode; `message` says what to restart with.
   */
  restart: 'none' | 'restarting' | 'required';
  /** One plain sentence for the operator. */
  message: string;
}

/** A piece of a search snippet; `match` pieces are what the query found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  messageId: number;
  conversationId: number;
  contact: ContactView;
  direction: Direction;
  createdAt: number;
  /** A few words around the matches, with the matches marked. */
  snippet: SnippetPart[];
}

// --- going live: tunnel, number setup, credential checks (issue 6)

export type TunnelState = 'idle' | 'connecting' | 'online' | 'offline';

export interface TunnelStatus {
  state: TunnelState;
  /** online: the public URL Twilio calls. */
  url?: string;
  /** offline: one plain sentence for the operator (what went wrong, what to do). */
  reason?: string;
  /** offline: true = Switchboard keeps trying by itself; false = a setting must change first. */
  retrying?: boolean;
  /** offline and retrying: when the next attempt starts (epoch ms). */
  nextAttemptAt?: number;
  /** The reserved domain asked for, if any. */
  domain?: string;
}

export interface PhoneNumberView {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  statusCallback: string;
  /** The SMS URL (POST) points at this console's current public URL. */
  connected: boolean;
  /** The number Switchboard sends from (TWILIO_PHONE_NUMBER, or the demo number). */
  isBusinessNumber: boolean;
  /** The Messaging Service holding the number, when one does. */
  messagingService: { sid: string; name: string; overridesNumberUrl: boolean } | null;
  /** What the operator must change elsewhere for texts to arrive here (null = nothing). */
  warning: string | null;
  /** After connecting: what was changed on the number, in words (absent in lists). */
  changes?: string[];
}

export interface NumberList {
  publicUrl: string;
  numbers: PhoneNumberView[];
  /** False when Messaging Services could not be read: a service may still override a number. */
  messagingServicesChecked: boolean;
  /** The number connected with numbers:connect (re-pointed when the public URL changes). */
  connectedSid: string | null;
}

/** An approved WhatsApp sender of the account and whether its incoming messages come here. */
export interface WhatsAppSenderView {
  /** XE… (Twilio's Senders API). */
  sid: string;
  phoneNumber: string;
  name: string;
  /** Twilio's word: ONLINE, OFFLINE, PENDING_VERIFICATION… */
  status: string;
  /** Where its incoming messages go now ('' when unset). */
  callbackUrl: string;
  connected: boolean;
}

/** Going live with WhatsApp (Settings → Go live): the sandbox or an approved sender. */
export interface WhatsAppSetup {
  publicUrl: string;
  /** Where Twilio must post incoming WhatsApp messages: the same route as SMS. */
  webhookUrl: string;
  /** What the operator chose; null until they do. */
  choice: 'sandbox' | 'sender' | null;
  /** Demo mode: the simulator plays Twilio, its sandbox already posts here. */
  demo: boolean;
  sandbox: {
    phoneNumber: string;
    /** The words after "join"; null until read from the account or typed. */
    joinCode: string | null;
    /** Where the code came from: the account (demo: the simulator) or the operator. */
    joinCodeFrom: 'account' | 'operator' | null;
    /** What a customer must send the sandbox first: "join silver-lantern". */
    joinMessage: string | null;
    /** Participants must send it again after this many days. */
    participantDays: number;
    /** Where to paste `webhookUrl` in Twilio's console, step by step (no API sets it). */
    consoleSteps: string[];
  };
  /** The account's approved senders; null when Twilio's Senders API could not be read. */
  senders: WhatsAppSenderView[] | null;
  connectedSenderSid: string | null;
  /** What the last action changed at Twilio, in words. */
  changes?: string[];
}

export interface SelfTestResult {
  ok: boolean;
  /** The URL the signed test request went to. */
  url: string;
  message: string;
  /** The same through the public URL, shaped like an incoming WhatsApp message. */
  whatsapp: { ok: boolean; message: string };
}

export type CredentialService = 'twilio' | 'ai' | 'ngrok';

export interface CredentialCheck {
  service: CredentialService;
  /** null = not configured (nothing to check). */
  ok: boolean | null;
  message: string;
  checkedAt: number;
}

// --- records: exports, backups, import, retention, logs -----------------------------------------

export const exportKinds = [
  'conversations',
  'messages',
  'webhookLog',
  'auditLog',
  'transcript',
  'appLog',
] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ['csv', 'jsonl', 'html'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Pushed while an export runs, and once more when it ends (`done`). */
export interface ExportProgress {
  exportId: string;
  what: ExportKind;
  format: ExportFormat;
  /** Where the file is (or would have been) written. */
  path: string;
  /** Rows written so far, out of `total` (counted when the export started). */
  written: number;
  total: number;
  done: boolean;
  canceled: boolean;
  /** One sentence for the operator when the export failed. */
  error: string | null;
}

export interface BackupInfo {
  path: string;
  createdAt: number;
  /** The database file. */
  bytes: number;
  /** The attachments it carries (0 for a backup from before they were carried). */
  mediaFiles: number;
  /** Their bytes together (shared with other backups in the same folder: kept once there). */
  mediaBytes: number;
}

export interface BackupVerdict {
  ok: boolean;
  path: string;
  /** The backup's schema version; null when it could not be read. */
  schemaVersion: number | null;
  /** What is wrong, in words, when not ok. */
  problems: string[];
  messages: number | null;
  /** Attachments the backup carries (0 for a database-only backup from before issue 16). */
  mediaFiles: number;
  /**
   * Attachments missing or damaged in the backup, in words. They do not stop a restore (the
   * messages come back; those pictures do not), so they are apart from `problems`.
   */
  mediaProblems: string[];
}

export interface RecordsSettings {
  backups: {
    enabled: boolean;
    intervalHours: number;
    keep: number;
    /** The space the kept backups may take together, in GB; null: only `keep` limits them. */
    maxTotalGb: number | null;
    /** Absolute folder; null means `<data folder>/backups`. */
    folder: string | null;
  };
  /** Off by default: deletes conversations whose last activity is older than `months`. */
  retention: { enabled: boolean; months: number };
  /** Always on: how long the webhook log keeps accepted requests and refused ones (days). */
  webhookLog: { acceptedDays: number; refusedDays: number };
  /**
   * Privacy, off by default: once an attachment is kept on this computer, delete Twilio's copy
   * (the thread then says "Twilio's copy deleted").
   */
  media: { deleteCarrierCopy: boolean };
}

export interface RecordsSettingsView extends RecordsSettings {
  lastBackupAt: number | null;
  lastBackupError: string | null;
  lastRetentionAt: number | null;
  lastWebhookLogPruneAt: number | null;
  /** For "open data folder" and the default choices of folder pickers. */
  paths: { dataDir: string; exportsDir: string; backupsDir: string; logFile: string };
  /** What the backups in the backup folder take, and what is left on that disk (null: unknown). */
  backupSpace: { count: number; usedBytes: number; freeBytes: number | null };
  /** Who keeps the backups: Switchboard (the laptop's SQLite file) or PostgreSQL (a hub). */
  backupsBy: 'switchboard' | 'postgresql';
}

export interface ContactImportResult {
  /** Contacts created. */
  imported: number;
  /** Existing contacts (same number) whose name, notes or tags were filled in. */
  updated: number;
  /** Rows refused; when there is any, nothing was imported. */
  errors: Array<{ line: number; reason: string }>;
}

export interface RetentionResult {
  cutoff: number;
  conversations: number;
  messages: number;
}

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevelName = (typeof logLevels)[number];

export interface LogEntry {
  time: string;
  level: LogLevelName;
  /** The logger's name (webhooks, queue, send…). */
  name: string | null;
  msg: string;
  /** The rest of the line's fields (ids, counts), already redacted when written. */
  fields: Record<string, unknown>;
}
