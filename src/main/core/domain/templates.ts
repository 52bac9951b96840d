/**
 * WhatsApp content templates and consent, as rules: how a template renders, what its approval
 * means for the operator, what fills its placeholders, and when a template needs the customer's
 * recorded consent. Pure: the store holds the facts, the commands ask these rules.
 */
import type { ConsentMethod, TemplateView, WhatsAppConsentView } from '../../../shared/types';
import { placeholdersOf, renderTemplate, type TemplateRecord } from '../../../shared/templates';

export { placeholdersOf, renderTemplate, type TemplateRecord };

/** The placeholders `variables` leaves empty. */
export function missingVariables(body: string, variables: Record<string, string>): string[] {
  return placeholdersOf(body).filter((key) => !(variables[key] ?? '').trim());
}

/** Why this template cannot be sent, in words with what to do; null when WhatsApp approved it. */
export function templateProblem(
  t: Pick<TemplateRecord, 'name' | 'approval' | 'rejectionReason'>,
): string | null {
  switch (t.approval) {
    case 'approved':
      return null;
    case 'pending':
    case 'received':
      return `WhatsApp has not approved “${t.name}” yet (review usually takes minutes to a day). Pick an approved template, or refresh the list later.`;
    case 'rejected': {
      const reason = t.rejectionReason ? ` (${t.rejectionReason.replace(/\.$/, '')})` : '';
      return `WhatsApp rejected “${t.name}”${reason}. Edit it in the Twilio Console and submit it again, or pick an approved template.`;
    }
    case 'paused':
    case 'disabled':
      return `WhatsApp ${t.approval} “${t.name}” after customers reported or ignored it. Pick another template.`;
    default:
      return `“${t.name}” was never submitted to WhatsApp for approval. Submit it in the Twilio Console, or pick an approved template.`;
  }
}

function approvalText(approval: string, rejectionReason: string | null): string {
  switch (approval) {
    case 'approved':
      return 'Approved';
    case 'pending':
    case 'received':
      return 'Waiting for approval';
    case 'rejected':
      return rejectionReason ? `Rejected: ${rejectionReason}` : 'Rejected';
    default:
      return approval === 'unsubmitted' ? 'Not submitted' : approval[0]?.toUpperCase() + approval.slice(1); // prettier-ignore
  }
}

export function toTemplateView(t: TemplateRecord): TemplateView {
  const whyNot = templateProblem(t);
  return {
    sid: t.sid,
    name: t.name,
    language: t.language,
    body: t.body,
    placeholders: placeholdersOf(t.body),
    samples: t.samples,
    approval: t.approval,
    approvalText: approvalText(t.approval, t.rejectionReason),
    usable: whyNot === null,
    whyNot,
    category: t.category,
  };
}

/**
 * Values proposed for a template's placeholders, from what Switchboard knows. A placeholder right
 * after a greeting ("Hi {{1}}") is the customer's first name; one whose sample value is the
 * business's name (templates are created with real samples) is the business name from the
 * profile. Anything else (a date, a time) is left empty for the operator: a guess sent to a
 * customer would be worse than a blank the Send button waits for.
 */
export function fillTemplate(
  t: Pick<TemplateRecord, 'body' | 'samples'>,
  known: { contactName: string | null; businessName: string },
): Record<string, string> {
  const filled: Record<string, string> = {};
  const firstName = known.contactName?.trim().split(/\s+/)[0] ?? '';
  const business = known.businessName.trim();
  for (const key of placeholdersOf(t.body)) {
    const greeting = new RegExp(`\\b(hi|hello|hey|dear|hola|bonjour|hallo)\\s+\\{\\{\\s*${key}\\s*\\}\\}`, 'i'); // prettier-ignore
    const sample = (t.samples[key] ?? '').trim().toLowerCase();
    if (greeting.test(t.body) && firstName) filled[key] = firstName;
    else if (business && sample !== '' && sample === business.toLowerCase()) filled[key] = business;
    else if (business && /business|company|shop|salon|store/.test(sample)) filled[key] = business;
  }
  return filled;
}

const methodWords: Record<ConsentMethod, string> = {
  'customer-wrote-first': 'The customer wrote to us first on WhatsApp',
  'web-form': 'Opted in on a web form',
  'in-person': 'Agreed in person',
  other: 'Other',
};

export const consentMethodText = (method: ConsentMethod): string => methodWords[method];

export interface ConsentRecord {
  method: ConsentMethod;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
  withdrawnAt: number | null;
}

export function toConsentView(c: ConsentRecord): WhatsAppConsentView {
  return { ...c, methodText: consentMethodText(c.method), active: c.withdrawnAt === null };
}

/**
 * Whether a template to this customer is business-initiated (they never wrote on WhatsApp, or
 * their window closed) and so needs their recorded consent; the refusal's words when it is
 * missing, else null. Inside an open window the customer started the exchange: no consent needed.
 */
export function consentProblem(args: {
  windowOpen: boolean;
  consent: ConsentRecord | undefined;
}): string | null {
  if (args.windowOpen) return null;
  if (args.consent && args.consent.withdrawnAt === null) return null;
  if (args.consent) {
    return 'This customer withdrew their consent to WhatsApp messages from you, so a template cannot start a conversation. Wait for them to write to you.';
  }
  return 'WhatsApp requires the customer’s agreement before you message them first, and none is recorded. Record how they agreed (in the contact panel, “WhatsApp consent”), then send.';
}
