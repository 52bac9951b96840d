/**
 * The webhook intake: Twilio's request semantics (signature, validation, group commit) behind the
 * hardened listener, and the self-test route. Signatures are checked against the public address of
 * the moment, so a tunnel that changes its URL needs no restart.
 */
import type { CountryCode } from 'libphonenumber-js';
import { answerSelfTest } from '../golive/selfTest';
import type { Logger } from '../log';
import type { GroupCommitter } from '../webhooks/groupCommit';
import type { MediaOutLookup } from '../messaging/outboundMedia';
import { startWebhookListener, type WebhookListener } from '../webhooks/server';
import {
  createTwilioWebhookProcessor,
  type SigningContext,
  type TwilioWebhookOptions,
} from '../webhooks/twilioWebhooks';
import type { CarrierStack } from './carrierStack';
import type { DiskFullNotices } from './diskFullNotices';

export function startWebhookIntake(deps: {
  port: number;
  host: string | undefined;
  defaultCountry: CountryCode;
  committer: GroupCommitter;
  logger: Logger;
  now: () => number;
  signingAccount: CarrierStack['signingAccount'];
  /** Read per request: the listener must be listening before anything asks. */
  publicUrl: () => string;
  onInbound: TwilioWebhookOptions['onInbound'];
  onStatus: TwilioWebhookOptions['onStatus'];
  diskFull: DiskFullNotices;
  health: () => Record<string, unknown>;
  /** Attachments the operator sent, for Twilio to fetch by token. */
  mediaOut: MediaOutLookup;
}): Promise<WebhookListener> {
  const logger = deps.logger.child({ name: 'webhooks' });
  const signing = (): SigningContext => ({ ...deps.signingAccount, publicUrl: deps.publicUrl() });
  const processor = createTwilioWebhookProcessor({
    committer: deps.committer,
    signing,
    logger,
    defaultCountry: deps.defaultCountry,
    now: deps.now,
    onInbound: deps.onInbound,
    onStatus: deps.onStatus,
    onStoreFailure: deps.diskFull.failed,
    onStored: deps.diskFull.stored,
    health: deps.health,
  });
  return startWebhookListener({
    port: deps.port,
    host: deps.host,
    processor,
    logger,
    selfTest: (request) => answerSelfTest(request, signing()),
    mediaOut: deps.mediaOut,
  });
}
