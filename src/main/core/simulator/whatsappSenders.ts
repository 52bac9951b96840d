/**
 * WhatsApp going live, as the simulator plays it: the account's approved senders through Twilio's
 * Senders API (messaging v2, `/v2/Channels/Senders`, JSON bodies), whose incoming-message webhook
 * can be set there; and the shared sandbox, which that API does not list (its "When a message
 * comes in" URL is set in Twilio's console only) and which reaches only customers who sent its
 * "join <code>" in the last 3 days.
 */
import { TwilioApiError, apiErrors } from './errors';
import type { DeliveryOutcome } from './magicNumbers';
import type { ApiResponse } from './rest';
import type { SimulatorPhoneNumber, SimulatorStore } from './store';

/** Sandbox participants expire this long after their "join" (Twilio's sandbox rule). */
export const SANDBOX_PARTICIPANT_MS = 3 * 24 * 60 * 60 * 1000;

/** The sandbox's join rule, per simulator. */
export interface SandboxRules {
  /** The words after "join", e.g. "silver-lantern". */
  joinCode: string;
  /**
   * True: only a customer who sent "join <code>" (in the last 3 days) can be messaged, as on
   * Twilio. False (the default, for demos and tests of other things): the sandbox reaches anyone,
   * within WhatsApp's window.
   */
  joinRequired: boolean;
}

const API = 'https://messaging.twilio.com/v2/Channels/Senders';
const SENDERS = /^\/v2\/Channels\/Senders$/;
const SENDER = /^\/v2\/Channels\/Senders\/([^/]+)$/;

export function isSendersPath(path: string): boolean {
  return path.startsWith('/v2/Channels/Senders');
}

/** GET the list (Channel=whatsapp required), GET one, POST one (JSON: its webhook). */
export function handleSenders(
  store: SimulatorStore,
  req: { method: string; path: string; query: URLSearchParams; rawBody: string },
): ApiResponse {
  if (SENDERS.test(req.path) && req.method === 'GET') return listSenders(store, req.query);
  const sid = SENDER.exec(req.path)?.[1];
  const sender = sid === undefined ? undefined : approvedSenders(store).find((s) => s.sid === sid);
  if (!sender) throw apiErrors.notFound(req.path);
  if (req.method === 'GET') return { status: 200, body: senderJson(sender.sid, sender.number) };
  if (req.method === 'POST') {
    updateWebhook(store, sender.number, parseJson(req.rawBody));
    return { status: 202, body: senderJson(sender.sid, sender.number) };
  }
  throw new TwilioApiError(405, 20004, 'Method not allowed');
}

/** The account's approved senders (the sandbox is not one). */
function approvedSenders(store: SimulatorStore) {
  return store.listWhatsAppSenders().flatMap((number) => {
    const record = store.senderRecord(number.phoneNumber);
    return record && !record.sandbox ? [{ sid: record.sid, number }] : [];
  });
}

function listSenders(store: SimulatorStore, query: URLSearchParams): ApiResponse {
  const channel = query.get('Channel');
  if (!channel) throw apiErrors.badRequest(20001, 'Missing required parameter Channel');
  const senders = channel.toLowerCase() === 'whatsapp' ? approvedSenders(store) : [];
  const pageSize = Math.min(Math.max(Number(query.get('PageSize')) || 20, 1), 1000);
  const url = `${API}?Channel=${encodeURIComponent(channel)}&PageSize=${pageSize}`;
  return {
    status: 200,
    body: {
      senders: senders.slice(0, pageSize).map((s) => senderJson(s.sid, s.number)),
      meta: {
        page: 0,
        page_size: pageSize,
        first_page_url: `${url}&Page=0`,
        previous_page_url: null,
        url: `${url}&Page=0`,
        next_page_url: null,
        key: 'senders',
      },
    },
  };
}

/** A sender as the Senders API returns it (snake_case, the webhook object included). */
function senderJson(sid: string, number: SimulatorPhoneNumber): Record<string, unknown> {
  return {
    sid,
    status: 'ONLINE',
    sender_id: `whatsapp:${number.phoneNumber}`,
    friendly_name: number.friendlyName,
    configuration: { waba_id: '1234567890', verification_method: 'sms' },
    webhook: {
      callback_url: number.smsUrl || null,
      callback_method: number.smsMethod,
      fallback_url: null,
      fallback_method: 'POST',
      status_callback_url: number.statusCallback || null,
      status_callback_method: number.statusCallbackMethod,
    },
    profile: { name: number.friendlyName },
    properties: { quality_rating: 'HIGH', messaging_limit: '1K' },
    offline_reasons: null,
    url: `${API}/${sid}`,
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw apiErrors.badRequest(20001, 'Invalid JSON in the request body');
  }
}

function updateWebhook(store: SimulatorStore, number: SimulatorPhoneNumber, body: unknown): void {
  const webhook = (body as { webhook?: Record<string, unknown> } | null)?.webhook;
  if (!webhook || typeof webhook !== 'object') return; // nothing to change: Twilio answers as is
  const url = (name: string): string | undefined => {
    const value = webhook[name];
    if (value === undefined) return undefined;
    if (value === null || value === '') return '';
    if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value)) {
      throw apiErrors.badRequest(20001, `Invalid webhook.${name}`);
    }
    return value;
  };
  const method = webhook.callback_method;
  if (method !== undefined && method !== 'POST' && method !== 'GET') {
    throw apiErrors.badRequest(20001, 'Invalid webhook.callback_method');
  }
  const callbackUrl = url('callback_url');
  const statusCallbackUrl = url('status_callback_url');
  store.updateNumber(number, {
    ...(callbackUrl !== undefined ? { smsUrl: callbackUrl } : {}),
    ...(method !== undefined ? { smsMethod: method } : {}),
    ...(statusCallbackUrl !== undefined ? { statusCallback: statusCallbackUrl } : {}),
  });
}

/** A customer's message to the sandbox: "join <code>" makes them a participant from `at`. */
export function noteSandboxInbound(
  store: SimulatorStore,
  rules: SandboxRules,
  args: { sender: string; customer: string; body: string; at: number },
): void {
  if (!store.senderRecord(args.sender)?.sandbox) return;
  if (args.body.trim().toLowerCase() === `join ${rules.joinCode.toLowerCase()}`) {
    store.noteSandboxJoin(args.customer, args.at);
  }
}

function isParticipant(store: SimulatorStore, customer: string, now: number): boolean {
  const joined = store.sandboxJoinedAt(customer);
  return joined !== undefined && now - joined < SANDBOX_PARTICIPANT_MS;
}

/**
 * A message from the sandbox to someone who has not joined it, or whose join is older than 3
 * days: accepted, then failed with 63015, as Twilio does (when the rules require joining).
 * Undefined for any other sender.
 */
export function sandboxRefusal(
  store: SimulatorStore,
  rules: SandboxRules,
  args: { sender: string; customer: string; now: number },
): DeliveryOutcome | undefined {
  const { sender, customer, now } = args;
  if (!rules.joinRequired || !store.senderRecord(sender)?.sandbox) return undefined;
  return isParticipant(store, customer, now) ? undefined : { status: 'failed', errorCode: 63015 };
}
