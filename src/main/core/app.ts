/**
 * The composition root: builds the core from its parts and wires them by hand. The Electron shell
 * (src/main/index.ts), serve mode (src/main/serve.ts) and the tests all start the core here.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppMode, Health } from '../../shared/types';
import type { Carrier } from './carriers/carrier';
import { createTwilioCarrier } from './carriers/twilioCarrier';
import { createTwilioAccount, type CarrierAccount } from './carriers/twilioAccount';
import { createTwilioClient } from './carriers/twilioSdk';
import type { AppConfig } from './config';
import { configFromSources, readAccountSettings } from './configSources';
import type { Drafter } from './drafting/drafter';
import { createOfflineDrafter } from './drafting/offlineDrafter';
import { createOpenAIDrafter, DEFAULT_MODEL } from './drafting/openaiDrafter';
import { loadDetector } from './drafting/language';
import { createDraftingService } from './drafting/service';
import { EventBus } from './events';
import { createGoLive, type GoLive } from './golive/goLive';
import { envSecretStore, type SecretStore } from './golive/secrets';
import { answerSelfTest } from './golive/selfTest';
import { createRootLogger, type Logger } from './log';
import { makePrivateDir } from './privateFiles';
import { applyPendingRestore } from './records/backups';
import { Exporter } from './records/exporter';
import { RecordsScheduler } from './records/scheduler';
import { catchUp, type CatchUpResult } from './messaging/catchUp';
import type { InboundOutcome } from './messaging/inbound';
import { SenderPacer } from './messaging/pacer';
import { createSendHandler } from './messaging/sendMessage';
import { startCountsFeed } from './operator/countsFeed';
import { createCommandHandlers } from './operator/handlers';
import { createOperatorService, type OperatorService } from './operator/service';
import type { BackoffPolicy } from './queue/backoff';
import { StartHold, tellWhenAnswered } from './queue/startHold';
import { JobWorker, type JobHandlers } from './queue/worker';
import { readSendingSettings } from './sendingSettings';
import { startSimulator, type Simulator } from './simulator';
import { getConversationSummary } from './store/conversations';
import { openDatabase, type Db } from './store/database';
import { indexSearchBacklog } from './store/search';
import { nextRunAt, queueStats } from './store/jobs';
import { getMessage } from './store/messages';
import { toMessageView } from './domain/messageView';
import { getSetting, setSetting } from './store/settings';
import { createReaderPool } from './threads/readerPool';
import { ngrokSdk, type TunnelSdk } from './tunnel/ngrokSdk';
import { lastWebhookAt } from './store/webhookLog';
import { GroupCommitter } from './webhooks/groupCommit';
import { IngestRate } from './webhooks/ingestRate';
import { routes, startWebhookListener, type WebhookListener } from './webhooks/server';
import { createTwilioWebhookProcessor, type SigningContext } from './webhooks/twilioWebhooks';

export const APP_VERSION = '0.1.0';

/** The number "the business" has in demo mode: Twilio's test number that always sends. */
export const DEMO_BUSINESS_NUMBER = '+15005550006';

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
  /** Extra or replacement job handlers (tests). */
  jobHandlers?: JobHandlers;
  now?: () => number;
  /** Simulator timing in demo mode (tests shorten it). */
  simulatorCallbackDelayMs?: number;
  /** Skip the catch-up run at start (tests that want to trigger it themselves). */
  skipStartupCatchUp?: boolean;
  /** Retry timing of the job queue (tests shorten it). */
  backoff?: BackoffPolicy;
  /** How long a carrier request may take before it counts as lost (tests shorten it). */
  carrierTimeoutMs?: number;
  /** Replaces the drafter chosen from config (tests). */
  drafter?: Drafter;
  /** How long the AI model may stay silent before a draft attempt times out (tests shorten it). */
  draftTimeoutMs?: number;
  /** Overrides the operator's auto-send countdown (tests shorten it). */
  autoSendDelayMs?: number;
  /** When the backup/retention scheduler first checks what is due (default a minute after start). */
  recordsFirstCheckMs?: number;
  /**
   * Where secrets come from. Default: the environment (serve mode). The desktop shell passes one
   * backed by Electron safeStorage (see golive/secrets.ts).
   */
  secrets?: SecretStore;
  /** The desktop shell's "show this folder in the file manager"; absent in serve mode. */
  openFolder?: (path: string) => Promise<void>;
  /** Replaces the ngrok SDK at its one seam (tests: there is no offline ngrok). */
  tunnelSdk?: TunnelSdk;
  /** Reconnect timing of the tunnel (tests shorten it). */
  tunnelBackoff?: BackoffPolicy;
  /**
   * The desktop shell closes this core and starts a new one (credentials changed in Settings).
   * Absent in serve mode: the operator is told to restart with the new environment instead.
   */
  restart?: () => void;
}

export async function createApp(given: AppConfig, deps: AppDeps = {}): Promise<App> {
  const logger = deps.logger ?? createRootLogger({ level: given.logLevel });
  const now = deps.now ?? Date.now;
  const log = logger.child({ name: 'app' });

  makePrivateDir(given.dataDir, { ours: true });
  const dbPath = join(given.dataDir, 'switchboard.db');
  // A restore staged by 'backup:restore' is swapped in here, before the store opens.
  const restored = applyPendingRestore(given.dataDir, now());
  if (restored.applied) log.warn({ previousKeptIn: restored.previousKeptIn }, 'backup restored');
  else if (restored.reason === 'rejected')
    log.error({ problems: restored.problems }, 'staged restore refused');
  const db = openDatabase(dbPath);
  const secrets = deps.secrets ?? envSecretStore(given);
  // What Settings saved (account details, keychain secrets) fills what the environment left out.
  const config = configFromSources(given, readAccountSettings(db), secrets);
  const events = new EventBus();
  const committer = new GroupCommitter(db);
  // Long reads (search, exports, backups and their checks) run here, off the thread that answers
  // Twilio; threads start on first use.
  const readers = createReaderPool({ dbPath, logger: logger.child({ name: 'readers' }) });
  const firstRunAt = rememberFirstRun(db, now());

  const mode: AppMode = config.twilio ? 'live' : 'demo';
  const businessNumber = config.twilio?.phoneNumber ?? DEMO_BUSINESS_NUMBER;
  let simulator: Simulator | undefined;
  let webhook: WebhookListener | undefined;
  let publicUrl = config.publicUrl?.replace(/\/+$/, '');
  const currentPublicUrl = () => publicUrl ?? webhook!.url;

  // --- live events -------------------------------------------------------------------------
  // Queue figures are for people: at most a few updates a second, and none while nobody listens.
  const emitQueue = throttle(() => {
    if (events.hasListeners) events.emit('queue:changed', queueStats(db));
  }, 250);
  const emitMessage = (messageId: number) => {
    const message = getMessage(db, messageId);
    if (!message) return;
    events.emit('message:updated', toMessageView(message));
    const summary = getConversationSummary(db, message.conversationId);
    if (summary) events.emit('conversation:updated', summary);
  };
  // Tab badges and the unread total: pushed when a counter changed (operator/countsFeed.ts).
  const countsFeed = startCountsFeed({ db, events });
  // New messages wait in the search backlog (migration 0050) and are indexed together a moment
  // after a batch; a search catches up by itself, so this only keeps the backlog short.
  let searchIndexTimer: NodeJS.Timeout | undefined;
  const indexSearch = () => {
    clearTimeout(searchIndexTimer);
    searchIndexTimer = undefined;
    try {
      indexSearchBacklog(db);
    } catch (error) {
      log.warn({ err: error }, 'could not update the search index; the next search will');
    }
  };
  // A full disk is the one store failure the operator can fix, so it is said in words (once a
  // minute at most) while webhooks are answered 500. Twilio does not retry them: when a webhook
  // is stored again, catch-up fetches from Twilio what it could not deliver meanwhile.
  const diskFull = (() => {
    let full = false;
    let saidAt = -Infinity;
    return {
      failed: (error: unknown) => {
        if ((error as { code?: unknown } | null)?.code !== 'SQLITE_FULL') return;
        full = true;
        if (now() - saidAt < 60_000) return;
        saidAt = now();
        log.error('disk full: webhooks are answered 500 until there is space again');
        events.emit('notice', {
          level: 'error',
          text: 'The disk is full: texts from customers cannot be saved right now. Twilio keeps them, and they are fetched from Twilio once texts can be saved again. Free some disk space; no restart is needed.',
        });
      },
      stored: () => {
        if (!full) return;
        full = false;
        saidAt = -Infinity;
        log.info('the store takes writes again: catching up on what was refused');
        events.emit('notice', {
          level: 'info',
          text: 'There is disk space again: texts are being saved, and those refused while the disk was full are being fetched from Twilio.',
        });
        runCatchUp().catch((error: unknown) =>
          log.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'catch-up failed',
          ),
        );
      },
    };
  })();
  // More texts a second than any team reads is a flood (a broadcast answered at once, a loop
  // between two bots): drafting stands aside until it ebbs, so every webhook is acknowledged
  // first. The draft jobs are stored with the messages and run right after (BENCHMARKS.md).
  const ingestRate = new IngestRate();
  const FLOOD_PER_SECOND = 100;
  const onInbound = (outcome: Extract<InboundOutcome, { duplicate: false }>) => {
    ingestRate.record();
    searchIndexTimer ??= setTimeout(indexSearch, 100);
    if (outcome.draftJobId !== undefined) {
      emitQueue();
      worker.wake();
    }
    if (!events.hasListeners) return; // nobody to tell: skip the reads
    const message = getMessage(db, outcome.messageId);
    if (message) events.emit('message:added', toMessageView(message));
    for (const canceled of outcome.canceledScheduled) {
      emitMessage(canceled);
      events.emit('notice', {
        level: 'warning',
        conversationId: outcome.conversationId,
        text: 'A scheduled message was cancelled because the customer wrote first. Read their message, then reply or schedule again.',
      });
    }
    const summary = getConversationSummary(db, outcome.conversationId);
    if (summary) events.emit('conversation:updated', summary);
  };

  const resources: Array<() => Promise<void> | void> = [];
  /** Set once going live is wired (after the listener it needs): /health may be asked before. */
  const late: { goLive?: GoLive } = {};
  let carrier: Carrier;
  let account: CarrierAccount;
  try {
    if (config.twilio) {
      const client = createTwilioClient({ ...config.twilio, timeoutMs: deps.carrierTimeoutMs });
      carrier = createTwilioCarrier(client, { apiBaseUrl: config.twilio.apiBaseUrl });
      account = createTwilioAccount(client);
    } else {
      simulator = await startSimulator({
        phoneNumbers: [{ phoneNumber: DEMO_BUSINESS_NUMBER, friendlyName: 'Demo business' }],
        logger, // the simulator names its own logger
        ...(deps.simulatorCallbackDelayMs !== undefined
          ? { callbackDelayMs: deps.simulatorCallbackDelayMs }
          : {}),
      });
      resources.push(() => simulator?.close());
      // Demo mode goes through the real twilio SDK too, pointed at the simulator.
      const client = createTwilioClient({
        accountSid: simulator.accountSid,
        authToken: simulator.authToken,
        apiBaseUrl: simulator.url,
        timeoutMs: deps.carrierTimeoutMs,
      });
      carrier = createTwilioCarrier(client, { apiBaseUrl: simulator.url });
      account = createTwilioAccount(client);
    }
    const signing = (): SigningContext => ({
      authToken: config.twilio?.authToken ?? simulator!.authToken,
      accountSid: config.twilio?.accountSid ?? simulator!.accountSid,
      publicUrl: currentPublicUrl(),
    });
    const processor = createTwilioWebhookProcessor({
      committer,
      signing,
      logger: logger.child({ name: 'webhooks' }),
      defaultCountry: config.defaultCountry,
      now,
      onInbound,
      onStatus: (outcome) => emitMessage(outcome.messageId),
      onStoreFailure: diskFull.failed,
      onStored: diskFull.stored,
      // Public (through the tunnel, no signature): states and counts only, no numbers, no text,
      // no URLs; enough for an uptime monitor. Answered from a snapshot at most a second old, so
      // however often it is asked it costs at most one read a second, whatever the table sizes.
      health: rememberFor(1_000, () => {
        const queue = queueStats(db);
        const reach = late.goLive?.reachability();
        return {
          status: 'ok',
          mode,
          tunnel: late.goLive?.tunnelStatus().state ?? 'idle',
          lastWebhookAt: lastWebhookAt(db),
          queueDepth: queue.queued + queue.running,
          deadJobs: queue.dead,
          twilioReachable: reach?.twilio?.ok ?? null,
          aiReachable: reach?.ai?.ok ?? null,
        };
      }),
    });
    webhook = await startWebhookListener({
      port: config.webhookPort,
      host: config.webhookHost,
      processor,
      logger: logger.child({ name: 'webhooks' }),
      selfTest: (request) => answerSelfTest(request, signing()),
    });
  } catch (error) {
    for (const close of resources.reverse()) await close();
    await readers.close();
    db.close();
    throw error;
  }
  const listener = webhook;

  // With a key or a base URL (Ollama, LM Studio, llama.cpp need no key) drafts come from a model;
  // otherwise from the offline drafter (templates and the operator's own past replies).
  const useModel = Boolean(config.openai.apiKey || config.openai.baseUrl);
  const drafter =
    deps.drafter ??
    (useModel
      ? createOpenAIDrafter({ ...config.openai, timeoutMs: deps.draftTimeoutMs })
      : // Its lookup of past replies runs on the reader thread: a burst of texts never
        // starves acknowledgements.
        createOfflineDrafter(db, { retrieve: (args) => readers.query('offlineDraftData', args) }));
  const drafting = createDraftingService({
    db,
    events,
    logger: logger.child({ name: 'drafting' }),
    now,
    drafter,
    demo: mode === 'demo',
    autoSendDelayMs: deps.autoSendDelayMs,
    onQueued: () => {
      emitQueue();
      worker.wake();
    },
    onMessageChanged: (messageId) => emitMessage(messageId),
  });

  // Drafts left waiting by the last run start once the console has had its first answers (or
  // after 2 s without one): a backlog never delays the inbox's first paint (queue/startHold.ts).
  const draftBacklog = new StartHold({
    active: nextRunAt(db, ['draft']) !== null,
    maxMs: 2000,
    afterFirstCommandMs: 250,
    onRelease: () => worker.wake(),
  });
  const pacer = new SenderPacer(() => readSendingSettings(db).messagesPerSecond, now);
  const worker = new JobWorker({
    db,
    handlers: {
      send: createSendHandler({
        db,
        carrier,
        pacer,
        statusCallbackUrl: () => currentPublicUrl() + routes.status,
        logger: logger.child({ name: 'send' }),
        now,
        onMessageChanged: emitMessage,
      }),
      draft: drafting.handleDraftJob,
      ...deps.jobHandlers,
    },
    logger: logger.child({ name: 'queue' }),
    holdBack: (kind) =>
      kind === 'draft' && (draftBacklog.held || ingestRate.perSecond() > FLOOD_PER_SECOND),
    onChange: emitQueue,
    now,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  });

  const pointSimulatorAtUs = () =>
    simulator?.configureNumber(DEMO_BUSINESS_NUMBER, {
      smsUrl: currentPublicUrl() + routes.inbound,
      statusCallback: currentPublicUrl() + routes.status,
    });
  pointSimulatorAtUs();
  const setPublicUrl = (url: string) => {
    publicUrl = url.replace(/\/+$/, '');
    pointSimulatorAtUs();
  };

  const liveGoLive = createGoLive({
    db,
    mode,
    events,
    logger,
    now,
    account,
    businessNumber,
    listenerUrl: listener.url,
    publicUrl: currentPublicUrl,
    setPublicUrl,
    catchUp: () => runCatchUp(),
    secrets,
    signingToken: () => config.twilio?.authToken ?? simulator!.authToken,
    ai: () =>
      useModel
        ? {
            apiKey: secrets.get('openaiApiKey') ?? 'not-needed',
            baseUrl: config.openai.baseUrl,
            model: config.openai.model ?? DEFAULT_MODEL,
          }
        : undefined,
    tunnelSdk: deps.tunnelSdk ?? ngrokSdk,
    tunnelBackoff: deps.tunnelBackoff,
    domain: config.ngrokDomain,
  });
  late.goLive = liveGoLive;

  const health = (): Health => ({
    mode,
    webhookUrl: listener.url,
    publicUrl: currentPublicUrl(),
    lastWebhookAt: lastWebhookAt(db),
    queue: queueStats(db),
    databaseBytes: fileSize(dbPath) + fileSize(`${dbPath}-wal`),
    tunnel: liveGoLive.tunnelStatus(),
    reachability: liveGoLive.reachability(),
  });

  const exporter = new Exporter({
    dbPath,
    logFile: join(config.dataDir, 'logs', 'switchboard.log'),
    defaultFolder: join(config.dataDir, 'exports'),
    onProgress: (progress) => events.emit('export:progress', progress),
    secrets: () =>
      [
        secrets.get('twilioAuthToken'),
        secrets.get('openaiApiKey'),
        secrets.get('ngrokAuthtoken'),
        simulator?.authToken,
      ].filter((s): s is string => typeof s === 'string'),
    now,
    logger: logger.child({ name: 'export' }),
    readers,
  });
  const recordsScheduler = new RecordsScheduler({
    db,
    defaultBackupFolder: join(config.dataDir, 'backups'),
    now,
    logger: logger.child({ name: 'records' }),
    readers,
    ...(deps.recordsFirstCheckMs !== undefined ? { firstCheckMs: deps.recordsFirstCheckMs } : {}),
  });

  const commands = createOperatorService(
    createCommandHandlers({
      db,
      events,
      mode,
      version: APP_VERSION,
      businessNumber,
      defaultCountry: config.defaultCountry,
      simulator,
      health,
      onQueueChanged: () => {
        emitQueue();
        worker.wake();
      },
      onMessageChanged: emitMessage,
      now,
      drafting,
      draftingStatus: {
        provider: drafter.provider,
        model: drafter.model,
        endpoint: drafter.endpoint,
      },
      config,
      secrets,
      restart: deps.restart,
      goLive: liveGoLive,
      records: {
        db,
        now,
        defaultCountry: config.defaultCountry,
        exporter,
        scheduler: recordsScheduler,
        paths: {
          dataDir: config.dataDir,
          exportsDir: join(config.dataDir, 'exports'),
          backupsDir: join(config.dataDir, 'backups'),
          logFile: join(config.dataDir, 'logs', 'switchboard.log'),
        },
        openFolder: deps.openFolder,
        readers,
      },
      readers,
    }),
    events,
  );
  const operator = tellWhenAnswered(commands, draftBacklog);

  const runCatchUp = () =>
    catchUp({
      db,
      carrier,
      committer,
      businessNumber,
      defaultCountry: config.defaultCountry,
      logger: logger.child({ name: 'catch-up' }),
      now,
      firstRunAt,
      onInbound,
      onStatus: (outcome) => emitMessage(outcome.messageId),
    });

  worker.start();
  recordsScheduler.start();
  // After the first moments of start, so they never compete with the console's first paint, and
  // before the first text needs them (each costs ~0.2–0.3 s once).
  setTimeout(() => readers.warm(), 1_000).unref();
  setTimeout(() => void loadDetector(), 3_000).unref();
  drafting.resumeCountdowns();
  log.info({ mode, webhookUrl: listener.url }, 'core started');
  if (!deps.skipStartupCatchUp) {
    runCatchUp().catch((error: unknown) =>
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'catch-up failed'),
    );
  }
  // Idle unless an authtoken is configured; an own public URL (SWITCHBOARD_PUBLIC_URL) wins.
  if (secrets.get('ngrokAuthtoken') && !config.publicUrl) {
    liveGoLive
      .startTunnel()
      .catch((error: unknown) =>
        log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'tunnel did not start',
        ),
      );
  }

  let closing: Promise<void> | undefined;
  return {
    config,
    mode,
    db,
    dbPath,
    events,
    operator,
    webhook: listener,
    worker,
    simulator,
    businessNumber,
    goLive: liveGoLive,
    publicUrl: currentPublicUrl,
    setPublicUrl,
    catchUp: runCatchUp,
    close() {
      closing ??= (async () => {
        // Stop taking webhooks, commit what was accepted, let running jobs finish, then close.
        await liveGoLive.close();
        await listener.close();
        emitQueue.cancel();
        countsFeed.stop();
        draftBacklog.close();
        committer.close();
        indexSearch();
        drafting.close(); // running generations stop now; their jobs resume after the next start
        await worker.drain();
        await exporter.close();
        await recordsScheduler.stop(); // a backup in progress finishes first
        await readers.close();
        await simulator?.close();
        db.close();
        log.info('core stopped');
      })();
      return closing;
    },
  };
}

/** The first start of this data folder: catch-up never reaches back before it. */
function rememberFirstRun(db: Db, now: number): number {
  const stored = getSetting(db, 'firstRunAt');
  if (typeof stored === 'number') return stored;
  setSetting(db, 'firstRunAt', now, now);
  return now;
}

/** Calls `fn` at most once per `ms`, always including the last call of a burst. */
function throttle(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  return Object.assign(throttled, { cancel: () => clearTimeout(timer) });
}

/** `fn`'s last answer, recomputed when it is older than `ms`. */
function rememberFor<T>(ms: number, fn: () => T): () => T {
  let value: T;
  let at = -Infinity;
  return () => {
    const now = Date.now();
    if (now - at >= ms) {
      value = fn();
      at = now;
    }
    return value;
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
