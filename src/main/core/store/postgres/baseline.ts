/**
 * The schema on PostgreSQL as SQLite's migrations 0010–0170 leave it (the baseline a new
 * PostgreSQL database starts from). PLACEHOLDER: filled by the schema work.
 */
export const postgresBaseline = { version: 170, sql: 'SELECT 1' };
