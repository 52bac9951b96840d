/**
 * WhatsApp templates (Twilio Content API): the cached list (offline too), refreshing it from the
 * carrier, sending one with its variables, and asking the drafter to propose one.
 */
import type { TemplateList } from '../../../../shared/types';
import { asCarrierError, type CarrierTemplate } from '../../carriers/carrier';
import { explainCarrierError } from '../../domain/carrierErrors';
import { toDraftView } from '../../domain/draftView';
import { Refusal } from '../../domain/refusal';
import { fillTemplate, toTemplateView } from '../../domain/templates';
import { afterDecision } from '../../messaging/draftDecision';
import { getReplyRoute } from '../../messaging/preSend';
import { queueTemplate, templateConsent, templateSendable } from '../../messaging/templateSend';
import { getContact } from '../../store/contacts';
import { listTemplates, replaceTemplates, templatesFetchedAt } from '../../store/contentTemplates';
import type { Db } from '../../store/database';
import { getDraftRecord } from '../../store/drafts';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

type TemplatesDeps = Pick<
  HandlerDeps,
  'db' | 'now' | 'onQueueChanged' | 'onMessageChanged' | 'drafting' | 'carrierTemplates'
>;

/** The cached list; for a conversation, the values that fill each template and the consent rule. */
function templateList(deps: TemplatesDeps, conversationId: number | undefined): TemplateList {
  const { db } = deps;
  const records = listTemplates(db);
  const route = conversationId === undefined ? undefined : getReplyRoute(db, conversationId);
  const filled: TemplateList['filled'] = {};
  if (route) {
    const known = {
      contactName: getContact(db, route.contactId)?.name ?? null,
      businessName: deps.drafting.settings().profile.name,
    };
    for (const t of records) filled[t.sid] = fillTemplate(t, known);
  }
  return {
    templates: records.map(toTemplateView),
    fetchedAt: templatesFetchedAt(db),
    filled,
    ...(route && route.channel === 'whatsapp'
      ? { consent: templateConsent(db, route, deps.now()) }
      : {}),
  };
}

async function refresh(deps: TemplatesDeps, db: Db): Promise<void> {
  let fetched: CarrierTemplate[];
  try {
    fetched = await deps.carrierTemplates();
  } catch (raw) {
    const error = asCarrierError(raw);
    const since = templatesFetchedAt(db);
    const kept = since === null ? 'No list is saved yet.' : 'The list saved last time is still shown.'; // prettier-ignore
    const what = error.kind === 'unavailable' ? 'Twilio could not be reached' : explainCarrierError(error.code).explanation; // prettier-ignore
    throw new Refusal(`Could not fetch your templates: ${what.replace(/\.$/, '')}. ${kept} Try again in a moment.`); // prettier-ignore
  }
  db.transaction(() => replaceTemplates(db, fetched, deps.now()))();
}

export function templatesCommands(deps: TemplatesDeps): NamespaceCommands<'templates'> {
  const { db, now } = deps;
  const hooks = {
    onMessageChanged: deps.onMessageChanged,
    onQueued: deps.onQueueChanged,
    drafting: deps.drafting,
  };
  return {
    'templates:list': ({ conversationId }) => templateList(deps, conversationId),

    'templates:refresh': async ({ conversationId }) => {
      await refresh(deps, db);
      return templateList(deps, conversationId);
    },

    'templates:send': ({ conversationId, templateSid, variables, draftId, confirmQuietHours }) => {
      const draft = draftId === undefined ? undefined : getDraftRecord(db, draftId);
      if (draftId !== undefined && (!draft || draft.conversationId !== conversationId)) {
        throw new Refusal('That draft no longer exists.');
      }
      if (draft && draft.state !== 'ready') {
        throw new Refusal(`That draft was already ${draft.state}; nothing was sent.`);
      }
      const send = templateSendable(db, {
        conversationId,
        templateSid,
        variables,
        now: now(),
        confirmedQuietHours: confirmQuietHours,
      });
      const edited =
        draft !== undefined &&
        (draft.template?.sid !== send.content.sid ||
          JSON.stringify(draft.template.variables) !== JSON.stringify(send.content.variables));
      const messageId = db.transaction(
        () =>
        queueTemplate(db, { send, ...(draft ? { draft: { id: draft.id, edited } } : {}), now: now() }), // prettier-ignore
      )();
      if (messageId === undefined) {
        throw new Refusal('That draft was decided a moment ago; nothing was sent.');
      }
      afterDecision(
        hooks,
        draft
          ? { kind: 'draft-sent', draftId: draft.id, messageId }
          : { kind: 'typed-reply-sent', conversationId, messageId },
      );
      return { messageId };
    },

    'templates:suggest': async ({ conversationId }) => {
      const draftId = await deps.drafting.suggestTemplate(conversationId);
      const record = getDraftRecord(db, draftId);
      if (!record) throw new Refusal('That proposal was replaced a moment ago.');
      return toDraftView(record);
    },
  };
}
