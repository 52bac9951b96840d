import type { TunnelStatus } from '../../../shared/types';
import type { Logger } from '../log';
import { backoffDelay, type BackoffPolicy } from '../queue/backoff';
import { describeTunnelError } from './errors';
import type { TunnelHandle, TunnelSdk } from './ngrokSdk';

export interface TunnelSettings {
  authtoken: string;
  domain?: string | undefined;
  /** Set = the ngrok edge checks Twilio signatures too (never instead of our own check). */
  twilioAuthToken?: string | undefined;
}

export interface TunnelManagerOptions {
  sdk: TunnelSdk;
  /** The webhook listener's local base URL: the only thing the tunnel forwards to. */
  addr: string;
  logger: Logger;
  backoff?: BackoffPolicy;
  now?: () => number;
  /** Every state change (pushed to the UI as tunnel:changed). */
  onChange: (status: TunnelStatus) => void;
  /**
   * The tunnel came online (first time, after a reconnect, or with a new URL): the app points
   * signatures and the number at `url` and starts catching up on what it missed. The state turns
   * 'online' only after this resolves, so "online" means Twilio's requests will be accepted.
   */
  onOnline: (url: string, previousUrl: string | null) => Promise<void> | void;
}

const defaultTunnelBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The tunnel's state machine: idle → connecting → online(url) → offline(reason) → connecting…
 * Retries with backoff unless the problem needs the operator (bad authtoken, foreign domain).
 */
export class TunnelManager {
  private current: TunnelStatus = { state: 'idle' };
  /** Bumped by start/stop: callbacks from an older attempt are ignored. */
  private generation = 0;
  private handle: TunnelHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Bumped by every drop: an online step that finishes after a drop must not claim 'online'. */
  private drops = 0;
  private settings: TunnelSettings | undefined;
  private lastUrl: string | null = null;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly options: TunnelManagerOptions) {
    this.log = options.logger.child({ name: 'tunnel' });
    this.now = options.now ?? Date.now;
  }

  status(): TunnelStatus {
    return { ...this.current };
  }

  /** Whether an authtoken was given (the Settings screen shows set / not set only). */
  get configured(): boolean {
    return this.settings !== undefined;
  }

  /** (Re)starts with these settings; resolves once the first attempt is online or offline. */
  async start(settings: TunnelSettings): Promise<TunnelStatus> {
    await this.stop();
    this.settings = settings;
    this.failures = 0;
    await this.connect(this.generation);
    return this.status();
  }

  async stop(): Promise<void> {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await this.closeQuietly(handle);
    if (this.current.state !== 'idle') this.set({ state: 'idle' });
  }

  private async connect(generation: number): Promise<void> {
    const settings = this.settings;
    if (!settings || generation !== this.generation) return;
    this.set({ state: 'connecting', ...(settings.domain ? { domain: settings.domain } : {}) });
    let handle: TunnelHandle | undefined;
    try {
      handle = await this.options.sdk.open({
        addr: this.options.addr,
        authtoken: settings.authtoken,
        domain: settings.domain,
        twilioAuthToken: settings.twilioAuthToken,
        onStatusChange: (status) => this.onSessionStatus(generation, status),
      });
      if (generation !== this.generation) {
        await this.closeQuietly(handle);
        return;
      }
      this.handle = handle;
      const url = handle.url();
      if (!url) throw new Error('ngrok opened the tunnel but gave no public URL');
      this.failures = 0;
      await this.goOnline(generation, url);
    } catch (error) {
      if (generation !== this.generation) return;
      if (handle) {
        this.handle = undefined;
        await this.closeQuietly(handle);
      }
      const problem = describeTunnelError(error);
      this.log.warn({ code: problem.code, retry: problem.retry }, 'tunnel could not start');
      this.goOffline(generation, problem.reason, problem.retry);
    }
  }

  /** ngrok reports its session dropping and coming back (it reconnects an established session). */
  private onSessionStatus(generation: number, status: 'connected' | 'closed'): void {
    if (generation !== this.generation || !this.handle) return;
    if (status === 'closed') {
      this.log.warn('tunnel session lost');
      this.goOffline(
        generation,
        'The connection to ngrok was lost. Switchboard is reconnecting.',
        true,
      );
      return;
    }
    // ngrok reconnected by itself before our own retry: keep this handle.
    clearTimeout(this.timer);
    this.timer = undefined;
    const url = this.handle.url();
    if (url) void this.goOnline(generation, url);
  }

  private goOffline(generation: number, reason: string, retry: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.drops += 1;
    if (!retry) {
      this.set({ state: 'offline', reason, retrying: false });
      return;
    }
    this.failures += 1;
    const delay = backoffDelay(this.failures, this.options.backoff ?? defaultTunnelBackoff);
    this.set({ state: 'offline', reason, retrying: true, nextAttemptAt: this.now() + delay });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const stale = this.handle;
      this.handle = undefined;
      void (async () => {
        if (stale) await this.closeQuietly(stale);
        await this.connect(generation);
      })();
    }, delay);
  }

  private async goOnline(generation: number, url: string): Promise<void> {
    const previous = this.lastUrl;
    this.lastUrl = url;
    const drops = this.drops;
    try {
      await this.options.onOnline(url, previous);
    } catch (error) {
      this.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'after-online step failed',
      );
    }
    if (generation !== this.generation || drops !== this.drops) return;
    this.set({
      state: 'online',
      url,
      ...(this.settings?.domain ? { domain: this.settings.domain } : {}),
    });
    this.log.info({ urlChanged: previous !== null && previous !== url }, 'tunnel online');
  }

  private set(status: TunnelStatus): void {
    this.current = status;
    this.options.onChange(this.status());
  }

  private async closeQuietly(handle: TunnelHandle): Promise<void> {
    try {
      await handle.close();
    } catch (error) {
      this.log.debug(
        { err: error instanceof Error ? error.message : String(error) },
        'tunnel close failed',
      );
    }
  }
}
