import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { queueStats, listDeadJobs } from '../src/main/core/store/jobs';
import type { DraftDelta, DraftView } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { customerTexts } from './support/draftSignals';
import {
  startFakeOpenAI,
  tokensOf,
  type FakeOpenAI,
  type RecordedRequest,
} from './support/fakeOpenAI';
import { startTestApp } from './support/testApp';

const REPLY = 'Hi Sam! Yes, Friday at 3pm works. See you then – Bella Salon';

/** Every draft update and delta from the start of a test, and a way to wait for one. */
function recordDrafts(app: App) {
  const updates: DraftView[] = [];
  const deltas: DraftDelta[] = [];
  const waiters = new Set<() => void>();
  app.events.subscribe((event, payload) => {
    if (event === 'draft:updated') updates.push(payload as DraftView);
    else if (event === 'draft:delta') deltas.push(payload as DraftDelta);
    else if (event !== 'queue:changed') return;
    for (const waiter of waiters) waiter();
  });
  const until = <T>(find: () => T | undefined) =>
    new Promise<T>((resolve) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          waiters.delete(check);
          resolve(found);
        }
      };
      waiters.add(check);
      check();
    });
  return {
    updates,
    deltas,
    until,
    state: (state: DraftView['state'], predicate: (d: DraftView) => boolean = () => true) =>
      until(() => updates.find((d) => d.state === state && predicate(d))),
  };
}

describe('drafting with an OpenAI-compatible model (fake server)', () => {
  let fake: FakeOpenAI;
  let app: App;
  let stop: () => Promise<void>;
  let drafts: ReturnType<typeof recordDrafts>;

  beforeEach(async () => {
    fake = await startFakeOpenAI({
      script: () => REPLY,
      triage: (text) => ({
        category: /book|friday/i.test(text) ? 'booking' : 'question',
        urgency: 'high',
      }),
    });
    ({ app, stop } = await startTestApp(
      { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, SWITCHBOARD_MODEL: 'gpt-4o-mini' },
      { timings: { draftTimeoutMs: 400 } },
    ));
    drafts = recordDrafts(app);
  });
  afterEach(async () => {
    await stop();
    await fake.close();
  });

  const streamRequests = () => fake.requests.filter((r) => r.stream);

  it('streams the draft token by token, then stores it with model, usage and latency', async () => {
    await customerTexts(app, '+14155550200', 'Hi, can I book Friday at 3pm? – Sam');
    const ready = await drafts.state('ready');
    expect(ready).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      label: 'gpt-4o-mini',
      text: REPLY,
      category: 'booking',
      urgency: 'high',
      language: 'en',
    });
    expect(ready.promptTokens).toBeGreaterThan(0);
    expect(ready.completionTokens).toBe(tokensOf(REPLY).length);
    expect(ready.latencyMs).toBeGreaterThanOrEqual(0);
    // One delta per token, in order, each carrying the text so far.
    const mine = drafts.deltas.filter((d) => d.draftId === ready.id);
    expect(mine.map((d) => d.delta)).toEqual(tokensOf(REPLY));
    expect(mine.at(-1)!.text).toBe(REPLY);
    expect(drafts.updates.find((d) => d.id === ready.id)!.state).toBe('generating');

    const [request] = streamRequests();
    expect(request!.authorization).toBe('Bearer sk-test');
    expect(request!.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      max_tokens: expect.any(Number),
    });
    const system = request!.body!.messages![0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('Bella Salon'); // the demo business profile
    expect(system.content).toContain('Write in English');
    expect(request!.body!.messages!.at(-1)).toMatchObject({
      role: 'user',
      content: 'Hi, can I book Friday at 3pm? – Sam',
    });
    // Triage asked the model for JSON.
    expect(
      fake.requests.some((r) => !r.stream && r.body?.response_format?.type === 'json_object'),
    ).toBe(true);
  });

  it('401: shows a bad key pointing to Settings, does not retry, recovers when retried by hand', async () => {
    fake.setFault({ kind: 'unauthorized' });
    await customerTexts(app, '+14155550201', 'Are you open today?');
    const failed = await drafts.state('failed');
    expect(failed).toMatchObject({ errorKind: 'auth', willRetry: false });
    expect(failed.error).toMatch(/refused the API key \(HTTP 401\)\. Check the key in Settings/);
    const dead = await drafts.until(() => listDeadJobs(app.db).find((j) => j.kind === 'draft'));
    expect(dead.lastError).toMatch(/API key/);

    fake.setFault(null);
    await invoke(app, 'jobs:retry', { jobId: dead.id });
    expect((await drafts.state('ready', (d) => d.id === failed.id)).text).toBe(REPLY);
  });

  it('404: names the model that was not found', async () => {
    fake.setFault({ kind: 'model-not-found' });
    await customerTexts(app, '+14155550202', 'Are you open today?');
    const failed = await drafts.state('failed');
    expect(failed).toMatchObject({ errorKind: 'model-not-found', willRetry: false });
    expect(failed.error).toContain('The model "gpt-4o-mini" was not found');
  });

  it('429: waits for retry-after, then drafts', async () => {
    fake.setFault({ kind: 'rate-limited', retryAfterSeconds: 1, retryAfterMs: 300 }, { times: 1 });
    await customerTexts(app, '+14155550203', 'Are you open today?');
    const failed = await drafts.state('failed');
    expect(failed).toMatchObject({ errorKind: 'rate-limited', willRetry: true });
    expect(failed.error).toMatch(/rate limiting.*trying again in 1 s/);
    const ready = await drafts.state('ready');
    expect(ready.id).toBe(failed.id);
    expect(ready.attempts).toBe(2);
    const [first, second] = streamRequests();
    expect(second).toBeDefined();
    expect(first!.fault).toBe('rate-limited');
  });

  it('5xx: retried with backoff', async () => {
    fake.setFault({ kind: 'server-error', status: 503 }, { times: 2 });
    await customerTexts(app, '+14155550204', 'Are you open today?');
    expect((await drafts.state('failed')).errorKind).toBe('server');
    const ready = await drafts.state('ready');
    expect(ready.attempts).toBe(3);
    expect(ready.error).toBeNull();
  });

  it('a model that never sends a first token times out and is retried', async () => {
    fake.setFault({ kind: 'slow-first-token', delayMs: null }, { times: 1 });
    await customerTexts(app, '+14155550205', 'Are you open today?');
    const failed = await drafts.state('failed');
    expect(failed).toMatchObject({ errorKind: 'timeout', willRetry: true });
    expect(failed.error).toMatch(/stopped answering/);
    expect((await drafts.state('ready')).text).toBe(REPLY);
  });

  it.each(['end', 'destroy'] as const)(
    'a stream cut mid-way (%s) is never stored as ready',
    async (how) => {
      fake.setFault({ kind: 'cut-stream', afterTokens: 3, how }, { times: 1 });
      await customerTexts(app, '+14155550206', 'Are you open today?');
      const failed = await drafts.state('failed');
      expect(failed).toMatchObject({ errorKind: 'cut-stream', willRetry: true });
      expect(failed.text).toBe(tokensOf(REPLY).slice(0, 3).join('')); // kept for the record, not ready
      expect(drafts.updates.some((d) => d.state === 'ready' && d.text !== REPLY)).toBe(false);
      expect((await drafts.state('ready')).text).toBe(REPLY);
    },
  );

  it('an Ollama-style error line mid-stream is shown with its message', async () => {
    fake.setFault(
      {
        kind: 'ollama-error-line',
        afterTokens: 2,
        message: 'model runner has unexpectedly stopped',
      },
      { times: 1 },
    );
    await customerTexts(app, '+14155550207', 'Are you open today?');
    const failed = await drafts.state('failed');
    expect(failed.errorKind).toBe('stream-error');
    expect(failed.error).toContain('model runner has unexpectedly stopped');
    expect((await drafts.state('ready')).text).toBe(REPLY);
  });

  it('a newer message cancels the generation in flight and supersedes its draft', async () => {
    fake.setFault({ kind: 'stall', afterTokens: 2 }, { times: 1 });
    const first = await customerTexts(app, '+14155550208', 'Can I book Friday?');
    await drafts.until(() => drafts.deltas.find((d) => d.conversationId === first.conversationId));
    const closed = new Promise<RecordedRequest>((resolve) => fake.events.once('closed', resolve));
    const second = await customerTexts(app, '+14155550208', 'Actually make it Saturday');
    expect((await closed).fault).toBe('stall'); // the old request was aborted, not left streaming
    const superseded = await drafts.state('superseded', (d) => d.replyToMessageId === first.id);
    const ready = await drafts.state('ready', (d) => d.replyToMessageId === second.id);
    expect(superseded.conversationId).toBe(ready.conversationId);
    expect(drafts.updates.some((d) => d.replyToMessageId === first.id && d.state === 'ready')).toBe(
      false,
    );
  });

  it('regenerates with an instruction, sending the previous draft and the instruction', async () => {
    await customerTexts(app, '+14155550209', 'Can I book Friday?');
    const ready = await drafts.state('ready');
    fake.setScript(() => 'Friday 3pm works. – Bella Salon');
    const next = await invoke<DraftView>(app, 'drafts:regenerate', {
      draftId: ready.id,
      instruction: 'shorter',
    });
    const regenerated = await drafts.state('ready', (d) => d.id === next.id);
    expect(regenerated).toMatchObject({
      text: 'Friday 3pm works. – Bella Salon',
      instruction: 'shorter',
    });
    const system = streamRequests().at(-1)!.body!.messages![0]!.content;
    expect(system).toContain('The business asks: shorter');
    expect(system).toContain(REPLY);
    expect(queueStats(app.db).dead).toBe(0);
  });
});
