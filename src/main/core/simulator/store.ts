/**
 * Everything the simulated carrier remembers, in memory: messages (inbound and outbound), the
 * account's numbers, opt-outs and the counters tests read. Plain data; the REST layer renders it.
 */
import { newSid } from './sids';

export type MessageStatus =
  | 'accepted'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'undelivered'
  | 'failed'
  | 'received';

export interface SimulatorMedia {
  /** ME…: the media resource under its message, /Messages/{MM…}/Media/{ME…}. */
  sid: string;
  /** Where the content really is: the media URL redirects here, as Twilio's does to its CDN. */
  url: string;
  /** Known for inbound media (the customer's MMS); null for outbound MediaUrl. */
  contentType: string | null;
  /**
   * True when the bytes are kept here (`url` is then the simulator's own storage path): like an
   * account with HTTP Basic auth on media, the media URL then asks for the account's credentials
   * and redirects to storage that must not get them. False: the content is elsewhere, at `url`.
   */
  keptHere: boolean;
}

/** Bytes kept in the simulator's "storage" (Twilio's CDN stand-in), served without credentials. */
export interface StoredBytes {
  bytes: Buffer;
  contentType: string;
}

export interface SimulatorMessage {
  sid: string;
  direction: 'inbound' | 'outbound-api';
  /** Null while a Messaging Service send is 'accepted' and has no sender yet, as on Twilio. */
  from: string | null;
  to: string;
  body: string;
  media: SimulatorMedia[];
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  /** A template send: the ContentSid and ContentVariables (JSON) it was created with. */
  contentSid?: string | null;
  contentVariables?: string | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface SimulatorPhoneNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  /** '' means unset, which is what Twilio returns too. */
  smsUrl: string;
  smsMethod: 'GET' | 'POST';
  statusCallback: string;
  statusCallbackMethod: 'GET' | 'POST';
  dateCreated: Date;
  dateUpdated: Date;
}

export interface SimulatorStats {
  /** Messages creates accepted with 201. */
  created: number;
  createdByTo: Record<string, number>;
  /** Messages creates that created nothing: refused with an error status, or dropped by a fault. */
  rejected: number;
}

export class SimulatorStore {
  private readonly messageList: SimulatorMessage[] = [];
  private readonly messagesBySid = new Map<string, SimulatorMessage>();
  private readonly numbers: SimulatorPhoneNumber[] = [];
  /** WhatsApp senders (the sandbox's number): not IncomingPhoneNumbers, as on Twilio. */
  private readonly whatsappSenders: SimulatorPhoneNumber[] = [];
  /** "sender|customer" → when the customer last wrote on WhatsApp: the service window's start. */
  private readonly lastWhatsAppInbound = new Map<string, number>();
  /** Sender number → its Senders API record (XE… SID); the sandbox has none, as on Twilio. */
  private readonly senderRecords = new Map<string, { sid: string; sandbox: boolean }>();
  /** Customer → when they last sent the sandbox its "join <code>": participants for 3 days. */
  private readonly sandboxJoins = new Map<string, number>();
  /** "business|customer": the customer texted STOP to that business number. */
  private readonly optOuts = new Set<string>();
  private readonly counters: SimulatorStats = { created: 0, createdByTo: {}, rejected: 0 };
  private readonly createdListeners = new Set<() => void>();
  /** Storage path → bytes: where a kept media item's URL redirects. */
  private readonly storage = new Map<string, StoredBytes>();

  addNumber(input: NumberInput): SimulatorPhoneNumber {
    const number = newNumber(input);
    this.numbers.push(number);
    return number;
  }

  /** A WhatsApp sender of the account; its smsUrl is the sender's "when a message comes in". */
  addWhatsAppSender(input: NumberInput & { sandbox?: boolean }): void {
    this.whatsappSenders.push(newNumber(input));
    this.senderRecords.set(input.phoneNumber, {
      sid: newSid('XE'),
      sandbox: input.sandbox ?? false,
    });
  }

  /** The sender's Senders API SID and whether it is the shared sandbox. */
  senderRecord(phoneNumber: string): { sid: string; sandbox: boolean } | undefined {
    return this.senderRecords.get(phoneNumber);
  }

  noteSandboxJoin(customer: string, at: number): void {
    this.sandboxJoins.set(customer, at);
  }

  /** When the customer last joined the sandbox; undefined if never. */
  sandboxJoinedAt(customer: string): number | undefined {
    return this.sandboxJoins.get(customer);
  }

  whatsappSender(phoneNumber: string): SimulatorPhoneNumber | undefined {
    return this.whatsappSenders.find((n) => n.phoneNumber === phoneNumber);
  }

  listWhatsAppSenders(): SimulatorPhoneNumber[] {
    return [...this.whatsappSenders];
  }

  noteWhatsAppInbound(sender: string, customer: string, at: number): void {
    const key = `${sender}|${customer}`;
    this.lastWhatsAppInbound.set(key, Math.max(at, this.lastWhatsAppInbound.get(key) ?? at));
  }

  /** The customer's last WhatsApp message to every sender, `ms` earlier (demo: time passes). */
  moveWhatsAppInboundBack(customer: string, ms: number): void {
    for (const [key, at] of this.lastWhatsAppInbound) {
      if (key.endsWith(`|${customer}`)) this.lastWhatsAppInbound.set(key, at - ms);
    }
  }

  /** When the customer last wrote to this WhatsApp sender; undefined if never. */
  whatsappInboundAt(sender: string, customer: string): number | undefined {
    return this.lastWhatsAppInbound.get(`${sender}|${customer}`);
  }

  listNumbers(): SimulatorPhoneNumber[] {
    return [...this.numbers];
  }

  numberBySid(sid: string): SimulatorPhoneNumber | undefined {
    return this.numbers.find((n) => n.sid === sid);
  }

  numberByPhone(phoneNumber: string): SimulatorPhoneNumber | undefined {
    return this.numbers.find((n) => n.phoneNumber === phoneNumber);
  }

  updateNumber(
    number: SimulatorPhoneNumber,
    changes: Partial<Omit<SimulatorPhoneNumber, 'sid' | 'phoneNumber' | 'dateCreated'>>,
  ): void {
    Object.assign(number, changes, { dateUpdated: new Date() });
  }

  addMessage(message: SimulatorMessage): void {
    this.messageList.push(message);
    this.messagesBySid.set(message.sid, message);
  }

  message(sid: string): SimulatorMessage | undefined {
    return this.messagesBySid.get(sid);
  }

  /** In the order they were stored. */
  allMessages(): readonly SimulatorMessage[] {
    return this.messageList;
  }

  setOptedOut(business: string, customer: string, optedOut: boolean): void {
    const key = `${business}|${customer}`;
    if (optedOut) this.optOuts.add(key);
    else this.optOuts.delete(key);
  }

  isOptedOut(business: string, customer: string): boolean {
    return this.optOuts.has(`${business}|${customer}`);
  }

  countCreated(to: string): void {
    this.counters.created += 1;
    this.counters.createdByTo[to] = (this.counters.createdByTo[to] ?? 0) + 1;
    for (const listener of this.createdListeners) listener();
  }

  /** Tests wait on this instead of polling the counters. */
  onCreated(listener: () => void): () => void {
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  keepBytes(path: string, stored: StoredBytes): void {
    this.storage.set(path, stored);
  }

  /** DELETE on a media resource: the item leaves its message, and its bytes leave storage. */
  removeMedia(messageSid: string, mediaSid: string): void {
    const message = this.messagesBySid.get(messageSid);
    const index = message?.media.findIndex((m) => m.sid === mediaSid) ?? -1;
    if (!message || index < 0) return;
    const [item] = message.media.splice(index, 1);
    if (item?.keptHere) this.storage.delete(new URL(item.url, 'http://127.0.0.1').pathname);
  }

  storedBytes(path: string): StoredBytes | undefined {
    return this.storage.get(path);
  }

  countRejected(): void {
    this.counters.rejected += 1;
  }

  stats(): SimulatorStats {
    return { ...this.counters, createdByTo: { ...this.counters.createdByTo } };
  }
}

interface NumberInput {
  phoneNumber: string;
  friendlyName?: string | undefined;
  smsUrl?: string | undefined;
  statusCallback?: string | undefined;
}

function newNumber(input: NumberInput): SimulatorPhoneNumber {
  const now = new Date();
  return {
    sid: newSid('PN'),
    phoneNumber: input.phoneNumber,
    friendlyName: input.friendlyName ?? defaultFriendlyName(input.phoneNumber),
    smsUrl: input.smsUrl ?? '',
    smsMethod: 'POST',
    statusCallback: input.statusCallback ?? '',
    statusCallbackMethod: 'POST',
    dateCreated: now,
    dateUpdated: now,
  };
}

/** Twilio's default friendly name: "(500) 555-0006" for NANP numbers, the number otherwise. */
function defaultFriendlyName(phoneNumber: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phoneNumber);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : phoneNumber;
}

/** A deep-enough copy for callers outside the simulator, so they cannot edit what it stores. */
export function copyMessage(message: SimulatorMessage): SimulatorMessage {
  return {
    ...message,
    media: message.media.map((m) => ({ ...m })),
    dateCreated: new Date(message.dateCreated),
    dateUpdated: new Date(message.dateUpdated),
    dateSent: message.dateSent ? new Date(message.dateSent) : null,
  };
}
