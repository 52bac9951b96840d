/**
 * Reaching the operator away from the laptop (notify/) and translation for the operator
 * (drafting/translate.ts): the notifier watches the bus and checks for waiting customers once a
 * minute; its deliveries are `notify` jobs on the worker. Translation asks the drafting model.
 */
import { DEFAULT_MODEL } from '../drafting/openaiDrafter';
import { createTranslator, type Translator } from '../drafting/translate';
import { defaultEndpoints, type NotifyEndpoints } from '../notify/channels';
import { createNotifier, type Notifier } from '../notify/notifier';
import type { SmtpTls } from '../notify/smtp';
import type { Foundation } from './foundation';

/** How long a translation may take before the operator is told it failed. */
const TRANSLATION_TIMEOUT_MS = 60_000;

export interface NotificationsPart {
  readonly notifier: Notifier;
  readonly translator: Translator;
}

export function createNotifications(
  base: Foundation,
  deps: {
    onQueued: () => void;
    /** Drafts come from a model: translation can ask it. */
    usesModel: boolean;
    /** Tests: the fixed-address services at local stand-ins, and the stand-in SMTP's certificate. */
    endpoints: Partial<NotifyEndpoints> | undefined;
    smtpTls: SmtpTls | undefined;
  },
): NotificationsPart {
  const { db, config, secrets } = base;
  const notifier = createNotifier({
    db,
    secrets,
    events: base.events,
    now: base.now,
    logger: base.logger.child({ name: 'notify' }),
    onQueued: deps.onQueued,
    endpoints: { ...defaultEndpoints, ...deps.endpoints },
    ...(deps.smtpTls ? { smtpTls: deps.smtpTls } : {}),
    ...(base.timings.notifyCheckMs ? { checkEveryMs: base.timings.notifyCheckMs } : {}),
  });
  const translator = createTranslator({
    db,
    now: base.now,
    endpoint: () =>
      deps.usesModel
        ? {
            apiKey: secrets.get('openaiApiKey') ?? 'not-needed',
            baseUrl: config.openai.baseUrl,
            model: config.openai.model ?? DEFAULT_MODEL,
            timeoutMs: TRANSLATION_TIMEOUT_MS,
          }
        : undefined,
  });
  return { notifier, translator };
}
