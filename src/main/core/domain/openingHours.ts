/**
 * Opening hours: whether the business is open at an instant, on its own wall clock (an IANA zone,
 * so daylight-saving shifts follow the zone database through Intl), when the closed period around
 * an instant began, when it next opens, and that next opening in the customer's words.
 *
 * A week has opening ranges per day ('HH:MM'–'HH:MM', start before end, several a day allowed);
 * exceptions close whole days (a holiday, a closed week). The business is closed whenever no range
 * of the day holds the minute, or the day is inside an exception.
 */
import type { OpeningHours, OpeningRange } from '../../../shared/types';

/** How far back and ahead a search for an opening goes (a closed year means "no opening"). */
const SEARCH_DAYS = 400;
const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  /** 'YYYY-MM-DD' on the business's calendar. */
  date: string;
  /** 0 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** The wall clock read as if it were UTC (to find the zone's offset). */
  asUtc: number;
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const date = new Date(asUtc).toISOString().slice(0, 10);
  return { date, weekday: new Date(asUtc).getUTCDay(), minutes: hour * 60 + minute, asUtc };
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The instant a wall-clock minute of a local date happens (the later reading in a DST fold). */
function instantOf(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  const offset = (at: number) => {
    const truncated = Math.floor(at / MINUTE) * MINUTE;
    return wallClock(truncated, timeZone).asUtc - truncated;
  };
  const first = naive - offset(naive);
  return naive - offset(first);
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

const closedAllDay = (hours: OpeningHours, date: string) =>
  hours.exceptions.some((e) => e.from <= date && date <= e.to);

function rangesOn(hours: OpeningHours, date: string): OpeningRange[] {
  if (closedAllDay(hours, date)) return [];
  return hours.week[weekdayOf(date)] ?? [];
}

export function isOpen(hours: OpeningHours, now: number): boolean {
  const wall = wallClock(now, hours.timeZone);
  return rangesOn(hours, wall.date).some(
    (r) => minutesOf(r.start) <= wall.minutes && wall.minutes < minutesOf(r.end),
  );
}

/** The next instant after `now` the business opens, or null when it does not within a year. */
export function nextOpening(hours: OpeningHours, now: number): number | null {
  const today = wallClock(now, hours.timeZone).date;
  for (let k = 0; k <= SEARCH_DAYS; k++) {
    const date = addDays(today, k);
    const starts = rangesOn(hours, date)
      .map((r) => instantOf(date, minutesOf(r.start), hours.timeZone))
      .sort((a, b) => a - b);
    const next = starts.find((at) => at > now);
    if (next !== undefined) return next;
  }
  return null;
}

/** The last instant at or before `now` the business closed, or null when it was not open within a year. */
export function lastClosing(hours: OpeningHours, now: number): number | null {
  const today = wallClock(now, hours.timeZone).date;
  for (let k = 0; k <= SEARCH_DAYS; k++) {
    const date = addDays(today, -k);
    const ends = rangesOn(hours, date)
      .map((r) => instantOf(date, minutesOf(r.end), hours.timeZone))
      .sort((a, b) => b - a);
    const last = ends.find((at) => at <= now);
    if (last !== undefined) return last;
  }
  return null;
}

export interface ClosedPeriod {
  /** When it began (the last closing); 0 when the business has not been open for a year. */
  since: number;
  /** When it ends (the next opening), or null when none is in sight. */
  until: number | null;
}

/** The closed period `now` is in, or null while the business is open. */
export function closedPeriod(hours: OpeningHours, now: number): ClosedPeriod | null {
  if (isOpen(hours, now)) return null;
  return { since: lastClosing(hours, now) ?? 0, until: nextOpening(hours, now) };
}

/** "at" between the day and the time, per reply language. */
const timeJoiner: Record<string, string> = { en: 'at', es: 'a las', pt: 'às', fr: 'à', de: 'um' };

/**
 * The next opening in the customer's language, on the business's clock: "tomorrow at 9:00 AM",
 * "el lunes a las 9:00", "am 2. Januar um 09:00"…; today and tomorrow by name, a day within the
 * week by its weekday, further away with its date.
 */
export function describeOpening(
  at: number,
  args: { now: number; timeZone: string; language: string },
): string {
  const { timeZone, language } = args;
  const lang = language in timeJoiner ? language : 'en';
  const dayGap = Math.round(
    (Date.parse(`${wallClock(at, timeZone).date}T00:00:00Z`) -
      Date.parse(`${wallClock(args.now, timeZone).date}T00:00:00Z`)) /
      DAY,
  );
  const time = new Intl.DateTimeFormat(lang, { timeZone, hour: 'numeric', minute: '2-digit' }).format(at); // prettier-ignore
  let day: string;
  if (dayGap <= 1) {
    day = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(dayGap, 'day');
  } else {
    const options: Intl.DateTimeFormatOptions =
      dayGap < 7 ? { timeZone, weekday: 'long' } : { timeZone, weekday: 'long', day: 'numeric', month: 'long' }; // prettier-ignore
    day = new Intl.DateTimeFormat(lang, options).format(at);
  }
  return `${day} ${timeJoiner[lang]} ${time}`;
}
