/**
 * The composition root: builds the core from its parts and wires them by hand. The Electron shell
 * (src/main/index.ts), serve mode (src/main/serve.ts) and the tests all start the core here.
 *
 * `createApp` reads top to bottom in the order the parts are built; each part exists before
 * anything that uses it. Two needs run against that order and are met by a small object built
 * first: parts that queue work exist before the worker that runs it (`WorkerDoorbell`), and the
 * webhook listener answers /health before going live, which forwards the tunnel to it, exists
 * (`PublicHealth.follow`). Shutdown runs in `closeInOrder`.
 */
import type { AppMode } from '../../shared/types';
import type { AppConfig } from './config';
import type { Drafter } from './drafting/drafter';
import type { EventBus } from './events';
import type { GoLive } from './golive/goLive';
import type { SecretStore } from './golive/secrets';
import type { Logger } from './log';
import type { CatchUpResult } from './messaging/catchUp';
import { keptMedia, type KeptMedia } from './messaging/keptMedia';
import { stageAttachment } from './messaging/outboundMedia';
import type { AttachmentUploads } from './operator/bridgeMedia';
import { createCommandHandlers } from './operator/handlers';
import type { RecordsDeps } from './operator/commandDeps';
import { createOperatorService, type OperatorService } from './operator/service';
import { tellWhenAnswered } from './queue/startHold';
import type { JobHandlers, JobWorker } from './queue/worker';
import type { Simulator } from './simulator';
import type { Db } from './store/database';
import type { NotifyEndpoints } from './notify/channels';
import type { SmtpTls } from './notify/smtp';
import type { TunnelSdk } from './tunnel/ngrokSdk';
import type { WebhookListener } from './webhooks/server';
import { startBackground } from './composition/background';
import { startCarrierSide, type CarrierSide } from './composition/carrierSide';
import { createDrafting, type DraftingPart } from './composition/drafting';
import { openFoundation, type Foundation } from './composition/foundation';
import { createGoingLive } from './composition/goingLive';
import { FloodGauge, operatorHealth } from './composition/health';
import { createJobs, type Jobs } from './composition/jobs';
import { startHubEvents, type HubEvents } from './composition/hubEvents';
import { createNotifications, type NotificationsPart } from './composition/notifications';
import { startLiveEvents, type LiveEvents, type StoredInbound } from './composition/liveEvents';
import { createRecords } from './composition/records';
import type { Timings } from './composition/timings';
import { WorkerDoorbell } from './composition/workerDoorbell';

export const APP_VERSION = '0.1.0';

export interface App {
  readonly config: AppConfig;
  readonly mode: AppMode;
  readonly db: Db;
  readonly dbPath: string;
  readonly events: EventBus;
  readonly operator: OperatorService;
  readonly webhook: WebhookListener;
  readonly worker: JobWorker;
  /** Demo mode only. */
  readonly simulator: Simulator | undefined;
  readonly businessNumber: string;
  /** Going live: ngrok tunnel, number setup, self-test, credential checks. */
  readonly goLive: GoLive;
  /** Attachments kept on the laptop, by hash: what the hosts serve the console. */
  readonly media: KeptMedia;
  /** On a hub: the link to the other hub processes' live events (nothing on the laptop). */
  readonly hub: Pick<HubEvents, 'health' | 'onHealthChanged'>;
  /** Pictures and PDFs the operator uploads for a composer (the bridge's and the shell's route). */
  readonly attachments: AttachmentUploads;
  /** The base URL Twilio calls; changes when a tunnel comes up. */
  publicUrl(): string;
  setPublicUrl(url: string): void;
  /**
   * Takes in what the carrier has that we missed (run at start; call it again on resume from
   * sleep and when the tunnel reconnects).
   */
  catchUp(): Promise<CatchUpResult>;
  close(): Promise<void>;
}

export interface AppDeps {
  logger?: Logger;
  now?: () => number;
  /** The waits tests shorten; production passes none. */
  timings?: Timings;
  /** Extra or replacement job handlers (tests). */
  jobHandlers?: JobHandlers;
  /** Replaces the drafter chosen from config (tests). */
  drafter?: Drafter;
  /** Replaces the ngrok SDK at its one seam (tests: there is no offline ngrok). */
  tunnelSdk?: TunnelSdk;
  /** Skip the catch-up run at start (tests that want to trigger it themselves). */
  skipStartupCatchUp?: boolean;
  /**
   * Where secrets come from. Default: the environment (serve mode). The desktop shell passes one
   * backed by Electron safeStorage (see golive/secrets.ts).
   */
  secrets?: SecretStore;
  /** The desktop shell's "show this folder in the file manager"; absent in serve mode. */
  openFolder?: (path: string) => Promise<void>;
  /**
   * The desktop shell closes this core and starts a new one (credentials changed in Settings).
   * Absent in serve mode: the operator is told to restart with the new environment instead.
   */
  restart?: () => void;
  /** Tests only: Pushover's address at a local stand-in (the other services' are typed in Settings). */
  notifyEndpoints?: Partial<NotifyEndpoints>;
  /** Tests only: trust the stand-in SMTP server's own certificate. */
  smtpTls?: SmtpTls;
}

export async function createApp(given: AppConfig, deps: AppDeps = {}): Promise<App> {
  const base = openFoundation(given, deps);
  const { config, mode, db, events, log } = base;

  // Live events, and the doorbell every part that queues work rings.
  const live = startLiveEvents({ db, events, logger: log });
  const doorbell = new WorkerDoorbell(live.queueChanged);
  const flood = new FloodGauge();
  const onInbound = (outcome: StoredInbound) => {
    flood.record();
    if (outcome.draftJobId !== undefined || outcome.mediaJobId !== undefined) doorbell.queued();
    live.inboundStored(outcome);
  };
  const onStatus = (outcome: { messageId: number }) => live.messageChanged(outcome.messageId);
  // On a hub: events to and from the other processes, and their queued work wakes our worker.
  const hub = startHubEvents({ db, events, logger: log });
  hub.onJobsAdded(doorbell.wake);

  // Where texts come in and go out; the port or the simulator may fail to start.
  let side: CarrierSide;
  try {
    side = await startCarrierSide(base, { onInbound, onStatus });
  } catch (error) {
    live.close();
    await hub.close();
    await base.readers.close();
    db.close();
    throw error;
  }
  const { carriers, address, listener, catchUp } = side;

  const drafting = createDrafting(base, {
    drafter: deps.drafter,
    onQueued: doorbell.queued,
    onMessageChanged: live.messageChanged,
  });
  const notifications = createNotifications(base, {
    onQueued: doorbell.queued,
    usesModel: drafting.usesModel,
    endpoints: deps.notifyEndpoints,
    smtpTls: deps.smtpTls,
  });
  const jobs = createJobs(base, {
    carrier: carriers.carrier,
    mediaAccount: carriers.mediaAccount,
    publicUrl: address.url,
    mediaBaseUrl: address.reachable,
    drafting: drafting.service,
    notifier: notifications.notifier,
    handlers: deps.jobHandlers,
    flood,
    doorbell,
    onQueueChanged: live.queueChanged,
    onMessageChanged: live.messageChanged,
  });
  const goLive = createGoingLive(base, side, {
    usesModel: drafting.usesModel,
    tunnelSdk: deps.tunnelSdk,
  });
  side.publicHealth.follow(goLive);
  const records = createRecords(base, {
    simulatorAuthToken: carriers.simulator?.authToken,
    openFolder: deps.openFolder,
  });
  const operator = createOperator(base, {
    side,
    live,
    hub,
    doorbell,
    drafting,
    jobs,
    goLive,
    records,
    notifications,
    restart: deps.restart,
  });

  startBackground({
    worker: jobs.worker,
    records: records.scheduler,
    readers: base.readers,
    drafting: drafting.service,
    catchUp: deps.skipStartupCatchUp ? undefined : catchUp,
    goLive,
    tunnelAtStart: Boolean(base.secrets.get('ngrokAuthtoken')) && !config.publicUrl,
    logger: log,
  });
  notifications.notifier.start();
  log.info({ mode, webhookUrl: listener.url }, 'core started');

  let closing: Promise<void> | undefined;
  return {
    config,
    mode,
    db,
    dbPath: base.paths.database,
    events,
    operator,
    webhook: listener,
    worker: jobs.worker,
    simulator: carriers.simulator,
    businessNumber: carriers.businessNumber,
    goLive,
    media: keptMedia(db, base.paths.media),
    hub,
    attachments: {
      stage: (conversationId, source) =>
        stageAttachment(
          { db, mediaDir: base.paths.media, now: base.now },
          { conversationId, source },
        ),
    },
    publicUrl: address.url,
    setPublicUrl: address.set,
    catchUp: catchUp.run,
    close: () =>
      (closing ??= closeInOrder(base, {
        side,
        live,
        hub,
        drafting,
        jobs,
        goLive,
        records,
        notifications,
      })),
  };
}

/** The operator service (contract commands), telling the start hold when commands are answered. */
function createOperator(
  base: Foundation,
  parts: {
    side: CarrierSide;
    live: LiveEvents;
    hub: HubEvents;
    doorbell: WorkerDoorbell;
    drafting: DraftingPart;
    jobs: Jobs;
    goLive: GoLive;
    records: RecordsDeps;
    notifications: NotificationsPart;
    restart: (() => void) | undefined;
  },
): OperatorService {
  const { config, db, events } = base;
  const { carriers, listener, address } = parts.side;
  const { drafter } = parts.drafting;
  const handlers = createCommandHandlers({
    db,
    events,
    mode: base.mode,
    version: APP_VERSION,
    businessNumber: carriers.businessNumber,
    defaultCountry: config.defaultCountry,
    simulator: carriers.simulator,
    health: operatorHealth({
      db,
      mode: base.mode,
      dbPath: base.paths.database,
      listenerUrl: listener.url,
      publicUrl: address.url,
      goLive: parts.goLive,
      liveEvents: parts.hub.health,
    }),
    onQueueChanged: parts.doorbell.queued,
    onMessageChanged: parts.live.messageChanged,
    now: base.now,
    drafting: parts.drafting.service,
    carrierTemplates: () => carriers.carrier.listTemplates(),
    knowledge: parts.drafting.knowledge,
    draftingStatus: {
      provider: drafter.provider,
      model: drafter.model,
      endpoint: drafter.endpoint,
    },
    config,
    secrets: base.secrets,
    restart: parts.restart,
    goLive: parts.goLive,
    records: parts.records,
    readers: base.readers,
    mediaBaseUrl: address.reachable,
    notifier: parts.notifications.notifier,
    translator: parts.notifications.translator,
  });
  return tellWhenAnswered(createOperatorService(handlers, events), parts.jobs.draftBacklog);
}

/** Stop taking webhooks, commit what was accepted, let running jobs finish, then close. */
async function closeInOrder(
  base: Foundation,
  parts: {
    side: CarrierSide;
    live: LiveEvents;
    hub: HubEvents;
    drafting: DraftingPart;
    jobs: Jobs;
    goLive: GoLive;
    records: RecordsDeps;
    notifications: NotificationsPart;
  },
): Promise<void> {
  parts.notifications.notifier.stop();
  await parts.goLive.close();
  await parts.side.listener.close();
  parts.jobs.draftBacklog.close();
  base.committer.close();
  parts.live.close(); // after the last commit: what it stored is indexed for search now
  parts.drafting.service.close(); // running generations stop now; their jobs resume after the next start
  await parts.drafting.knowledge.close(); // embedding in flight stops; the next start finishes it
  await parts.jobs.worker.drain();
  await parts.records.exporter.close();
  await parts.records.scheduler.stop(); // a backup in progress finishes first
  await base.readers.close();
  await parts.side.carriers.close();
  await parts.hub.close(); // after the last event: what was emitted reaches the other processes
  base.db.close();
  base.log.info('core stopped');
}
