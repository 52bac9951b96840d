import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { MediaTooLargeError, storeMediaFile, type StoredMediaFile } from './mediaFiles';
import { bareContentType, mediaKind, type MediaKind } from './mediaTypes';

/** The carrier account the media belongs to: its API origin gets the credentials, nothing else. */
export interface MediaAccount {
  /** Where the carrier's API lives (https://api.twilio.com, or the simulator on loopback). */
  apiBaseUrl: string;
  accountSid: string;
  authToken: string;
}

export interface FetchedMedia extends StoredMediaFile {
  contentType: string;
  kind: MediaKind;
}

/**
 * Why an attachment could not be kept, in words for the operator. `retryable` says whether trying
 * again later can help (the carrier unreachable or busy) or not (deleted, refused, too large).
 */
export class MediaFetchError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** Over the size cap: kept on the carrier only, and said so in the console. */
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'MediaFetchError';
  }
}

const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 60_000;

/**
 * Downloads one attachment into the media folder. Twilio's media URLs may demand HTTP basic auth
 * (an account setting) and answer with a redirect to short-lived storage elsewhere; the
 * credentials go only to the carrier's own origin, never along a redirect to another host, so
 * redirects are followed here, by hand.
 */
export async function fetchMedia(
  url: string,
  options: { account: MediaAccount; mediaDir: string; maxBytes: number; fetch?: typeof fetch },
): Promise<FetchedMedia> {
  const response = await follow(url, options.account, options.fetch ?? fetch);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    throw tooLarge(options.maxBytes);
  }
  if (!response.body) throw new MediaFetchError('The carrier sent an empty attachment.', true);
  const contentType = bareContentType(response.headers.get('content-type'));
  try {
    const stored = await storeMediaFile(
      options.mediaDir,
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      options.maxBytes,
    );
    return { ...stored, contentType, kind: mediaKind(contentType) };
  } catch (error) {
    if (error instanceof MediaTooLargeError) throw tooLarge(options.maxBytes);
    throw new MediaFetchError(
      `The attachment stopped arriving halfway (${(error as Error).message}). It will be tried again.`,
      true,
    );
  }
}

async function follow(start: string, account: MediaAccount, fetcher: typeof fetch) {
  const carrierOrigin = new URL(account.apiBaseUrl).origin;
  const basic = Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64');
  let url = new URL(start);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const request = () =>
      fetcher(url, {
        redirect: 'manual',
        headers: url.origin === carrierOrigin ? { authorization: `Basic ${basic}` } : {},
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    let response: Response;
    try {
      // A GET is safe to repeat: a connection cut under it (a kept-alive socket the server had
      // just closed) is tried once more at once instead of waiting for the job's backoff.
      response = await request().catch((error: unknown) => {
        if (!isCutConnection(error)) throw error;
        return request();
      });
    } catch (error) {
      throw new MediaFetchError(
        `The carrier could not be reached for an attachment (${describeNetworkError(error)}). It will be tried again.`,
        true,
      );
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (response.ok) return response;
    await response.body?.cancel();
    throw refused(response.status);
  }
  throw new MediaFetchError('The attachment was redirected too many times.', false);
}

function refused(status: number): MediaFetchError {
  if (status === 401 || status === 403) {
    return new MediaFetchError(
      'Twilio refused our credentials for an attachment. Check the Account SID and Auth Token in Settings.',
      false,
    );
  }
  if (status === 404 || status === 410) {
    return new MediaFetchError(
      'The attachment is no longer on Twilio (it was deleted there before we could keep a copy).',
      false,
    );
  }
  if (status === 429 || status >= 500) {
    return new MediaFetchError(
      `The carrier was busy (HTTP ${status}) when we fetched an attachment. It will be tried again.`,
      true,
    );
  }
  return new MediaFetchError(`The carrier answered HTTP ${status} for an attachment.`, false);
}

const tooLarge = (maxBytes: number) =>
  new MediaFetchError(
    `The attachment is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most Switchboard keeps; it stays on Twilio only.`,
    false,
    true,
  );

/** The connection broke under the request (reset, closed by the other side), not refused or slow. */
function isCutConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'no answer within a minute';
  return cause?.code ?? (error as Error).message;
}
