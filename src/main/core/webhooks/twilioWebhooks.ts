import type { CountryCode } from 'libphonenumber-js';
import { EMPTY_TWIML, isValidTwilioSignature } from '../carriers/twilioSdk';
import type { Logger } from '../log';
import { mediaFromParams, storeInboundMessage, type InboundOutcome } from '../messaging/inbound';
import { recordDeliveryStatus, type StatusOutcome } from '../messaging/deliveryStatus';
import type { Db } from '../store/database';
import { addRefusalCount, insertWebhookLog, type SignatureVerdict } from '../store/webhookLog';
import {
  describeIssues,
  inboundSchema,
  parseForm,
  singleValued,
  statusSchema,
  type InboundParams,
  type StatusParams,
} from './forms';
import type { GroupCommitter } from './groupCommit';
import { RefusalRate, refusalSummary } from './refusalLog';
import { routes, type WebhookProcessor, type WebhookReply, type WebhookRequest } from './server';

export interface SigningContext {
  authToken: string;
  /** The base URL Twilio calls (tunnel or the user's own); signatures are computed over it. */
  publicUrl: string;
  accountSid: string;
}

export interface TwilioWebhookOptions {
  committer: GroupCommitter;
  signing: () => SigningContext;
  logger: Logger;
  defaultCountry?: CountryCode | undefined;
  now?: () => number;
  /** Called after commit, for pushing events to the UI. */
  onInbound?: (outcome: Extract<InboundOutcome, { duplicate: false }>) => void;
  onStatus?: (outcome: Extract<StatusOutcome, { applied: true }>) => void;
  /** A request could not be stored (it is answered 500): the app tells the operator why. */
  onStoreFailure?: (error: unknown) => void;
  /** A signed request was stored and answered 200: the store takes writes (again). */
  onStored?: () => void;
  health?: () => Record<string, unknown>;
}

const plain = (status: number, message: string): WebhookReply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${message}\n`,
});
const twiml: WebhookReply = { status: 200, contentType: 'text/xml', body: EMPTY_TWIML };

type RefusedRequest = Omit<WebhookRequest, 'rawBody'> & {
  rawBody: string | null;
  declaredBytes?: number;
};

/**
 * Refused requests keep a summary, and beyond a rate only a count per minute (refusalLog.ts).
 * `flushCounts` writes the counts kept in memory (on a timer during a flood, and at close).
 */
function createRefuser(committer: GroupCommitter, logger: Logger, now: () => number) {
  const rate = new RefusalRate();
  let countsTimer: NodeJS.Timeout | undefined;
  const flushCounts = async () => {
    clearTimeout(countsTimer);
    countsTimer = undefined;
    const counts = rate.drain();
    if (counts.length === 0) return;
    await committer
      .submit((db: Db) => {
        for (const { minute, count } of counts) addRefusalCount(db, minute, count);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not count refused webhooks'));
  };

  const refuse = async (
    request: RefusedRequest,
    verdict: SignatureVerdict,
    reply: WebhookReply,
    reason: string,
    messageSid: string | null = null,
  ): Promise<WebhookReply> => {
    const at = now();
    if (!rate.admit(at)) {
      // A flood: counted in memory, written once a few seconds (and when the listener closes).
      countsTimer ??= setTimeout(() => void flushCounts(), 5_000);
      countsTimer.unref?.();
      return reply;
    }
    logger.warn({ route: request.route, status: reply.status, reason }, 'webhook refused');
    const bodyBytes =
      request.rawBody !== null
        ? Buffer.byteLength(request.rawBody)
        : (request.declaredBytes ?? null);
    await committer.submit((db: Db) =>
      insertWebhookLog(
        db,
        refusalSummary({
          receivedAt: at,
          route: request.route,
          method: request.method,
          headers: request.headers,
          bodyBytes,
          signature: verdict,
          statusCode: reply.status,
          outcome: reason,
          messageSid,
        }),
      ),
    );
    return reply;
  };

  return { refuse, flushCounts };
}

type Verified = { inbound: true; data: InboundParams } | { inbound: false; data: StatusParams };

/**
 * A signed, valid request: one durable write through group commit (the message or its status,
 * with its webhook_log line), and only then the answer.
 */
async function storeVerified(
  options: TwilioWebhookOptions,
  now: () => number,
  request: WebhookRequest,
  parsed: Verified,
  single: Record<string, string>,
): Promise<WebhookReply> {
  const { committer } = options;
  const sid = parsed.data.MessageSid;
  const log = (db: Db, outcome: string) =>
    insertWebhookLog(db, {
      receivedAt: now(),
      route: request.route,
      method: request.method,
      headers: request.headers,
      rawBody: request.rawBody,
      signature: 'valid',
      statusCode: 200,
      outcome,
      messageSid: sid,
    });

  if (parsed.inbound) {
    const data = parsed.data;
    const outcome = await committer.submit((db) => {
      const result = storeInboundMessage(
        db,
        {
          sid,
          from: data.From,
          to: data.To,
          body: data.Body,
          media: mediaFromParams(single, data.NumMedia),
          numSegments: data.NumSegments ?? null,
          optOutType: data.OptOutType,
          profileName: data.ProfileName,
        },
        { now: now(), defaultCountry: options.defaultCountry },
      );
      log(
        db,
        result.duplicate ? 'duplicate: already stored' : `stored as message ${result.messageId}`,
      );
      return result;
    });
    if (!outcome.duplicate) options.onInbound?.(outcome);
    return twiml;
  }

  const data = parsed.data;
  const outcome = await committer.submit((db) => {
    const result = recordDeliveryStatus(
      db,
      { sid, status: data.MessageStatus, errorCode: data.ErrorCode ?? null, raw: single },
      now(),
    );
    log(
      db,
      result.applied ? `status ${data.MessageStatus} applied` : `status kept: ${result.reason}`,
    );
    return result;
  });
  if (outcome.applied) options.onStatus?.(outcome);
  return twiml;
}

/**
 * What Twilio's webhooks mean: signature first, then validation, then one durable write (with its
 * webhook_log line) through group commit, and only then the answer. Every request is logged with
 * its verdict, including the ones refused.
 */
export function createTwilioWebhookProcessor(options: TwilioWebhookOptions): WebhookProcessor {
  const { committer, logger } = options;
  const now = options.now ?? Date.now;

  const { refuse, flushCounts } = createRefuser(committer, logger, now);

  const handle = async (request: WebhookRequest): Promise<WebhookReply> => {
    const signature = request.headers['x-twilio-signature'];
    if (!signature) {
      return refuse(request, 'missing', plain(403, 'Missing X-Twilio-Signature'), 'no signature');
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return refuse(
        request,
        'not-checked',
        plain(415, 'Expected application/x-www-form-urlencoded'),
        `unsupported content type "${contentType}"`,
      );
    }
    const params = parseForm(request.rawBody);
    if (typeof params === 'string') {
      return refuse(request, 'not-checked', plain(400, params), params);
    }
    const signing = options.signing();
    const signedUrl = signing.publicUrl.replace(/\/+$/, '') + request.pathAndQuery;
    if (!isValidTwilioSignature(signing.authToken, signature, signedUrl, params)) {
      return refuse(
        request,
        'invalid',
        plain(403, 'Invalid X-Twilio-Signature'),
        `signature does not match ${signedUrl}`,
      );
    }
    const single = singleValued(params);
    if (typeof single === 'string') return refuse(request, 'valid', plain(400, single), single);

    // Validate once, against the route's own schema; the typed data is what gets stored.
    const isInbound = request.route === routes.inbound;
    const parsed = isInbound
      ? { inbound: true as const, result: inboundSchema.safeParse(single) }
      : { inbound: false as const, result: statusSchema.safeParse(single) };
    if (!parsed.result.success) {
      const reason = describeIssues(parsed.result.error);
      return refuse(request, 'valid', plain(400, reason), reason);
    }
    const sid = parsed.result.data.MessageSid;
    const accountSid = parsed.result.data.AccountSid;
    if (accountSid && accountSid !== signing.accountSid) {
      const reason = 'AccountSid is not the configured Twilio account';
      return refuse(request, 'valid', plain(400, reason), reason, sid);
    }

    const verified: Verified = parsed.inbound
      ? { inbound: true, data: parsed.result.data }
      : { inbound: false, data: parsed.result.data };
    return storeVerified(options, now, request, verified, single);
  };

  return {
    handle: (request) =>
      handle(request).then(
        (reply) => {
          if (reply.status === 200) options.onStored?.();
          return reply;
        },
        (error: unknown) => {
          options.onStoreFailure?.(error);
          throw error;
        },
      ),
    refused: async (request, reply, reason) => {
      const declared = Number(request.headers['content-length']);
      await refuse(
        {
          ...request,
          rawBody: null,
          ...(Number.isFinite(declared) ? { declaredBytes: declared } : {}),
        },
        'not-checked',
        reply,
        reason,
      );
    },
    close: flushCounts,
    health: () => options.health?.() ?? { status: 'ok' },
  };
}
