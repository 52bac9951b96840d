import { z } from 'zod';
import type { WebhookParams } from '../carriers/twilioSdk';

/** Twilio sends a few dozen parameters at most (more with many media items); far more is not Twilio. */
export const MAX_FORM_PARAMETERS = 200;

/**
 * Parses an application/x-www-form-urlencoded body. Repeated names become arrays, because the
 * signature covers every value and Twilio may repeat a parameter. The map has no prototype, so
 * every name (`__proto__`, `constructor`, `toString`…) is an ordinary parameter: in the
 * signature check and in what is stored, nothing can be dropped or inherited. Returns a reason
 * instead when the body has more parameters than Twilio ever sends.
 */
export function parseForm(raw: string): WebhookParams | string {
  const params: WebhookParams = Object.create(null) as WebhookParams;
  let count = 0;
  for (const [name, value] of new URLSearchParams(raw)) {
    count += 1;
    if (count > MAX_FORM_PARAMETERS) return `more than ${MAX_FORM_PARAMETERS} form parameters`;
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[name] = [existing, value];
  }
  return params;
}

const sid = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must look like ${prefix} + 32 hex digits`);

const single = z.string({ error: 'is required' });

export const inboundSchema = z.object({
  MessageSid: sid('(SM|MM)'),
  AccountSid: sid('AC').optional(),
  From: single.min(1, 'is empty'),
  To: single.min(1, 'is empty'),
  Body: z.string().max(64_000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  NumSegments: z.coerce.number().int().min(0).optional(),
  OptOutType: z.string().optional(),
  ProfileName: z.string().optional(),
});
export type InboundParams = z.output<typeof inboundSchema>;

export const statusSchema = z.object({
  MessageSid: sid('(SM|MM)'),
  AccountSid: sid('AC').optional(),
  MessageStatus: single.min(1, 'is empty'),
  ErrorCode: z.coerce.number().int().optional(),
});
export type StatusParams = z.output<typeof statusSchema>;

/** One line saying what is wrong, e.g. "MessageSid must look like (SM|MM) + 32 hex digits". */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const field = issue.path.join('.') || 'body';
  return `${field} ${issue.message}`;
}

/** Only single values are accepted where Twilio sends one; arrays here mean a malformed request. */
export function singleValued(params: WebhookParams): Record<string, string> | string {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) return `${name} was sent more than once`;
    out[name] = value;
  }
  return out;
}
