/**
 * What the contact panel reads and writes about one customer: details, consent history (from the
 * audit log) and the operator's edits (name, notes, tags).
 */
import { contactView } from './contacts';
import type { Channel, ContactView } from '../../../shared/types';
import { sql, type Db } from './database';

interface ContactDetailsRow {
  id: number;
  address: string;
  name: string | null;
  notes: string;
  tags: string;
  language: string | null;
  opted_out: number;
  opted_out_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ContactRecord extends ContactView {
  notes: string;
  tags: string[];
  language: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Stored tags are a JSON array; anything else (a damaged row) reads as no tags. */
function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function getContactRecord(db: Db, contactId: number): ContactRecord | undefined {
  const row = sql<[number], ContactDetailsRow>(
    db,
    `SELECT id, address, name, notes, tags, language, opted_out, opted_out_at, created_at, updated_at
     FROM contacts WHERE id = ?`,
  ).get(contactId);
  return (
    row && {
      ...contactView(row.id, row),
      notes: row.notes,
      tags: parseTags(row.tags),
      language: row.language,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  );
}

export interface ConsentAuditRow {
  at: number;
  actor: string;
  action: 'contact.opted_out' | 'contact.opted_in';
  details: string;
}

/** The contact's consent changes as the audit log recorded them, newest first. */
export function listConsentAudit(db: Db, contactId: number, limit = 50): ConsentAuditRow[] {
  return sql<[number, number], ConsentAuditRow>(
    db,
    `SELECT at, actor, action, details FROM audit_log
     WHERE subject_type = 'contact' AND subject_id = ?
       AND action IN ('contact.opted_out', 'contact.opted_in')
     ORDER BY at DESC, id DESC LIMIT ?`,
  ).all(contactId, limit);
}

export function listContactConversationIds(db: Db, contactId: number): number[] {
  return listContactConversations(db, contactId).map((row) => row.id);
}

/** The contact's conversations, one per channel and business number, most recent first. */
export function listContactConversations(
  db: Db,
  contactId: number,
): Array<{ id: number; channel: Channel; businessNumber: string }> {
  return sql<[number], { id: number; channel: Channel; business_number: string }>(
    db,
    `SELECT id, channel, business_number FROM conversations WHERE contact_id = ?
     ORDER BY last_activity_at DESC, id DESC`,
  )
    .all(contactId)
    .map((row) => ({ id: row.id, channel: row.channel, businessNumber: row.business_number }));
}

/**
 * Applies the operator's edits; fields left undefined keep their value. One statement with flags,
 * so the text stays literal (statement cache) and portable. Returns false for an unknown contact.
 */
export function updateContactDetails(
  db: Db,
  args: {
    contactId: number;
    name?: string | null | undefined;
    notes?: string | undefined;
    tags?: string[] | undefined;
    now: number;
  },
): boolean {
  const result = sql(
    db,
    `UPDATE contacts
     SET name = CASE WHEN ? = 1 THEN ? ELSE name END,
         notes = CASE WHEN ? = 1 THEN ? ELSE notes END,
         tags = CASE WHEN ? = 1 THEN ? ELSE tags END,
         updated_at = ?
     WHERE id = ?`,
  ).run(
    args.name !== undefined ? 1 : 0,
    args.name ?? null,
    args.notes !== undefined ? 1 : 0,
    args.notes ?? '',
    args.tags !== undefined ? 1 : 0,
    JSON.stringify(args.tags ?? []),
    args.now,
    args.contactId,
  );
  return result.changes === 1;
}
