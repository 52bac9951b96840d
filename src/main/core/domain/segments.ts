/**
 * SMS segment math, the way Twilio bills a body (protocols.md §6). Pure: the composer calls it on
 * every keystroke and the pre-send checks call it once more before sending.
 *
 * Why our own counter and not Twilio's `sms-segments-calculator`: test/domain/segments.twilio.test.ts
 * runs that library on every vector of segments.test.ts. It agrees on all the billing ones (emoji,
 * extension characters, the 153/154 and 67/68 boundaries, look-alikes) but not on two:
 * - a grapheme cluster longer than a segment ("e" + 200 combining accents, 201 UCS-2 units) goes
 *   into one segment whole, so it answers 2 segments where no two segments (2 × 67 units) can
 *   carry it; we split such a cluster by code point and answer 3;
 * - an empty body is 1 segment there; here it is 0, since nothing is sent or billed.
 * It is also about five times slower on a 1,500-character body (about 10 ms a call here), and this
 * runs on every keystroke.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentAnalysis {
  encoding: SmsEncoding;
  /** Billed segments. 0 for an empty body (see `analyzeSegments`). */
  segments: number;
  /** What the operator perceives as characters (grapheme clusters): "👍🏽" is one. */
  characters: number;
  /** Septets for GSM-7 (extension characters cost 2), UTF-16 code units for UCS-2. */
  units: number;
  /** Capacity of one segment: 160/70 for a single SMS, 153/67 once a UDH is needed. */
  perSegment: number;
  /** Units still free in the last segment before another one is started. */
  remainingInSegment: number;
  /** The characters that forced UCS-2, each once, in order of first appearance. */
  nonGsmCharacters: string[];
}

/** Twilio's GSM-7 basic set (TwilioDevEd/message-segment-calculator, UnicodeToGSM.ts). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each is sent as ESC + code, so it costs two septets. */
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

const SINGLE_GSM = 160;
const CONCAT_GSM = 153; // 7 septets go to the 6-octet user data header
const SINGLE_UCS2 = 70;
const CONCAT_UCS2 = 67; // 3 code units go to the 6-octet user data header

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/** Septets for one code point, or null when it is not in GSM-7 at all. */
function septets(codePoint: string): 1 | 2 | null {
  if (GSM_BASIC.has(codePoint)) return 1;
  if (GSM_EXTENSION.has(codePoint)) return 2;
  return null;
}

function septetsOf(text: string): number | null {
  let total = 0;
  for (const codePoint of text) {
    const size = septets(codePoint);
    if (size === null) return null;
    total += size;
  }
  return total;
}

export function isGsm7(text: string): boolean {
  return septetsOf(text) !== null;
}

/**
 * Counts segments like Twilio: one non-GSM character switches the whole body to UCS-2, and a
 * character is never split across two segments, so an extension character or a surrogate pair
 * that would straddle a boundary starts the next segment and leaves a unit unused.
 *
 * Like Twilio's calculator, a "character" here is a grapheme cluster ("\r\n", "👍🏽", "e" + accent),
 * so no handset ever shows half an emoji. Unlike it, an empty body is 0 segments, not 1: nothing is
 * billed for a message that is never sent, and the composer should read "0 segments" when empty.
 */
export function analyzeSegments(text: string): SegmentAnalysis {
  const clusters = graphemes(text);
  const nonGsmCharacters = [...new Set(clusters.filter((g) => !isGsm7(g)))];
  const encoding: SmsEncoding = nonGsmCharacters.length === 0 ? 'GSM-7' : 'UCS-2';
  const single = encoding === 'GSM-7' ? SINGLE_GSM : SINGLE_UCS2;
  const concat = encoding === 'GSM-7' ? CONCAT_GSM : CONCAT_UCS2;

  const sizes = clusters.flatMap((g) => unitSizes(g, encoding, concat));
  const units = sizes.reduce((sum, size) => sum + size, 0);

  const base = { encoding, characters: clusters.length, units, nonGsmCharacters };
  if (units <= single) {
    return {
      ...base,
      segments: units === 0 ? 0 : 1,
      perSegment: single,
      remainingInSegment: single - units,
    };
  }

  // Each part carries whole characters only, so a part is closed as soon as the next character
  // does not fit; the units it leaves free are still billed (Twilio's calculator does the same).
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > concat) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { ...base, segments, perSegment: concat, remainingInSegment: concat - used };
}

/** The indivisible sizes one grapheme cluster contributes. */
function unitSizes(cluster: string, encoding: SmsEncoding, concat: number): number[] {
  if (encoding === 'GSM-7') return [septetsOf(cluster) ?? 0];
  // A cluster longer than a whole segment (a pile of combining marks) cannot stay together;
  // fall back to code points, which never exceed 2 units.
  if (cluster.length <= concat) return [cluster.length];
  return Array.from(cluster, (codePoint) => codePoint.length);
}

/**
 * Look-alikes that word processors and phones substitute for plain GSM characters. A hand-picked
 * subset of what Twilio's Smart Encoding maps: the ones operators paste in every day. Spaces map to
 * a single space (Twilio uses two for some), invisible characters are dropped.
 */
const LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ...charsTo("'", '\u2018\u2019\u201A\u201B\u2032\u00B4\u0060\u02BC\u02BB\u2039\u203A\uFF07'),
  ...charsTo('"', '\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\uFF02'),
  ...charsTo('-', '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2022\u2043\uFE63\uFF0D'),
  ...charsTo(
    ' ',
    '\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000\t',
  ),
  ...charsTo('\n', '\u2028\u2029'),
  // Zero-width characters are invisible yet force UCS-2; ZWJ is kept because emoji need it.
  ...charsTo('', '\u200B\u2060\uFEFF'),
  ['\u2026', '...'],
]);

function charsTo(to: string, from: string): Array<[string, string]> {
  return Array.from(from, (char) => [char, to]);
}

export interface LookalikeReplacement {
  from: string;
  to: string;
  count: number;
}

/**
 * Replaces look-alikes with their GSM-7 twins so a body can go out as GSM-7. Accented letters
 * typed as letter + combining accent (macOS pastes these) are composed when the composed form is
 * GSM ("e\u0301" → "é"). Emoji, CJK and other real non-GSM text are left alone.
 */
export function replaceLookalikes(text: string): {
  text: string;
  replaced: LookalikeReplacement[];
} {
  const byFrom = new Map<string, LookalikeReplacement>();
  let out = '';
  for (const cluster of graphemes(text)) {
    const to = LOOKALIKES.get(cluster) ?? composedGsm(cluster);
    if (to === undefined) {
      out += cluster;
      continue;
    }
    out += to;
    const seen = byFrom.get(cluster);
    if (seen) seen.count += 1;
    else byFrom.set(cluster, { from: cluster, to, count: 1 });
  }
  return { text: out, replaced: [...byFrom.values()] };
}

function composedGsm(cluster: string): string | undefined {
  if (isGsm7(cluster)) return undefined;
  const composed = cluster.normalize('NFC');
  return composed !== cluster && isGsm7(composed) ? composed : undefined;
}

/**
 * Estimated price of a send, or null when the price per segment is unknown. Rounded to micro-units
 * so 3 × 0.0079 reads 0.0237, not 0.023700000000000002.
 */
export function estimateCost(segments: number, pricePerSegment: number | null): number | null {
  if (!Number.isInteger(segments) || segments < 0) {
    throw new RangeError(`Segment count must be a whole number of at least 0, got ${segments}.`);
  }
  if (pricePerSegment === null) return null;
  if (!Number.isFinite(pricePerSegment) || pricePerSegment < 0) {
    throw new RangeError(`Price per segment must be a positive amount, got ${pricePerSegment}.`);
  }
  return Math.round(segments * pricePerSegment * 1e6) / 1e6;
}
