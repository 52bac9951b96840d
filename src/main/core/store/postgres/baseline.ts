import { baselineTables } from './baselineTables';
import { baselineSearch } from './baselineSearch';
import { baselineTriggers } from './baselineTriggers';
import { jobsAddedTriggerSql } from './wakeTriggers';

/**
 * The schema on PostgreSQL as SQLite's migrations 0010–0170 leave it: the baseline a new
 * PostgreSQL database starts from (postgres/migrate.ts). Same tables, columns, constraints and
 * indexes; SQLite's triggers as PL/pgSQL; SQLite's FTS5 tables have their PostgreSQL counterparts
 * in the search section (baselineSearch.ts); and a PostgreSQL-only trigger that wakes every hub process's worker when
 * jobs are added (wakeTriggers.ts). Never edited once shipped: later changes are migrations with both halves.
 */
export const postgresBaseline = {
  version: 170,
  sql: [baselineTables, baselineTriggers, baselineSearch, jobsAddedTriggerSql].join('\n'),
};
