/** The draft lifecycle from the operator's side: approve, reject, regenerate, statistics. */
import { toDraftView } from '../../domain/draftView';
import { CLAIMS_CONFIRMATION } from '../../../../shared/knowledge';
import { describeClaims } from '../../domain/claims';
import { Refusal } from '../../domain/refusal';
import { afterDecision, approveAndQueue } from '../../messaging/draftDecision';
import { sendableRoute } from '../../messaging/preSend';
import { queueTemplate, templateSendable } from '../../messaging/templateSend';
import { audit } from '../../store/audit';
import {
  decideDraft,
  dismissFailedDraft,
  getDraft,
  getDraftRecord,
  listDraftRecords,
} from '../../store/drafts';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

type DraftsDeps = Pick<
  HandlerDeps,
  'db' | 'now' | 'onQueueChanged' | 'onMessageChanged' | 'drafting' | 'readers' | 'knowledge'
>;

export function draftsCommands(deps: DraftsDeps): NamespaceCommands<'drafts'> {
  const { db, now, drafting } = deps;
  const hooks = {
    onMessageChanged: deps.onMessageChanged,
    onQueued: deps.onQueueChanged,
    drafting,
  };

  return {
    'drafts:list': (input) => listDraftRecords(db, input).map(toDraftView),

    'drafts:approve': ({ draftId, text, confirmQuietHours, confirmUnsupportedClaims }) => {
      const draft = getDraft(db, draftId);
      if (!draft) throw new Refusal('That draft no longer exists.');
      if (draft.state !== 'ready') {
        throw new Refusal(`That draft was already ${draft.state}; nothing was sent.`);
      }
      if (draft.template_sid !== null) {
        if (text !== undefined && text !== draft.text_generated) {
          throw new Refusal('A template’s words are fixed by WhatsApp: change its values in the template picker under the thread, then send.', 'invalid'); // prettier-ignore
        }
        // A proposed template goes as the template, with the variables it was proposed with.
        const send = templateSendable(db, {
          conversationId: draft.conversation_id,
          templateSid: draft.template_sid,
          variables: JSON.parse(draft.template_variables ?? '{}') as Record<string, string>,
          now: now(),
          confirmedQuietHours: confirmQuietHours,
        });
        const sent = db.transaction(() => queueTemplate(db, { send, draft: { id: draftId, edited: false }, now: now() }))(); // prettier-ignore
        if (sent === undefined) throw new Refusal('That draft was decided a moment ago; nothing was sent.'); // prettier-ignore
        afterDecision(hooks, { kind: 'draft-sent', draftId, messageId: sent });
        return { messageId: sent };
      }
      const body = text ?? draft.text_generated;
      const edited = text !== undefined && text !== draft.text_generated;
      // The text that goes out is checked (an edit is checked again), here and not only in the UI.
      const claims = deps.knowledge.checkClaims(draft.conversation_id, body);
      if (claims.length > 0 && !confirmUnsupportedClaims) {
        throw new Refusal(
          `${CLAIMS_CONFIRMATION} ${describeClaims(claims)}. Send it anyway?`,
          'needs-confirmation',
        );
      }
      const route = sendableRoute(db, {
        conversationId: draft.conversation_id,
        body,
        now: now(),
        confirmedQuietHours: confirmQuietHours,
      });
      const messageId = db.transaction(() =>
        approveAndQueue(db, {
          draftId,
          route,
          body,
          edited,
          author: 'draft',
          auditAction: edited ? 'draft.approved_edited' : 'draft.approved',
          now: now(),
        }),
      )();
      if (messageId === undefined) {
        throw new Refusal('That draft was decided a moment ago; nothing was sent.');
      }
      afterDecision(hooks, { kind: 'draft-sent', draftId, messageId });
      return { messageId };
    },

    'drafts:reject': ({ draftId, reason }) => {
      const ok = db.transaction(() => {
        // A failed draft has no text to judge: rejecting it just puts it away.
        const dismissed = dismissFailedDraft(db, { id: draftId, now: now() });
        if (
          !dismissed &&
          !decideDraft(db, {
            id: draftId,
            state: 'rejected',
            rejectReason: reason ?? null,
            now: now(),
          })
        ) {
          return false;
        }
        audit(db, {
          actor: 'operator',
          action: dismissed ? 'draft.dismissed' : 'draft.rejected',
          subjectType: 'draft',
          subjectId: draftId,
          details: reason ? { reason } : {},
          now: now(),
        });
        return true;
      })();
      if (!ok) throw new Refusal('That draft is no longer waiting for a decision.');
      afterDecision(hooks, { kind: 'draft-rejected', draftId });
      return { ok: true };
    },

    'drafts:regenerate': ({ draftId, instruction }) =>
      toDraftView(getDraftRecord(db, drafting.regenerate(draftId, instruction))!),

    'drafts:stopAutoSend': ({ draftId }) => {
      drafting.stopAutoSend(draftId);
      return toDraftView(getDraftRecord(db, draftId)!);
    },

    // Statistics read every draft ever made: they run on a reader thread.
    'drafts:stats': ({ since }) => deps.readers.query('draftStats', { since: since ?? 0 }),
  };
}
