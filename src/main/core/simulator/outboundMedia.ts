/**
 * What Twilio does with an outbound message's `MediaUrl`s: fetches each one (a plain HTTP GET,
 * no credentials, redirects followed) soon after accepting the message, keeps the bytes, and
 * fails the message with its own error code when a fetch fails: 11200 when the URL does not
 * answer 200 (gone, expired, unreachable), 12300 when the type is not one the channel takes,
 * 11751 when the media is larger than the channel allows (MMS 5 MB in all, WhatsApp 16 MB).
 */
import type { Logger } from '../log';
import type { DeliveryOutcome } from './magicNumbers';
import type { SimulatorMessage, SimulatorStore, StoredBytes } from './store';

const MB = 1024 * 1024;

/** Twilio's accepted MMS types (the ones it does not refuse with 12300). */
const MMS_TYPES =
  /^(image\/(jpeg|png|gif|bmp|webp)|audio\/.+|video\/.+|text\/(vcard|x-vcard|calendar|csv|rtf)|application\/pdf)$/;
/** WhatsApp: JPEG and PNG pictures, audio, MP4 and 3GP video, documents. */
const WHATSAPP_TYPES =
  /^(image\/(jpeg|png)|audio\/.+|video\/(mp4|3gpp)|application\/pdf|text\/plain)$/;

const fail = (errorCode: number): DeliveryOutcome => ({ status: 'failed', errorCode });

/** Where the simulator keeps an outbound item's bytes (not a storage URL: nobody fetches them). */
export const outboundStoragePath = (mediaSid: string): string => `outbound:${mediaSid}`;

/** True for a message whose media the carrier still has to fetch (outbound, not fetched yet). */
export const needsMediaFetch = (message: SimulatorMessage): boolean =>
  message.direction === 'outbound-api' && message.media.some((item) => !item.keptHere);

/**
 * Fetches the message's media like Twilio; undefined when every item was fetched and kept, else
 * the failure the message ends with.
 */
export async function fetchOutboundMedia(
  message: SimulatorMessage,
  deps: { store: SimulatorStore; signal: AbortSignal; logger: Logger },
): Promise<DeliveryOutcome | undefined> {
  const whatsapp = message.to.startsWith('whatsapp:');
  const limit = whatsapp ? 16 * MB : 5 * MB;
  const accepted = whatsapp ? WHATSAPP_TYPES : MMS_TYPES;
  let total = 0;
  for (const item of message.media) {
    if (item.keptHere) continue;
    let response: Response;
    try {
      response = await fetch(item.url, { signal: deps.signal, redirect: 'follow' });
    } catch {
      return fail(11200);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      deps.logger.info({ sid: message.sid, answer: response.status }, 'media fetch refused');
      return fail(11200);
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!accepted.test(contentType.toLowerCase())) {
      await response.body?.cancel();
      return fail(12300);
    }
    const bytes = await readAtMost(response, limit - total);
    if (bytes === undefined) return fail(11751);
    total += bytes.length;
    deps.store.keepBytes(outboundStoragePath(item.sid), { bytes, contentType });
    item.contentType = contentType;
    item.keptHere = true;
  }
  return undefined;
}

/** The body, or undefined as soon as it passes `max` bytes (the rest is not read). */
async function readAtMost(response: Response, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** The bytes the carrier fetched for an outbound message, in order (tests compare them). */
export function fetchedMedia(store: SimulatorStore, message: SimulatorMessage): StoredBytes[] {
  return message.media.flatMap((item) => store.storedBytes(outboundStoragePath(item.sid)) ?? []);
}
