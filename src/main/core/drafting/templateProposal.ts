/**
 * "Suggest a template": outside the WhatsApp window, the drafter picks the approved template that
 * fits the conversation and its variables; the proposal becomes a ready draft that the operator
 * approves, edits (its variables) or rejects like any draft. A model answers through
 * `Drafter.chooseTemplate`; without one (or when it fails) the offline rule in templateChoice.ts.
 */
import { channelRules } from '../domain/channels';
import { Refusal } from '../domain/refusal';
import { fillTemplate, placeholdersOf, renderTemplate, templateProblem } from '../domain/templates';
import type { Logger } from '../log';
import { replyRouteOrRefuse } from '../messaging/preSend';
import { getContact } from '../store/contacts';
import { listTemplates } from '../store/contentTemplates';
import type { Db } from '../store/database';
import { listMessages } from '../store/messages';
import { insertTemplateDraft, newestMessageId } from '../store/templateDrafts';
import type { Drafter } from './drafter';
import { offlineTemplateChoice, type TemplateChoice, type TemplateChoiceRequest } from './templateChoice'; // prettier-ignore

export interface ProposalDeps {
  db: Db;
  drafter: Drafter;
  logger: Logger;
  now: () => number;
  businessName: () => string;
  /** Undecided drafts of the conversation give way to the proposal. */
  supersede: (conversationId: number) => number[];
}

/** What the drafter is asked: the last messages, who the customer is, the approved templates. */
function choiceRequest(deps: ProposalDeps, conversationId: number): TemplateChoiceRequest {
  const { db } = deps;
  const route = replyRouteOrRefuse(db, conversationId);
  if (channelRules[route.channel].serviceWindowMs === null) {
    throw new Refusal('Templates are for WhatsApp conversations; on SMS, ask for a draft instead.');
  }
  const approved = listTemplates(db).filter((t) => templateProblem(t) === null);
  if (approved.length === 0) {
    throw new Refusal(
      'No approved WhatsApp template is in your list. Refresh the templates, or have one approved in the Twilio Console.',
    );
  }
  const contactName = getContact(db, route.contactId)?.name ?? null;
  const businessName = deps.businessName();
  return {
    thread: listMessages(db, { conversationId, limit: 8 }).map((m) => ({
      direction: m.direction,
      body: m.body,
    })),
    contactName,
    businessName,
    templates: approved.map((t) => ({
      sid: t.sid,
      name: t.name,
      body: t.body,
      placeholders: placeholdersOf(t.body),
      filled: fillTemplate(t, { contactName, businessName }),
    })),
  };
}

/** Creates the proposal draft; returns its id and the drafts it superseded. */
export async function proposeTemplate(
  deps: ProposalDeps,
  conversationId: number,
): Promise<{ draftId: number; superseded: number[] }> {
  const { db, drafter } = deps;
  const request = choiceRequest(deps, conversationId);
  const replyTo = newestMessageId(db, conversationId);
  if (replyTo === undefined) {
    throw new Refusal('This conversation has no messages yet: pick a template yourself.');
  }
  let choice: TemplateChoice | null = null;
  let byModel = false;
  if (drafter.chooseTemplate) {
    try {
      choice = await drafter.chooseTemplate(request, AbortSignal.timeout(30_000));
      byModel = choice !== null;
    } catch (error) {
      // The model is optional here: the offline rule still gives the operator a proposal.
      deps.logger.warn(
        { err: error },
        'the model could not pick a template; using the offline rule',
      );
    }
  }
  choice ??= offlineTemplateChoice(request);
  const option = request.templates.find((t) => t.sid === choice?.sid);
  if (!choice || !option) throw new Refusal('No template fits; pick one yourself.');
  const made = { choice, option };
  return db.transaction(() => {
    const superseded = deps.supersede(conversationId);
    const draftId = insertTemplateDraft(db, {
      conversationId,
      replyToMessageId: replyTo,
      provider: byModel ? drafter.provider : 'offline',
      model: byModel ? drafter.model : null,
      text: renderTemplate(made.option.body, made.choice.variables),
      templateSid: made.option.sid,
      variables: made.choice.variables,
      source: `template “${made.option.name}”: ${made.choice.reason}`,
      now: deps.now(),
    });
    return { draftId, superseded };
  })();
}
