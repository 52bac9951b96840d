import { describe, expect, it } from 'vitest';
import {
  describeClaims,
  extractClaims,
  supportedKeys,
  unsupportedClaims,
} from '../../src/main/core/domain/claims';

const keys = (text: string) => extractClaims(text).map((c) => [c.kind, c.text, c.key]);

describe('claims in a text, per kind', () => {
  it('prices: $45, 45€, "45 dollars", 45,00 € and US$1,200 compare by amount', () => {
    expect(keys('A cut is $45, colour 45€ or 45 dollars; 45,00 € too. Package US$1,200.')).toEqual([
      ['price', '$45', 'price:45'],
      ['price', '45€', 'price:45'],
      ['price', '45 dollars', 'price:45'],
      ['price', '45,00 €', 'price:45'],
      ['price', 'US$1,200', 'price:1200'],
    ]);
    expect(keys('Son 30 euros.')).toEqual([['price', '30 euros', 'price:30']]);
    expect(keys('$30.50')).toEqual([['price', '$30.50', 'price:30.5']]);
  });

  it('times: 9am, 9:30 pm, 21:30 and 21h30, the same time whichever way written', () => {
    expect(keys('Open 9am-6pm, late night until 9:30 pm or 21:30 (21h30).')).toEqual([
      ['time', '9am', 'time:09:00'],
      ['time', '6pm', 'time:18:00'],
      ['time', '9:30 pm', 'time:21:30'],
      ['time', '21:30', 'time:21:30'],
      ['time', '21h30', 'time:21:30'],
    ]);
    expect(keys('12am and 12pm')).toEqual([
      ['time', '12am', 'time:00:00'],
      ['time', '12pm', 'time:12:00'],
    ]);
  });

  it('dates: March 5th, 5 de marzo, 2026-03-05 and 3/5', () => {
    expect(keys('On March 5th, el 5 de marzo, 2026-03-05 or 3/5.')).toEqual([
      ['date', 'March 5th', 'date:3-5'],
      ['date', '5 de marzo', 'date:3-5'],
      ['date', '2026-03-05', 'date:3-5'],
      ['date', '3/5', 'date:3-5'],
    ]);
  });

  it('phone numbers: +1 415 555 0100, (415) 555-0100 and 415.555.0100 are one number', () => {
    const found = keys('Call +1 415 555 0100, (415) 555-0100 or 415.555.0100.');
    expect(found.map((f) => f[2])).toEqual(Array(3).fill('phone:4155550100'));
    expect(found.map((f) => f[0])).toEqual(['phone', 'phone', 'phone']);
  });

  it('street addresses, abbreviations spelled out', () => {
    expect(keys('We are at 12 Harbor St. Parking at 400 Main Street.')).toEqual([
      ['address', '12 Harbor St.', 'address:12 harbor street'],
      ['address', '400 Main Street', 'address:400 main street'],
    ]);
    expect(keys('Estamos en Calle Mayor 5.')[0]?.[0]).toBe('address');
  });

  it('links: with or without scheme, www or a trailing slash, are the same link', () => {
    expect(
      keys('Book at https://www.bella.salon/book/ or bella.salon/book. Site: example.com.'),
    ).toEqual([
      ['link', 'https://www.bella.salon/book/', 'link:bella.salon/book'],
      ['link', 'bella.salon/book', 'link:bella.salon/book'],
      ['link', 'example.com', 'link:example.com'],
    ]);
  });

  it('plain numbers, counts and durations are not claims', () => {
    expect(extractClaims('We have 3 chairs, it takes 45 minutes, 24 hours notice.')).toEqual([]);
  });
});

describe('unsupported claims', () => {
  const supported = supportedKeys([
    "Men's cut: $30",
    'Mon-Fri 9am-6pm, Sat 10am-2pm',
    '12 Harbor Street',
    'Call us on +1 415 555 0100',
  ]);

  it('lists what nothing supports, with its note and where it is', () => {
    const draft = "A men's cut is 30 dollars, colour $45. Open until 18:00, or 9pm Friday.";
    const claims = unsupportedClaims(draft, supported);
    expect(claims.map((c) => [c.text, c.note])).toEqual([
      ['$45', 'not in your prices'],
      ['9pm', 'not in your hours or knowledge'],
    ]);
    expect(draft.slice(claims[0]!.start, claims[0]!.end)).toBe('$45');
    expect(describeClaims(claims)).toBe('$45 — not in your prices; 9pm — not in your hours or knowledge'); // prettier-ignore
  });

  it('accepts the same facts written differently', () => {
    expect(
      unsupportedClaims('See you at 12 Harbor St at 10:00 am; call (415) 555-0100.', supported),
    ).toEqual([]);
    expect(unsupportedClaims('Come to 99 Harbor St, or call 415 555 0199.', supported)).toEqual([
      expect.objectContaining({ kind: 'address', note: 'not your address' }),
      expect.objectContaining({ kind: 'phone', note: 'not a number you gave' }),
    ]);
  });
});
