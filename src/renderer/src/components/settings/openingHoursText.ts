/**
 * Opening hours as the operator types them: a day's ranges as "09:00-12:30, 13:30-18:00" (empty:
 * closed), a closed period per line as "2026-12-24 to 2026-12-26 Christmas" (one date: one day).
 * Parsing only turns text into the contract's shape; the core validates it again and refuses in
 * words what it cannot use.
 */
import type { ClosedDays, OpeningRange } from '../../../../shared/types';

const rangePattern = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/;
const pad = (hours: string) => hours.padStart(2, '0');

export const rangesToText = (ranges: OpeningRange[]) =>
  ranges.map((r) => `${r.start}-${r.end}`).join(', ');

/** The ranges of a day, or the sentence saying which part is not a range. */
export function textToRanges(text: string): OpeningRange[] | string {
  const ranges: OpeningRange[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = rangePattern.exec(part);
    if (!match) return `“${part}” is not a range such as 09:00-18:00`;
    ranges.push({ start: `${pad(match[1]!)}:${match[2]}`, end: `${pad(match[3]!)}:${match[4]}` });
  }
  return ranges;
}

export const exceptionsToText = (days: ClosedDays[]) =>
  days
    .map((d) => [d.from, d.to !== d.from ? `to ${d.to}` : '', d.label].filter(Boolean).join(' '))
    .join('\n');

const exceptionPattern = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:to|–|-)\s*(\d{4}-\d{2}-\d{2}))?\s*(.*)$/;

/** The closed periods, or the sentence saying which line is not one. */
export function textToExceptions(text: string): ClosedDays[] | string {
  const days: ClosedDays[] = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = exceptionPattern.exec(line);
    if (!match) return `“${line}” does not start with a date such as 2026-12-25`;
    days.push({ from: match[1]!, to: match[2] ?? match[1]!, label: match[3]!.trim() });
  }
  return days;
}
