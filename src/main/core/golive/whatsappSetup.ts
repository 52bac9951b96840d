/**
 * Going live with WhatsApp: the Twilio sandbox (its number, the "join <code>" customers send
 * first, participants for 3 days, and exactly where to paste our URL, since no API sets the
 * sandbox's "When a message comes in") or an approved sender, whose incoming-message webhook is
 * pointed at us through Twilio's Senders API and re-pointed when the public URL changes.
 */
import type { WhatsAppSenderView, WhatsAppSetup } from '../../../shared/types';
import type { CarrierAccount, WhatsAppSender } from '../carriers/twilioAccount';
import { Refusal } from '../domain/refusal';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { getSetting, setSetting } from '../store/settings';
import { routes } from '../webhooks/server';
import { inWords } from './numberSetup';

/** What the operator chose, remembered in settings (never a secret). */
export const WHATSAPP_SETUP_KEY = 'goLive.whatsapp';

/** Twilio's shared sandbox sender, the same for every account. */
export const SANDBOX_NUMBER = '+14155238886';
/** Sandbox participants must send "join <code>" again after this many days. */
export const SANDBOX_PARTICIPANT_DAYS = 3;

interface Saved {
  choice: 'sandbox' | 'sender' | null;
  joinCode: string | null;
  senderSid: string | null;
}

export interface WhatsAppSetupDeps {
  db: Db;
  account: CarrierAccount;
  publicUrl: () => string;
  demo: boolean;
  logger: Logger;
  now: () => number;
}

export interface WhatsAppSetupControl {
  view(): Promise<WhatsAppSetup>;
  /** The sandbox, with its join code ("join" in front or not) when the account does not tell it. */
  useSandbox(joinCode: string | undefined): Promise<WhatsAppSetup>;
  connectSender(sid: string): Promise<WhatsAppSetup>;
  /** Re-points the connected sender if its webhook is stale; what changed, or null. */
  repoint(): Promise<string | null>;
  choice(): Saved['choice'];
}

const readSaved = (db: Db): Saved => {
  const stored = getSetting(db, WHATSAPP_SETUP_KEY) as Partial<Saved> | undefined;
  return {
    choice: stored?.choice === 'sandbox' || stored?.choice === 'sender' ? stored.choice : null,
    joinCode: typeof stored?.joinCode === 'string' ? stored.joinCode : null,
    senderSid: typeof stored?.senderSid === 'string' ? stored.senderSid : null,
  };
};

/** "join silver-lantern", "Join Silver-Lantern " or "silver-lantern" → "silver-lantern". */
export function normalizeJoinCode(input: string): string {
  return input
    .trim()
    .replace(/^join\s+/i, '')
    .trim()
    .toLowerCase();
}

export function createWhatsAppSetup(deps: WhatsAppSetupDeps): WhatsAppSetupControl {
  const log = deps.logger.child({ name: 'whatsapp-setup' });
  const webhookUrl = () => deps.publicUrl().replace(/\/+$/, '') + routes.inbound;
  const save = (changes: Partial<Saved>) =>
    setSetting(deps.db, WHATSAPP_SETUP_KEY, { ...readSaved(deps.db), ...changes }, deps.now());

  const senderView = (s: WhatsAppSender): WhatsAppSenderView => ({
    sid: s.sid,
    phoneNumber: s.phoneNumber,
    name: s.name,
    status: s.status,
    callbackUrl: s.callbackUrl,
    connected: s.callbackUrl === webhookUrl() && s.callbackMethod.toUpperCase() === 'POST',
  });

  const view = async (changes?: string[]): Promise<WhatsAppSetup> => {
    const saved = readSaved(deps.db);
    const [senders, accountCode] = await Promise.all([
      deps.account.whatsappSenders(),
      deps.account.sandboxJoinCode(),
    ]);
    const joinCode = accountCode ?? saved.joinCode;
    const url = webhookUrl();
    return {
      publicUrl: deps.publicUrl(),
      webhookUrl: url,
      choice: saved.choice,
      demo: deps.demo,
      sandbox: {
        phoneNumber: SANDBOX_NUMBER,
        joinCode,
        joinCodeFrom:
          accountCode !== null ? 'account' : saved.joinCode !== null ? 'operator' : null,
        joinMessage: joinCode === null ? null : `join ${joinCode}`,
        participantDays: SANDBOX_PARTICIPANT_DAYS,
        consoleSteps: [
          'Open console.twilio.com and sign in to this account.',
          'Go to Messaging → Try it out → Send a WhatsApp message, then the Sandbox settings tab.',
          `In "When a message comes in", paste ${url} and choose the method POST.`,
          'Leave "Status callback URL" empty (Switchboard asks for delivery reports with each message), then Save.',
        ],
      },
      senders: senders?.map(senderView) ?? null,
      connectedSenderSid: saved.choice === 'sender' ? saved.senderSid : null,
      ...(changes ? { changes } : {}),
    };
  };

  const point = async (sender: WhatsAppSender): Promise<string> => {
    const url = webhookUrl();
    await deps.account.pointWhatsAppSender(sender.sid, url);
    log.info({ senderSid: sender.sid }, 'WhatsApp sender pointed at the public URL');
    return `Incoming WhatsApp messages to ${sender.phoneNumber} (its webhook, POST) now go to ${url}.`;
  };

  return {
    choice: () => readSaved(deps.db).choice,
    view: () => inWords(() => view()),
    useSandbox: (joinCode) =>
      inWords(async () => {
        const typed = joinCode === undefined ? '' : normalizeJoinCode(joinCode);
        if (typed !== '' && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(typed)) {
          throw new Refusal(
            'A join code is one or two words joined by a hyphen, as Twilio shows it (for example "join silver-lantern"). Copy it from the sandbox page in Twilio’s console.',
            'invalid',
          );
        }
        const known =
          typed || readSaved(deps.db).joinCode || (await deps.account.sandboxJoinCode());
        if (!known) {
          throw new Refusal(
            'Type the sandbox’s join code: Twilio shows it as "join <two words>" under Messaging → Try it out → Send a WhatsApp message.',
            'invalid',
          );
        }
        save({ choice: 'sandbox', joinCode: typed || readSaved(deps.db).joinCode });
        return view([
          `Customers start by sending "join ${known}" to ${SANDBOX_NUMBER} on WhatsApp.`,
        ]);
      }),
    connectSender: (sid) =>
      inWords(async () => {
        const senders = await deps.account.whatsappSenders();
        if (senders === undefined) {
          throw new Refusal(
            'Twilio did not let Switchboard read this account’s WhatsApp senders. Use the sandbox, or set the sender’s webhook in Twilio’s console (Messaging → Senders → WhatsApp senders) to the URL shown here.',
          );
        }
        const sender = senders.find((s) => s.sid === sid);
        if (!sender) {
          throw new Refusal(
            'That WhatsApp sender is not on this Twilio account. Refresh the list and pick again.',
          );
        }
        const change = await point(sender);
        save({ choice: 'sender', senderSid: sid });
        return view([change]);
      }),
    async repoint() {
      const saved = readSaved(deps.db);
      if (saved.choice !== 'sender' || saved.senderSid === null) return null;
      const sender = (await deps.account.whatsappSenders())?.find((s) => s.sid === saved.senderSid);
      if (!sender) {
        log.warn({ senderSid: saved.senderSid }, 'connected WhatsApp sender is no longer listed');
        return null;
      }
      if (senderView(sender).connected) return null;
      return point(sender);
    },
  };
}
