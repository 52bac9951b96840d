/**
 * Twilio's REST error shape. The SDK turns this exact JSON into a RestException {status, code,
 * message, moreInfo}, so code that handles real Twilio errors handles ours the same way.
 */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Thrown by route handlers; the server answers it as Twilio would. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  toBody(): TwilioErrorBody {
    return errorBody(this.status, this.code, this.message);
  }
}

export function errorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The errors the simulator can answer, with Twilio's own wording (from its error docs). */
export const apiErrors = {
  authenticate: () => new TwilioApiError(401, 20003, 'Authenticate'),
  notFound: (path: string) =>
    new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  tooManyRequests: (retryAfterSeconds: number) =>
    new TwilioApiError(429, 20429, 'Too Many Requests', {
      'Retry-After': String(retryAfterSeconds),
    }),
  internal: () => new TwilioApiError(500, 20500, 'Internal Server Error'),
  badRequest: (code: number, message: string) => new TwilioApiError(400, code, message),
} as const;

/** Messages-create refusals, keyed by Twilio error code. */
export const createErrors = {
  21211: (to: string) => `The 'To' number ${to} is not a valid phone number.`,
  21212: (from: string) =>
    `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
  21408: (to: string) =>
    `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
  21602: () => 'Message body is required.',
  21603: () => "A 'From' phone number is required.",
  21604: () => "A 'To' phone number is required.",
  21606: (from: string) =>
    `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination.`,
  21610: () => 'Attempt to send to unsubscribed recipient',
  21611: () => "This 'From' number has exceeded the maximum number of queued messages",
  21612: (to: string) => `The 'To' phone number: ${to}, is not currently reachable via SMS.`,
  21614: (to: string) => `'To' number ${to} is not a valid mobile number`,
  21617: () => 'The concatenated message body exceeds the 1600 character limit.',
  21623: () => 'Number of media files exceeds allowed limit',
  21910: () => "Invalid 'From' and 'To' pair. 'From' and 'To' should be of the same channel",
  63007: (from: string) =>
    `Twilio could not find a Channel with the specified From address: ${from}`,
} as const;

export type CreateErrorCode = keyof typeof createErrors;

export function createError(code: CreateErrorCode, subject = ''): TwilioApiError {
  return apiErrors.badRequest(code, createErrors[code](subject));
}
