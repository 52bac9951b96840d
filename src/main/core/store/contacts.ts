import type { ContactView } from '../../../shared/types';
import { sql, type Db } from './database';

interface ContactRow {
  id: number;
  address: string;
  name: string | null;
  opted_out: number;
  opted_out_at: number | null;
}

const toView = (row: ContactRow): ContactView => ({
  id: row.id,
  address: row.address,
  name: row.name,
  optedOut: row.opted_out === 1,
  optedOutAt: row.opted_out_at,
});

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
  const row = sql<[string], ContactRow>(
    db,
    'SELECT id, address, name, opted_out, opted_out_at FROM contacts WHERE address = ?',
  ).get(address);
  return row && toView(row);
}

export function getContact(db: Db, id: number): ContactView | undefined {
  const row = sql<[number], ContactRow>(
    db,
    'SELECT id, address, name, opted_out, opted_out_at FROM contacts WHERE id = ?',
  ).get(id);
  return row && toView(row);
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
