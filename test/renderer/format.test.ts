import { describe, expect, it } from 'vitest';
import { compactCount, fullCount } from '../../src/renderer/src/format';

describe('compactCount: badges that fit beside their labels', () => {
  it('shows counts under 1,000 exactly', () => {
    expect([0, 1, 7, 42, 999].map(compactCount)).toEqual(['0', '1', '7', '42', '999']);
  });

  it('shows thousands with one decimal, dropping a trailing .0', () => {
    expect(compactCount(1000)).toBe('1k');
    expect(compactCount(1050)).toBe('1k');
    expect(compactCount(1999)).toBe('1.9k');
    expect(compactCount(24_402)).toBe('24.4k');
    expect(compactCount(99_999)).toBe('99.9k');
  });

  it('drops the decimal from 100k, and never rounds up into the next unit', () => {
    expect(compactCount(100_000)).toBe('100k');
    expect(compactCount(245_678)).toBe('245k');
    expect(compactCount(999_999)).toBe('999k');
  });

  it('shows millions and beyond', () => {
    expect(compactCount(1_000_000)).toBe('1M');
    expect(compactCount(1_234_567)).toBe('1.2M');
    expect(compactCount(50_000_000)).toBe('50M');
    expect(compactCount(2_500_000_000)).toBe('2.5B');
  });

  it('is never longer than five characters up to a billion', () => {
    for (let n = 1; n < 1e9; n = Math.ceil(n * 1.37) + 1) {
      expect(compactCount(n).length).toBeLessThanOrEqual(5);
    }
  });

  it('keeps the full number for tooltips and screen readers', () => {
    expect(fullCount(24_402)).toMatch(/^24.?402$/);
    expect(fullCount(1_234_567)).toMatch(/^1.?234.?567$/);
  });
});
