/** Per-contact agreement to business-initiated WhatsApp messages (migration 0120). */
import type { ConsentMethod } from '../../../shared/types';
import { sql, type Db } from './database';

export interface ConsentRecord {
  method: ConsentMethod;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
  withdrawnAt: number | null;
}

interface ConsentRow {
  method: ConsentMethod;
  note: string | null;
  recorded_by: string;
  recorded_at: number;
  withdrawn_at: number | null;
}

export function getWhatsAppConsent(db: Db, contactId: number): ConsentRecord | undefined {
  const row = sql<[number], ConsentRow>(
    db,
    `SELECT method, note, recorded_by, recorded_at, withdrawn_at
     FROM whatsapp_consent WHERE contact_id = ?`,
  ).get(contactId);
  return (
    row && {
      method: row.method,
      note: row.note,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
      withdrawnAt: row.withdrawn_at,
    }
  );
}

/** Records (or records again, after a withdrawal) how the customer agreed. */
export function recordWhatsAppConsent(
  db: Db,
  args: { contactId: number; method: ConsentMethod; note: string | null; recordedBy: string; now: number }, // prettier-ignore
): void {
  sql(
    db,
    `INSERT INTO whatsapp_consent (contact_id, method, note, recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (contact_id) DO UPDATE SET method = excluded.method, note = excluded.note,
       recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, withdrawn_at = NULL`,
  ).run(args.contactId, args.method, args.note, args.recordedBy, args.now);
}

/** Marks it withdrawn; returns true when there was an active record to withdraw. */
export function withdrawWhatsAppConsent(db: Db, contactId: number, now: number): boolean {
  return (
    sql(
      db,
      `UPDATE whatsapp_consent SET withdrawn_at = ?
       WHERE contact_id = ? AND withdrawn_at IS NULL`,
    ).run(now, contactId).changes === 1
  );
}
