/**
 * Going live (README.md, "Going live"): the tunnel, the number pointed at it, the self-test and the
 * credential checks, tied together. When the tunnel comes online or its URL changes, signatures
 * are checked against the new URL, the connected number is re-pointed and missed texts are taken in.
 */
import type {
  AppMode,
  CredentialCheck,
  CredentialService,
  TunnelStatus,
} from '../../../shared/types';
import type { CarrierAccount } from '../carriers/twilioAccount';
import { Refusal } from '../domain/refusal';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { BackoffPolicy } from '../queue/backoff';
import type { Db } from '../store/database';
import type { TunnelSdk } from '../tunnel/ngrokSdk';
import { TunnelManager } from '../tunnel/tunnelManager';
import { routes } from '../webhooks/server';
import { checkAi, checkTwilio, ngrokCheck } from './credentials';
import { createNumberSetup, type NumberSetup } from './numberSetup';
import type { SecretStore } from './secrets';
import { runSelfTest } from './selfTest';
import { createWhatsAppSetup, type WhatsAppSetupControl } from './whatsappSetup';

export interface GoLiveDeps {
  db: Db;
  mode: AppMode;
  events: EventBus;
  logger: Logger;
  now: () => number;
  account: CarrierAccount;
  businessNumber: string;
  /** The webhook listener's local URL: all the tunnel forwards to. */
  listenerUrl: string;
  publicUrl: () => string;
  setPublicUrl: (url: string) => void;
  /** Takes in texts missed while offline (started on every online, never awaited there). */
  catchUp: () => Promise<unknown>;
  secrets: SecretStore;
  /** The token Twilio signs with (the simulator's in demo mode). */
  signingToken: () => string;
  /** The OpenAI-compatible endpoint drafts use; undefined = offline drafter. */
  ai: () => { apiKey: string; baseUrl: string | undefined; model: string } | undefined;
  tunnelSdk: TunnelSdk;
  tunnelBackoff?: BackoffPolicy | undefined;
  /** The reserved domain saved in Settings, used until tunnel:start names another. */
  domain?: string | undefined;
}

export interface GoLive {
  readonly numbers: NumberSetup;
  readonly whatsapp: WhatsAppSetupControl;
  tunnelStatus(): TunnelStatus;
  startTunnel(input?: {
    authtoken?: string | undefined;
    domain?: string | undefined;
    verifyTwilio?: boolean;
  }): Promise<TunnelStatus>;
  stopTunnel(): Promise<TunnelStatus>;
  selfTest: () => ReturnType<typeof runSelfTest>;
  checkCredentials(services?: CredentialService[]): Promise<CredentialCheck[]>;
  reachability(): { twilio: CredentialCheck | null; ai: CredentialCheck | null };
  close(): Promise<void>;
}

export function createGoLive(deps: GoLiveDeps): GoLive {
  const log = deps.logger.child({ name: 'go-live' });
  const numbers = createNumberSetup({
    db: deps.db,
    account: deps.account,
    publicUrl: deps.publicUrl,
    businessNumber: deps.businessNumber,
    logger: deps.logger,
    now: deps.now,
  });
  const whatsapp = createWhatsAppSetup({
    db: deps.db,
    account: deps.account,
    publicUrl: deps.publicUrl,
    demo: deps.mode === 'demo',
    logger: deps.logger,
    now: deps.now,
  });
  const lastChecks: { twilio: CredentialCheck | null; ai: CredentialCheck | null } = {
    twilio: null,
    ai: null,
  };
  let domain = deps.domain;

  const tunnel = new TunnelManager({
    sdk: deps.tunnelSdk,
    addr: deps.listenerUrl,
    logger: deps.logger,
    backoff: deps.tunnelBackoff,
    now: deps.now,
    onChange: (status) => deps.events.emit('tunnel:changed', status),
    onOnline: async (url) => {
      const moved = deps.publicUrl().replace(/\/+$/, '') !== url.replace(/\/+$/, '');
      deps.setPublicUrl(url);
      try {
        await numbers.repoint();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ err: message }, 'could not re-point the number');
        deps.events.emit('notice', {
          level: 'warning',
          text: `The tunnel address changed but the Twilio number could not be pointed at it: ${message}`,
        });
      }
      await followWithWhatsApp({ deps, whatsapp, log, url, moved });
      // Texts that arrived while we were unreachable: taken in without holding up 'online'.
      deps
        .catchUp()
        .catch((error: unknown) =>
          log.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'catch-up failed',
          ),
        );
    },
  });

  return {
    numbers,
    whatsapp,
    tunnelStatus: () => tunnel.status(),
    async startTunnel(input = {}) {
      if (input.authtoken) deps.secrets.set('ngrokAuthtoken', input.authtoken);
      if (input.domain !== undefined) domain = input.domain || undefined;
      const authtoken = deps.secrets.get('ngrokAuthtoken');
      if (!authtoken) {
        throw new Refusal(
          'Paste your ngrok authtoken (dashboard.ngrok.com → Your Authtoken) to open the tunnel.',
        );
      }
      return tunnel.start({
        authtoken,
        domain,
        twilioAuthToken: input.verifyTwilio ? deps.signingToken() : undefined,
      });
    },
    async stopTunnel() {
      await tunnel.stop();
      return tunnel.status();
    },
    selfTest: () => runSelfTest({ publicUrl: deps.publicUrl(), authToken: deps.signingToken() }),
    async checkCredentials(services = ['twilio', 'ai', 'ngrok']) {
      const checks: CredentialCheck[] = [];
      for (const service of services) {
        switch (service) {
          case 'twilio':
            checks.push(
              (lastChecks.twilio = await checkTwilio(deps.account, deps.mode, deps.now())),
            );
            break;
          case 'ai':
            checks.push((lastChecks.ai = await checkAi(deps.ai(), deps.now())));
            break;
          case 'ngrok': {
            const status = tunnel.status();
            if (!deps.secrets.get('ngrokAuthtoken') && status.state === 'idle') {
              checks.push(ngrokCheck(undefined, deps.now()));
            } else if (status.state === 'online') {
              checks.push(ngrokCheck(status, deps.now()));
            } else {
              // The session must start: try it now.
              checks.push(ngrokCheck(await this.startTunnel(), deps.now()));
            }
            break;
          }
        }
      }
      return checks;
    },
    reachability: () => ({ ...lastChecks }),
    close: () => tunnel.stop(),
  };
}

/** The WhatsApp side of a new public URL: the sender re-pointed, or the sandbox's paste asked for. */
async function followWithWhatsApp(args: {
  deps: GoLiveDeps;
  whatsapp: WhatsAppSetupControl;
  log: Logger;
  url: string;
  moved: boolean;
}): Promise<void> {
  const { deps, whatsapp, log, url } = args;
  try {
    await whatsapp.repoint();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ err: message }, 'could not re-point the WhatsApp sender');
    deps.events.emit('notice', {
      level: 'warning',
      text: `The tunnel address changed but the WhatsApp sender could not be pointed at it: ${message}`,
    });
  }
  // No API sets the sandbox's URL: say what to paste (demo mode's simulator follows by itself).
  if (args.moved && whatsapp.choice() === 'sandbox' && deps.mode === 'live') {
    deps.events.emit('notice', {
      level: 'warning',
      text: `The public address changed: in Twilio's WhatsApp sandbox settings, paste ${url.replace(/\/+$/, '') + routes.inbound} in "When a message comes in" (Settings → Go live → WhatsApp shows it with a Copy button).`,
    });
  }
}
