import { isPostgresUrl } from '../database';
import type { TableCount } from './copyStore';

/**
 * A store location fit to print: a PostgreSQL URL's password (in the user part or as a
 * `password=` parameter) becomes `****`. A SQLite path is printed as it is.
 */
export function maskLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  return location
    .replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@/]*@/, '$1****@')
    .replace(/([?&]password=)[^&]*/gi, '$1****');
}

/** The verification table: each table, its rows on both sides, ✓ or ✗. */
export function formatCounts(tables: readonly TableCount[]): string {
  const header = ['table', 'source', 'destination', ''];
  const lines = tables.map((t) => [
    t.table,
    t.source.toLocaleString('en-US'),
    t.destination.toLocaleString('en-US'),
    t.source === t.destination ? '✓' : '✗',
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((l) => l[i]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}
