/**
 * A customer texts a business number. Like Twilio, the message is stored first (so it can be listed
 * later even if the webhook fails), opt-out keywords take effect, and then the signed webhook goes
 * to the number's SMS URL. No auto-reply to STOP is simulated.
 */
import { randomBytes } from 'node:crypto';
import { maskAddress, type Logger } from '../log';
import { demoPicture } from './demoPicture';
import { API_VERSION, mediaPath, STORAGE_PREFIX } from './resources';
import type { Scheduler } from './scheduler';
import { segmentCount } from './segments';
import { newSid } from './sids';
import type { SimulatorMedia, SimulatorMessage, SimulatorStore } from './store';
import { sendSignedRequest } from './webhookClient';
import { noteSandboxInbound, type SandboxRules } from './whatsappSenders';

export interface TextBusinessArgs {
  /** The customer: "+E164" texts by SMS, "whatsapp:+E164" writes on WhatsApp. */
  from: string;
  /**
   * A business number of this simulator (SMS) or one of its WhatsApp senders, with or without
   * the "whatsapp:" prefix; the first of the right kind when left out.
   */
  to?: string;
  /** WhatsApp only: the name on the customer's WhatsApp profile (ProfileName). */
  profileName?: string;
  body: string;
  /**
   * Attachments. An item with `url` is content elsewhere (the media URL redirects there, no
   * credentials asked). Otherwise the simulator keeps the bytes (`bytes`, or a small demo
   * picture when none are given), behind Basic auth and a redirect to its storage, as Twilio does.
   */
  media?: Array<InboundMediaArgs>;
  /** When the customer sent it; now when left out. */
  at?: Date;
  /** false: store it (and apply opt-out keywords) but post no webhook, as if the app were down. */
  deliverWebhook?: boolean;
}

export interface InboundMediaArgs {
  url?: string | undefined;
  /** Default: image/png (the demo picture). */
  contentType?: string | undefined;
  bytes?: Uint8Array | undefined;
}

export interface TextBusinessResult {
  sid: string;
  /** What the SMS URL answered; null when unreachable, unset or not delivered on purpose. */
  webhookStatus: number | null;
}

/**
 * Twilio's default keywords; a whole-message, case-insensitive match. Kept apart from the app's
 * own list (domain/consent.ts) on purpose: the simulator plays Twilio, and a fake that borrowed the
 * code under test would agree with it by construction.
 */
const OPT_OUT = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
]);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);

export function consentKeyword(body: string): 'opt-out' | 'opt-in' | null {
  const word = body.trim().toUpperCase();
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  return null;
}

export interface InboundDeps {
  accountSid: string;
  authToken: string;
  store: SimulatorStore;
  scheduler: Scheduler;
  logger: Logger;
  /** The simulator's own URL (known once it listens): media URLs point at it, as Twilio's do. */
  baseUrl: () => string;
  /** Its media storage's URL: another origin, where media URLs redirect. */
  storageUrl: () => string;
  /** Who the WhatsApp sandbox takes as a participant. */
  sandbox: SandboxRules;
}

export async function textBusiness(
  deps: InboundDeps,
  args: TextBusinessArgs,
): Promise<TextBusinessResult> {
  const { store } = deps;
  const whatsapp = args.from.startsWith(WHATSAPP);
  const number = businessEnd(store, whatsapp, args.to);
  const media = args.media ?? [];
  const at = args.at ?? new Date();
  const message: SimulatorMessage = {
    sid: newSid(media.length > 0 ? 'MM' : 'SM'),
    direction: 'inbound',
    from: args.from,
    to: (whatsapp ? WHATSAPP : '') + number.phoneNumber,
    body: args.body,
    media: media.map((m) => mediaItem(deps, m)),
    status: 'received',
    errorCode: null,
    errorMessage: null,
    messagingServiceSid: null,
    statusCallback: null,
    numSegments: segmentCount(args.body).segments,
    dateCreated: at,
    dateUpdated: at,
    dateSent: at,
  };
  store.addMessage(message);
  if (whatsapp) {
    // The customer's message opens (or re-opens) WhatsApp's 24-hour window for free-form replies.
    const customer = args.from.slice(WHATSAPP.length);
    store.noteWhatsAppInbound(number.phoneNumber, customer, at.getTime());
    noteSandboxInbound(store, deps.sandbox, {
      sender: number.phoneNumber,
      customer,
      body: args.body,
      at: at.getTime(),
    });
  }

  const keyword = consentKeyword(args.body);
  if (keyword) store.setOptedOut(number.phoneNumber, args.from, keyword === 'opt-out');

  const log = deps.logger.child({ sid: message.sid, from: maskAddress(args.from) });
  if (args.deliverWebhook === false || !number.smsUrl) {
    log.info({ consent: keyword }, 'inbound stored, no webhook');
    return { sid: message.sid, webhookStatus: null };
  }
  const webhookStatus = await sendSignedRequest({
    url: number.smsUrl,
    method: number.smsMethod,
    params: whatsapp
      ? asWhatsApp(inboundParams(deps.accountSid, message, deps.baseUrl()), args.profileName)
      : inboundParams(deps.accountSid, message, deps.baseUrl()),
    authToken: deps.authToken,
    signal: deps.scheduler.signal,
  });
  log.info({ consent: keyword, answer: webhookStatus }, 'inbound webhook posted');
  return { sid: message.sid, webhookStatus };
}

/** One attachment: content elsewhere (its URL), or bytes kept in the simulator's storage. */
function mediaItem(
  deps: Pick<InboundDeps, 'store' | 'storageUrl'>,
  args: InboundMediaArgs,
): SimulatorMedia {
  const sid = newSid('ME');
  if (args.url !== undefined) {
    return { sid, url: args.url, contentType: args.contentType ?? null, keptHere: false };
  }
  const contentType = args.contentType ?? 'image/png';
  const path = `${STORAGE_PREFIX}${sid}-${randomBytes(12).toString('hex')}`;
  deps.store.keepBytes(path, {
    bytes: Buffer.from(args.bytes ?? demoPicture()),
    contentType,
  });
  return { sid, url: deps.storageUrl() + path, contentType, keptHere: true };
}

const WHATSAPP = 'whatsapp:';

/** The business end of an inbound text: a number for SMS, a WhatsApp sender for WhatsApp. */
function businessEnd(store: SimulatorStore, whatsapp: boolean, to: string | undefined) {
  const bare = to?.replace(/^whatsapp:/, '');
  const number = whatsapp
    ? bare
      ? store.whatsappSender(bare)
      : store.listWhatsAppSenders()[0]
    : bare
      ? store.numberByPhone(bare)
      : store.listNumbers()[0];
  if (!number) {
    throw new Error(
      `textBusiness: \`to\` is not one of the simulator's ${whatsapp ? 'WhatsApp senders' : 'numbers'}`,
    );
  }
  return number;
}

const GEO_FIELDS = [
  'FromCity',
  'FromState',
  'FromZip',
  'FromCountry',
  'ToCity',
  'ToState',
  'ToZip',
  'ToCountry',
];

/**
 * An incoming WhatsApp message's params: the customer's profile name and WhatsApp id (their
 * number without "+") added, and no geo fields, which WhatsApp does not have.
 */
function asWhatsApp(
  params: Record<string, string>,
  profileName: string | undefined,
): Record<string, string> {
  const out = Object.fromEntries(
    Object.entries(params).filter(([name]) => !GEO_FIELDS.includes(name)),
  );
  if (profileName) out.ProfileName = profileName;
  out.WaId = (params.From ?? '').replace(/^whatsapp:\+?/, '');
  return out;
}

/**
 * The params Twilio posts for an incoming message. Geo fields are best effort there too. MediaUrlN
 * is the carrier's own media URL (`baseUrl` + the media path), which redirects to the content.
 */
export function inboundParams(
  accountSid: string,
  m: SimulatorMessage,
  baseUrl: string,
): Record<string, string> {
  const from = m.from ?? '';
  const params: Record<string, string> = {
    ToCountry: countryOf(m.to),
    ToState: '',
    SmsMessageSid: m.sid,
    NumMedia: String(m.media.length),
    ToCity: '',
    FromZip: '',
    SmsSid: m.sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: m.body,
    FromCountry: countryOf(from),
    To: m.to,
    ToZip: '',
    NumSegments: String(m.numSegments),
    ReferralNumMedia: '0',
    MessageSid: m.sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: API_VERSION,
  };
  m.media.forEach((item, index) => {
    params[`MediaUrl${index}`] = baseUrl + mediaPath(accountSid, m.sid, item.sid);
    params[`MediaContentType${index}`] = item.contentType ?? '';
  });
  return params;
}

function countryOf(e164: string): string {
  return e164.startsWith('+1') ? 'US' : '';
}
