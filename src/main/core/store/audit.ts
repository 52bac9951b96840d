import { sql, type Db } from './database';

export type AuditActor = 'operator' | 'customer' | 'system';

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  subjectType?: string;
  subjectId?: number;
  details?: Record<string, unknown>;
  now: number;
}

export function audit(db: Db, e: AuditEntry): void {
  sql(
    db,
    `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, details)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    e.now,
    e.actor,
    e.action,
    e.subjectType ?? null,
    e.subjectId ?? null,
    JSON.stringify(e.details ?? {}),
  );
}

/**
 * Makes a change and audits it, in one transaction, only when it changed something; returns
 * whether it did (a refusal is the caller's to word).
 */
export function auditIfChanged(db: Db, change: () => boolean, entry: AuditEntry): boolean {
  return db.transaction(() => {
    if (!change()) return false;
    audit(db, entry);
    return true;
  })();
}

export interface AuditRow {
  id: number;
  at: number;
  actor: AuditActor;
  action: string;
  subject_type: string | null;
  subject_id: number | null;
  details: string;
}

export function listAudit(db: Db, limit = 100): AuditRow[] {
  return sql<[number], AuditRow>(
    db,
    'SELECT id, at, actor, action, subject_type, subject_id, details FROM audit_log ORDER BY id DESC LIMIT ?',
  ).all(limit);
}
