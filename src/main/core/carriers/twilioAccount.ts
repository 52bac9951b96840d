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
  };
}
