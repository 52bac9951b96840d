/**
 * Magic numbers. The synchronous ones copy Twilio's test credentials
 * (https://www.twilio.com/docs/iam/test-credentials) so code written against the simulator meets the
 * same refusals it would meet with test credentials. The delivery ones are our own: Twilio has no
 * magic numbers for handset errors, so we pick +1500553000X → error 3000X.
 */
import type { CreateErrorCode } from './errors';

/** To numbers that make Messages create answer HTTP 400 at once. */
export const MAGIC_TO: Readonly<Record<string, CreateErrorCode>> = {
  '+15005550001': 21211, // invalid To
  '+15005550002': 21612, // not reachable via SMS
  '+15005550003': 21408, // no permission for the region
  '+15005550004': 21610, // unsubscribed recipient (replied STOP)
  '+15005550009': 21614, // not a mobile number
};

/** From numbers that make Messages create answer HTTP 400 at once. */
export const MAGIC_FROM: Readonly<Record<string, CreateErrorCode>> = {
  '+15005550001': 21212, // invalid From
  '+15005550007': 21606, // not owned by the account
  '+15005550008': 21611, // sender queue full
};

export type FinalFailure = 'undelivered' | 'failed';

export interface DeliveryOutcome {
  status: FinalFailure;
  errorCode: number;
}

/** To numbers whose messages are accepted (201) and later end with a delivery error. */
export const MAGIC_DELIVERY: Readonly<Record<string, DeliveryOutcome>> = {
  '+15005530003': { status: 'undelivered', errorCode: 30003 },
  '+15005530004': { status: 'undelivered', errorCode: 30004 },
  '+15005530005': { status: 'undelivered', errorCode: 30005 },
  '+15005530006': { status: 'undelivered', errorCode: 30006 },
  '+15005530007': { status: 'undelivered', errorCode: 30007 },
  '+15005530008': { status: 'undelivered', errorCode: 30008 },
};

/** error_message for the delivery codes (Twilio's short titles). */
export const DELIVERY_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  30003: 'Unreachable destination handset',
  30004: 'Message blocked',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
  11200: 'HTTP retrieval failure',
  11751: 'Media exceeds messaging provider size limit',
  12300: 'Invalid Content-Type',
  63015: 'Channel Sandbox can only send messages to phone numbers that have joined the Sandbox',
  63016:
    'Failed to send freeform message because you are outside the allowed window. Please use a Template.',
  63027: 'Template does not exist for a language and locale',
};

/** WhatsApp's customer service window: free-form messages only this long after the user wrote. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
