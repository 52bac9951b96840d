import { baselineTables } from './baselineTables';
import { baselineTriggers } from './baselineTriggers';

/**
 * The schema on PostgreSQL as SQLite's migrations 0010–0170 leave it: the baseline a new
 * PostgreSQL database starts from (postgres/migrate.ts). Same tables, columns, constraints and
 * indexes; SQLite's triggers as PL/pgSQL; SQLite's FTS5 tables have their PostgreSQL counterparts
 * in the search section. Never edited once shipped: later changes are migrations with both halves.
 */
export const postgresBaseline = {
  version: 170,
  sql: [baselineTables, baselineTriggers].join('\n'),
};
