import type { ContactView } from '../../../shared/types';
import { sql, type Db } from './database';

/** The contact columns as any query that joins `contacts` selects them. */
export interface ContactColumns {
  address: string;
  name: string | null;
  opted_out: number;
  opted_out_at: number | null;
}

/** A contact as the contract shows it, from its id and its columns in any row. */
export const contactView = (id: number, row: ContactColumns): ContactView => ({
  id,
  address: row.address,
  name: row.name,
  optedOut: row.opted_out === 1,
  optedOutAt: row.opted_out_at,
});

type ContactRow = ContactColumns & { id: number };
const selectContact = 'SELECT id, address, name, opted_out, opted_out_at FROM contacts';

/**
 * Returns the contact for this address, creating it on first contact. Looks before it writes:
 * nearly every text comes from a known contact, and an upsert rewrote that contact's row each time.
 */
export function upsertContact(
  db: Db,
  args: { address: string; rawAddress: string; name?: string | null; now: number },
): ContactView {
  const known = getContactByAddress(db, args.address);
  if (known && (known.name !== null || !args.name)) return known;
  sql(
    db,
    `INSERT INTO contacts (address, raw_address, name, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (address) DO UPDATE SET name = COALESCE(contacts.name, excluded.name)`,
  ).run(args.address, args.rawAddress, args.name ?? null, args.now, args.now);
  return getContactByAddress(db, args.address)!;
}

export function getContactByAddress(db: Db, address: string): ContactView | undefined {
  const row = sql<[string], ContactRow>(db, `${selectContact} WHERE address = ?`).get(address);
  return row && contactView(row.id, row);
}

export function getContact(db: Db, id: number): ContactView | undefined {
  const row = sql<[number], ContactRow>(db, `${selectContact} WHERE id = ?`).get(id);
  return row && contactView(row.id, row);
}

/** Sets the consent state; returns true when it changed (so the caller audits real changes only). */
export function setOptedOut(db: Db, contactId: number, optedOut: boolean, now: number): boolean {
  const result = sql(
    db,
    `UPDATE contacts SET opted_out = ?, opted_out_at = ?, updated_at = ?
     WHERE id = ? AND opted_out <> ?`,
  ).run(optedOut ? 1 : 0, optedOut ? now : null, now, contactId, optedOut ? 1 : 0);
  return result.changes === 1;
}
