import { describe, expect, it } from 'vitest';
import {
  describeDeliveryStatus,
  explainCarrierError,
} from '../../src/main/core/domain/carrierErrors';

const catalogued = [
  20003, 20404, 20429, 21211, 21212, 21408, 21606, 21610, 21611, 21612, 21614, 21617, 30001, 30002,
  30003, 30004, 30005, 30006, 30007, 30008, 30034, 63016,
];

describe('explainCarrierError', () => {
  it.each(catalogued)('explains %i in plain words', (code) => {
    const e = explainCarrierError(code);
    expect(e.code).toBe(code);
    expect(e.title).not.toMatch(/^Twilio error \d+$/);
    for (const text of [e.title, e.explanation, e.action]) {
      expect(text.trim().length).toBeGreaterThan(5);
    }
  });

  it('marks transient failures as retryable', () => {
    for (const code of [20429, 21611, 30001, 30003, 30008]) {
      expect(explainCarrierError(code).retryable, String(code)).toBe(true);
    }
  });

  it('marks failures that need a fix first as not retryable', () => {
    for (const code of [
      20003, 20404, 21211, 21212, 21408, 21606, 21610, 21614, 21617, 30002, 30004, 30007, 30034,
      63016,
    ]) {
      expect(explainCarrierError(code).retryable, String(code)).toBe(false);
    }
  });

  it('flags contacts that can never be reached as they are', () => {
    expect(explainCarrierError(21610).permanentForContact).toBe('opted-out');
    expect(explainCarrierError(21211).permanentForContact).toBe('invalid-number');
    expect(explainCarrierError(30005).permanentForContact).toBe('invalid-number');
    expect(explainCarrierError(21614).permanentForContact).toBe('not-mobile');
    expect(explainCarrierError(30006).permanentForContact).toBe('not-mobile');
    // Problems on our side or with one message say nothing about the contact.
    for (const code of [20003, 20429, 30003, 30007, 30034, 63016]) {
      expect(explainCarrierError(code), String(code)).not.toHaveProperty('permanentForContact');
    }
  });

  it('tells the operator where to fix credentials and what opted-out customers must do', () => {
    expect(explainCarrierError(20003).action).toMatch(/Settings/);
    expect(explainCarrierError(21610).action).toMatch(/START/);
    expect(explainCarrierError(30007).title).toMatch(/spam/i);
    expect(explainCarrierError(30034).explanation).toMatch(/10DLC/);
    expect(explainCarrierError(63016).title).toMatch(/24-hour/);
  });

  it('still says something useful about codes it does not know', () => {
    expect(explainCarrierError(12345)).toEqual({
      code: 12345,
      title: 'Twilio error 12345',
      explanation: 'Twilio error 12345 — look it up at https://www.twilio.com/docs/errors/12345',
      action: expect.stringContaining('https://www.twilio.com/docs/errors/12345') as unknown,
      retryable: false,
    });
  });

  it('copes with a failure that came without a code', () => {
    for (const code of [null, undefined]) {
      const e = explainCarrierError(code);
      expect(e.code).toBeNull();
      expect(e.title).toBe('The message was not sent');
    }
  });
});

describe('describeDeliveryStatus', () => {
  it.each([
    ['pending', 'Waiting to send'],
    ['queued', 'Waiting to send'],
    ['accepted', 'Waiting to send'],
    ['scheduled', 'Scheduled'],
    ['sending', 'Sending…'],
    ['sent', 'Sent'],
    ['delivered', 'Delivered'],
    ['read', 'Read'],
    ['partially_delivered', 'Partly delivered'],
    ['receiving', 'Receiving…'],
    ['received', 'Received'],
    ['canceled', 'Canceled'],
  ])('reads %s as "%s"', (status, text) => {
    expect(describeDeliveryStatus(status, null)).toBe(text);
  });

  it('names the error and its reason for failures', () => {
    expect(describeDeliveryStatus('failed', 30007)).toBe(
      'Failed: 30007 — filtered as spam by the carrier',
    );
    expect(describeDeliveryStatus('undelivered', 30003)).toBe(
      "Not delivered: 30003 — the customer's phone is unreachable",
    );
    expect(describeDeliveryStatus('failed', 21610)).toBe(
      'Failed: 21610 — the customer has opted out (texted STOP)',
    );
    expect(describeDeliveryStatus('failed', 99999)).toBe('Failed: 99999 — unknown error code');
    expect(describeDeliveryStatus('failed', null)).toBe('Failed');
    expect(describeDeliveryStatus('undelivered', null)).toBe('Not delivered');
  });

  it('reads out a status it does not know instead of hiding it', () => {
    expect(describeDeliveryStatus('paused', null)).toBe('Status: paused');
  });
});
