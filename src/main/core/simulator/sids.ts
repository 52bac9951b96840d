import { randomBytes } from 'node:crypto';

/** 32 lowercase hex characters, the body of every Twilio SID and of a default auth token. */
export function randomHex32(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Twilio SIDs are a two-letter type prefix + 32 hex: AC account, PN number, SM/MM message, ME a
 * message's media item, XE a WhatsApp sender (Senders API), HX a content template.
 */
export function newSid(prefix: 'AC' | 'PN' | 'SM' | 'MM' | 'ME' | 'XE' | 'HX'): string {
  return prefix + randomHex32();
}
