import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import { PermanentJobError, RetryLaterError } from '../src/main/core/queue/errors';
import { DraftCancelled, DrafterError } from '../src/main/core/drafting/errors';
import type { Drafter } from '../src/main/core/drafting/drafter';
import { Generations } from '../src/main/core/drafting/generations';
import { asDrafterError } from '../src/main/core/drafting/jobGeneration';
import { ownsDraft, settleFailedJob } from '../src/main/core/drafting/jobStoring';
import { skipReason, triageAlongside } from '../src/main/core/drafting/jobTriage';
import type { Triage } from '../src/main/core/drafting/triage';
import type { DraftSubject } from '../src/main/core/store/draftContext';
import type { DraftRow } from '../src/main/core/store/drafts';

const subject = (overrides: Partial<DraftSubject> = {}): DraftSubject => ({
  messageId: 1,
  conversationId: 1,
  body: 'Can I book for Friday?',
  direction: 'inbound',
  messageLanguage: null,
  createdAt: 0,
  aiMode: 'draft',
  contact: { id: 1, name: null, notes: '', language: null, optedOut: false },
  newerInbound: false,
  ...overrides,
});

const rules: Triage = { category: 'booking', urgency: 'normal' };

describe('the draft job, triage step', () => {
  it('drafts unless the customer opted out, wrote again, or AI is off', () => {
    expect(skipReason(subject())).toBeNull();
    expect(skipReason(subject({ contact: { ...subject().contact, optedOut: true } }))).toBe('opted out'); // prettier-ignore
    expect(skipReason(subject({ newerInbound: true }))).toBe('a newer message will be answered');
    expect(skipReason(subject({ aiMode: 'off' }))).toBe('AI is off for this conversation');
  });

  it("falls back on the rules' answer when the model's triage fails or is off", async () => {
    const failing = {
      triage: () => Promise.reject(new Error('model down')),
    } as unknown as Drafter;
    const signal = new AbortController().signal;
    const args = { body: 'x', rules, signal, log: silentLogger };
    await expect(triageAlongside({ ...args, drafter: failing, withModel: true })).resolves.toEqual(rules); // prettier-ignore
    const model: Triage = { category: 'complaint', urgency: 'high' };
    const asking = { triage: () => Promise.resolve(model) } as unknown as Drafter;
    await expect(triageAlongside({ ...args, drafter: asking, withModel: true })).resolves.toEqual(model); // prettier-ignore
    await expect(triageAlongside({ ...args, drafter: asking, withModel: false })).resolves.toEqual(rules); // prettier-ignore
  });
});

describe('the draft job, storing step', () => {
  it('writes only a draft it owns: none yet, or its own unfinished one', () => {
    const row = (state: string, jobId: number) => ({ state, job_id: jobId }) as unknown as DraftRow;
    expect(ownsDraft(undefined, 7)).toBe(true);
    expect(ownsDraft(row('generating', 7), 7)).toBe(true);
    expect(ownsDraft(row('failed', 7), 7)).toBe(true);
    expect(ownsDraft(row('ready', 7), 7)).toBe(false);
    expect(ownsDraft(row('generating', 8), 7)).toBe(false);
  });

  it('tells the queue what to do after each kind of failure', () => {
    expect(() => settleFailedJob(new DrafterError('no-suggestion', 'Nothing fits.'))).not.toThrow();
    expect(() => settleFailedJob(new DrafterError('auth', 'Bad key.'))).toThrow(PermanentJobError);
    expect(() => settleFailedJob(new DrafterError('rate-limited', 'Slow down.', 100))).toThrow(
      RetryLaterError,
    );
    const server = new DrafterError('server', 'Try later.');
    expect(() => settleFailedJob(server)).toThrow(server);
  });

  it('words an unexpected failure as one the operator can read', () => {
    const failure = asDrafterError(new TypeError('x is undefined'));
    expect(failure.kind).toBe('unknown');
    expect(failure.message).toBe('The draft failed unexpectedly (x is undefined).');
  });
});

describe('generations', () => {
  it('runs one per conversation: a newer one stops the older', () => {
    const generations = new Generations();
    const first = generations.start(1, 10);
    const second = generations.start(1, 11);
    expect(first.signal.aborted).toBe(true);
    expect(first.signal.reason).toBeInstanceOf(DraftCancelled);
    expect(generations.draftIn(1)).toBe(11);
    generations.finished(1, first); // the older one finishing must not forget the newer
    expect(generations.draftIn(1)).toBe(11);
    generations.finished(1, second);
    expect(generations.draftIn(1)).toBeUndefined();
  });
});
