/**
 * The carrier stack: the carrier that sends, the account behind it (numbers, credentials) and, in
 * demo mode, the simulator they talk to. Both modes go through the real twilio SDK; demo mode
 * points it at the simulator on loopback, so the path is the same as live.
 */
import type { Carrier } from '../carriers/carrier';
import { createTwilioAccount, type CarrierAccount } from '../carriers/twilioAccount';
import { createTwilioCarrier, TWILIO_API } from '../carriers/twilioCarrier';
import { createTwilioClient } from '../carriers/twilioSdk';
import type { AppConfig } from '../config';
import type { Logger } from '../log';
import type { MediaAccount } from '../media/fetchMedia';
import { startSimulator, WHATSAPP_SANDBOX_SENDER, type Simulator } from '../simulator';
import { routes } from '../webhooks/server';
import type { Timings } from './timings';

/** The number "the business" has in demo mode: Twilio's test number that always sends. */
export const DEMO_BUSINESS_NUMBER = '+15005550006';
/**
 * Demo mode's approved WhatsApp sender (beside the sandbox), so going live with a sender can be
 * tried without an account: listed by the Senders API, its webhook unset until connected.
 */
export const DEMO_WHATSAPP_SENDER = '+15005550010';

export interface CarrierStack {
  readonly carrier: Carrier;
  readonly account: CarrierAccount;
  /** Demo mode only. */
  readonly simulator: Simulator | undefined;
  readonly businessNumber: string;
  /** What Twilio signs webhooks with (the simulator's account in demo mode). */
  readonly signingAccount: { readonly accountSid: string; readonly authToken: string };
  /** Where inbound media is fetched, with which credentials (only at the API's origin). */
  readonly mediaAccount: MediaAccount;
  /** Demo mode: points the simulated business number at our routes under `publicUrl`. */
  pointAt(publicUrl: string): void;
  close(): Promise<void>;
}

export async function startCarrierStack(deps: {
  twilio: AppConfig['twilio'];
  logger: Logger;
  timings: Pick<Timings, 'carrierTimeoutMs' | 'simulatorCallbackDelayMs'>;
}): Promise<CarrierStack> {
  const { twilio, timings } = deps;
  if (twilio) {
    const client = createTwilioClient({ ...twilio, timeoutMs: timings.carrierTimeoutMs });
    return {
      carrier: createTwilioCarrier(client, { apiBaseUrl: twilio.apiBaseUrl }),
      account: createTwilioAccount(client),
      simulator: undefined,
      businessNumber: twilio.phoneNumber,
      signingAccount: { accountSid: twilio.accountSid, authToken: twilio.authToken },
      mediaAccount: {
        apiBaseUrl: twilio.apiBaseUrl ?? TWILIO_API,
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
      },
      pointAt: () => {},
      close: async () => {},
    };
  }
  const simulator = await startSimulator({
    phoneNumbers: [{ phoneNumber: DEMO_BUSINESS_NUMBER, friendlyName: 'Demo business' }],
    whatsappSenders: [
      { phoneNumber: WHATSAPP_SANDBOX_SENDER },
      { phoneNumber: DEMO_WHATSAPP_SENDER, friendlyName: 'Bella Salon', sandbox: false },
    ],
    logger: deps.logger, // the simulator names its own logger
    ...(timings.simulatorCallbackDelayMs !== undefined
      ? { callbackDelayMs: timings.simulatorCallbackDelayMs }
      : {}),
  });
  const client = createTwilioClient({
    accountSid: simulator.accountSid,
    authToken: simulator.authToken,
    apiBaseUrl: simulator.url,
    timeoutMs: timings.carrierTimeoutMs,
  });
  return {
    carrier: createTwilioCarrier(client, { apiBaseUrl: simulator.url }),
    // Twilio's API does not tell the sandbox's join code; the simulator, playing the account, does.
    account: {
      ...createTwilioAccount(client),
      sandboxJoinCode: () => Promise.resolve(simulator.sandbox.joinCode),
    },
    simulator,
    businessNumber: DEMO_BUSINESS_NUMBER,
    signingAccount: { accountSid: simulator.accountSid, authToken: simulator.authToken },
    mediaAccount: {
      apiBaseUrl: simulator.url,
      accountSid: simulator.accountSid,
      authToken: simulator.authToken,
    },
    pointAt: (publicUrl) => {
      for (const sender of [DEMO_BUSINESS_NUMBER, WHATSAPP_SANDBOX_SENDER]) {
        simulator.configureNumber(sender, {
          smsUrl: publicUrl + routes.inbound,
          statusCallback: publicUrl + routes.status,
        });
      }
    },
    close: () => simulator.close(),
  };
}
