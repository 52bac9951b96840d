import { describe, expect, it } from 'vitest';
import { isQuietTime, type QuietHours } from '../../src/main/core/domain/quietHours';

const overnight: QuietHours = {
  enabled: true,
  start: '21:00',
  end: '08:00',
  timeZone: 'America/New_York',
};
const at = (iso: string): Date => new Date(iso);

describe('isQuietTime', () => {
  it('is never quiet when disabled, even with unusable fields', () => {
    expect(isQuietTime(at('2024-06-01T03:00:00Z'), { ...overnight, enabled: false })).toBe(false);
    expect(
      isQuietTime(at('2024-06-01T03:00:00Z'), {
        enabled: false,
        start: '',
        end: 'x',
        timeZone: 'Nowhere',
      }),
    ).toBe(false);
  });

  it('handles a window that crosses midnight, start inclusive and end exclusive', () => {
    // June: New York is UTC-4.
    expect(isQuietTime(at('2024-06-01T00:59:00Z'), overnight)).toBe(false); // 20:59
    expect(isQuietTime(at('2024-06-01T01:00:00Z'), overnight)).toBe(true); // 21:00
    expect(isQuietTime(at('2024-06-01T04:00:00Z'), overnight)).toBe(true); // 00:00
    expect(isQuietTime(at('2024-06-01T11:59:00Z'), overnight)).toBe(true); // 07:59
    expect(isQuietTime(at('2024-06-01T12:00:00Z'), overnight)).toBe(false); // 08:00
    expect(isQuietTime(at('2024-06-01T18:00:00Z'), overnight)).toBe(false); // 14:00
  });

  it('handles a window within one day', () => {
    const lunch: QuietHours = {
      enabled: true,
      start: '12:00',
      end: '13:30',
      timeZone: 'Europe/London',
    };
    // June: London is UTC+1.
    expect(isQuietTime(at('2024-06-03T10:59:00Z'), lunch)).toBe(false); // 11:59
    expect(isQuietTime(at('2024-06-03T11:00:00Z'), lunch)).toBe(true); // 12:00
    expect(isQuietTime(at('2024-06-03T12:29:00Z'), lunch)).toBe(true); // 13:29
    expect(isQuietTime(at('2024-06-03T12:30:00Z'), lunch)).toBe(false); // 13:30
    expect(isQuietTime(at('2024-06-03T23:00:00Z'), lunch)).toBe(false); // 00:00
  });

  it('follows the wall clock across a DST change', () => {
    // 2024-03-10: New York springs forward at 02:00 EST → 03:00 EDT, so 08:00 moves from 13:00Z to 12:00Z.
    expect(isQuietTime(at('2024-03-09T12:30:00Z'), overnight)).toBe(true); // 07:30 EST
    expect(isQuietTime(at('2024-03-10T12:30:00Z'), overnight)).toBe(false); // 08:30 EDT
    expect(isQuietTime(at('2024-03-10T11:59:00Z'), overnight)).toBe(true); // 07:59 EDT
    expect(isQuietTime(at('2024-03-10T06:59:00Z'), overnight)).toBe(true); // 01:59 EST
    expect(isQuietTime(at('2024-03-10T07:00:00Z'), overnight)).toBe(true); // 03:00 EDT
    // A window starting at a time that does not exist that day still starts when the clock passes it.
    const early: QuietHours = { ...overnight, start: '02:30', end: '06:00' };
    expect(isQuietTime(at('2024-03-10T06:59:00Z'), early)).toBe(false); // 01:59 EST
    expect(isQuietTime(at('2024-03-10T07:00:00Z'), early)).toBe(true); // 03:00 EDT
  });

  it('reads midnight as 00:00, not 24:00', () => {
    const night: QuietHours = { enabled: true, start: '00:00', end: '06:00', timeZone: 'UTC' };
    expect(isQuietTime(at('2024-06-01T00:00:00Z'), night)).toBe(true);
    expect(isQuietTime(at('2024-06-01T23:59:00Z'), night)).toBe(false);
  });

  it('throws a clear error for an invalid configuration', () => {
    const now = at('2024-06-01T03:00:00Z');
    expect(() => isQuietTime(now, { ...overnight, start: '9pm' })).toThrow(
      /start "9pm" is not a time like 21:00/,
    );
    expect(() => isQuietTime(now, { ...overnight, end: '24:00' })).toThrow(/end "24:00"/);
    expect(() => isQuietTime(now, { ...overnight, timeZone: 'Mars/Olympus' })).toThrow(
      /time zone "Mars\/Olympus" is not a known time zone/,
    );
    expect(() => isQuietTime(now, { ...overnight, start: '08:00', end: '08:00' })).toThrow(
      /both 08:00/,
    );
    expect(() => isQuietTime(new Date(Number.NaN), overnight)).toThrow(/invalid date/);
  });
});
