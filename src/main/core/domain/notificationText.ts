/**
 * The words of a notification to the operator away from the laptop: what happened, whose
 * conversation (the number masked), and the message itself only when the operator allowed it.
 * A notification travels through other companies' servers (Slack, an SMTP relay, a push service),
 * so it carries as little of the customer as still lets the operator act.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface NotificationFacts {
  kind: 'waiting' | 'handoff' | 'send-failed';
  /** The customer's address (E.164 or a WhatsApp address). */
  address: string | null;
  /** The contact's saved name, when there is one (the operator's own label, not the number). */
  name: string | null;
  /** Minutes the customer has waited (waiting only). */
  waitedMinutes: number | null;
  /** The hand-off rule's reason, or the send failure in words. */
  detail: string;
  /** The message the notification is about; left out unless `includeBody`. */
  body: string | null;
  includeBody: boolean;
}

export interface NotificationText {
  title: string;
  text: string;
}

/**
 * "+1 415 ••• ••42": the country code and the first group stay (where the customer is from),
 * the rest is dots but the last two digits (which of your customers, for someone who knows them).
 */
export function maskPhone(address: string): string {
  const bare = address.replace(/^whatsapp:/, '');
  const parsed = parsePhoneNumberFromString(bare);
  if (!parsed) {
    const digits = bare.replace(/\D/g, '');
    return digits.length <= 2 ? '••' : `••• ••${digits.slice(-2)}`;
  }
  const groups = parsed.formatInternational().split(' ');
  // groups[0] is the country code; the first national group stays, the others become dots.
  return groups
    .map((group, index) => {
      if (index <= 1) return group;
      if (index === groups.length - 1)
        return '•'.repeat(Math.max(0, group.length - 2)) + group.slice(-2);
      return '•'.repeat(group.length);
    })
    .join(' ');
}

const MAX_BODY = 300;

export function composeNotification(facts: NotificationFacts): NotificationText {
  const who = facts.address
    ? `${facts.name ? `${facts.name} (${maskPhone(facts.address)})` : maskPhone(facts.address)}`
    : 'A customer';
  const title = {
    waiting: `Switchboard: ${who} is waiting for an answer`,
    handoff: `Switchboard: ${who} needs a person`,
    'send-failed': `Switchboard: a reply to ${who} was not delivered`,
  }[facts.kind];
  const lines: string[] = [];
  if (facts.kind === 'waiting') {
    const minutes = facts.waitedMinutes ?? 0;
    lines.push(`${who} has waited ${minutes} minute${minutes === 1 ? '' : 's'} without an answer.`);
  } else if (facts.kind === 'handoff') {
    lines.push(`Auto-replies stopped in the conversation with ${who}: ${facts.detail}`);
  } else {
    lines.push(`A reply to ${who} could not be delivered: ${facts.detail}`);
  }
  if (facts.includeBody && facts.body) {
    const body =
      facts.body.length > MAX_BODY ? `${facts.body.slice(0, MAX_BODY - 1)}…` : facts.body;
    lines.push(`Message: “${body}”`);
  }
  lines.push('Open Switchboard to answer.');
  return { title, text: lines.join('\n') };
}
