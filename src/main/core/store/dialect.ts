import { byEngine, type Db } from './database';

/**
 * SQL fragments the two engines spell differently, written once here so a repository keeps one
 * statement per purpose (docs/ARCHITECTURE.md, "Two engines").
 */

/**
 * A subquery whose one column `value` holds the items of a JSON array parameter (`param` is the
 * placeholder: `?` or `@name`). One parameter for any number of ids, so the statement stays cached.
 */
export function jsonArrayValues(db: Db, param: string, type: 'BIGINT' | 'TEXT'): string {
  return byEngine(db, {
    sqlite: `SELECT value FROM json_each(${param})`,
    postgres: `SELECT CAST(value AS ${type}) AS value FROM json_array_elements_text(CAST(${param} AS JSON))`,
  });
}

/**
 * A JSON array (as text, '[]' when empty) of one object per row of `from`, in `order`: `fields`
 * maps each key to its column. SQLite orders by its subquery; PostgreSQL's aggregate takes the
 * order itself.
 */
export function jsonObjectArray(
  db: Db,
  args: { fields: Record<string, string>; from: string; order: string },
): string {
  const pairs = Object.entries(args.fields)
    .map(([key, column]) => `'${key}', k.${column}`)
    .join(', ');
  const columns = [...new Set([...Object.values(args.fields), args.order])].join(', ');
  return byEngine(db, {
    sqlite: `(SELECT json_group_array(json_object(${pairs}))
       FROM (SELECT ${columns} ${args.from} ORDER BY ${args.order}) k)`,
    postgres: `(SELECT COALESCE(CAST(json_agg(json_build_object(${pairs}) ORDER BY k.${args.order}) AS TEXT), '[]')
       FROM (SELECT ${columns} ${args.from}) k)`,
  });
}

/**
 * SQLite's `INDEXED BY`: where its planner must be told to walk a partial index (measured at a
 * million rows). PostgreSQL has no such hint, and its planner picks the partial index itself.
 */
export function indexedBy(db: Db, index: string): string {
  return byEngine(db, { sqlite: `INDEXED BY ${index}`, postgres: '' });
}
