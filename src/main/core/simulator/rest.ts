/**
 * The Twilio REST routes the simulator serves (api/v2010). Handlers either return a response or
 * throw a TwilioApiError; the server turns both into HTTP. Validation order and error codes follow
 * Twilio so the app's error handling is exercised for real.
 */
import { maskAddress, type Logger } from '../log';
import type { StatusWalker } from './callbacks';
import { contentToSend, handleContent, isContentPath, type ContentTemplates } from './content';
import { TwilioApiError, apiErrors, createError } from './errors';
import { MAGIC_FROM, MAGIC_TO, WHATSAPP_WINDOW_MS, type DeliveryOutcome } from './magicNumbers';
import { paginate } from './paging';
import { accountJson, accountPath, mediaJson, messageJson, phoneNumberJson } from './resources';
import { segmentCount } from './segments';
import { newSid } from './sids';
import type { SimulatorMessage, SimulatorPhoneNumber, SimulatorStore } from './store';
import { sandboxRefusal, type SandboxRules } from './whatsappSenders';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The form-encoded body (empty for GET). */
  form: URLSearchParams;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface RestDeps {
  accountSid: string;
  store: SimulatorStore;
  walker: StatusWalker;
  accountCreated: Date;
  /** Who the WhatsApp sandbox reaches. */
  sandbox: SandboxRules;
  logger: Logger;
  /** The account's content templates (Content API). */
  templates: ContentTemplates;
}

const MAX_BODY_CHARS = 1600;
const MAX_MEDIA = 10;

const ROUTES = {
  account: /^\/2010-04-01\/Accounts\/([^/]+)\.json$/,
  messages: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/,
  message: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/,
  mediaList: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\/Media\.json$/,
  media: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\/Media\/([^/]+)\.json$/,
  numbers: /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/,
  number: /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/([^/]+)\.json$/,
} as const;

/** True for POST .../Messages.json: what stats() counts. */
export function isMessagesCreate(method: string, path: string): boolean {
  return method === 'POST' && ROUTES.messages.test(path);
}

export function handleRest(deps: RestDeps, req: ApiRequest): ApiResponse {
  const { method, path } = req;
  if (isContentPath(path)) return handleContent(deps, req);
  const route = matchRoute(path);
  if (!route || route.accountSid !== deps.accountSid) throw apiErrors.notFound(path);
  const sid = route.sid ?? '';
  switch (route.name) {
    case 'account':
      if (method === 'GET') return ok(accountJson(deps.accountSid, deps.accountCreated));
      break;
    case 'messages':
      if (method === 'POST') return createMessage(deps, req.form);
      if (method === 'GET') return listMessages(deps, req);
      break;
    case 'message':
      if (method === 'GET') return ok(messageJson(deps.accountSid, findMessage(deps, sid, path)));
      break;
    case 'mediaList':
      if (method === 'GET') return listMedia(deps, findMessage(deps, sid, path), req);
      break;
    case 'media': {
      const message = findMessage(deps, sid, path);
      const media = message.media.find((item) => item.sid === route.itemSid);
      if (!media) throw apiErrors.notFound(path);
      if (method === 'GET') return ok(mediaJson(deps.accountSid, message, media));
      if (method === 'DELETE') {
        // As on Twilio: the resource and its content go; the media URL then answers 404.
        deps.store.removeMedia(message.sid, media.sid);
        return { status: 204, body: null };
      }
      break;
    }
    case 'numbers':
      if (method === 'GET') return listNumbers(deps, req);
      break;
    case 'number': {
      const number = deps.store.numberBySid(sid);
      if (!number) throw apiErrors.notFound(path);
      if (method === 'GET') return ok(phoneNumberJson(deps.accountSid, number));
      if (method === 'POST') return updateNumber(deps, number, req.form);
      break;
    }
  }
  throw new TwilioApiError(405, 20004, 'Method not allowed');
}

interface Route {
  name: keyof typeof ROUTES;
  accountSid: string;
  sid: string | undefined;
  /** A media item's ME… SID under its message. */
  itemSid: string | undefined;
}

function matchRoute(path: string): Route | undefined {
  for (const name of Object.keys(ROUTES) as Array<keyof typeof ROUTES>) {
    const match = ROUTES[name].exec(path);
    if (match) return { name, accountSid: match[1] ?? '', sid: match[2], itemSid: match[3] };
  }
  return undefined;
}

/** A media URL as Twilio gives it (no ".json"). */
const MEDIA_CONTENT = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\/Media\/([^/.]+)$/;

/**
 * Where a media URL redirects (Twilio sends a 307 to its storage), or undefined when `path` is
 * not a known media item. `needsAuth`: the bytes are kept here and, like an account with HTTP
 * Basic auth on media, the URL answers only with the account's credentials; an item that came
 * with a URL of its own redirects there for anyone (an account without that setting).
 */
export function mediaLocation(
  deps: RestDeps,
  path: string,
): { location: string; needsAuth: boolean } | undefined {
  const match = MEDIA_CONTENT.exec(path);
  if (!match || match[1] !== deps.accountSid) return undefined;
  const item = deps.store.message(match[2] ?? '')?.media.find((m) => m.sid === match[3]);
  return item && { location: item.url, needsAuth: item.keptHere };
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });

function findMessage(deps: RestDeps, sid: string, path: string): SimulatorMessage {
  const message = deps.store.message(sid);
  if (!message) throw apiErrors.notFound(path);
  return message;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const bareAddress = (address: string): string => address.replace(/^whatsapp:/, '');

function createMessage(deps: RestDeps, form: URLSearchParams): ApiResponse {
  const { store } = deps;
  const to = form.get('To') ?? '';
  const from = form.get('From') ?? '';
  const serviceSid = form.get('MessagingServiceSid') ?? '';
  const content = contentToSend(deps.templates, form);
  const body = content?.body ?? form.get('Body') ?? '';
  const mediaUrls = form.getAll('MediaUrl').filter((url) => url !== '');
  const statusCallback = form.get('StatusCallback') ?? '';

  if (!to) throw createError(21604);
  if (!from && !serviceSid) throw createError(21603);
  if (!body && mediaUrls.length === 0) throw createError(21602);
  if (body.length > MAX_BODY_CHARS) throw createError(21617);
  if (mediaUrls.length > MAX_MEDIA) throw createError(21623);
  if (statusCallback && !isHttpUrl(statusCallback)) {
    throw apiErrors.badRequest(21609, 'Invalid StatusCallback url');
  }
  if (serviceSid && !/^MG[0-9a-f]{32}$/.test(serviceSid)) {
    throw apiErrors.badRequest(21705, 'The Messaging Service Sid is invalid.');
  }
  const whatsapp = from.startsWith('whatsapp:');
  if (from) {
    const magic = MAGIC_FROM[from];
    if (magic) throw createError(magic, from);
    const sender = whatsapp
      ? store.whatsappSender(bareAddress(from))
      : store.numberByPhone(bareAddress(from));
    if (!sender) throw createError(whatsapp ? 63007 : 21606, from);
    if (whatsapp !== to.startsWith('whatsapp:')) throw createError(21910);
  }
  if (!E164.test(bareAddress(to))) throw createError(21211, to);
  const magicTo = MAGIC_TO[to];
  if (magicTo) throw createError(magicTo, to);
  // A Messaging Service picks its sender later; opt-outs are checked against that sender.
  const sender = from ? bareAddress(from) : serviceSender(store);
  if (store.isOptedOut(sender, bareAddress(to))) throw createError(21610);

  const now = new Date();
  const message: SimulatorMessage = {
    sid: newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
    direction: 'outbound-api',
    from: from || null,
    to,
    body,
    media: mediaUrls.map((url) => ({ sid: newSid('ME'), url, contentType: null, keptHere: false })),
    status: from ? 'queued' : 'accepted',
    errorCode: null,
    errorMessage: null,
    messagingServiceSid: serviceSid || null,
    statusCallback: statusCallback || null,
    ...(content ? { contentSid: form.get('ContentSid'), contentVariables: form.get('ContentVariables') } : {}), // prettier-ignore
    numSegments: segmentCount(body).segments,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
  };
  store.addMessage(message);
  store.countCreated(to);
  deps.logger.info(
    { sid: message.sid, to: maskAddress(to), segments: message.numSegments },
    'message accepted',
  );
  deps.walker.start(
    message,
    whatsapp ? outsideWindow(store, deps.sandbox, message, now, content?.approved) : undefined,
  );
  return { status: 201, body: messageJson(deps.accountSid, message) };
}

/**
 * WhatsApp takes a free-form message only within 24 hours of the customer's last message to that
 * sender (the simulator's own record, not the app's); otherwise it is accepted and then fails
 * with 63016, as on Twilio. The sandbox first wants the customer joined (63015). Outside the
 * window a template goes only if WhatsApp approved it; a pending or rejected one fails with 63027
 * (no approved template for it). `template`: undefined for a free-form message, else whether its
 * template is approved.
 */
function outsideWindow(
  store: SimulatorStore,
  sandbox: SandboxRules,
  message: SimulatorMessage,
  now: Date,
  template: boolean | undefined,
): DeliveryOutcome | undefined {
  const [sender, customer] = [bareAddress(message.from ?? ''), bareAddress(message.to)];
  const notJoined = sandboxRefusal(store, sandbox, { sender, customer, now: now.getTime() });
  if (notJoined) return notJoined;
  const wrote = store.whatsappInboundAt(sender, customer);
  if (wrote !== undefined && now.getTime() - wrote < WHATSAPP_WINDOW_MS) return undefined;
  if (template === true) return undefined;
  return { status: 'failed', errorCode: template === false ? 63027 : 63016 };
}

/** The sender a Messaging Service uses: the account's first number (the simulated pool). */
export function serviceSender(store: SimulatorStore): string {
  return store.listNumbers()[0]?.phoneNumber ?? '';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A message's media items, in the order they were attached (MediaUrl0 first). */
function listMedia(deps: RestDeps, message: SimulatorMessage, req: ApiRequest): ApiResponse {
  return ok(
    paginate({
      items: message.media,
      query: req.query,
      path: `${accountPath(deps.accountSid)}/Messages/${message.sid}/Media.json`,
      key: 'media_list',
      render: (media) => mediaJson(deps.accountSid, message, media),
    }),
  );
}

function listMessages(deps: RestDeps, req: ApiRequest): ApiResponse {
  const { query } = req;
  const to = query.get('To');
  const from = query.get('From');
  const on = parseDateFilter(query.get('DateSent'), 'DateSent');
  const after = parseDateFilter(query.get('DateSent>'), 'DateSent>');
  const before = parseDateFilter(query.get('DateSent<'), 'DateSent<');

  // Twilio filters and sorts by date_sent; a message not sent yet counts at its creation time.
  const stored = deps.store.allMessages();
  const when = (m: SimulatorMessage): number => (m.dateSent ?? m.dateCreated).getTime();
  const items = stored
    .map((message, index) => ({ message, index, sid: message.sid, at: when(message) }))
    .filter(({ message: m, at }) => {
      if (to !== null && m.to !== to) return false;
      if (from !== null && m.from !== from) return false;
      if (on && !(at >= on.from && at < on.until)) return false;
      if (after && at < after.from) return false;
      if (before && at >= before.until) return false;
      return true;
    })
    .sort((a, b) => b.at - a.at || b.index - a.index); // newest first, like Twilio

  return ok(
    paginate({
      items,
      query,
      path: `${accountPath(deps.accountSid)}/Messages.json`,
      key: 'messages',
      render: ({ message }) => messageJson(deps.accountSid, message),
    }),
  );
}

/**
 * A DateSent filter as a [from, until) window in ms. DateSent= names a whole UTC day (Twilio
 * documents it as YYYY-MM-DD; the SDK sends a date-time, whose day we take). DateSent> / DateSent<
 * (">=" / "<=" on the wire) are inclusive: a bare date covers its whole day, a date-time is exact
 * to the second (JSON dates have second resolution).
 */
function parseDateFilter(
  raw: string | null,
  name: 'DateSent' | 'DateSent>' | 'DateSent<',
): { from: number; until: number } | undefined {
  if (raw === null || raw === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const parsed = Date.parse(dateOnly ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(parsed)) throw apiErrors.badRequest(20001, `Invalid ${name} value: ${raw}`);
  if (dateOnly || name === 'DateSent') {
    const day = Math.floor(parsed / 86_400_000) * 86_400_000;
    return { from: day, until: day + 86_400_000 };
  }
  const second = Math.floor(parsed / 1000) * 1000;
  return { from: second, until: second + 1000 };
}

function listNumbers(deps: RestDeps, req: ApiRequest): ApiResponse {
  const phoneNumber = req.query.get('PhoneNumber');
  const friendlyName = req.query.get('FriendlyName');
  const items = deps.store
    .listNumbers()
    .filter((n) => phoneNumber === null || n.phoneNumber.includes(phoneNumber))
    .filter((n) => friendlyName === null || n.friendlyName === friendlyName);
  return ok(
    paginate({
      items,
      query: req.query,
      path: `${accountPath(deps.accountSid)}/IncomingPhoneNumbers.json`,
      key: 'incoming_phone_numbers',
      render: (n) => phoneNumberJson(deps.accountSid, n),
    }),
  );
}

function updateNumber(
  deps: RestDeps,
  number: SimulatorPhoneNumber,
  form: URLSearchParams,
): ApiResponse {
  const smsUrl = form.get('SmsUrl');
  const statusCallback = form.get('StatusCallback');
  if (smsUrl && !isHttpUrl(smsUrl)) throw apiErrors.badRequest(21502, 'SmsUrl is not valid');
  if (statusCallback && !isHttpUrl(statusCallback)) {
    throw apiErrors.badRequest(21609, 'Invalid StatusCallback url');
  }
  const method = (name: string): 'GET' | 'POST' | undefined => {
    const value = form.get(name);
    if (value === null) return undefined;
    return value.toUpperCase() === 'GET' ? 'GET' : 'POST';
  };
  const changes: Partial<SimulatorPhoneNumber> = {};
  if (smsUrl !== null) changes.smsUrl = smsUrl;
  if (statusCallback !== null) changes.statusCallback = statusCallback;
  const smsMethod = method('SmsMethod');
  if (smsMethod) changes.smsMethod = smsMethod;
  const statusCallbackMethod = method('StatusCallbackMethod');
  if (statusCallbackMethod) changes.statusCallbackMethod = statusCallbackMethod;
  const friendlyName = form.get('FriendlyName');
  if (friendlyName) changes.friendlyName = friendlyName;
  deps.store.updateNumber(number, changes);
  deps.logger.info({ numberSid: number.sid, fields: Object.keys(changes) }, 'number updated');
  return ok(phoneNumberJson(deps.accountSid, number));
}
