import type { CountryCode } from 'libphonenumber-js';
import type { AppMode, DraftingStatus, RecordsSettingsView } from '../../../shared/types';
import type { CarrierTemplate } from '../carriers/carrier';
import type { AppConfig } from '../config';
import type { DraftingService } from '../drafting/service';
import type { Translator } from '../drafting/translate';
import type { EventBus } from '../events';
import type { GoLive } from '../golive/goLive';
import type { KnowledgeService } from '../knowledge/service';
import type { Notifier } from '../notify/notifier';
import type { SecretStore } from '../golive/secrets';
import type { Exporter } from '../records/exporter';
import type { RecordsScheduler } from '../records/scheduler';
import type { Simulator } from '../simulator';
import type { Db } from '../store/database';
import type { Readers } from '../threads/readerPool';
import type { CommandHandlers } from './service';

/** Exports, backups, import, retention and the log viewer (src/main/core/records). */
export interface RecordsDeps {
  db: Db;
  now: () => number;
  defaultCountry: CountryCode;
  exporter: Exporter;
  scheduler: RecordsScheduler;
  paths: RecordsSettingsView['paths'];
  /** Attachments kept on the laptop: retention deletes the files it leaves unreferenced. */
  mediaDir: string;
  /** Checking and staging a backup read gigabytes: they run on a thread of their own. */
  readers: Readers;
  /** The desktop shell opens folders in the file manager; serve mode has nobody to show them to. */
  openFolder?: ((path: string) => Promise<void>) | undefined;
}

/** Everything the command modules need; each module takes the part it uses. */
export interface HandlerDeps {
  db: Db;
  events: EventBus;
  mode: AppMode;
  version: string;
  businessNumber: string;
  defaultCountry: CountryCode;
  simulator?: Simulator | undefined;
  health: CommandHandlers['health:get'];
  /** Called after the queue changed by hand (a retried job, a queued send). */
  onQueueChanged: () => void;
  /** After a message row changed (pushes message and conversation events). */
  onMessageChanged: (messageId: number) => void;
  now: () => number;
  drafting: DraftingService;
  /** The account's WhatsApp templates, asked of the carrier (Twilio's Content API). */
  carrierTemplates: () => Promise<CarrierTemplate[]>;
  draftingStatus: DraftingStatus;
  /** The business's knowledge (Settings → Knowledge) and the check of a draft's claims. */
  knowledge: KnowledgeService;
  /** Going live: tunnel, number setup, self-test, credential checks. */
  goLive: GoLive;
  /** Account settings and secrets: the Settings screen learns only whether each secret is set. */
  config: Pick<AppConfig, 'twilio' | 'openai' | 'ngrokAuthtoken' | 'publicUrl' | 'ngrokDomain'>;
  /** Keychain (desktop) or environment (serve mode); secrets go in, only set / not set comes out. */
  secrets: SecretStore;
  /** Desktop only: restarts the core so saved credentials take effect. */
  restart?: (() => void) | undefined;
  /** Exports, backups, import, retention, logs. */
  records: RecordsDeps;
  /** Long reads (search, statistics) run on reader threads. */
  readers: Readers;
  /**
   * Where Twilio can fetch an attachment from (the tunnel, the operator's own URL; the listener in
   * demo mode), or undefined: a text with attachments is then refused before it is queued.
   */
  mediaBaseUrl?: (() => string | undefined) | undefined;
  /** Notifications to the operator away: Test, and the rules and channels reloaded after a save. */
  notifier: Pick<Notifier, 'test' | 'reload'>;
  /** Messages and drafts into the operator's language (through the model, cached). */
  translator: Translator;
}
