import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ContactView, MessageStatus } from '../../shared/types';

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayInYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const fullStamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

const dayMs = 24 * 60 * 60 * 1000;

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Inbox style: "14:05" today, "Tue" this week, "Mar 3" this year, else the full date. */
export function shortTime(time: number, now = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(time)) / dayMs);
  if (days <= 0) return timeOfDay.format(time);
  if (days < 7) return weekday.format(time);
  if (new Date(time).getFullYear() === new Date(now).getFullYear()) return dayInYear.format(time);
  return fullDate.format(time);
}

/** Bubble style: the time of day, with the day in front when it was not today. */
export function messageTime(time: number, now = Date.now()): string {
  if (startOfDay(time) === startOfDay(now)) return timeOfDay.format(time);
  return `${shortTime(time, now)}, ${timeOfDay.format(time)}`;
}

/** "Mar 3, 2024": a day, with its year. */
export function dayDate(time: number): string {
  return fullDate.format(time);
}

export function longTime(time: number): string {
  return fullStamp.format(time);
}

/**
 * "+14155550100" → "+1 415 555 0100": numbers are stored in E.164 and shown the way people read
 * them. Anything that is not a phone number (a short code, a sender name) is shown as it is.
 */
export function formatPhone(address: string): string {
  return parsePhoneNumberFromString(address)?.formatInternational() ?? address;
}

export function contactName(contact: ContactView): string {
  return contact.name?.trim() || formatPhone(contact.address);
}

export function isProblem(status: MessageStatus): boolean {
  return status === 'failed' || status === 'undelivered' || status === 'canceled';
}

const usd = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** "$0.0166": segment prices are fractions of a cent, so show four decimals. */
export function formatCost(amount: number): string {
  return usd.format(amount);
}

const sizeNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** "193.1 KB": file and database sizes. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 ** 2) return `${sizeNumber.format(size / 1024)} KB`;
  if (size < 1024 ** 3) return `${sizeNumber.format(size / 1024 ** 2)} MB`;
  return `${sizeNumber.format(size / 1024 ** 3)} GB`;
}

const languageNames = new Intl.DisplayNames(undefined, { type: 'language' });

/** "es" → "Spanish" in the operator's own language; the code itself if the browser has no name. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const wholeNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** "24,402": a count in full, for tooltips and screen readers beside a compact badge. */
export function fullCount(count: number): string {
  return wholeNumber.format(count);
}

/**
 * A count short enough for a badge: exact under 1,000, then "24.4k", "246k", "1.2M". Rounded
 * down, so a badge never claims more than there is ("999.9k", not "1M", for 999,999).
 */
export function compactCount(count: number): string {
  const n = Math.max(0, Math.trunc(count));
  if (n < 1000) return String(n);
  for (const [unit, size] of [
    ['k', 1e3],
    ['M', 1e6],
    ['B', 1e9],
  ] as const) {
    const scaled = n / size;
    if (scaled >= 1000 && unit !== 'B') continue;
    // One decimal while it fits in four characters ("24.4k"), none from 100 up ("246k").
    const shown = scaled < 100 ? Math.floor(scaled * 10) / 10 : Math.floor(scaled);
    return `${String(shown)}${unit}`;
  }
  return String(n);
}
