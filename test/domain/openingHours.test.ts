import { describe, expect, it } from 'vitest';
import {
  closedPeriod,
  describeOpening,
  isOpen,
  nextOpening,
} from '../../src/main/core/domain/openingHours';
import type { OpeningHours } from '../../src/shared/types';

const weekday = [
  { start: '09:00', end: '12:30' },
  { start: '13:30', end: '18:00' },
];
const hours: OpeningHours = {
  timeZone: 'America/New_York',
  week: [[], weekday, weekday, weekday, weekday, weekday, [{ start: '10:00', end: '14:00' }]],
  exceptions: [{ from: '2026-12-24', to: '2026-12-26', label: 'Christmas' }],
};
const at = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

describe('opening hours', () => {
  it('is open inside a range of the day, on the business’s clock, with a lunch break', () => {
    expect(isOpen(hours, at('2026-12-01T14:00:00Z'))).toBe(true); // Tue 09:00 New York
    expect(isOpen(hours, at('2026-12-01T13:59:00Z'))).toBe(false); // 08:59
    expect(isOpen(hours, at('2026-12-01T17:45:00Z'))).toBe(false); // 12:45, lunch
    expect(isOpen(hours, at('2026-12-01T23:00:00Z'))).toBe(false); // 18:00, closing minute
    expect(isOpen(hours, at('2026-12-06T16:00:00Z'))).toBe(false); // Sunday
    expect(isOpen(hours, at('2026-12-24T16:00:00Z'))).toBe(false); // Thursday, but Christmas
  });

  it('knows when a closure began and when it ends', () => {
    const night = at('2026-12-02T04:00:00Z'); // Tue 23:00
    expect(closedPeriod(hours, night)).toEqual({
      since: at('2026-12-01T23:00:00Z'),
      until: at('2026-12-02T14:00:00Z'),
    });
    expect(closedPeriod(hours, at('2026-12-01T15:00:00Z'))).toBeNull();
    // Over the holiday and the Sunday after it: closed from Wednesday evening to Monday.
    const holiday = closedPeriod(hours, at('2026-12-25T17:00:00Z'))!;
    expect([iso(holiday.since), iso(holiday.until)]).toEqual([
      '2026-12-23T23:00:00.000Z',
      '2026-12-28T14:00:00.000Z',
    ]);
  });

  it('follows daylight saving time through the zone', () => {
    // Saturday 7 March 2026 18:30 EST; clocks go forward on Sunday; Monday opens 09:00 EDT.
    expect(iso(nextOpening(hours, at('2026-03-07T23:30:00Z')))).toBe('2026-03-09T13:00:00.000Z');
    expect(isOpen(hours, at('2026-03-09T13:30:00Z'))).toBe(true);
  });

  it('has no opening in sight when every day is closed', () => {
    const never: OpeningHours = { ...hours, week: [[], [], [], [], [], [], []] };
    expect(closedPeriod(never, at('2026-12-01T15:00:00Z'))).toEqual({ since: 0, until: null });
  });

  it('says the next opening in the customer’s language', () => {
    const now = at('2026-12-02T04:00:00Z'); // Tue 23:00, opens Wed 09:00
    const words = (language: string, from = now) =>
      describeOpening(nextOpening(hours, from)!, { now: from, timeZone: hours.timeZone, language });
    expect(words('en')).toBe('tomorrow at 9:00 AM');
    expect(words('es')).toBe('mañana a las 9:00');
    expect(words('pt')).toBe('amanhã às 9:00');
    expect(words('fr')).toBe('demain à 9:00');
    expect(words('de')).toBe('morgen um 9:00');
    expect(words('en', at('2026-12-05T20:00:00Z'))).toBe('Monday at 9:00 AM'); // Sat 15:00
    expect(words('en', at('2026-12-01T17:45:00Z'))).toBe('today at 1:30 PM'); // lunch
  });
});
