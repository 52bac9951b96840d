/** The account's WhatsApp content templates as last fetched (migration 0120), for offline use. */
import type { TemplateRecord } from '../../../shared/templates';
import { sql, type Db } from './database';
import { getSetting, setSetting } from './settings';

const FETCHED_AT_KEY = 'templates.fetchedAt';

interface TemplateRow {
  sid: string;
  friendly_name: string;
  language: string;
  body: string;
  variables: string;
  whatsapp_status: string;
  rejection_reason: string | null;
  category: string | null;
}

const toRecord = (row: TemplateRow): TemplateRecord => ({
  sid: row.sid,
  name: row.friendly_name,
  language: row.language,
  body: row.body,
  samples: JSON.parse(row.variables) as Record<string, string>,
  approval: row.whatsapp_status,
  rejectionReason: row.rejection_reason,
  category: row.category,
});

const select = `SELECT sid, friendly_name, language, body, variables, whatsapp_status,
  rejection_reason, category FROM content_templates`;

export function listTemplates(db: Db): TemplateRecord[] {
  return sql<[], TemplateRow>(db, `${select} ORDER BY position`).all().map(toRecord);
}

export function getTemplate(db: Db, sid: string): TemplateRecord | undefined {
  const row = sql<[string], TemplateRow>(db, `${select} WHERE sid = ?`).get(sid);
  return row && toRecord(row);
}

/** When the list was last fetched from the carrier; null when never. */
export function templatesFetchedAt(db: Db): number | null {
  const value = getSetting(db, FETCHED_AT_KEY);
  return typeof value === 'number' ? value : null;
}

/** Replaces the cached list with what the carrier listed just now (call in a transaction). */
export function replaceTemplates(db: Db, templates: TemplateRecord[], now: number): void {
  sql(db, 'DELETE FROM content_templates').run();
  const insert = sql(
    db,
    `INSERT INTO content_templates (sid, position, friendly_name, language, body, variables,
       whatsapp_status, rejection_reason, category)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  templates.forEach((t, position) =>
    insert.run(
      t.sid,
      position,
      t.name,
      t.language,
      t.body,
      JSON.stringify(t.samples),
      t.approval,
      t.rejectionReason,
      t.category,
    ),
  );
  setSetting(db, FETCHED_AT_KEY, now, now);
}
