import type { MessageStatus } from '../../../shared/types';
import { CarrierError, type Carrier, type CarrierMessage, type CarrierTemplate } from './carrier';
import { RestException, TwilioRateLimitError, type TwilioClient } from './twilioSdk';

/** The shape of a Twilio Message resource as the SDK returns it (the fields we use). */
interface TwilioMessage {
  sid: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  numSegments: string | null;
  numMedia: string | null;
  dateCreated: Date;
}

/** A Twilio Media resource (a message's attachment) as the SDK returns it. */
interface TwilioMedia {
  contentType: string;
  /** "/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME….json" */
  uri: string;
}

/** A ContentAndApprovals resource as the SDK returns it (the fields we use). */
interface TwilioContent {
  sid: string;
  friendlyName: string;
  language: string;
  variables: Record<string, unknown> | null;
  types: Record<string, { body?: unknown } | undefined> | null;
  approvalRequests: { whatsapp?: { status?: string; rejection_reason?: string; category?: string } } | null; // prettier-ignore
}

/** The text a template sends: its twilio/text body, else the body of its first type that has one. */
function contentBody(types: TwilioContent['types']): string {
  const all = Object.entries(types ?? {});
  const text = types?.['twilio/text']?.body ?? all.find(([, t]) => typeof t?.body === 'string')?.[1]?.body; // prettier-ignore
  return typeof text === 'string' ? text : '';
}

const toCarrierTemplate = (c: TwilioContent): CarrierTemplate => {
  const whatsapp = c.approvalRequests?.whatsapp;
  return {
    sid: c.sid,
    name: c.friendlyName,
    language: c.language,
    body: contentBody(c.types),
    samples: Object.fromEntries(
      Object.entries(c.variables ?? {}).map(([key, value]) => [key, String(value)]),
    ),
    approval: whatsapp?.status || 'unsubmitted',
    rejectionReason: whatsapp?.rejection_reason || null,
    category: whatsapp?.category ?? null,
  };
};

/** A page of a Twilio list, as far as we walk it. */
interface Paged {
  instances: unknown[];
  /** undefined (not a promise) on the last page. */
  nextPage(): Promise<Paged> | undefined;
}

const toCarrierMessage = (m: TwilioMessage): CarrierMessage => ({
  sid: m.sid,
  direction: m.direction === 'inbound' ? 'inbound' : 'outbound',
  from: m.from,
  to: m.to,
  body: m.body ?? '',
  status: m.status,
  errorCode: m.errorCode ?? null,
  numSegments: m.numSegments === null ? null : Number(m.numSegments),
  numMedia: Number(m.numMedia ?? 0) || 0,
  dateCreated: m.dateCreated.getTime(),
});

/** Turns whatever the SDK threw into a CarrierError the worker can act on. */
export function classifyTwilioError(error: unknown): CarrierError {
  if (error instanceof CarrierError) return error;
  if (error instanceof TwilioRateLimitError) {
    return new CarrierError(error.message, 'rate-limited', 20429, error.retryAfterMs);
  }
  if (error instanceof RestException) {
    const code = error.code ?? null;
    const message = `${error.message}${code ? ` (${code})` : ''}`;
    if (error.status === 401 || error.status === 403 || code === 20003) {
      return new CarrierError(message, 'unauthorized', code);
    }
    if (error.status === 429) return new CarrierError(message, 'rate-limited', code ?? 20429);
    if (error.status >= 500) return new CarrierError(message, 'unavailable', code);
    return new CarrierError(message, 'rejected', code);
  }
  // No HTTP answer: connection refused or reset, DNS, timeout.
  const text = error instanceof Error ? error.message : String(error);
  return new CarrierError(`Could not reach Twilio: ${text}`, 'unavailable', null);
}

/** Runs one SDK request; whatever it throws comes out as a CarrierError. */
export async function callTwilio<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyTwilioError(error);
  }
}

/** Where Twilio's REST API lives, and with it every media URL it hands out. */
export const TWILIO_API = 'https://api.twilio.com';

/**
 * The real carrier: Twilio through the official SDK (or the simulator, through the same SDK, with
 * `apiBaseUrl` its loopback URL).
 */
export function createTwilioCarrier(
  client: TwilioClient,
  options: { apiBaseUrl?: string | undefined } = {},
): Carrier {
  const apiBase = (options.apiBaseUrl ?? TWILIO_API).replace(/\/+$/, '');
  return {
    send: (message) =>
      callTwilio(async () => {
        const created = await client.messages.create({
          to: message.to,
          from: message.from,
          // A template goes by its SID; Twilio renders the body from it and the variables.
          ...(message.content
            ? {
                contentSid: message.content.sid,
                contentVariables: JSON.stringify(message.content.variables),
              }
            : { body: message.body }),
          ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
          // Repeated MediaUrl parameters: Twilio fetches each from our public address.
          ...(message.mediaUrls?.length ? { mediaUrl: [...message.mediaUrls] } : {}),
        });
        return { sid: created.sid, status: created.status as MessageStatus };
      }),

    findSent: (query) =>
      callTwilio(async () => {
        // Newest first; stop once we are past `since`. Date filters are day-granular at Twilio
        // and apply to date_sent (null while queued), so we filter on date_created ourselves.
        let page: Paged = await client.messages.page({
          to: query.to,
          from: query.from,
          pageSize: 50,
        });
        for (;;) {
          for (const item of page.instances as TwilioMessage[]) {
            const created = item.dateCreated.getTime();
            if (created < query.since) return undefined;
            if (item.body === query.body && !query.knownSids.has(item.sid)) {
              return toCarrierMessage(item);
            }
          }
          const next = page.nextPage();
          if (!next) return undefined;
          page = await next;
        }
      }),

    fetchMessage: (sid) =>
      callTwilio(async () =>
        toCarrierMessage((await client.messages(sid).fetch()) as TwilioMessage),
      ),

    listInbound: (query) =>
      callTwilio(async () => {
        // Twilio's dates are whole seconds: a message from the same second as `since` counts.
        const since = Math.floor(query.since / 1000) * 1000;
        const found: CarrierMessage[] = [];
        let page: Paged = await client.messages.page({
          to: query.to,
          dateSentAfter: new Date(query.since - 24 * 3600_000),
          pageSize: 100,
        });
        for (;;) {
          for (const item of page.instances as TwilioMessage[]) {
            if (item.direction !== 'inbound') continue;
            if (item.dateCreated.getTime() >= since) found.push(toCarrierMessage(item));
          }
          const next = page.nextPage();
          if (!next) break;
          page = await next;
        }
        return found.sort((a, b) => a.dateCreated - b.dateCreated);
      }),

    listTemplates: () =>
      callTwilio(async () => {
        const items = (await client.content.v1.contentAndApprovals.list({
          pageSize: 500,
        })) as unknown as TwilioContent[];
        return items.map(toCarrierTemplate);
      }),

    listMedia: (messageSid) =>
      callTwilio(async () => {
        const items = (await client.messages(messageSid).media.list()) as TwilioMedia[];
        // The resource URI without ".json" is the media URL, exactly as MediaUrlN carries it.
        return items.map((item) => ({
          url: apiBase + item.uri.replace(/\.json$/, ''),
          contentType: item.contentType,
        }));
      }),

    deleteMedia: async (mediaUrl) => {
      const sids = mediaSidsOf(mediaUrl);
      if (!sids) {
        throw new CarrierError(`Not a Twilio media address: ${mediaUrl}`, 'rejected', null);
      }
      try {
        await callTwilio(() => client.messages(sids.messageSid).media(sids.mediaSid).remove());
        return 'deleted';
      } catch (error) {
        // 20404: Twilio has no such media (any more): what we asked for is already true.
        if (error instanceof CarrierError && error.code === 20404) return 'gone';
        throw error;
      }
    },
  };
}

/** The message and media SIDs in a Twilio media URL (`…/Messages/MM…/Media/ME…`). */
export function mediaSidsOf(mediaUrl: string): { messageSid: string; mediaSid: string } | null {
  const match = /\/Messages\/([A-Z]{2}[0-9a-f]{32})\/Media\/(ME[0-9a-f]{32})(?:\.json)?$/i.exec(
    mediaUrl.split('?')[0] ?? '',
  );
  return match ? { messageSid: match[1]!, mediaSid: match[2]! } : null;
}
