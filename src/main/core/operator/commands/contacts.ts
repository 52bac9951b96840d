import { toConversationView } from '../../domain/conversationView';
import type { ConsentChange, ContactDetails } from '../../../../shared/types';
import { Refusal } from '../../domain/refusal';
import { importContactsCsv } from '../../records/contactsImport';
import { toConsentView } from '../../domain/templates';
import { audit, auditIfChanged } from '../../store/audit';
import {
  getContactRecord,
  listConsentAudit,
  listContactConversations,
  updateContactDetails,
  type ConsentAuditRow,
} from '../../store/contactHistory';
import { getConversationSummary } from '../../store/conversations';
import type { Db } from '../../store/database';
import {
  getWhatsAppConsent,
  recordWhatsAppConsent,
  withdrawWhatsAppConsent,
} from '../../store/whatsappConsent';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

/** How a consent change happened, in the operator's words (from the audit entry's details). */
function describeConsent(row: ConsentAuditRow): ConsentChange {
  let details: { via?: unknown; keyword?: unknown } = {};
  try {
    details = JSON.parse(row.details) as typeof details;
  } catch {
    // A damaged entry still says when and which way; only the "how" is lost.
  }
  const keyword = typeof details.keyword === 'string' ? details.keyword : null;
  const via = typeof details.via === 'string' ? details.via : null;
  let how: string;
  if (keyword && via === 'keyword') how = `texted ${keyword}`;
  else if (keyword && via?.startsWith('OptOutType=')) how = `texted ${keyword} (carrier opt-out)`;
  else how = via ?? (row.actor === 'operator' ? 'changed by the operator' : 'recorded');
  const actor = row.actor === 'customer' || row.actor === 'operator' ? row.actor : 'system';
  return { at: row.at, optedOut: row.action === 'contact.opted_out', actor, via: how };
}

function contactDetails(db: Db, contactId: number): ContactDetails {
  const record = getContactRecord(db, contactId);
  if (!record) throw new Refusal('That contact no longer exists.');
  const conversations = listContactConversations(db, contactId);
  return {
    ...record,
    consentHistory: listConsentAudit(db, contactId).map(describeConsent),
    conversationIds: conversations.map((c) => c.id),
    conversations,
    whatsappConsent: consentOf(db, contactId),
  };
}

function consentOf(db: Db, contactId: number) {
  const consent = getWhatsAppConsent(db, contactId);
  return consent ? toConsentView(consent) : null;
}

/** The contact panel, and importing contacts from a CSV file. */
export function contactsCommands(
  deps: Pick<HandlerDeps, 'db' | 'events' | 'now' | 'defaultCountry'>,
): NamespaceCommands<'contacts'> {
  const { db, events, now } = deps;
  return {
    'contacts:get': ({ contactId }) => contactDetails(db, contactId),

    'contacts:update': ({ contactId, name, notes, tags }) => {
      const fields = {
        // An emptied name goes back to showing the number.
        ...(name !== undefined ? { name: name === '' ? null : name } : {}),
        ...(notes !== undefined ? { notes } : {}),
        ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
      };
      const changed = auditIfChanged(
        db,
        () => updateContactDetails(db, { contactId, ...fields, now: now() }),
        {
          actor: 'operator',
          action: 'contact.updated',
          subjectType: 'contact',
          subjectId: contactId,
          // Which fields, not their values: notes may hold what a customer confided.
          details: { fields: Object.keys(fields) },
          now: now(),
        },
      );
      if (!changed) throw new Refusal('That contact no longer exists.');
      const details = contactDetails(db, contactId);
      for (const conversationId of details.conversationIds) {
        const summary = getConversationSummary(db, conversationId);
        if (summary) events.emit('conversation:updated', toConversationView(summary));
      }
      return details;
    },

    // WhatsApp consent: the record and its audit entry in one transaction.
    'contacts:recordConsent': ({ contactId, method, note, recordedBy }) => {
      contactDetails(db, contactId); // refuses a contact that is gone
      const by = recordedBy || 'the operator';
      db.transaction(() => {
        recordWhatsAppConsent(db, { contactId, method, note: note || null, recordedBy: by, now: now() }); // prettier-ignore
        audit(db, {
          actor: 'operator',
          action: 'contact.whatsapp_consent_recorded',
          subjectType: 'contact',
          subjectId: contactId,
          details: { method, recordedBy: by },
          now: now(),
        });
      })();
      return contactDetails(db, contactId);
    },

    'contacts:withdrawConsent': ({ contactId }) => {
      const withdrawn = auditIfChanged(db, () => withdrawWhatsAppConsent(db, contactId, now()), {
        actor: 'operator',
        action: 'contact.whatsapp_consent_withdrawn',
        subjectType: 'contact',
        subjectId: contactId,
        now: now(),
      });
      if (!withdrawn) throw new Refusal('No WhatsApp consent is recorded for this contact.');
      return contactDetails(db, contactId);
    },

    'contacts:import': ({ csv }) =>
      importContactsCsv(db, { csv, defaultCountry: deps.defaultCountry, now: now() }),
  };
}
