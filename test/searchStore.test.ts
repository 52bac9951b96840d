import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createSearchStore,
  SEARCH_DEBOUNCE_MS,
} from '../src/renderer/src/stores/createSearchStore';
import type { Transport } from '../src/renderer/src/api/transport';
import type { CommandRequest } from '../src/shared/contract';
import type { SearchHit } from '../src/shared/types';

/** A core whose answers the test releases one by one, in any order. */
function fakeCore() {
  const calls: {
    request: CommandRequest<'search:messages'>;
    answer: (hits: SearchHit[]) => Promise<void>;
    fail: (message: string) => Promise<void>;
  }[] = [];
  const invoke = (command: string, request: unknown) => {
    expect(command).toBe('search:messages');
    return new Promise<SearchHit[]>((resolve, reject) => {
      calls.push({
        request: request as CommandRequest<'search:messages'>,
        // Settle, then let the store's continuation run before the test looks.
        answer: async (hits) => {
          resolve(hits);
          await Promise.resolve();
        },
        fail: async (message) => {
          reject(new Error(message));
          await Promise.resolve();
        },
      });
    });
  };
  // The store only ever sends 'search:messages' (checked above), so one command is all it needs.
  const transport = { invoke } as unknown as Pick<Transport, 'invoke'>;
  return { transport, calls };
}

const hit = (messageId: number): SearchHit => ({
  messageId,
  conversationId: 1,
  direction: 'inbound',
  createdAt: messageId,
  snippet: [{ text: `message ${messageId}`, match: false }],
  contact: { id: 1, address: '+14155550100', name: null, optedOut: false, optedOutAt: null },
});

describe('search box state', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const core = fakeCore();
    const store = createSearchStore(core.transport, { now: () => 1_000_000_000 });
    const type = (text: string) => {
      for (let i = 1; i <= text.length; i += 1) {
        store.getState().setQuery(text.slice(0, i));
        vi.advanceTimersByTime(60); // a key every 60 ms: faster than the pause
      }
    };
    const ids = () => store.getState().results.map((h) => h.messageId);
    return { ...core, store, type, ids };
  };

  it('sends only the latest query once typing pauses', () => {
    const { calls, type } = setup();
    type('balayage');
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(calls.map((c) => c.request.query)).toEqual(['balayage']);
  });

  it('keeps the newest answer when an older one arrives after it', async () => {
    const { calls, store, ids } = setup();
    store.getState().setQuery('ap');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    store.getState().setQuery('app');
    vi.advanceTimersByTime(60);
    store.getState().setQuery('appo');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(calls.map((c) => c.request.query)).toEqual(['ap', 'appo']);

    await calls[1]!.answer([hit(2)]);
    expect(ids()).toEqual([2]);
    expect(store.getState().status).toBe('ready');
    await calls[0]!.answer([hit(1), hit(3)]); // the slow answer to "ap" comes last
    expect(ids()).toEqual([2]);
    expect(store.getState().status).toBe('ready');
  });

  it('drops the answer to a query typed over before the next search went out', async () => {
    const { calls, store, ids } = setup();
    store.getState().setQuery('the');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    store.getState().setQuery('then');
    await calls[0]!.answer([hit(1)]);
    expect(ids()).toEqual([]); // "the" no longer describes what the box says
    expect(store.getState().status).toBe('searching');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    await calls[1]!.answer([hit(4)]);
    expect(ids()).toEqual([4]);
  });

  it('shows nothing after the box is cleared, whatever comes back', async () => {
    const { calls, store, ids } = setup();
    store.getState().setQuery('invoice');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    store.getState().setQuery('');
    await calls[0]!.answer([hit(1)]);
    expect(ids()).toEqual([]);
    expect(store.getState().status).toBe('idle');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS * 10);
    expect(calls).toHaveLength(1);
  });

  it('ignores a failure of a superseded search, and the answer to the old filters', async () => {
    const { calls, store, ids } = setup();
    store.getState().setQuery('refund');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    store.getState().setFilters({ direction: 'inbound', withinDays: 7 });
    expect(calls[1]!.request).toMatchObject({
      query: 'refund',
      direction: 'inbound',
      from: 1_000_000_000 - 7 * 24 * 3600_000,
    });
    await calls[0]!.fail('the core stopped');
    expect(store.getState().status).toBe('searching');
    await calls[1]!.answer([hit(7)]);
    await calls[0]!.answer([hit(8)]); // (a second settle is a no-op for a promise: harmless)
    expect(ids()).toEqual([7]);
    expect(store.getState().error).toBeNull();
  });

  it('a space typed after a word does not search again', () => {
    const { calls, store } = setup();
    store.getState().setQuery('gift');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    store.getState().setQuery('gift ');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(calls.map((c) => c.request.query)).toEqual(['gift']);
  });
});
