import { describe, expect, it } from 'vitest';
import {
  analyzeSegments,
  estimateCost,
  isGsm7,
  replaceLookalikes,
} from '../../src/main/core/domain/segments';

const gsm = (n: number): string => 'a'.repeat(n);
const cjk = (n: number): string => '你'.repeat(n);

describe('analyzeSegments: GSM-7', () => {
  it.each([
    // [septets, segments, perSegment, remainingInSegment]
    [1, 1, 160, 159],
    [153, 1, 160, 7], // a single SMS holds 160, not 153
    [154, 1, 160, 6],
    [160, 1, 160, 0],
    [161, 2, 153, 145], // 153 + 8
    [306, 2, 153, 0],
    [307, 3, 153, 152],
  ])('%i plain characters → %i segment(s)', (n, segments, perSegment, remaining) => {
    expect(analyzeSegments(gsm(n))).toEqual({
      encoding: 'GSM-7',
      segments,
      characters: n,
      units: n,
      perSegment,
      remainingInSegment: remaining,
      nonGsmCharacters: [],
    });
  });

  it('counts every extension character as two septets', () => {
    for (const char of ['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f']) {
      expect(analyzeSegments(char)).toMatchObject({ encoding: 'GSM-7', characters: 1, units: 2 });
    }
    expect(analyzeSegments('€'.repeat(80))).toMatchObject({
      segments: 1,
      characters: 80,
      units: 160,
    });
    expect(analyzeSegments('€'.repeat(80) + 'a')).toMatchObject({
      segments: 2,
      characters: 81,
      units: 161,
    });
  });

  it('never splits an extension character across the 153-septet boundary', () => {
    // 152 + 2 = 154 fits one single SMS…
    expect(analyzeSegments(gsm(152) + '€').segments).toBe(1);
    // …but once concatenated the € cannot start at septet 153, so it opens segment 2 (2 + 7 = 9).
    expect(analyzeSegments(gsm(152) + '€' + gsm(7))).toMatchObject({
      segments: 2,
      units: 161,
      remainingInSegment: 144,
    });
    // 306 septets would fit two segments exactly if the € could be split; it cannot.
    const straddling = analyzeSegments(gsm(152) + '€' + gsm(152));
    expect(straddling).toMatchObject({ units: 306, segments: 3, remainingInSegment: 152 });
    // Without the straddle, the same 306 septets fit in two.
    expect(analyzeSegments('€' + gsm(304)).segments).toBe(2);
  });

  it('follows the GSM alphabet exactly: Ç is in it, ç and the backtick are not', () => {
    expect(analyzeSegments('Ça va').encoding).toBe('GSM-7');
    expect(analyzeSegments('ça va')).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: ['ç'] });
    expect(analyzeSegments('`code`')).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: ['`'] });
    expect(isGsm7('@£$¥èéùìòØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà')).toBe(true);
  });

  it('keeps CRLF as GSM-7, two septets, one character', () => {
    expect(analyzeSegments('a\r\nb')).toMatchObject({ encoding: 'GSM-7', characters: 3, units: 4 });
  });

  it('gives an empty body 0 segments and a full first segment to fill', () => {
    expect(analyzeSegments('')).toEqual({
      encoding: 'GSM-7',
      segments: 0,
      characters: 0,
      units: 0,
      perSegment: 160,
      remainingInSegment: 160,
      nonGsmCharacters: [],
    });
  });

  it('handles the 1,600-character maximum', () => {
    expect(analyzeSegments(gsm(1600))).toMatchObject({
      segments: 11,
      units: 1600,
      remainingInSegment: 1683 - 1600,
    });
    expect(analyzeSegments(cjk(1600))).toMatchObject({
      encoding: 'UCS-2',
      segments: 24,
      units: 1600,
    });
  });
});

describe('analyzeSegments: UCS-2', () => {
  it.each([
    [70, 1, 70, 0],
    [71, 2, 67, 63],
    [67, 1, 70, 3],
    [68, 1, 70, 2],
    [134, 2, 67, 0],
    [135, 3, 67, 66],
  ])('%i CJK characters → %i segment(s)', (n, segments, perSegment, remaining) => {
    expect(analyzeSegments(cjk(n))).toEqual({
      encoding: 'UCS-2',
      segments,
      characters: n,
      units: n,
      perSegment,
      remainingInSegment: remaining,
      nonGsmCharacters: ['你'],
    });
  });

  it('counts an emoji as two units and one character', () => {
    expect(analyzeSegments('😀'.repeat(35))).toMatchObject({
      segments: 1,
      characters: 35,
      units: 70,
    });
    expect(analyzeSegments('😀'.repeat(36))).toMatchObject({
      segments: 2,
      characters: 36,
      units: 72,
    });
    expect(analyzeSegments('👍🏽')).toMatchObject({
      characters: 1,
      units: 4,
      nonGsmCharacters: ['👍🏽'],
    });
  });

  it('never splits a surrogate pair across the 67-unit boundary', () => {
    // 66 + 2 + 66 = 134 units would fill two segments exactly; the emoji cannot start at unit 67.
    const result = analyzeSegments(gsm(66) + '😀' + gsm(66));
    expect(result).toMatchObject({
      units: 134,
      characters: 133,
      segments: 3,
      remainingInSegment: 66,
    });
    expect(analyzeSegments(gsm(65) + '😀' + gsm(67)).segments).toBe(2);
  });

  it('names each character that forced UCS-2 once, in order of first appearance', () => {
    expect(analyzeSegments('😀 hi 你 😀 ’ 你').nonGsmCharacters).toEqual(['😀', '你', '’']);
  });

  it('switches a whole message to UCS-2 for a single curly quote and names it', () => {
    const result = analyzeSegments(`${gsm(100)}’`);
    expect(result).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
      units: 101,
      nonGsmCharacters: ['’'],
    });
  });
});

describe('replaceLookalikes', () => {
  it('turns a curly-quote message back into GSM-7 with fewer segments', () => {
    const body = `${gsm(100)} Don’t forget “tomorrow” – see you…`;
    expect(analyzeSegments(body)).toMatchObject({ encoding: 'UCS-2', segments: 3 });
    const fixed = replaceLookalikes(body);
    expect(fixed.text).toBe(`${gsm(100)} Don't forget "tomorrow" - see you...`);
    expect(fixed.replaced).toEqual([
      { from: '’', to: "'", count: 1 },
      { from: '“', to: '"', count: 1 },
      { from: '”', to: '"', count: 1 },
      { from: '–', to: '-', count: 1 },
      { from: '…', to: '...', count: 1 },
    ]);
    expect(analyzeSegments(fixed.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('maps the common look-alikes', () => {
    const cases: Array<[string, string]> = [
      ['‘a’ ‚b‛', "'a' 'b'"],
      ['„a‟', '"a"'],
      ['«a»', '"a"'],
      ['a—b‒c―d', 'a-b-c-d'],
      ['´`', "''"],
      ['• one', '- one'],
      ['a\u00A0b\u2009c\u202Fd', 'a b c d'],
      ['a\u200Bb', 'ab'],
      ['cafe\u0301', 'café'], // decomposed é, as macOS pastes it
    ];
    for (const [input, output] of cases) {
      const fixed = replaceLookalikes(input);
      expect(fixed.text).toBe(output);
      expect(isGsm7(fixed.text)).toBe(true);
    }
  });

  it('counts repeated replacements', () => {
    expect(replaceLookalikes('it’s Sam’s’').replaced).toEqual([{ from: '’', to: "'", count: 3 }]);
  });

  it('leaves emoji, CJK and plain text untouched', () => {
    expect(replaceLookalikes('Hi 😀 你好 👨‍👩‍👧 ç')).toEqual({ text: 'Hi 😀 你好 👨‍👩‍👧 ç', replaced: [] });
    expect(replaceLookalikes('Plain {text} €5')).toEqual({ text: 'Plain {text} €5', replaced: [] });
    // Look-alikes are still replaced around real non-GSM characters.
    expect(replaceLookalikes('“你好”').text).toBe('"你好"');
  });
});

describe('estimateCost', () => {
  it('multiplies without floating-point noise', () => {
    expect(estimateCost(3, 0.0079)).toBe(0.0237);
    expect(estimateCost(0, 0.0079)).toBe(0);
  });

  it('is unknown when the price is unknown', () => {
    expect(estimateCost(2, null)).toBeNull();
  });

  it('refuses nonsense input', () => {
    expect(() => estimateCost(-1, 0.01)).toThrow(RangeError);
    expect(() => estimateCost(1.5, 0.01)).toThrow(RangeError);
    expect(() => estimateCost(1, -0.0079)).toThrow(RangeError);
    expect(() => estimateCost(1, Number.NaN)).toThrow(RangeError);
  });
});
