import type { NumberList, PhoneNumberView } from '../../../shared/types';
import type {
  CarrierAccount,
  IncomingNumber,
  MessagingServiceLink,
} from '../carriers/twilioAccount';
import { CarrierError } from '../carriers/carrier';
import { Refusal } from '../domain/refusal';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { getSetting, setSetting } from '../store/settings';
import { routes } from '../webhooks/server';

/** The number the operator connected; re-pointed whenever the public URL changes. */
export const CONNECTED_NUMBER_KEY = 'goLive.connectedNumberSid';

export interface NumberSetupDeps {
  db: Db;
  account: CarrierAccount;
  publicUrl: () => string;
  businessNumber: string;
  logger: Logger;
  now: () => number;
}

export interface NumberSetup {
  list(): Promise<NumberList>;
  /** Points the number at the public URL and remembers it. */
  connect(sid: string): Promise<PhoneNumberView>;
  /** Re-points the remembered number if its URLs are stale; undefined when none is remembered. */
  repoint(): Promise<PhoneNumberView | undefined>;
  connectedSid(): string | null;
}

/** What the carrier said, as a refusal the operator reads in Settings; other errors are faults. */
export async function inWords<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof CarrierError)) throw error;
    if (error.kind === 'unauthorized') {
      throw new Refusal('Twilio refused the Account SID or Auth Token. Check both in Settings.');
    }
    if (error.kind === 'unavailable') {
      throw new Refusal('Could not reach Twilio. Check the internet connection and try again.');
    }
    throw new Refusal(error.message);
  }
}

export function createNumberSetup(deps: NumberSetupDeps): NumberSetup {
  const log = deps.logger.child({ name: 'number-setup' });
  const targets = () => {
    const base = deps.publicUrl().replace(/\/+$/, '');
    return { smsUrl: base + routes.inbound };
  };
  // Versions before 0.1.1 also set the number's status_callback to our status route; on Twilio
  // that is the voice-call status webhook, so every phone call posted call events we refuse.
  const strayCallback = (n: IncomingNumber) => n.statusCallback.endsWith(routes.status);
  const connectedSid = () => {
    const stored = getSetting(deps.db, CONNECTED_NUMBER_KEY);
    return typeof stored === 'string' ? stored : null;
  };

  const view = (n: IncomingNumber, service: MessagingServiceLink | undefined): PhoneNumberView => {
    const want = targets();
    const overrides = service !== undefined && !service.useInboundWebhookOnNumber;
    const warnings: string[] = [];
    if (overrides) {
      warnings.push(
        `This number is in the Messaging Service "${service.friendlyName}", whose own settings decide where texts go. ` +
          `In the Twilio Console open Messaging → Services → ${service.friendlyName} → Integration and choose ` +
          `"Defer to sender's webhook" (or send the webhook to ${want.smsUrl}).`,
      );
    }
    if (n.phoneNumber !== deps.businessNumber) {
      warnings.push(
        `Switchboard replies from ${deps.businessNumber}; to reply from this number, set it as the business number in Settings.`,
      );
    }
    return {
      sid: n.sid,
      phoneNumber: n.phoneNumber,
      friendlyName: n.friendlyName,
      smsUrl: n.smsUrl,
      statusCallback: n.statusCallback,
      connected: n.smsUrl === want.smsUrl && n.smsMethod === 'POST' && !strayCallback(n),
      isBusinessNumber: n.phoneNumber === deps.businessNumber,
      messagingService: service
        ? { sid: service.sid, name: service.friendlyName, overridesNumberUrl: overrides }
        : null,
      warning: warnings.length > 0 ? warnings.join(' ') : null,
    };
  };

  const point = async (sid: string, before?: IncomingNumber): Promise<PhoneNumberView> => {
    const current = before ?? (await deps.account.listNumbers()).find((n) => n.sid === sid);
    const clearStatusCallback = current !== undefined && strayCallback(current);
    const want = targets();
    const updated = await deps.account.pointNumber(sid, {
      smsUrl: want.smsUrl,
      clearStatusCallback,
    });
    const services = await deps.account.messagingServices();
    const changes: string[] = [];
    if (current?.smsUrl !== want.smsUrl || current.smsMethod !== 'POST') {
      changes.push(`Incoming texts (SMS URL, POST) now go to ${want.smsUrl}.`);
    }
    if (clearStatusCallback) {
      changes.push(
        'The call status callback an earlier version set was cleared; your voice settings are otherwise untouched.',
      );
    }
    log.info(
      { numberSid: sid, clearedStatusCallback: clearStatusCallback },
      'number pointed at the public URL',
    );
    return { ...view(updated, services?.get(sid)), changes };
  };

  return {
    connectedSid,
    list: () =>
      inWords(async () => {
        const [numbers, services] = await Promise.all([
          deps.account.listNumbers(),
          deps.account.messagingServices(),
        ]);
        return {
          publicUrl: deps.publicUrl(),
          numbers: numbers.map((n) => view(n, services?.get(n.sid))),
          messagingServicesChecked: services !== undefined,
          connectedSid: connectedSid(),
        };
      }),
    connect: (sid) =>
      inWords(async () => {
        const result = await point(sid);
        setSetting(deps.db, CONNECTED_NUMBER_KEY, sid, deps.now());
        return result;
      }),
    async repoint() {
      const sid = connectedSid();
      if (!sid) return undefined;
      const current = (await deps.account.listNumbers()).find((n) => n.sid === sid);
      if (!current) {
        log.warn({ numberSid: sid }, 'connected number is no longer on the account');
        return undefined;
      }
      const want = targets();
      if (
        current.smsUrl === want.smsUrl &&
        current.smsMethod === 'POST' &&
        !strayCallback(current)
      ) {
        return view(current, undefined);
      }
      return point(sid, current);
    },
  };
}
