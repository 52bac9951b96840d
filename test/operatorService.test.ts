import { describe, expect, it } from 'vitest';
import { Refusal } from '../src/main/core/domain/refusal';
import { afterDecision, type DecisionHooks } from '../src/main/core/messaging/draftDecision';
import { refuseUnlessSendable, sendBlocker } from '../src/main/core/messaging/preSend';
import {
  CommandFailure,
  createOperatorService,
  toCommandError,
  type CommandHandlers,
} from '../src/main/core/operator/service';
import type { PreSendReport } from '../src/shared/types';

const events = { subscribe: () => () => {} };

/** A service whose only commands are the ones given (the rest are never invoked here). */
const serviceWith = (handlers: Partial<CommandHandlers>) =>
  createOperatorService(handlers as CommandHandlers, events);

describe('the operator service', () => {
  it('turns a refusal into the contract error, with its kind and words', async () => {
    const service = serviceWith({
      'jobs:retry': () => {
        throw new Refusal('That job is not waiting for a retry any more.');
      },
      'messages:send': () => {
        throw new Refusal('It is quiet hours there.', 'needs-confirmation');
      },
    });
    const retry = service.invoke('jobs:retry', { jobId: 1 });
    await expect(retry).rejects.toBeInstanceOf(CommandFailure);
    await expect(retry).rejects.toMatchObject({
      kind: 'failed',
      message: 'That job is not waiting for a retry any more.',
    });
    await expect(
      service.invoke('messages:send', { conversationId: 1, body: 'hi' }),
    ).rejects.toMatchObject({ kind: 'needs-confirmation', message: 'It is quiet hours there.' });
  });

  it('lets a fault through, which transports show as "failed unexpectedly" without its text', async () => {
    const service = serviceWith({
      'jobs:listDead': () => {
        throw new Error('SQLITE_CORRUPT: database disk image is malformed');
      },
    });
    const fault: unknown = await service
      .invoke('jobs:listDead', {})
      .catch((error: unknown) => error);
    expect(fault).not.toBeInstanceOf(CommandFailure);
    const shown = toCommandError(fault);
    expect(shown.kind).toBe('failed');
    expect(shown.message).toMatch(/went wrong inside Switchboard/);
    expect(shown.message).not.toContain('SQLITE_CORRUPT');
  });

  it('answers a typed result to callers inside the main process', async () => {
    const service = serviceWith({ 'conversations:unreadTotal': () => ({ total: 3 }) });
    const { total } = await service.invoke('conversations:unreadTotal', {});
    expect(total).toBe(3);
  });
});

describe('the pre-send decision', () => {
  const report = (verdict: PreSendReport['verdict']): PreSendReport =>
    ({ verdict, problems: verdict === 'ok' ? [] : [{ message: 'Not now.' }] }) as PreSendReport;

  it('lets a clear text go, asks to confirm, or refuses, in the checks’ words', () => {
    expect(sendBlocker(report('ok'))).toBeNull();
    expect(() => refuseUnlessSendable(report('ok'))).not.toThrow();
    expect(() => refuseUnlessSendable(report('needs-confirmation'))).toThrow(
      expect.objectContaining({ kind: 'needs-confirmation', message: 'Not now.' }),
    );
    expect(() => refuseUnlessSendable(report('blocked'))).toThrow(
      expect.objectContaining({ kind: 'failed', message: 'Not now.' }),
    );
  });
});

describe('after a decision', () => {
  const recorder = () => {
    const heard: string[] = [];
    const hooks: DecisionHooks = {
      onMessageChanged: (id) => heard.push(`message ${id}`),
      onQueued: () => heard.push('queued'),
      drafting: {
        decided: (id) => heard.push(`draft ${id} decided`),
        answeredByOperator: (id) => heard.push(`conversation ${id} answered`),
      },
    };
    return { heard, hooks };
  };

  it('pushes the message and the queue first, then tells drafting, whoever decided', () => {
    const sent = recorder();
    afterDecision(sent.hooks, { kind: 'draft-sent', draftId: 4, messageId: 9 });
    expect(sent.heard).toEqual(['message 9', 'queued', 'draft 4 decided']);

    const rejected = recorder();
    afterDecision(rejected.hooks, { kind: 'draft-rejected', draftId: 4 });
    expect(rejected.heard).toEqual(['draft 4 decided']);

    const typed = recorder();
    afterDecision(typed.hooks, { kind: 'typed-reply-sent', conversationId: 2, messageId: 10 });
    expect(typed.heard).toEqual(['message 10', 'queued', 'conversation 2 answered']);
  });
});
