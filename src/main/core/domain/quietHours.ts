/**
 * Quiet hours: a daily window, in the customer-facing business's time zone, when the operator is
 * asked to confirm before texting. Computed with Intl so DST shifts follow the IANA database.
 */

export interface QuietHours {
  enabled: boolean;
  /** 'HH:MM', 24-hour clock, local to `timeZone`. Quiet from this minute… */
  start: string;
  /** …until just before this one. A start after the end crosses midnight (21:00–08:00). */
  end: string;
  /** IANA zone name, e.g. "America/New_York". */
  timeZone: string;
}

const clockTime = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOfDay(value: string, field: 'start' | 'end'): number {
  const match = clockTime.exec(value);
  if (!match) {
    throw new Error(
      `Quiet hours ${field} "${value}" is not a time like 21:00 (24-hour clock, HH:MM).`,
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

function localFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    // h23, not hour12: false, which some ICU versions render as "24" at midnight.
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    throw new Error(
      `Quiet hours time zone "${timeZone}" is not a known time zone (use a name like America/New_York).`,
    );
  }
}

function localMinutes(now: Date, formatter: Intl.DateTimeFormat): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(now)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/**
 * Whether `now` falls inside the quiet window, start inclusive and end exclusive, read on the wall
 * clock of `timeZone`. Disabled quiet hours are never quiet, even if their fields are incomplete.
 * Throws when enabled with a malformed time, an unknown zone, or start equal to end (that could
 * mean "never" or "all day"; we refuse to guess).
 */
export function isQuietTime(now: Date, quietHours: QuietHours): boolean {
  if (!quietHours.enabled) return false;
  const start = minutesOfDay(quietHours.start, 'start');
  const end = minutesOfDay(quietHours.end, 'end');
  if (start === end) {
    throw new Error(
      `Quiet hours start and end are both ${quietHours.start}; choose different times.`,
    );
  }
  const formatter = localFormatter(quietHours.timeZone);
  if (Number.isNaN(now.getTime())) {
    throw new Error('Cannot check quiet hours for an invalid date.');
  }
  const t = localMinutes(now, formatter);
  return start < end ? t >= start && t < end : t >= start || t < end;
}
