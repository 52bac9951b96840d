/**
 * The closed-hours reply: a customer who writes while the business is closed (its opening hours,
 * in its time zone) or while the operator is away gets one automatic reply per closed period,
 * with the next opening in their language. Run by the `draft` job, off the webhook path, so a
 * plain SMS costs the webhook nothing more.
 *
 * Once per closure, durably (store/handoff.ts, migration 0150): a retried job, a restart or a
 * change of time zone finds the record. Never on top of a reply a person sent in that period,
 * never to an opted-out contact, never when a hand-off rule fires (the conversation is held for
 * the operator instead), and always through the normal send path (`sendableRoute`), so WhatsApp's
 * window and consent still apply. Marked as automatic (author `auto`, audited as
 * `message.closed_reply`).
 */
import type { AwayState, DraftingSettings, ReplyTemplates } from '../../../shared/types';
import { closedPeriod, describeOpening } from '../domain/openingHours';
import { Refusal } from '../domain/refusal';
import type { Logger } from '../log';
import { queueOutboundMessage } from '../messaging/outbound';
import { sendableRoute } from '../messaging/preSend';
import type { Db } from '../store/database';
import type { DraftSubject } from '../store/draftContext';
import { closedReplyCovers, personRepliedSince, recordClosedReply } from '../store/handoff';
import type { HandoffGuard } from './handoff';
import { triageByRules } from './triage';

export interface ClosedReplyDeps {
  db: Db;
  logger: Logger;
  now: () => number;
  settings: () => DraftingSettings;
  away: () => AwayState;
  handoff: HandoffGuard;
  onMessageChanged: (messageId: number) => void;
  onQueued: () => void;
}

interface Closure {
  kind: 'closed' | 'away';
  since: number;
  until: number | null;
}

/** When no opening is in sight, `{nextOpening}` says this instead. */
const soon: ReplyTemplates = {
  en: 'as soon as we can',
  es: 'lo antes posible',
  pt: 'assim que possível',
  fr: 'dès que possible',
  de: 'so bald wie möglich',
};

const languageOf = (language: string | null): keyof ReplyTemplates =>
  language !== null && language in soon ? (language as keyof ReplyTemplates) : 'en';

/** The closed period (or away period) now is in, or null while the business is open and present. */
export function currentClosure(
  settings: DraftingSettings,
  away: AwayState,
  now: number,
): Closure | null {
  if (away.on) return { kind: 'away', since: away.since ?? now, until: null };
  if (!settings.closedReply.enabled) return null;
  const period = closedPeriod(settings.openingHours, now);
  return period && { kind: 'closed', ...period };
}

/** The reply's text in the customer's language, with `{nextOpening}` filled on the business's clock. */
export function closedReplyText(
  settings: DraftingSettings,
  closure: Closure,
  args: { language: string | null; now: number },
): string {
  const lang = languageOf(args.language);
  const templates = closure.kind === 'away' ? settings.closedReply.awayTemplates : settings.closedReply.templates; // prettier-ignore
  const nextOpening =
    closure.until === null
      ? soon[lang]
      : describeOpening(closure.until, { now: args.now, timeZone: settings.openingHours.timeZone, language: lang }); // prettier-ignore
  return templates[lang].replaceAll('{nextOpening}', nextOpening);
}

export type ClosedReply = ReturnType<typeof createClosedReply>;

export function createClosedReply(deps: ClosedReplyDeps) {
  const { db, now } = deps;

  /** Why no reply goes to this text, in a few words for the log; null when one may. */
  const skip = (subject: DraftSubject, closure: Closure): string | null => {
    const { conversationId } = subject;
    if (subject.contact.optedOut) return 'opted out';
    if (subject.newerInbound) return 'a newer text will be answered';
    if (closedReplyCovers(db, { conversationId, periodStart: closure.since, now: now() })) return 'already replied in this closure'; // prettier-ignore
    if (personRepliedSince(db, { conversationId, since: closure.since })) return 'a person replied in this closure'; // prettier-ignore
    if (deps.handoff.heldReason(conversationId) !== null) return 'held for the operator';
    return null;
  };

  return {
    /** Answers the customer's text when the business is closed or away; returns whether it did. */
    maybeReply(subject: DraftSubject, language: string | null): boolean {
      const closure = currentClosure(deps.settings(), deps.away(), now());
      if (!closure) return false;
      const { conversationId } = subject;
      const log = deps.logger.child({ conversationId, messageId: subject.messageId });
      const skipped = skip(subject, closure);
      if (skipped) {
        log.debug({ skipped }, 'no closed-hours reply');
        return false;
      }
      const handoff = deps.handoff.check({
        conversationId,
        body: subject.body,
        category: triageByRules(subject.body).category,
        autoReply: 'closed-reply',
      });
      if (handoff) {
        deps.handoff.hold(conversationId, handoff, 'closed-reply');
        return false;
      }
      const body = closedReplyText(deps.settings(), closure, { language, now: now() });
      let messageId: number;
      try {
        messageId = db.transaction(() => {
          // The customer just wrote: an immediate answer is no late-night surprise, so quiet
          // hours do not ask; opt-outs and WhatsApp's window still refuse.
          const route = sendableRoute(db, { conversationId, body, now: now(), confirmedQuietHours: true }); // prettier-ignore
          const id = queueOutboundMessage(db, { route, body, author: 'auto', auditAction: 'message.closed_reply', now: now() }); // prettier-ignore
          recordClosedReply(db, {
            conversationId,
            replyToMessageId: subject.messageId,
            messageId: id,
            kind: closure.kind,
            periodStart: closure.since,
            periodEnd: closure.until,
            now: now(),
          });
          return id;
        })();
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        log.info({ reason: error.message }, 'closed-hours reply not sent');
        return false;
      }
      log.info({ sentMessageId: messageId, kind: closure.kind }, 'closed-hours reply queued');
      deps.onMessageChanged(messageId);
      deps.onQueued();
      return true;
    },
  };
}
