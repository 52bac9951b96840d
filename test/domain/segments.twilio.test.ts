/**
 * Our segment counter against Twilio's own (`sms-segments-calculator`), on the vectors of
 * segments.test.ts. Where the two agree, ours is Twilio's billing; the two vectors where they
 * differ are why domain/segments.ts keeps its own counter (see the comment at its top). If a later
 * version of the library answers them like ours, this file fails and the switch can be made.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { analyzeSegments } from '../../src/main/core/domain/segments';

const gsm = (n: number): string => 'a'.repeat(n);
const cjk = (n: number): string => '你'.repeat(n);

const twilio = (text: string) => {
  const message = new SegmentedMessage(text, 'auto');
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    nonGsmCharacters: [...new Set(message.getNonGsmCharacters())],
  };
};

const agreed: Array<[string, string]> = [
  ['153 septets', gsm(153)],
  ['154 septets', gsm(154)],
  ['160 septets', gsm(160)],
  ['161 septets', gsm(161)],
  ['306 septets', gsm(306)],
  ['307 septets', gsm(307)],
  ['80 euro signs (extension, 2 septets each)', '€'.repeat(80)],
  ['80 euro signs and a letter', '€'.repeat(80) + 'a'],
  ['a euro sign at septet 153, single SMS', gsm(152) + '€'],
  ['a euro sign that cannot start at septet 153', gsm(152) + '€' + gsm(7)],
  ['a euro sign straddling the 153 boundary', gsm(152) + '€' + gsm(152)],
  ['every extension character', '^{}\\[~]|€\f'],
  ['67 CJK characters', cjk(67)],
  ['68 CJK characters', cjk(68)],
  ['70 CJK characters', cjk(70)],
  ['71 CJK characters', cjk(71)],
  ['134 CJK characters', cjk(134)],
  ['135 CJK characters', cjk(135)],
  ['35 emoji', '😀'.repeat(35)],
  ['36 emoji', '😀'.repeat(36)],
  ['an emoji with a skin tone', '👍🏽'],
  ['a family emoji (ZWJ sequence)', '👨‍👩‍👧'],
  ['a surrogate pair straddling the 67 boundary', gsm(66) + '😀' + gsm(66)],
  ['a surrogate pair just before the 67 boundary', gsm(65) + '😀' + gsm(67)],
  ['CRLF', 'a\r\nb'],
  ['Ç is GSM-7', 'Ça va'],
  ['ç is not', 'ça va'],
  ['the backtick is not', '`code`'],
  ['one curly quote', gsm(100) + '’'],
  ['a no-break space (a look-alike)', 'a\u00A0b'],
  ['1,600 septets', gsm(1600)],
  ['1,600 CJK characters', cjk(1600)],
  ['decomposed accents that fit a segment', 'x\u0300'.repeat(40)],
];

describe("Twilio's segment calculator on our vectors", () => {
  it.each(agreed)('agrees on %s', (_, text) => {
    const ours = analyzeSegments(text);
    expect(twilio(text)).toEqual({
      encoding: ours.encoding,
      segments: ours.segments,
      nonGsmCharacters: ours.nonGsmCharacters,
    });
  });

  it('bills an empty body as one segment; we show 0 (nothing is sent, nothing is billed)', () => {
    expect(twilio('').segments).toBe(1);
    expect(analyzeSegments('').segments).toBe(0);
  });

  it('puts a character longer than a segment into one segment; no segment can hold it', () => {
    // "e" with 200 combining accents is one grapheme of 201 UCS-2 units. Two concatenated
    // segments carry at most 2 × 67 = 134 units, so 201 units need at least three.
    const text = 'e' + '\u0301'.repeat(200);
    expect(twilio(text)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(analyzeSegments(text)).toMatchObject({ encoding: 'UCS-2', units: 201, segments: 3 });
  });
});
