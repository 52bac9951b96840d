/**
 * The carrier simulator: a Twilio look-alike on 127.0.0.1 that the real `twilio` SDK talks to
 * (createTwilioClient({ apiBaseUrl: sim.url })). It accepts REST calls, assigns SIDs, walks sent
 * messages through their statuses with signed callbacks, delivers signed inbound webhooks, and
 * misbehaves on demand (faults.ts). Demo mode, tests and benchmarks all use it.
 * See README.md next to this file for routes, faults and magic numbers.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../log';
import { StatusWalker } from './callbacks';
import { ContentTemplates, DEMO_TEMPLATES, type TemplateSeed } from './content';
import { FaultState, type FaultControls } from './faults';
import { textBusiness, type TextBusinessArgs, type TextBusinessResult } from './inbound';
import { serviceSender } from './rest';
import { Scheduler } from './scheduler';
import { createSimulatorServer, createStorageServer } from './server';
import { newSid, randomHex32 } from './sids';
import {
  SimulatorStore,
  copyMessage,
  type SimulatorMessage,
  type SimulatorStats,
  type StoredBytes,
} from './store';
import type { SandboxRules } from './whatsappSenders';
import { fetchedMedia } from './outboundMedia';

export type {
  FaultControls,
  RestFault,
  RestFaultKind,
  RestFaultMatch,
  CallbackFaults,
  FaultSnapshot,
} from './faults';
export { MEDIA_CONTENT, MESSAGES_CREATE } from './faults';
export { MAGIC_DELIVERY, MAGIC_FROM, MAGIC_TO, type DeliveryOutcome } from './magicNumbers';
export type {
  SimulatorMessage,
  SimulatorMedia,
  SimulatorStats,
  MessageStatus,
  StoredBytes,
} from './store';
export type { TextBusinessArgs, TextBusinessResult } from './inbound';
export { consentKeyword } from './inbound';
export {
  DEMO_TEMPLATES,
  type ApprovalStatus,
  type ContentTemplates,
  type SimulatorTemplate,
  type TemplateSeed,
} from './content';
export { segmentCount } from './segments';
export { SANDBOX_PARTICIPANT_MS } from './whatsappSenders';

export const DEFAULT_PHONE_NUMBER = '+15005550006';
/** The Twilio WhatsApp sandbox's shared sender; every simulator has it unless told otherwise. */
export const WHATSAPP_SANDBOX_SENDER = '+14155238886';
/** The words after "join" that this simulator's sandbox takes unless told otherwise. */
export const DEMO_SANDBOX_JOIN_CODE = 'silver-lantern';

export interface SimulatorOptions {
  /** Default: 'AC' + 32 random hex. */
  accountSid?: string;
  /** Default: 32 random hex. */
  authToken?: string;
  /** Default 0 (any free port); the host is always 127.0.0.1. */
  port?: number;
  /** The account's numbers; default one, +15005550006. */
  phoneNumbers?: Array<{
    phoneNumber: string;
    friendlyName?: string;
    smsUrl?: string;
    statusCallback?: string;
  }>;
  /**
   * The account's WhatsApp senders (E.164, no prefix); default the sandbox's. The sandbox's
   * number is the shared sandbox (not in the Senders API) unless `sandbox: false`; any other is
   * an approved sender, listed by the Senders API with a webhook that can be set there.
   */
  whatsappSenders?: Array<{
    phoneNumber: string;
    smsUrl?: string;
    friendlyName?: string;
    sandbox?: boolean;
  }>;
  /** The sandbox's "join <code>" words (default DEMO_SANDBOX_JOIN_CODE). */
  sandboxJoinCode?: string;
  /**
   * Only customers who sent "join <code>" in the last 3 days can be messaged from the sandbox
   * (63015 otherwise), as on Twilio. Default false: any message to the sandbox joins it too.
   */
  sandboxJoinRequired?: boolean;
  /** The account's content templates (Content API); default `DEMO_TEMPLATES`. */
  contentTemplates?: readonly TemplateSeed[];
  /** Delay between status steps (queued → sending → sent → delivered); default 250 ms. */
  callbackDelayMs?: number;
  logger?: Logger;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT': pass it as apiBaseUrl. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The WhatsApp sandbox's join rule (its code is what the customer sends after "join"). */
  readonly sandbox: Readonly<SandboxRules> & { readonly phoneNumber: string };
  /**
   * A customer texts a business number: stored as an inbound message (kept even if the webhook
   * fails, so catch-up can list it), opt-out keywords applied, then the signed webhook is posted to
   * the number's SMS URL. Resolves with the SID and what the webhook answered (null: unreachable,
   * no SMS URL, or deliverWebhook false).
   */
  textBusiness(args: TextBusinessArgs): Promise<TextBusinessResult>;
  /**
   * Set a number's (or a WhatsApp sender's) SmsUrl / StatusCallback (for a number, the same
   * effect as the REST update; for a sender, what Twilio's console sets).
   */
  configureNumber(phoneNumber: string, config: { smsUrl?: string; statusCallback?: string }): void;
  /**
   * The customer's last WhatsApp message becomes `ms` older (E.164, no prefix): demo mode's
   * "time passes", so the simulated carrier's window closes with the app's.
   */
  passTime(customer: string, ms: number): void;
  readonly faults: FaultControls;
  /** The account's content templates: add one, or change its WhatsApp approval. */
  readonly templates: ContentTemplates;
  /** Messages creates accepted (201), total and per To; and creates that created nothing. */
  stats(): SimulatorStats;
  /** Resolves when an outbound message finished its status walk (all callbacks attempted). */
  statusWalkDone(sid: string): Promise<void>;
  /** Called after each accepted Messages create (tests wait on it instead of polling). */
  onCreated(listener: () => void): () => void;
  /** Everything stored (inbound + outbound), oldest first; copies. */
  messages(): SimulatorMessage[];
  /** The bytes the carrier fetched from an outbound message's MediaUrls, in order. */
  fetchedMedia(sid: string): StoredBytes[];
  /** Stops listening, cancels every pending status step and webhook, drops open connections. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const accountSid = options.accountSid ?? newSid('AC');
  const authToken = options.authToken ?? randomHex32();
  if (!/^AC[0-9a-zA-Z]{32}$/.test(accountSid)) {
    throw new Error('accountSid must be "AC" + 32 characters (the SDK refuses anything else)');
  }
  const logger = (options.logger ?? silentLogger).child({ name: 'simulator' });
  const store = new SimulatorStore();
  for (const number of options.phoneNumbers ?? [{ phoneNumber: DEFAULT_PHONE_NUMBER }]) {
    store.addNumber(number);
  }
  for (const sender of options.whatsappSenders ?? [{ phoneNumber: WHATSAPP_SANDBOX_SENDER }]) {
    store.addWhatsAppSender({
      ...sender,
      sandbox: sender.sandbox ?? sender.phoneNumber === WHATSAPP_SANDBOX_SENDER,
    });
  }
  const sandbox: SandboxRules = {
    joinCode: options.sandboxJoinCode ?? DEMO_SANDBOX_JOIN_CODE,
    joinRequired: options.sandboxJoinRequired ?? false,
  };
  const templates = new ContentTemplates(options.contentTemplates ?? DEMO_TEMPLATES);
  const faults = new FaultState();
  const scheduler = new Scheduler();
  const walker = new StatusWalker({
    accountSid,
    authToken,
    store,
    faults,
    scheduler,
    callbackDelayMs: options.callbackDelayMs ?? 250,
    serviceSender: () => serviceSender(store),
    logger,
  });
  let url = ''; // set once listening; nothing can text the business before that
  let storageUrl = '';
  const sendInbound = (args: TextBusinessArgs): Promise<TextBusinessResult> =>
    textBusiness(
      {
        accountSid,
        authToken,
        store,
        scheduler,
        logger,
        baseUrl: () => url,
        storageUrl: () => storageUrl,
        sandbox,
      },
      args,
    );
  const messages = (): SimulatorMessage[] =>
    [...store.allMessages()]
      .map(copyMessage)
      .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime()); // stable: ties keep order
  const stats = (): SimulatorStats => store.stats();

  const server = createSimulatorServer({
    accountSid,
    authToken,
    store,
    faults,
    scheduler,
    rest: { accountSid, store, walker, accountCreated: new Date(), sandbox, logger, templates },
    control: { textBusiness: sendInbound, faults, stats, messages },
    logger,
  });
  const storage = createStorageServer({ store, logger });
  const port = await listen(server, options.port ?? 0);
  try {
    storageUrl = `http://127.0.0.1:${await listen(storage, 0)}`;
  } catch (error) {
    server.close();
    throw error;
  }
  url = `http://127.0.0.1:${port}`;
  logger.info({ port, numbers: store.listNumbers().length }, 'simulator listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    accountSid,
    authToken,
    sandbox: { ...sandbox, phoneNumber: WHATSAPP_SANDBOX_SENDER },
    textBusiness: sendInbound,
    onCreated: (listener) => store.onCreated(listener),
    statusWalkDone: (sid) => walker.walked(sid),
    configureNumber(phoneNumber, config) {
      const number = store.numberByPhone(phoneNumber) ?? store.whatsappSender(phoneNumber);
      if (!number) throw new Error('configureNumber: not one of the simulator numbers');
      store.updateNumber(number, {
        ...(config.smsUrl !== undefined ? { smsUrl: config.smsUrl } : {}),
        ...(config.statusCallback !== undefined ? { statusCallback: config.statusCallback } : {}),
      });
    },
    passTime: (customer, ms) => store.moveWhatsAppInboundBack(customer, ms),
    faults,
    templates,
    stats,
    messages,
    fetchedMedia(sid) {
      const message = store.message(sid);
      return message ? fetchedMedia(store, message) : [];
    },
    close() {
      closing ??= (async () => {
        scheduler.close();
        await Promise.all([server, storage].map(stop));
        logger.info('simulator closed');
      })();
      return closing;
    },
  };
}

function stop(listener: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    listener.close(() => resolve());
    listener.closeAllConnections(); // keep-alive sockets would hold close() open
  });
}

/** Listens on 127.0.0.1; resolves with the port. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
