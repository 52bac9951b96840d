/**
 * Twilio error codes in words an operator can act on. The operator is not an engineer: each entry
 * says what happened and what to do next, and whether sending again could ever help. Sources:
 * https://www.twilio.com/docs/api/errors/<code> and protocols.md §3.
 */

import { whatsappErrorEntries } from './whatsappErrors';

export type PermanentContactProblem = 'opted-out' | 'invalid-number' | 'not-mobile';

export interface CarrierErrorExplanation {
  code: number | null;
  title: string;
  explanation: string;
  action: string;
  /** True when the same message may succeed if sent again later, unchanged. */
  retryable: boolean;
  /** Set when no message to this contact can succeed until something about the contact changes. */
  permanentForContact?: PermanentContactProblem;
}

interface CatalogueEntry {
  title: string;
  /** Lower-case phrase that completes "Failed: 30007 — …" in the message list. */
  summary: string;
  explanation: string;
  action: string;
  retryable: boolean;
  permanentForContact?: PermanentContactProblem;
}

const catalogue: ReadonlyMap<number, CatalogueEntry> = new Map<number, CatalogueEntry>([
  ...whatsappErrorEntries,
  [
    20003,
    {
      title: 'Twilio did not accept our credentials',
      summary: 'Twilio credentials were refused',
      explanation:
        'Twilio refused the Account SID or Auth Token this app is using, so nothing can be sent.',
      action:
        'Open Settings and check the Twilio Account SID and Auth Token (copy them again from the Twilio Console). Then send again.',
      retryable: false,
    },
  ],
  [
    20404,
    {
      title: 'Twilio could not find what we asked for',
      summary: 'not found at Twilio',
      explanation:
        'Twilio could not find the account, number or message this app referred to. It may have been deleted, or Settings point at a different Twilio account.',
      action:
        'Open Settings and check the Twilio account and sending number are the ones you use in the Twilio Console.',
      retryable: false,
    },
  ],
  [
    20429,
    {
      title: 'Too many requests at once',
      summary: 'Twilio was busy, will retry',
      explanation:
        'Twilio asked us to slow down. The message was not processed, so sending it again is safe.',
      action:
        'Nothing to do: the app sends it again shortly. If this keeps happening, send fewer messages at once.',
      retryable: true,
    },
  ],
  [
    21211,
    {
      title: 'The phone number is not valid',
      summary: 'the phone number is not valid',
      explanation:
        "Twilio says this customer's phone number is not a real, correctly written number.",
      action:
        "Check the customer's number, including the country code (like +1 for the US), and correct it.",
      retryable: false,
      permanentForContact: 'invalid-number',
    },
  ],
  [
    21212,
    {
      title: 'Our sending number is not valid',
      summary: 'our sending number is not valid',
      explanation: 'The "From" number this app sends from is not a valid phone number for Twilio.',
      action:
        'Open Settings and check the sending number matches one you own in the Twilio Console.',
      retryable: false,
    },
  ],
  [
    21408,
    {
      title: "Sending to this country isn't switched on",
      summary: 'sending to this country is not enabled',
      explanation:
        "Your Twilio account is not allowed to send texts to this customer's country yet.",
      action:
        'In the Twilio Console, open Messaging → Settings → Geo permissions and allow this country, then send again.',
      retryable: false,
    },
  ],
  [
    21606,
    {
      title: "Our sending number can't send texts",
      summary: 'our sending number cannot send texts',
      explanation:
        'The number this app sends from does not belong to your Twilio account, or cannot send SMS.',
      action: 'Open Settings and choose a number from your Twilio account that can send SMS.',
      retryable: false,
    },
  ],
  [
    21610,
    {
      title: 'The customer has opted out',
      summary: 'the customer has opted out (texted STOP)',
      explanation:
        'This customer texted STOP, so Twilio blocks every message to them from this number.',
      action:
        'Do not try again. They can start receiving messages again only by texting START to your number themselves.',
      retryable: false,
      permanentForContact: 'opted-out',
    },
  ],
  [
    21611,
    {
      title: 'Too many messages waiting to go out',
      summary: 'too many messages waiting at Twilio',
      explanation:
        'Our sending number has more messages waiting at Twilio than it is allowed to hold.',
      action:
        'Nothing to do now: the app tries again later. If it keeps happening, send fewer messages at once.',
      retryable: true,
    },
  ],
  [
    21612,
    {
      title: "Can't text this number from ours",
      summary: 'this number cannot be texted from ours',
      explanation:
        "Twilio has no route to deliver texts from our number to this customer's number (often a country or carrier we cannot reach).",
      action:
        'Contact this customer another way, or ask Twilio support which sending number can reach them.',
      retryable: false,
    },
  ],
  [
    21614,
    {
      title: 'Not a mobile number',
      summary: 'not a mobile number',
      explanation: "This customer's number cannot receive texts; it is probably a landline.",
      action: 'Ask the customer for a mobile number, or call them instead.',
      retryable: false,
      permanentForContact: 'not-mobile',
    },
  ],
  [
    21617,
    {
      title: 'The message is too long',
      summary: 'the message is too long',
      explanation: 'Twilio accepts at most 1,600 characters in one message.',
      action: 'Shorten the message, or split it into two, and send again.',
      retryable: false,
    },
  ],
  [
    30001,
    {
      title: 'Too many messages queued',
      summary: 'too many messages queued, will retry',
      explanation: 'Twilio had too many messages waiting for our number and dropped this one.',
      action:
        'Nothing to do now: the app tries again later. If it keeps happening, send fewer messages at once.',
      retryable: true,
    },
  ],
  [
    30002,
    {
      title: 'The Twilio account is suspended',
      summary: 'the Twilio account is suspended',
      explanation:
        'Twilio has suspended or closed the account this app uses, so nothing can be sent.',
      action:
        'Log in to the Twilio Console (check billing and any messages from Twilio), or contact Twilio support.',
      retryable: false,
    },
  ],
  [
    30003,
    {
      title: "The customer's phone is unreachable",
      summary: "the customer's phone is unreachable",
      explanation:
        "The customer's phone is switched off, out of signal, or cannot take messages right now.",
      action: 'Try again later. If it keeps failing, contact the customer another way.',
      retryable: true,
    },
  ],
  [
    30004,
    {
      title: 'The message was blocked',
      summary: 'blocked',
      explanation:
        'The message was blocked before reaching the customer. They may have blocked our number, or their carrier or plan blocks messages like this.',
      action:
        'Do not resend the same message. Contact the customer another way if it is important.',
      retryable: false,
    },
  ],
  [
    30005,
    {
      title: 'Unknown or inactive number',
      summary: 'unknown or inactive number',
      explanation:
        "The customer's carrier says this number does not exist or is no longer in service.",
      action: 'Check the number with the customer; they may have changed it.',
      retryable: false,
      permanentForContact: 'invalid-number',
    },
  ],
  [
    30006,
    {
      title: 'Landline or unreachable carrier',
      summary: 'landline or unreachable carrier',
      explanation:
        "The number can't receive texts: it is probably a landline, or its carrier cannot be reached from our number.",
      action: 'Ask the customer for a mobile number, or call them instead.',
      retryable: false,
      permanentForContact: 'not-mobile',
    },
  ],
  [
    11200,
    {
      title: 'Twilio could not fetch the attachment',
      summary: 'Twilio could not fetch the attachment',
      explanation:
        "Twilio fetches a picture from Switchboard's public address, and it got no file: the address was not reachable (tunnel offline), or the link had closed.",
      action:
        'Check in Settings → Go live that the tunnel (or your own public URL) is online, then press Retry: the picture is still on this computer and goes with a new link.',
      retryable: true,
    },
  ],
  [
    11751,
    {
      title: 'Attachment too large for the channel',
      summary: 'attachment too large for the channel',
      explanation:
        'The attachments of this message are larger than the channel carries (an MMS takes 5 MB in all, WhatsApp 16 MB).',
      action: 'Send a smaller copy of the picture, or fewer attachments per message.',
      retryable: false,
    },
  ],
  [
    12300,
    {
      title: 'Twilio does not send this kind of file',
      summary: 'attachment type not accepted',
      explanation:
        'Twilio fetched the attachment but does not send files of its type on this channel.',
      action: 'Attach a JPEG, PNG or GIF picture, or a PDF, instead.',
      retryable: false,
    },
  ],
  [
    30007,
    {
      title: 'Filtered as spam by the carrier',
      summary: 'filtered as spam by the carrier',
      explanation:
        "The customer's carrier decided this message looked like spam and did not deliver it.",
      action:
        'Rewrite it in plainer words (avoid link shorteners, ALL CAPS and words like "free" or "winner") before sending again. If many messages are filtered, check your number\'s registration in the Twilio Console.',
      retryable: false,
    },
  ],
  [
    30008,
    {
      title: 'Unknown delivery error',
      summary: 'unknown delivery error',
      explanation: "The customer's carrier rejected the message without saying why.",
      action: 'Try sending once more. If it fails again, contact the customer another way.',
      retryable: true,
    },
  ],
  [
    30034,
    {
      title: 'Our number is not registered for US texting',
      summary: 'our number is not registered (US A2P 10DLC)',
      explanation:
        'US carriers only deliver business texts from numbers registered for A2P 10DLC, and our sending number is not registered yet.',
      action:
        'In the Twilio Console, open Messaging → Regulatory Compliance and finish the A2P 10DLC brand and campaign registration for this number.',
      retryable: false,
    },
  ],
  [
    63016,
    {
      title: 'Outside the WhatsApp 24-hour window',
      summary: 'outside the WhatsApp 24-hour window',
      explanation:
        'WhatsApp only allows free-form replies within 24 hours of the customer’s last message to you, and that window has closed.',
      action:
        'Send an approved WhatsApp template instead, or wait for the customer to message you first.',
      retryable: false,
    },
  ],
]);

function moreInfoUrl(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

/** Explains any Twilio error code; codes we have not catalogued still name the code and its docs. */
export function explainCarrierError(code: number | null | undefined): CarrierErrorExplanation {
  if (code === null || code === undefined) {
    return {
      code: null,
      title: 'The message was not sent',
      explanation: 'Twilio did not say why the message failed.',
      action: 'Try sending once more. If it fails again, contact the customer another way.',
      retryable: true,
    };
  }
  const entry = catalogue.get(code);
  if (entry) {
    const { title, explanation, action, retryable, permanentForContact } = entry;
    return permanentForContact
      ? { code, title, explanation, action, retryable, permanentForContact }
      : { code, title, explanation, action, retryable };
  }
  return {
    code,
    title: `Twilio error ${code}`,
    explanation: `Twilio error ${code} — look it up at ${moreInfoUrl(code)}`,
    action: `Open ${moreInfoUrl(code)} to see what it means. Sending again will not help until the cause is fixed.`,
    retryable: false,
  };
}

/**
 * One line a screen reader can say for an outbound or inbound message status ("Failed: 30007 —
 * filtered as spam by the carrier"). `status` is a Twilio MessageStatus or our own "pending";
 * anything else is read out as given rather than hidden.
 */
export function describeDeliveryStatus(status: string, errorCode: number | null): string {
  switch (status) {
    case 'pending':
    case 'accepted':
    case 'queued':
      return 'Waiting to send';
    case 'scheduled':
      return 'Scheduled';
    case 'sending':
      return 'Sending…';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'partially_delivered':
      return 'Partly delivered';
    case 'read':
      return 'Read';
    case 'receiving':
      return 'Receiving…';
    case 'received':
      return 'Received';
    case 'canceled':
      return 'Canceled';
    case 'failed':
      return withReason('Failed', errorCode);
    case 'undelivered':
      return withReason('Not delivered', errorCode);
    default:
      return `Status: ${status}`;
  }
}

function withReason(label: string, errorCode: number | null): string {
  if (errorCode === null) return label;
  const summary = catalogue.get(errorCode)?.summary ?? 'unknown error code';
  return `${label}: ${errorCode} — ${summary}`;
}
