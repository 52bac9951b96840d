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
 */
export function normalizeAddress(raw: string, defaultCountry?: CountryCode): NormalizedAddress {
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
