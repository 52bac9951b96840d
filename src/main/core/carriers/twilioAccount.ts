/**
 * The account side of Twilio that going live needs: who we are, which numbers we have, where each
 * number sends its texts, and whether a Messaging Service overrides that. Same SDK client and
 * error classification as the carrier.
 */
import { callTwilio, classifyTwilioError } from './twilioCarrier';
import type { TwilioClient } from './twilioSdk';

export interface AccountSummary {
  friendlyName: string;
  /** active, suspended or closed. */
  status: string;
}

export interface IncomingNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  smsMethod: string;
  statusCallback: string;
}

export interface MessagingServiceLink {
  sid: string;
  friendlyName: string;
  /** False = the service's own inbound settings win over the number's SMS URL. */
  useInboundWebhookOnNumber: boolean;
  inboundRequestUrl: string | null;
}

/** An approved WhatsApp sender of the account, as Twilio's Senders API (messaging v2) lists it. */
export interface WhatsAppSender {
  /** XE… */
  sid: string;
  /** E.164, without the "whatsapp:" prefix. */
  phoneNumber: string;
  name: string;
  /** ONLINE, OFFLINE, PENDING_VERIFICATION, TWILIO_REVIEW… */
  status: string;
  /** Where its incoming messages are posted ('' when unset). */
  callbackUrl: string;
  callbackMethod: string;
}

export interface CarrierAccount {
  fetchAccount(): Promise<AccountSummary>;
  listNumbers(): Promise<IncomingNumber[]>;
  /**
   * Points the number's SMS URL at `smsUrl` (POST) and nothing else: its voice settings stay.
   * `clearStatusCallback` empties the number's `status_callback`, which on Twilio is the *voice
   * call* status webhook (message status goes per message, with each send).
   */
  pointNumber(
    sid: string,
    change: { smsUrl: string; clearStatusCallback: boolean },
  ): Promise<IncomingNumber>;
  /**
   * Which Messaging Service holds each number (by number SID). `undefined` when the account's
   * services could not be read (an API the carrier does not offer, e.g. the simulator).
   */
  messagingServices(): Promise<Map<string, MessagingServiceLink> | undefined>;
  /**
   * The account's approved WhatsApp senders (the sandbox is not one); `undefined` when the
   * Senders API could not be read (not offered to this account). Credentials errors throw.
   */
  whatsappSenders(): Promise<WhatsAppSender[] | undefined>;
  /** Points the sender's incoming-message webhook at `callbackUrl` (POST); nothing else changes. */
  pointWhatsAppSender(sid: string, callbackUrl: string): Promise<WhatsAppSender>;
  /**
   * The sandbox's "join <code>" words, where the account tells them; Twilio's API has no sandbox
   * resource, so live accounts answer null and the operator types the code from the console.
   */
  sandboxJoinCode(): Promise<string | null>;
}

interface NumberInstance {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string | null;
  smsMethod: string | null;
  statusCallback: string | null;
}

const toNumber = (n: NumberInstance): IncomingNumber => ({
  sid: n.sid,
  phoneNumber: n.phoneNumber,
  friendlyName: n.friendlyName ?? '',
  smsUrl: n.smsUrl ?? '',
  smsMethod: n.smsMethod ?? 'POST',
  statusCallback: n.statusCallback ?? '',
});

interface SenderInstance {
  sid: string;
  senderId: string;
  friendlyName?: string | null;
  status: string;
  webhook?: { callbackUrl?: string | null; callbackMethod?: string | null } | null;
  profile?: { name?: string | null } | null;
}

const toSender = (s: SenderInstance): WhatsAppSender => {
  const phoneNumber = s.senderId.replace(/^whatsapp:/, '');
  return {
    sid: s.sid,
    phoneNumber,
    name: s.profile?.name || s.friendlyName || phoneNumber,
    status: s.status,
    callbackUrl: s.webhook?.callbackUrl ?? '',
    callbackMethod: s.webhook?.callbackMethod ?? 'POST',
  };
};

export function createTwilioAccount(client: TwilioClient): CarrierAccount {
  return {
    fetchAccount: () =>
      callTwilio(async () => {
        const account = await client.api.v2010.accounts(client.accountSid).fetch();
        return { friendlyName: account.friendlyName, status: account.status };
      }),

    listNumbers: () =>
      callTwilio(async () =>
        (await client.incomingPhoneNumbers.list({ limit: 1000 })).map(toNumber),
      ),

    pointNumber: (sid, change) =>
      callTwilio(async () =>
        toNumber(
          await client.incomingPhoneNumbers(sid).update({
            smsUrl: change.smsUrl,
            smsMethod: 'POST',
            ...(change.clearStatusCallback ? { statusCallback: '' } : {}),
          }),
        ),
      ),

    async messagingServices() {
      try {
        const links = new Map<string, MessagingServiceLink>();
        for (const service of await client.messaging.v1.services.list({ limit: 100 })) {
          const numbers = await client.messaging.v1
            .services(service.sid)
            .phoneNumbers.list({ limit: 1000 });
          for (const number of numbers) {
            links.set(number.sid, {
              sid: service.sid,
              friendlyName: service.friendlyName,
              useInboundWebhookOnNumber: service.useInboundWebhookOnNumber,
              inboundRequestUrl: service.inboundRequestUrl || null,
            });
          }
        }
        return links;
      } catch (error) {
        const classified = classifyTwilioError(error);
        // Credentials are the operator's problem; a missing API only means we cannot tell.
        if (classified.kind === 'unauthorized' || classified.kind === 'unavailable')
          throw classified;
        return undefined;
      }
    },

    async whatsappSenders() {
      try {
        const senders = await client.messaging.v2.channelsSenders.list({
          channel: 'whatsapp',
          limit: 200,
        });
        return senders.map((s) => toSender(s as unknown as SenderInstance));
      } catch (error) {
        const classified = classifyTwilioError(error);
        if (classified.kind === 'unauthorized' || classified.kind === 'unavailable')
          throw classified;
        return undefined;
      }
    },

    pointWhatsAppSender: (sid, callbackUrl) =>
      callTwilio(async () => {
        // The SDK sends this object as the JSON body as it is: the API's own snake_case names.
        const update = { webhook: { callback_url: callbackUrl, callback_method: 'POST' } };
        const updated = await client.messaging.v2.channelsSenders(sid).update(update as never);
        return toSender(updated as unknown as SenderInstance);
      }),

    sandboxJoinCode: () => Promise.resolve(null),
  };
}
