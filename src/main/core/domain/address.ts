import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Channel } from '../../../shared/types';

export interface NormalizedAddress {
  /** E.164 when it parses as a phone number; otherwise the address as given (short code, name). */
  address: string;
  /** Exactly what the carrier sent, kept for audit and for replying on the same channel. */
  raw: string;
  channel: Channel;
  isPhoneNumber: boolean;
}

/**
 * Normalizes a carrier address. Twilio sends E.164 ("+14155550123") for SMS and "whatsapp:+…" for
 * WhatsApp; operators type anything ("(415) 555-0123", "0412 345 678"), read in `defaultCountry`.
 *
 * Remembers recent answers: every inbound webhook normalizes two addresses, one of them always the
 * business's own number, and parsing with libphonenumber costs ~13 µs each, a quarter of the
 * store's work per message (BENCHMARKS.md). The answer depends only on the two arguments.
 */
export function normalizeAddress(raw: string, defaultCountry?: CountryCode): NormalizedAddress {
  const key = `${defaultCountry ?? ''} ${raw}`;
  const known = recentlyNormalized.get(key);
  if (known) return { ...known };
  const normalized = parseAddress(raw, defaultCountry);
  // Oldest first out, so a long stream of one-off senders cannot grow the map without bound.
  if (recentlyNormalized.size >= NORMALIZED_CACHE_SIZE) {
    recentlyNormalized.delete(recentlyNormalized.keys().next().value!);
  }
  recentlyNormalized.set(key, normalized);
  return { ...normalized };
}

const NORMALIZED_CACHE_SIZE = 5_000;
const recentlyNormalized = new Map<string, NormalizedAddress>();

function parseAddress(raw: string, defaultCountry?: CountryCode): NormalizedAddress {
  const trimmed = raw.trim();
  const whatsapp = /^whatsapp:/i.test(trimmed);
  const number = whatsapp ? trimmed.slice('whatsapp:'.length) : trimmed;
  const channel: Channel = whatsapp ? 'whatsapp' : 'sms';
  const parsed = parsePhoneNumberFromString(number, defaultCountry);
  if (parsed?.isPossible()) {
    return { address: parsed.number, raw: trimmed, channel, isPhoneNumber: true };
  }
  return { address: number, raw: trimmed, channel, isPhoneNumber: false };
}

/** A number typed by the operator must become a dialable E.164 number, or be refused. */
export function parseOperatorNumber(
  input: string,
  defaultCountry?: CountryCode,
): { ok: true; e164: string } | { ok: false; reason: string } {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed) {
    return {
      ok: false,
      reason: `"${input.trim()}" is not a phone number. Type it with its country code, like +1 415 555 0100.`,
    };
  }
  if (!parsed.isPossible()) {
    return {
      ok: false,
      reason: `"${input.trim()}" has the wrong number of digits for ${parsed.country ?? 'its country'}.`,
    };
  }
  return { ok: true, e164: parsed.number };
}
