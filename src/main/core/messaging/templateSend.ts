/**
 * Sending a WhatsApp template: the checks a template must pass (it is approved, every variable is
 * filled, the customer agreed when the business writes first, and the usual opt-out and quiet
 * hours), then the same outbound queue as any text, with ContentSid + ContentVariables kept on the
 * message. Free text outside the window stays refused in `preSend.ts`; this is the other door.
 */
import { channelRules, serviceWindow } from '../domain/channels';
import { checkOutgoing } from '../domain/preSendChecks';
import { Refusal } from '../domain/refusal';
import {
  consentProblem,
  missingVariables,
  placeholdersOf,
  renderTemplate,
  templateProblem,
} from '../domain/templates';
import { readSendingSettings } from '../sendingSettings';
import { getTemplate } from '../store/contentTemplates';
import type { Db } from '../store/database';
import { decideDraft } from '../store/drafts';
import { lastInboundAt } from '../store/messages';
import type { ReplyRoute } from '../store/outbound';
import { getWhatsAppConsent } from '../store/whatsappConsent';
import { queueOutboundMessage } from './outbound';
import { refuseUnlessSendable, replyRouteOrRefuse } from './preSend';

export interface TemplateSend {
  route: ReplyRoute;
  /** The text the customer receives, as the thread shows it. */
  body: string;
  content: { sid: string; variables: Record<string, string> };
}

/**
 * Whether this conversation's customer must have agreed before a template goes (they never wrote
 * on this channel, or their window closed), and the refusal's words when that agreement is missing.
 */
export function templateConsent(
  db: Db,
  route: Pick<ReplyRoute, 'conversationId' | 'contactId' | 'channel'>,
  now: number,
): { required: boolean; recorded: boolean; problem: string | null } {
  const window = serviceWindow(route.channel, lastInboundAt(db, route.conversationId), now);
  const consent = getWhatsAppConsent(db, route.contactId);
  const problem = consentProblem({ windowOpen: window.rule !== 'closed', consent });
  return {
    required: window.rule === 'closed',
    recorded: consent !== undefined && consent.withdrawnAt === null,
    problem,
  };
}

/** The route and what to send, or a `Refusal` in words that say what to do. */
export function templateSendable(
  db: Db,
  args: {
    conversationId: number;
    templateSid: string;
    variables: Record<string, string>;
    now: number;
    confirmedQuietHours?: boolean | undefined;
  },
): TemplateSend {
  const route = replyRouteOrRefuse(db, args.conversationId);
  if (channelRules[route.channel].serviceWindowMs === null) {
    throw new Refusal(
      `Templates are for WhatsApp; this is an ${channelRules[route.channel].label} conversation, so type the message instead.`,
    );
  }
  const template = getTemplate(db, args.templateSid);
  if (!template) {
    throw new Refusal('That template is no longer in your list. Refresh the templates and pick again.'); // prettier-ignore
  }
  const problem = templateProblem(template);
  if (problem !== null) throw new Refusal(problem);
  const missing = missingVariables(template.body, args.variables);
  if (missing.length > 0) {
    const names = missing.map((key) => `{{${key}}}`).join(', ');
    throw new Refusal(`Fill in ${names} before sending “${template.name}”.`, 'invalid');
  }
  const consent = templateConsent(db, route, args.now);
  if (consent.problem !== null) throw new Refusal(consent.problem);
  const variables: Record<string, string> = {};
  for (const key of placeholdersOf(template.body)) {
    variables[key] = (args.variables[key] ?? '').trim();
  }
  const body = renderTemplate(template.body, variables);
  const settings = readSendingSettings(db);
  // The window is not asked here: an approved template is what may go outside it.
  refuseUnlessSendable(
    checkOutgoing({
      body,
      contactOptedOut: route.optedOut,
      now: new Date(args.now),
      quietHours: settings.quietHours,
      pricePerSegment: settings.pricePerSegment,
      confirmedQuietHours: args.confirmedQuietHours ?? false,
    }),
  );
  return { route, body, content: { sid: template.sid, variables } };
}

/**
 * Queues the template like any send (outbound row, send job, audit), in the caller's
 * transaction. With a draft: marks it approved (or edited, when the operator changed the template
 * or its variables) first; undefined, having written nothing, when it was decided a moment ago.
 */
export function queueTemplate(
  db: Db,
  args: { send: TemplateSend; draft?: { id: number; edited: boolean }; now: number },
): number | undefined {
  const { send, draft, now } = args;
  if (draft) {
    const state = draft.edited ? 'edited' : 'approved';
    if (!decideDraft(db, { id: draft.id, state, textSent: send.body, now })) return undefined;
  }
  return queueOutboundMessage(db, {
    route: send.route,
    body: send.body,
    content: send.content,
    author: draft ? 'draft' : 'operator',
    ...(draft ? { draftId: draft.id } : {}),
    auditAction: draft
      ? `draft.template_${draft.edited ? 'approved_edited' : 'approved'}`
      : 'message.template_sent',
    now,
  });
}
