import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseOperatorNumber } from '../src/main/core/domain/address';
import { consentSignal } from '../src/main/core/domain/consent';
import { isFinalStatus, movesForward } from '../src/main/core/domain/deliveryStatus';
import { backoffDelay } from '../src/main/core/queue/backoff';

describe('addresses', () => {
  it('keeps E.164 numbers and the raw form', () => {
    expect(normalizeAddress('+14155550100')).toEqual({
      address: '+14155550100',
      raw: '+14155550100',
      channel: 'sms',
      isPhoneNumber: true,
    });
  });

  it('understands whatsapp: addresses', () => {
    const a = normalizeAddress('whatsapp:+5511987654321');
    expect(a.address).toBe('+5511987654321');
    expect(a.channel).toBe('whatsapp');
    expect(a.raw).toBe('whatsapp:+5511987654321');
  });

  it('reads national numbers in the default country', () => {
    expect(normalizeAddress('(415) 555-0100', 'US').address).toBe('+14155550100');
    expect(normalizeAddress('020 7946 0958', 'GB').address).toBe('+442079460958');
  });

  it('answers a number seen before the same way, in the country it was read in', () => {
    const first = normalizeAddress('0412 345 678', 'AU');
    first.address = 'changed by a caller';
    expect(normalizeAddress('0412 345 678', 'AU').address).toBe('+61412345678');
    expect(normalizeAddress('0412 345 678', 'GB').address).not.toBe('+61412345678');
    expect(normalizeAddress('0412 345 678')).toMatchObject({ isPhoneNumber: false });
  });

  it('keeps short codes and sender names as they are', () => {
    expect(normalizeAddress('72345')).toMatchObject({ address: '72345', isPhoneNumber: false });
    expect(normalizeAddress('ACMEBANK')).toMatchObject({
      address: 'ACMEBANK',
      isPhoneNumber: false,
    });
  });

  it('explains why an operator-typed number is refused', () => {
    expect(parseOperatorNumber('+1 415 555 0100')).toEqual({ ok: true, e164: '+14155550100' });
    const bad = parseOperatorNumber('hello');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/country code/);
    expect(parseOperatorNumber('+1 415 55').ok).toBe(false);
  });
});

describe('consent keywords', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop ',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'REVOKE',
    'OPTOUT',
  ])('%j opts out', (body) => expect(consentSignal(body)).toBe('opt-out'));
  it.each(['START', 'yes', 'UNSTOP'])('%j opts back in', (body) =>
    expect(consentSignal(body)).toBe('opt-in'),
  );
  it('needs the whole message to be the keyword', () => {
    expect(consentSignal('STOP please')).toBeNull();
    expect(consentSignal('please stop texting me')).toBeNull();
    expect(consentSignal('HELP')).toBe('help');
  });
  it('lets OptOutType from an Advanced Opt-Out service decide', () => {
    expect(consentSignal('arrêtez', 'STOP')).toBe('opt-out');
    expect(consentSignal('go', 'START')).toBe('opt-in');
  });
});

describe('delivery status order', () => {
  it('only moves forward', () => {
    expect(movesForward('queued', 'sent')).toBe(true);
    expect(movesForward('sent', 'delivered')).toBe(true);
    expect(movesForward('delivered', 'sent')).toBe(false);
    expect(movesForward('delivered', 'delivered')).toBe(false);
    expect(movesForward('undelivered', 'delivered')).toBe(false);
    expect(movesForward('delivered', 'read')).toBe(true);
    expect(isFinalStatus('failed')).toBe(true);
    expect(isFinalStatus('sent')).toBe(false);
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and never drops below half the nominal delay', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(10, policy, () => 1)).toBe(8000);
    expect(backoffDelay(10, policy, () => 0)).toBe(4000);
  });
  it('spreads retries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
