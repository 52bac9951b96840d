/**
 * The Electron shell: one window, the preload, IPC registration, the dock badge, and the core's
 * lifecycle. Everything that matters lives in ./core and runs without Electron; this file (and
 * src/preload) are the only places that import 'electron'.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { ipcChannels, type EventMessage, type InvokeReply } from '../preload/channels';
import type { EventMap } from '../shared/contract';
import { DESKTOP_MEDIA_SCHEME, mediaPath } from '../shared/types';
import { createApp, type App } from './core/app';
import { configFromEnv, type AppConfig } from './core/config';
import { dataPaths } from './core/dataPaths';
import { createRootLogger, type Logger } from './core/log';
import { keptMediaHeaders } from './core/messaging/keptMedia';
import { Refusal } from './core/domain/refusal';
import { toCommandError, CommandFailure } from './core/operator/service';
import { getConversationSummary } from './core/store/conversations';
import { trackUnreadTotal } from './core/operator/unreadTally';
import type { SecretStore } from './core/golive/secrets';
import { describeStartupFailure } from './core/startupFailure';
import { createDesktopSecretStore } from './desktopSecrets';

const here = import.meta.dirname;
const preloadPath = join(here, '../preload/index.cjs');
const rendererFile = join(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererFile).href;

// Tests and portable setups point the whole profile (Chromium's and ours) at one folder.
if (process.env.SWITCHBOARD_DATA_DIR) app.setPath('userData', process.env.SWITCHBOARD_DATA_DIR);

// Kept attachments reach the page under our own scheme (it is a file:// page: no origin of its
// own to serve them on). Registered before ready, as Electron requires; handled in start().
protocol.registerSchemesAsPrivileged([
  { scheme: DESKTOP_MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
]);

/**
 * `switchboard-media://kept/media/<sha256>`: a kept attachment from the media folder, with the
 * headers serve mode uses too (a file that is not on the render list is a download, never shown).
 */
function registerMediaProtocol(core: () => Promise<App>): void {
  protocol.handle(DESKTOP_MEDIA_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const prefix = mediaPath('');
    const file = pathname.startsWith(prefix)
      ? (await core()).media.open(pathname.slice(prefix.length))
      : undefined;
    if (!file) return new Response('No such attachment on this computer.', { status: 404 });
    const body = Readable.toWeb(createReadStream(file.path)) as WebReadableStream<Uint8Array>;
    return new Response(body as unknown as ReadableStream, { headers: keptMediaHeaders(file) });
  });
}

let mainWindow: BrowserWindow | null = null;

/**
 * The core's configuration on the desktop: the environment, if it says anything (power users);
 * createApp fills the rest from what Settings saved and from the safeStorage secret store.
 */
function desktopConfig(): AppConfig {
  return { ...configFromEnv(), dataDir: app.getPath('userData') };
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'Switchboard',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1216' : '#f4f5f7',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  // The CSP comes with the page (a meta tag: file:// responses carry no headers).
  void window.loadFile(rendererFile);
  return window;
}

/** Only the console page in our own window may run commands; not an iframe, not another page. */
function fromConsolePage(event: IpcMainInvokeEvent): boolean {
  const window = mainWindow;
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame) return false;
  if (event.sender.id !== window.webContents.id) return false;
  const main = window.webContents.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  const url = new URL(frame.url);
  return `${url.protocol}//${url.host}${url.pathname}` === rendererUrl;
}

function lockDownWebContents(): void {
  // No permission (camera, notifications, …) is granted to web content; the shell asks itself.
  // Checks are denied too: without a check handler, a page could learn that a permission is held.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

/** The running core; replaced by restartCore() (a new promise while the next one starts). */
let coreReady: Promise<App>;

function registerOperatorIpc(log: Logger): void {
  ipcMain.handle(
    ipcChannels.invoke,
    async (event, command: unknown, request: unknown): Promise<InvokeReply> => {
      if (!fromConsolePage(event)) {
        log.warn({ url: event.senderFrame?.url }, 'operator command from an unknown frame refused');
        return { ok: false, error: { kind: 'unauthorized', message: 'Refused: not the console.' } };
      }
      if (typeof command !== 'string') {
        return { ok: false, error: { kind: 'invalid', message: 'The command name is missing.' } };
      }
      try {
        const core = await coreReady;
        return { ok: true, result: await core.operator.invoke(command, request) };
      } catch (error) {
        if (!(error instanceof CommandFailure)) {
          log.error({ err: error, command }, 'command failed unexpectedly');
        }
        return { ok: false, error: toCommandError(error) };
      }
    },
  );
}

/** The most an upload over IPC may carry (the largest attachment any channel takes). */
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

/**
 * The desktop shell's upload: the bytes arrive whole over IPC (no stream to cut), so the size is
 * checked first; the core then sniffs the type and applies the channel's limits, as for serve mode.
 */
function registerUploadIpc(log: Logger): void {
  ipcMain.handle(
    ipcChannels.upload,
    async (event, conversationId: unknown, bytes: unknown): Promise<InvokeReply> => {
      if (!fromConsolePage(event)) {
        return { ok: false, error: { kind: 'unauthorized', message: 'Refused: not the console.' } };
      }
      if (typeof conversationId !== 'number' || !(bytes instanceof ArrayBuffer)) {
        return { ok: false, error: { kind: 'invalid', message: 'The file is missing.' } };
      }
      if (bytes.byteLength > MAX_UPLOAD_BYTES) {
        const message =
          'That file is larger than 16 MB, more than any channel takes. Make it smaller.';
        return { ok: false, error: { kind: 'invalid', message } };
      }
      try {
        const core = await coreReady;
        const source = Readable.from([Buffer.from(bytes)]);
        return { ok: true, result: await core.attachments.stage(conversationId, source) };
      } catch (error) {
        if (error instanceof Refusal) {
          return { ok: false, error: { kind: error.kind, message: error.message } };
        }
        log.error({ err: error }, 'upload failed unexpectedly');
        return { ok: false, error: toCommandError(error) };
      }
    },
  );
}

/** Pushes the core's events to the window; returns the unsubscribe function. */
function forwardEvents(core: App): () => void {
  return core.operator.subscribe((event, payload) => {
    const window = mainWindow;
    if (!window || window.isDestroyed()) return;
    window.webContents.send(ipcChannels.event, { event, payload } as EventMessage);
  });
}

/** The window, shown and in front (it may be minimized or behind other windows). */
function bringToFront(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * A desktop notification for each text a customer sends while the console is not in front (in
 * front, the inbox already shows it). Clicking it brings the window up on that conversation.
 */
function notifyInboundMessages(core: App, log: Logger): () => void {
  if (!Notification.isSupported()) {
    log.info('desktop notifications are not supported here');
    return () => {};
  }
  // Electron drops click handlers of notifications that were garbage-collected: keep them alive.
  const shown = new Set<Notification>();
  return core.operator.subscribe((event, payload) => {
    if (event !== 'message:added') return;
    const message = payload as EventMap['message:added'];
    if (message.direction !== 'inbound') return;
    const window = mainWindow;
    if (window && !window.isDestroyed() && window.isFocused()) return;
    const contact = getConversationSummary(core.db, message.conversationId)?.contact;
    const text = message.body.trim() || (message.media.length > 0 ? 'Picture or file' : '');
    const notification = new Notification({
      title: contact?.name?.trim() || contact?.address || message.from,
      body: text.length > 100 ? `${text.slice(0, 99)}…` : text,
    });
    const forget = () => shown.delete(notification);
    notification.on('click', () => {
      forget();
      const target = mainWindow ?? (mainWindow = createWindow());
      bringToFront(target);
      const open: EventMessage = {
        event: 'ui:openConversation',
        payload: { conversationId: message.conversationId },
      };
      // A window created just now loads first; one already loaded takes the event at once.
      if (target.webContents.isLoading()) {
        target.webContents.once('did-finish-load', () =>
          target.webContents.send(ipcChannels.event, open),
        );
      } else {
        target.webContents.send(ipcChannels.event, open);
      }
    });
    notification.on('close', forget);
    shown.add(notification);
    notification.show();
  });
}

/** What went wrong at start, for a person; the desktop keeps its data in the app-data folder. */
function startupFailure(error: unknown): string {
  return describeStartupFailure(error, { dataDir: app.getPath('userData'), dataDirFromEnv: false });
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownWebContents();

  let log: Logger;
  let logger: Logger;
  let secrets: SecretStore;
  /** What ties the shell to the current core (events, notifications, badge); undone on restart. */
  const detach: Array<() => void> = [];
  const startCore = async (): Promise<App> => {
    const core = await createApp(desktopConfig(), {
      logger,
      secrets,
      restart: () => void restartCore(),
      openFolder: async (path) => {
        const failure = await shell.openPath(path);
        if (failure) throw new Error(failure);
      },
    });
    detach.push(forwardEvents(core), notifyInboundMessages(core, log));
    trackUnreadTotal(core.operator, (total) => app.setBadgeCount(total))
      .then((stop) => detach.push(stop))
      .catch((error: unknown) => log.warn({ err: error }, 'unread badge unavailable'));
    return core;
  };

  /**
   * Credentials changed in Settings: the carrier, drafter and mode are chosen when the core
   * starts, so close this one (drained, as on quit) and start a new one, then reload the window.
   */
  let restarting: Promise<void> | null = null;
  const restartCore = (): Promise<void> =>
    (restarting ??= (async () => {
      const previous = await coreReady;
      log.info('restarting the core with new settings');
      coreReady = (async () => {
        for (const undo of detach.splice(0)) undo();
        await previous.close();
        return startCore();
      })();
      try {
        await coreReady;
        mainWindow?.webContents.reload();
      } catch (error) {
        log.error({ err: error }, 'core did not restart');
        dialog.showErrorBox('Switchboard could not restart', startupFailure(error));
        app.exit(1);
      }
    })().finally(() => {
      restarting = null;
    }));

  try {
    const paths = dataPaths(app.getPath('userData'));
    const config = desktopConfig();
    logger = createRootLogger({
      level: config.logLevel,
      file: paths.logFile,
    });
    log = logger.child({ name: 'shell' });
    secrets = createDesktopSecretStore(paths.secretsFile);
    coreReady = startCore();
    await coreReady;
  } catch (error) {
    process.stderr.write(`Switchboard could not start: ${String(error)}\n`);
    dialog.showErrorBox('Switchboard could not start', startupFailure(error));
    app.exit(1);
    return;
  }

  registerOperatorIpc(log);
  registerUploadIpc(log);
  registerMediaProtocol(() => coreReady);
  mainWindow = createWindow();

  // A sleeping laptop hears no webhooks (Twilio gives up after 15 s): ask the carrier on wake.
  powerMonitor.on('resume', () => {
    coreReady
      .then((core) => core.catchUp())
      .catch((error: unknown) => log.warn({ err: error }, 'catch-up after resume failed'));
  });

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere closing the window quits.
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for the core: committed webhooks are acknowledged, running jobs drain.
  let closed = false;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    (restarting ?? Promise.resolve())
      .then(() => coreReady)
      .then((core) => core.close())
      .catch((error: unknown) => log.error({ err: error }, 'core did not close cleanly'))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

// A second copy would fight over the database and the webhook port: hand over to the first.
if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => {
    process.stderr.write(`Switchboard stopped: ${String(error)}\n`);
    app.exit(1);
  });
} else {
  app.quit();
}
