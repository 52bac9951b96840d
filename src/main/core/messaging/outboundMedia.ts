/**
 * Pictures and PDFs the operator sends (issue 16, item 8): an upload is kept in the media folder
 * and staged in its conversation's composer before anything else happens, so nothing attached is
 * lost to a restart or a failed send; sending moves it onto the message; each send attempt gives
 * each item a random token Twilio fetches it with (`webhooks/mediaOut.ts` serves it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AttachmentLimits, Channel, StagedAttachment } from '../../../shared/types';
import { mediaPath } from '../../../shared/types';
import { channelRules, outgoingMediaProblem, sendableTypesInWords } from '../domain/channels';
import { Refusal } from '../domain/refusal';
import { MediaTooLargeError, mediaRelativePath, storeMediaFile } from '../media/mediaFiles';
import { mediaKind } from '../media/mediaTypes';
import { SNIFF_BYTES, sniffContentType } from '../media/sniff';
import type { Db } from '../store/database';
import {
  findServableMedia,
  findStagedMedia,
  insertStagedMedia,
  isMediaReferenced,
  setServeTokens,
  type StagedMediaRecord,
} from '../store/outboundMedia';
import { replyRouteOrRefuse } from './preSend';

/**
 * How long a link Twilio fetches an attachment with stays open when the message does not reach
 * a final status first: Twilio fetches within moments of accepting the message, and a message
 * still queued after this is sent again with new links if it fails.
 */
export const MEDIA_LINK_TTL_MS = 30 * 60_000;

/** The public route an attachment is fetched from: `/media-out/<token>`. */
export const MEDIA_OUT_PREFIX = '/media-out/';

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

class NotSendableType extends Error {}

/**
 * Passes bytes through once their first few say they are a type the operator may send. Lazy:
 * nothing is read from `source` until the media store reads, so a refusal always reaches it.
 */
function sniffing(source: Readable): { stream: Readable; contentType: () => string | null } {
  let type: string | null = null;
  async function* checked(): AsyncGenerator<Buffer> {
    let head = Buffer.alloc(0);
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (type !== null) {
        yield chunk;
        continue;
      }
      head = Buffer.concat([head, chunk]);
      if (head.length < SNIFF_BYTES) continue;
      type = sniffContentType(head);
      if (type === null) throw new NotSendableType();
      yield head;
    }
    if (type === null) {
      type = sniffContentType(head);
      if (type === null) throw new NotSendableType();
      yield head;
    }
  }
  return { stream: Readable.from(checked()), contentType: () => type };
}

/** The composer's view of a staged attachment: the laptop's copy for its preview. */
export function toStagedAttachment(record: StagedMediaRecord): StagedAttachment {
  return {
    id: record.id,
    conversationId: record.conversationId,
    kind: mediaKind(record.contentType),
    contentType: record.contentType,
    size: record.size,
    url: mediaPath(record.sha256),
  };
}

/** What the console checks before uploading: the channel's own rules, from the rule book. */
export function attachmentLimits(channel: Channel): AttachmentLimits {
  const rules = channelRules[channel];
  return {
    types: { ...rules.sendMedia.types },
    maxItems: rules.media.maxItems,
    maxTotalBytes: rules.media.maxBytes,
  };
}

/**
 * Keeps an upload for this conversation's composer: the type sniffed from the bytes, the size
 * cut while streaming (nothing past the channel's largest limit is written), then judged by the
 * channel's rules. Refuses in plain words; what it refuses leaves no row.
 */
export async function stageAttachment(
  deps: { db: Db; mediaDir: string; now: () => number },
  args: { conversationId: number; source: Readable },
): Promise<StagedAttachment> {
  const { channel } = replyRouteOrRefuse(deps.db, args.conversationId);
  const rules = channelRules[channel];
  const cap = Math.max(...Object.values(rules.sendMedia.types));
  const sniffed = sniffing(args.source);
  let stored;
  try {
    stored = await storeMediaFile(deps.mediaDir, sniffed.stream, cap);
  } catch (error) {
    if (error instanceof NotSendableType) {
      throw new Refusal(
        `That file is not a picture or a PDF Switchboard can send on ${rules.label}: attach ${sendableTypesInWords(channel)} instead.`,
        'invalid',
      );
    }
    if (error instanceof MediaTooLargeError) {
      throw new Refusal(
        `That file is larger than ${rules.label} takes (at most ${Math.round(cap / 1024 / 1024)} MB). Make it smaller and attach it again.`,
        'invalid',
      );
    }
    throw error;
  }
  const contentType = sniffed.contentType()!;
  const problem = outgoingMediaProblem(channel, [{ contentType, size: stored.size }]);
  if (problem !== null) {
    forgetUnreferencedFile(deps, stored.sha256);
    throw new Refusal(problem, 'invalid');
  }
  const record = insertStagedMedia(deps.db, {
    conversationId: args.conversationId,
    sha256: stored.sha256,
    contentType,
    size: stored.size,
    now: deps.now(),
  });
  return toStagedAttachment(record);
}

/**
 * Removes a kept file nothing names any more (a refused upload, an attachment removed before
 * sending). Files are shared by hash, so one still named elsewhere stays.
 */
export function forgetUnreferencedFile(deps: { db: Db; mediaDir: string }, sha256: string): void {
  if (isMediaReferenced(deps.db, sha256)) return;
  rmSync(join(deps.mediaDir, mediaRelativePath(sha256)), { force: true });
}

/** The staged attachments a send names, all of them or a refusal (removed meanwhile). */
export function stagedOrRefuse(
  db: Db,
  args: { conversationId: number; ids: readonly number[] },
): StagedMediaRecord[] {
  const found = findStagedMedia(db, args);
  if (found.length !== new Set(args.ids).size) {
    throw new Refusal(
      'An attachment of this message is no longer there (removed in another window?). Attach it again.',
    );
  }
  return found;
}

/**
 * This attempt's links for a message's attachments: a fresh 256-bit token per item, only its
 * hash stored, open until `now + MEDIA_LINK_TTL_MS` (or the message's final status). An earlier
 * attempt's links stop working.
 */
export function mintMediaLinks(
  db: Db,
  args: { messageId: number; count: number; baseUrl: string; now: number },
): string[] {
  const tokens = Array.from({ length: args.count }, () => randomBytes(32).toString('base64url'));
  setServeTokens(db, {
    messageId: args.messageId,
    tokenHashes: tokens.map(tokenHash),
    until: args.now + MEDIA_LINK_TTL_MS,
  });
  return tokens.map((token) => `${args.baseUrl}${MEDIA_OUT_PREFIX}${token}`);
}

/** Once a message is here, Twilio has fetched its media long ago (or never will). */
const FINAL = new Set(['delivered', 'undelivered', 'failed', 'read', 'canceled']);
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface MediaOutFile {
  messageId: number;
  path: string;
  contentType: string;
  size: number;
}

/** The file a token opens right now, or undefined (unknown, expired, final, gone). */
export type MediaOutLookup = (token: string) => MediaOutFile | undefined;

export function mediaOutLookup(deps: {
  db: Db;
  mediaDir: string;
  now: () => number;
}): MediaOutLookup {
  return (token) => {
    if (!TOKEN.test(token)) return undefined;
    const found = findServableMedia(deps.db, tokenHash(token));
    if (!found || found.serveUntil <= deps.now() || FINAL.has(found.messageStatus)) {
      return undefined;
    }
    const path = join(deps.mediaDir, mediaRelativePath(found.sha256));
    if (!existsSync(path)) return undefined;
    return { messageId: found.messageId, path, contentType: found.contentType, size: found.size };
  };
}
