/**
 * Checkable facts in a text: prices, times, dates, phone numbers, street addresses and links.
 * A draft that states one of these must have it from somewhere the business said it (the
 * knowledge, the profile) or the conversation; anything else is a likely invention, and the
 * operator is asked once more before it goes out (issue 17, "no invented facts").
 *
 * Each claim has a `key`, its value normalized, so "$45", "45.00 dollars" and "45 USD" compare
 * equal, and so do "9am", "9:00 am" and "09:00". Pure: no store, no clock.
 */
import type { ClaimKind, UnsupportedClaim } from '../../../shared/knowledge';

export interface Claim {
  kind: ClaimKind;
  text: string;
  start: number;
  end: number;
  /** The normalized value ("price:45", "time:21:30", "phone:4155550100"). */
  key: string;
}

const months: Record<string, number> = {};
[
  'january february march april may june july august september october november december',
  'jan feb mar apr may jun jul aug sep oct nov dec',
  'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
  'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre',
  'janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro',
].forEach((list) => list.split(' ').forEach((name, i) => (months[name] ??= i + 1)));
// "sept" is common enough to know; French/Portuguese names are matched without accents.
months.sept = 9;
const monthNames = Object.keys(months)
  .sort((a, b) => b.length - a.length)
  .join('|');

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A number as written ("1,200.50", "45,00") → its value as a plain string ("1200.5", "45"). */
function amount(raw: string): string {
  let digits = raw.replace(/\s/g, '');
  // "45,00" / "1.200,50": a comma followed by exactly two digits at the end is a decimal comma.
  if (/,\d{2}$/.test(digits)) digits = digits.replace(/\./g, '').replace(',', '.');
  else digits = digits.replace(/,/g, '');
  const value = Number(digits);
  return Number.isFinite(value) ? String(value) : digits;
}

function clock(hours: number, minutes: number, meridiem: string | undefined): string | null {
  let h = hours;
  const m = meridiem?.replace(/\./g, '');
  if (m === 'pm' && h < 12) h += 12;
  if (m === 'am' && h === 12) h = 0;
  if (h > 23 || minutes > 59) return null;
  return `time:${String(h).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const streetWords: Record<string, string> = {
  st: 'street', str: 'street', ave: 'avenue', av: 'avenue', rd: 'road', blvd: 'boulevard',
  ln: 'lane', dr: 'drive', ct: 'court', pl: 'place', sq: 'square', hwy: 'highway', pkwy: 'parkway',
}; // prettier-ignore

function addressKey(text: string): string {
  const words = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return `address:${words.map((w) => streetWords[w] ?? w).join(' ')}`;
}

function linkKey(text: string): string {
  const bare = text
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/.]+$/, '');
  return `link:${bare}`;
}

interface Pattern {
  kind: ClaimKind;
  regex: RegExp;
  key: (match: RegExpExecArray) => string | null;
}

const currency = String.raw`(?:\$|US\$|€|£|R\$)`;
const number = String.raw`\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const currencyWords = String.raw`dollars?|usd|euros?|eur|pounds?|gbp|reais|real|d[oó]lares`;

// Order matters: each kind's matches are blanked out before the next looks, so the digits of a
// link or a date are never read again as a phone number or a price.
const patterns: Pattern[] = [
  {
    kind: 'link',
    regex: /\b(?:https?:\/\/|www\.)[^\s<>"')]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|us|uk|es|fr|de|pt|br|mx|shop|salon|app)\b(?:\/[^\s<>"')]*)?/giu, // prettier-ignore
    key: (m) => linkKey(m[0].replace(/[.,;:!?]+$/, '')),
  },
  {
    kind: 'date',
    // ISO, 3/5 or 3/5/2026, and 05.03.2026 (a dot only with a year: "30.50" is a price).
    regex:
      /\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})\/(\d{1,2})(?:\/\d{2,4})?\b|\b(\d{1,2})\.(\d{1,2})\.\d{2,4}\b/gu,
    key: (m) => {
      const [a, b] = m[1] ? [m[2], m[3]] : m[4] ? [m[4], m[5]] : [m[6], m[7]];
      return `date:${Number(a)}-${Number(b)}`;
    },
  },
  {
    kind: 'date',
    regex: new RegExp(
      String.raw`\b(${monthNames})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th|er|º)?\s+(?:de\s+|of\s+)?(${monthNames})\b`,
      'giu',
    ),
    key: (m) => {
      const month = months[fold(m[1] ?? m[4] ?? '')];
      const day = Number(m[2] ?? m[3]);
      return month && day >= 1 && day <= 31 ? `date:${month}-${day}` : null;
    },
  },
  {
    kind: 'phone',
    regex: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}\b|\+\d{8,15}\b|\b\d{10,11}\b/gu, // prettier-ignore
    key: (m) => {
      const digits = m[0].replace(/\D/g, '');
      return digits.length >= 7 ? `phone:${digits.slice(-10)}` : null;
    },
  },
  {
    kind: 'time',
    regex: /\b(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![\p{L}])|\b([01]?\d|2[0-3])[:h]([0-5]\d)\b/giu, // prettier-ignore
    key: (m) =>
      m[3]
        ? clock(Number(m[1]), Number(m[2] ?? 0), m[3].toLowerCase())
        : clock(Number(m[4]), Number(m[5]), undefined),
  },
  {
    kind: 'price',
    regex: new RegExp(
      String.raw`${currency}\s?(${number})|(${number})\s?(?:${currency}|(?:${currencyWords})\b)`,
      'giu',
    ),
    key: (m) => `price:${amount(m[1] ?? m[2] ?? '')}`,
  },
  {
    kind: 'address',
    regex: /\b\d{1,5}\s+(?:[\p{Lu}][\p{L}'.-]*\s+){1,4}(?:St|Street|Str|Ave|Avenue|Av|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Sq|Square|Hwy|Highway|Pkwy|Parkway)\b\.?|\b(?:Calle|Avenida|Av\.|Rua|Rue|Via)\s+(?:[\p{L}'.-]+\s+){1,4}\d{1,5}\b/gu, // prettier-ignore
    key: (m) => addressKey(m[0]),
  },
];

/** A sentence's full stop is not part of a link, nor of "Street." (it is of "St."). */
function trimmed(kind: ClaimKind, text: string): string {
  const out = text.trimEnd();
  if (kind === 'link') return out.replace(/[.,;:!?]+$/, '');
  if (kind === 'address' && /\p{L}{4,}\.$/u.test(out)) return out.slice(0, -1);
  return out;
}

/** Every checkable fact in `text`, in the order they appear. */
export function extractClaims(text: string): Claim[] {
  let rest = text;
  const claims: Claim[] = [];
  for (const pattern of patterns) {
    pattern.regex.lastIndex = 0;
    const found: Claim[] = [];
    for (const m of rest.matchAll(pattern.regex)) {
      const key = pattern.key(m);
      if (key === null) continue;
      const start = m.index;
      const end = start + trimmed(pattern.kind, m[0]).length;
      found.push({ kind: pattern.kind, text: text.slice(start, end), start, end, key });
    }
    for (const claim of found) {
      rest = rest.slice(0, claim.start) + ' '.repeat(claim.end - claim.start) + rest.slice(claim.end); // prettier-ignore
    }
    claims.push(...found);
  }
  return claims.sort((a, b) => a.start - b.start);
}

/** The normalized values stated anywhere in these texts (the knowledge, the profile, the thread). */
export function supportedKeys(texts: Iterable<string>): Set<string> {
  const keys = new Set<string>();
  for (const text of texts) for (const claim of extractClaims(text)) keys.add(claim.key);
  return keys;
}

const notes: Record<ClaimKind, string> = {
  price: 'not in your prices',
  time: 'not in your hours or knowledge',
  date: 'not in your knowledge or this conversation',
  phone: 'not a number you gave',
  address: 'not your address',
  link: 'not a link you gave',
};

/** The claims in `draft` whose value none of the supported keys has, worded for the operator. */
export function unsupportedClaims(draft: string, supported: Set<string>): UnsupportedClaim[] {
  return extractClaims(draft)
    .filter((claim) => !supported.has(claim.key))
    .map(({ kind, text, start, end }) => ({ kind, text, start, end, note: notes[kind] }));
}

export { describeClaims } from '../../../shared/knowledge';
