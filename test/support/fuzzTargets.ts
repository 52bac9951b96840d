/**
 * Fuzz targets shared by `test/fuzz.test.ts` (a few thousand seeded cases, fails on the first
 * surprise and shrinks it) and `bench/faults/fuzz.ts` (100,000 cases each, counts surprises).
 *
 * Each target runs one generated input through the code under test and throws only when
 * something unexpected happened: an exception other than the typed validation outcome that code
 * promises (a reason string, a zod result, a CsvSyntaxError turned into an import error), or a
 * broken round-trip property. The store targets work on one small in-memory store, opened lazily.
 */
import fc from 'fast-check';
import { twilioSignature, isValidTwilioSignature } from '../../src/main/core/carriers/twilioSdk';
import type { WebhookParams } from '../../src/main/core/carriers/twilioSdk';
import { normalizeAddress, parseOperatorNumber } from '../../src/main/core/domain/address';
import { analyzeSegments, isGsm7, replaceLookalikes } from '../../src/main/core/domain/segments';
import { importContactsCsv } from '../../src/main/core/records/contactsImport';
import { csvRow, parseCsv, UTF8_BOM } from '../../src/main/core/records/csv';
import { upsertContact } from '../../src/main/core/store/contacts';
import { touchConversation, upsertConversation } from '../../src/main/core/store/conversations';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { insertInboundMessage } from '../../src/main/core/store/messages';
import { searchMessages, toFtsQuery } from '../../src/main/core/store/search';
import {
  describeIssues,
  inboundSchema,
  MAX_FORM_PARAMETERS,
  parseForm,
  singleValued,
  statusSchema,
} from '../../src/main/core/webhooks/forms';

export interface FuzzTarget<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Throws (or rejects) only on a surprise. */
  run: (input: T) => void | Promise<void>;
}

class PropertyBroken extends Error {}
function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new PropertyBroken(what);
}

// Names an attacker (or a careless parser) would pick on: prototype keys and Twilio's own.
const trickyNames = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'MessageSid',
  'AccountSid',
  'From',
  'To',
  'Body',
  'NumMedia',
  'MessageStatus',
  'ErrorCode',
];
const paramName = fc.oneof(fc.constantFrom(...trickyNames), fc.string({ unit: 'binary' }));
const paramValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('SM' + 'a'.repeat(32), 'AC' + '0'.repeat(32), '-1', '1e9', 'NaN', '+14155550100'),
);
const pairs = fc.array(fc.tuple(paramName, paramValue), { maxLength: 30 });

/** Raw bodies: plain garbage, and well-formed encodings of hostile name/value pairs. */
const formBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  pairs.map((list) => new URLSearchParams(list).toString()),
  fc.array(fc.constantFrom('%', '%zz', '&', '=', '+', '%00', '%E2%82', 'a'), { maxLength: 40 }).map((p) => p.join('')), // prettier-ignore
);

function checkForm(raw: string): void {
  const params = parseForm(raw);
  if (typeof params === 'string') return; // typed refusal: too many parameters
  const single = singleValued(params);
  if (typeof single === 'string') return; // typed refusal: a repeated name
  for (const schema of [inboundSchema, statusSchema]) {
    const parsed = schema.safeParse(single);
    if (!parsed.success) describeIssues(parsed.error);
  }
  const verdict = isValidTwilioSignature('token', 'bogus', 'https://example.test/webhooks/twilio/sms', params); // prettier-ignore
  expectThat(verdict === false, 'a made-up signature verified');
}

export const formParserTarget: FuzzTarget<string> = {
  name: 'webhook form parser (parseForm → singleValued → schemas)',
  arbitrary: formBody,
  run: checkForm,
};

/** Round-trip: every pair URLSearchParams encodes comes back, in order, whatever its name. */
export const formRoundTripTarget: FuzzTarget<Array<[string, string]>> = {
  name: 'webhook form round-trip (incl. __proto__, constructor)',
  arbitrary: pairs,
  run: (list) => {
    const parsed = parseForm(new URLSearchParams(list).toString());
    if (list.length > MAX_FORM_PARAMETERS) {
      expectThat(typeof parsed === 'string', 'too many parameters were accepted');
      return;
    }
    expectThat(typeof parsed !== 'string', 'a small form was refused');
    const params = parsed as WebhookParams;
    // What URLSearchParams itself reads back from the encoding is the reference.
    const expected = new Map<string, string[]>();
    for (const [name, value] of new URLSearchParams(new URLSearchParams(list).toString())) {
      expected.set(name, [...(expected.get(name) ?? []), value]);
    }
    expectThat(Object.getPrototypeOf(params) === null, 'the parameter map has a prototype');
    expectThat(Object.keys(params).length === expected.size, 'a parameter name was lost or added');
    for (const [name, values] of expected) {
      const got = params[name];
      const gotValues = Array.isArray(got) ? got : got === undefined ? [] : [got];
      expectThat(JSON.stringify(gotValues) === JSON.stringify(values), `parameter ${JSON.stringify(name)} changed`); // prettier-ignore
    }
  },
};

const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('https://h.test/p', 'https://h.test:443/p', 'http://h.test:80/p?x=1', 'https://h.test:8443/p'), // prettier-ignore
);

function paramsFrom(list: Array<[string, string]>): WebhookParams {
  const params = Object.create(null) as WebhookParams;
  for (const [name, value] of list) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[name] = [existing, value];
  }
  return params;
}

export const signatureTarget: FuzzTarget<{
  token: string;
  url: string;
  list: Array<[string, string]>;
  signature: string;
}> = {
  name: 'signature check (isValidTwilioSignature)',
  arbitrary: fc.record({
    token: fc.string({ unit: 'binary', maxLength: 40 }),
    url,
    list: pairs,
    signature: fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.base64String({ maxLength: 44 })), // prettier-ignore
  }),
  run: ({ token, url, list, signature }) => {
    const params = paramsFrom(list);
    const verdict = isValidTwilioSignature(token, signature, url, params);
    expectThat(typeof verdict === 'boolean', 'the verdict is not a boolean');
    // The signature Twilio would send verifies, and changing one value breaks it.
    const good = twilioSignature(token, url, params);
    expectThat(isValidTwilioSignature(token, good, url, params), 'a correct signature was refused');
    if (list.length > 0) {
      const tampered = paramsFrom([...list, [list[0]![0], 'tampered']]);
      expectThat(!isValidTwilioSignature(token, good, url, tampered), 'an extra value still verified'); // prettier-ignore
    }
  },
};

const countries = ['US', 'GB', 'FR', 'DE', 'AU', 'IN', 'BR', 'JP'] as const;
const addressText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^(whatsapp:)?\+?[0-9 ()\-.]{0,20}$/),
  fc.constantFrom(
    'whatsapp:',
    'WhatsApp:+14155550100',
    '+',
    '00',
    '(415) 555-0123',
    '0412 345 678',
  ),
);

export const addressTarget: FuzzTarget<{
  raw: string;
  country: (typeof countries)[number] | undefined;
}> = {
  name: 'address normalisation (normalizeAddress, parseOperatorNumber)',
  arbitrary: fc.record({ raw: addressText, country: fc.option(fc.constantFrom(...countries), { nil: undefined }) }), // prettier-ignore
  run: ({ raw, country }) => {
    const a = normalizeAddress(raw, country);
    expectThat(a.channel === 'sms' || a.channel === 'whatsapp', 'unknown channel');
    if (a.isPhoneNumber) {
      expectThat(/^\+\d+$/.test(a.address), `not E.164: ${a.address}`);
      // Stored addresses are looked up again later: E.164 must normalise to itself.
      expectThat(normalizeAddress(a.address).address === a.address, 'E.164 is not stable');
    }
    const typed = parseOperatorNumber(raw, country);
    if (typed.ok) expectThat(/^\+\d+$/.test(typed.e164), `not E.164: ${typed.e164}`);
    else expectThat(typed.reason.length > 0, 'a refusal without a reason');
  },
};

export const segmentsTarget: FuzzTarget<string> = {
  name: 'segment counter (analyzeSegments, replaceLookalikes)',
  arbitrary: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({ unit: 'grapheme', maxLength: 400 }),
    fc.string({ unit: fc.constantFrom('a', '€', '^', '{', '😀', '\u0301', '\u200d', '👍🏽', '\r\n', 'é'), maxLength: 400 }), // prettier-ignore
  ),
  run: (text) => {
    const a = analyzeSegments(text);
    expectThat(Number.isInteger(a.segments) && a.segments >= 0, 'segments is not a count');
    expectThat((a.segments === 0) === (text === ''), 'zero segments for a non-empty body');
    expectThat((a.encoding === 'GSM-7') === isGsm7(text), 'encoding disagrees with isGsm7');
    expectThat(a.remainingInSegment >= 0 && a.remainingInSegment <= a.perSegment, 'remaining out of range'); // prettier-ignore
    expectThat(a.units <= a.segments * a.perSegment, 'more units than the segments hold');
    const replaced = replaceLookalikes(text);
    analyzeSegments(replaced.text);
  },
};

/** What csvCell writes for a string: a formula-looking cell gets an apostrophe in front. */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

export const csvParseTarget: FuzzTarget<string> = {
  name: 'CSV parse (parseCsv on any text)',
  arbitrary: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', 'a', '\uFEFF', ' '), maxLength: 120 }),
  ),
  run: (text) => {
    try {
      parseCsv(text);
    } catch (error) {
      if (error instanceof Error && error.name === 'CsvSyntaxError') return; // the typed outcome
      throw error;
    }
  },
};

export const csvRoundTripTarget: FuzzTarget<string[][]> = {
  name: 'CSV round-trip (csvRow → parseCsv, as exports write it)',
  arbitrary: fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { minLength: 1, maxLength: 6 }), { maxLength: 8 }), // prettier-ignore
  run: (rows) => {
    const text = UTF8_BOM + rows.map(csvRow).join('');
    const expected = rows
      .map((row) => row.map(defused))
      .filter((row) => !(row.length === 1 && row[0] === '')); // a blank line is skipped
    const got = parseCsv(text).map((r) => r.fields);
    expectThat(JSON.stringify(got) === JSON.stringify(expected), 'a row did not come back as written'); // prettier-ignore
  },
};

let store: Db | undefined;
/** One small store for the store targets, with a few messages to search. */
function fuzzStore(): Db {
  if (store) return store;
  const db = openDatabase(':memory:');
  const contact = upsertContact(db, {
    address: '+14155550100',
    rawAddress: '+14155550100',
    now: 1,
  });
  const conversationId = upsertConversation(db, { contactId: contact.id, channel: 'sms', businessNumber: '+15005550006', now: 1 }); // prettier-ignore
  const bodies = [
    'Do you sell gift cards?',
    'Is parking "free"?',
    'NEAR the AND OR NOT*',
    'Café ☕ 12:30 — ok',
    '日本語のテキスト',
  ];
  bodies.forEach((body, n) => {
    const id = insertInboundMessage(db, {
      conversationId,
      sid: `SM${String(n).padStart(32, '0')}`,
      from: '+14155550100',
      to: '+15005550006',
      body,
      media: [],
      numSegments: 1,
      now: n + 1,
    })!;
    touchConversation(db, { conversationId, messageId: id, at: n + 1, unread: true, direction: 'inbound', contactOptedOut: false }); // prettier-ignore
  });
  store = db;
  return db;
}

export const searchTarget: FuzzTarget<string> = {
  name: 'search query (toFtsQuery → searchMessages)',
  arbitrary: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.array(fc.constantFrom('"', '*', '-', 'NEAR', 'AND', 'OR', 'NOT', '(', ')', ':', '^', 'gift', 'café', ' ', '\u0000', '{', '}', '+', 'body:'), { maxLength: 12 }).map((p) => p.join('')), // prettier-ignore
  ),
  run: (query) => {
    const match = toFtsQuery(query);
    const hits = searchMessages(fuzzStore(), { query, limit: 5 });
    if (match === null) expectThat(hits.length === 0, 'hits for an empty query');
  },
};

const header = fc.constantFrom('name,number,tags,notes', 'Phone,Name', 'number', 'notes,mobile,tag', 'x,y', '', 'number,number'); // prettier-ignore
const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('+14155550100', '(415) 555-0123', '+44 20 7946 0958', '0412 345 678', 'vip; regular', '"', ',,'), // prettier-ignore
);

export const contactsImportTarget: FuzzTarget<string> = {
  name: 'contacts CSV import (importContactsCsv on a store)',
  arbitrary: fc.oneof(
    fc
      .tuple(
        header,
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
      ) // prettier-ignore
      .map(([head, rows, end]) => [head, ...rows.map((r) => r.join(','))].join(end)),
    fc.string({ unit: 'binary', maxLength: 200 }),
  ),
  run: async (csv) => {
    const result = await importContactsCsv(fuzzStore(), { csv, defaultCountry: 'US', now: 1 });
    expectThat(result.errors.length === 0 || result.imported + result.updated === 0, 'imported despite errors'); // prettier-ignore
  },
};

export const allTargets: Array<FuzzTarget<never>> = [
  formParserTarget,
  formRoundTripTarget,
  signatureTarget,
  addressTarget,
  segmentsTarget,
  csvParseTarget,
  csvRoundTripTarget,
  contactsImportTarget,
  searchTarget,
] as unknown as Array<FuzzTarget<never>>;
