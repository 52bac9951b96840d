/**
 * Going live as the app wires it: the tunnel forwards to the webhook listener, a new tunnel URL
 * becomes the public address (and catch-up runs), credential checks ask the carrier account and
 * the AI endpoint drafts use.
 */
import { createGoLive, type GoLive } from '../golive/goLive';
import { ngrokSdk, type TunnelSdk } from '../tunnel/ngrokSdk';
import type { CarrierSide } from './carrierSide';
import { aiEndpoint } from './drafting';
import type { Foundation } from './foundation';

export function createGoingLive(
  base: Foundation,
  side: CarrierSide,
  options: {
    /** Drafts come from a model, so the AI check has an endpoint to ask. */
    usesModel: boolean;
    /** Replaces the ngrok SDK (tests: there is no offline ngrok). */
    tunnelSdk: TunnelSdk | undefined;
  },
): GoLive {
  const { config, secrets } = base;
  const { carriers, address } = side;
  return createGoLive({
    db: base.db,
    mode: base.mode,
    events: base.events,
    logger: base.logger,
    now: base.now,
    account: carriers.account,
    businessNumber: carriers.businessNumber,
    listenerUrl: side.listener.url,
    publicUrl: address.url,
    setPublicUrl: address.set,
    catchUp: side.catchUp.run,
    secrets,
    signingToken: () => carriers.signingAccount.authToken,
    ai: aiEndpoint(config, secrets, options.usesModel),
    tunnelSdk: options.tunnelSdk ?? ngrokSdk,
    tunnelBackoff: base.timings.tunnelBackoff,
    domain: config.ngrokDomain,
  });
}
