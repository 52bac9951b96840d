import { sql, type Db } from './database';

export interface ImportedContact {
  address: string;
  name: string | null;
  tags: string[];
  notes: string | null;
}

/**
 * Creates the contact, or fills in an existing one: a given name or notes replace what was there,
 * tags are added to the ones it has. Returns whether the row was new. Run inside a transaction.
 */
export function importContact(db: Db, c: ImportedContact, now: number): 'created' | 'updated' {
  const existing = sql<[string], { id: number; tags: string }>(
    db,
    'SELECT id, tags FROM contacts WHERE address = ?',
  ).get(c.address);
  if (!existing) {
    sql(
      db,
      `INSERT INTO contacts (address, raw_address, name, notes, tags, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.address, c.address, c.name, c.notes ?? '', JSON.stringify(c.tags), now, now);
    return 'created';
  }
  let tags: string[] = [];
  try {
    const parsed = JSON.parse(existing.tags) as unknown;
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    // a damaged tag list is replaced by the imported one
  }
  for (const tag of c.tags) if (!tags.includes(tag)) tags.push(tag);
  const result = sql(
    db,
    `UPDATE contacts SET name = COALESCE(?, name), notes = COALESCE(?, notes), tags = ?, updated_at = ?
     WHERE id = ?`,
  ).run(c.name, c.notes, JSON.stringify(tags), now, existing.id);
  if (result.changes !== 1) throw new Error('contact vanished during import');
  return 'updated';
}
