/**
 * Store records rendered as Twilio's REST JSON (api/v2010, snake_case, RFC 2822 dates, counts as
 * strings). Field names follow the SDK's MessageInstance / IncomingPhoneNumberInstance /
 * AccountInstance so the real SDK deserializes them without surprises.
 */
import { rfc2822 } from './dates';
import type { SimulatorMedia, SimulatorMessage, SimulatorPhoneNumber } from './store';

export const API_VERSION = '2010-04-01';

export const accountPath = (accountSid: string): string => `/${API_VERSION}/Accounts/${accountSid}`;

export function messageJson(accountSid: string, m: SimulatorMessage): Record<string, unknown> {
  const uri = `${accountPath(accountSid)}/Messages/${m.sid}`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.media.length),
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

/**
 * A media item's URL path, without ".json": what Twilio puts in MediaUrlN (after
 * https://api.twilio.com) and what redirects to the content. With ".json" it is the resource.
 */
export const mediaPath = (accountSid: string, messageSid: string, mediaSid: string): string =>
  `${accountPath(accountSid)}/Messages/${messageSid}/Media/${mediaSid}`;

/** Where the simulator keeps media bytes: its stand-in for Twilio's short-lived storage. */
export const STORAGE_PREFIX = '/storage/media/';

export function mediaJson(
  accountSid: string,
  message: SimulatorMessage,
  media: SimulatorMedia,
): Record<string, unknown> {
  return {
    account_sid: accountSid,
    // Twilio learns an outbound item's type when it fetches the URL; the simulator never does.
    content_type: media.contentType ?? 'application/octet-stream',
    date_created: rfc2822(message.dateCreated),
    date_updated: rfc2822(message.dateUpdated),
    parent_sid: message.sid,
    sid: media.sid,
    uri: `${mediaPath(accountSid, message.sid, media.sid)}.json`,
  };
}

export function phoneNumberJson(
  accountSid: string,
  n: SimulatorPhoneNumber,
): Record<string, unknown> {
  const uri = `${accountPath(accountSid)}/IncomingPhoneNumbers/${n.sid}`;
  return {
    account_sid: accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: API_VERSION,
    beta: false,
    bundle_sid: null,
    capabilities: { fax: false, mms: true, sms: true, voice: true },
    date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated),
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    emergency_status: 'Inactive',
    friendly_name: n.friendlyName,
    identity_sid: null,
    origin: 'twilio',
    phone_number: n.phoneNumber,
    sid: n.sid,
    sms_application_sid: '',
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: n.smsMethod,
    sms_url: n.smsUrl,
    status: 'in-use',
    status_callback: n.statusCallback,
    status_callback_method: n.statusCallbackMethod,
    subresource_uris: { assigned_add_ons: `${uri}/AssignedAddOns.json` },
    trunk_sid: null,
    uri: `${uri}.json`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: null,
  };
}

export function accountJson(accountSid: string, created: Date): Record<string, unknown> {
  const base = accountPath(accountSid);
  return {
    date_created: rfc2822(created),
    date_updated: rfc2822(created),
    friendly_name: 'Switchboard simulator',
    owner_account_sid: accountSid,
    sid: accountSid,
    status: 'active',
    subresource_uris: {
      incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`,
      messages: `${base}/Messages.json`,
    },
    type: 'Full',
    uri: `${base}.json`,
  };
}
