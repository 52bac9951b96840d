/**
 * Twilio's default opt-out keywords for long codes and toll-free numbers. Twilio matches the whole
 * message, case-insensitively; "STOP please" is an ordinary message, not an opt-out.
 */
const optOutKeywords = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
]);
const optInKeywords = new Set(['START', 'YES', 'UNSTOP']);
const helpKeywords = new Set(['HELP', 'INFO']);

export type ConsentSignal = 'opt-out' | 'opt-in' | 'help' | null;

/**
 * What an inbound message says about consent. `OptOutType` (sent for numbers in a Messaging
 * Service with Advanced Opt-Out, whose keywords may be customised) wins over our own matching.
 */
export function consentSignal(body: string, optOutType?: string | undefined): ConsentSignal {
  switch (optOutType?.toUpperCase()) {
    case 'STOP':
      return 'opt-out';
    case 'START':
      return 'opt-in';
    case 'HELP':
      return 'help';
    default:
      break;
  }
  const word = body.trim().toUpperCase();
  if (optOutKeywords.has(word)) return 'opt-out';
  if (optInKeywords.has(word)) return 'opt-in';
  if (helpKeywords.has(word)) return 'help';
  return null;
}
