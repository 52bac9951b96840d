/**
 * Where texts come in and go out: the carrier stack, the webhook intake in front of it, the public
 * address Twilio calls and catch-up for what the carrier has that we missed. Started together
 * because each needs the others' pieces (signatures need the address, the address needs the
 * listener, a full disk that empties needs catch-up), and because this is the part that can fail
 * to start (a port taken), in which case what did start is closed again.
 */
import type { CatchUpDeps } from '../messaging/catchUp';
import { mediaOutLookup } from '../messaging/outboundMedia';
import type { WebhookListener } from '../webhooks/server';
import { startCarrierStack, type CarrierStack } from './carrierStack';
import { createCatchUpRunner, type CatchUpRunner } from './catchUpRunner';
import { diskFullNotices } from './diskFullNotices';
import type { Foundation } from './foundation';
import { createPublicHealth, type PublicHealth } from './health';
import { PublicAddress } from './publicAddress';
import { startWebhookIntake } from './webhookIntake';
export interface CarrierSide {
  readonly carriers: CarrierStack;
  readonly address: PublicAddress;
  readonly publicHealth: PublicHealth;
  readonly listener: WebhookListener;
  readonly catchUp: CatchUpRunner;
}

export async function startCarrierSide(
  base: Foundation,
  /** What was just stored, from a webhook or from catch-up alike. */
  on: Pick<CatchUpDeps, 'onInbound' | 'onStatus'>,
): Promise<CarrierSide> {
  const { config, db, events, logger, log, now, timings } = base;
  const carriers = await startCarrierStack({ twilio: config.twilio, logger, timings });
  try {
    const catchUp = createCatchUpRunner({
      db,
      logger,
      now,
      ...on,
      carrier: carriers.carrier,
      committer: base.committer,
      businessNumber: carriers.businessNumber,
      defaultCountry: config.defaultCountry,
    });
    const address = new PublicAddress(config.publicUrl, carriers.pointAt, base.mode === 'demo');
    const publicHealth = createPublicHealth({ db, mode: base.mode });
    const listener = await startWebhookIntake({
      logger,
      now,
      ...on,
      port: config.webhookPort,
      host: config.webhookHost,
      defaultCountry: config.defaultCountry,
      committer: base.committer,
      signingAccount: carriers.signingAccount,
      publicUrl: address.url,
      diskFull: diskFullNotices({ events, logger: log, now, catchUp: catchUp.inBackground }),
      health: publicHealth.answer,
      mediaOut: mediaOutLookup({ db, mediaDir: base.paths.media, now }),
    });
    address.listening(listener.url);
    return { carriers, address, publicHealth, listener, catchUp };
  } catch (error) {
    await carriers.close();
    throw error;
  }
}
