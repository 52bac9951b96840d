import { create } from 'zustand';
import type { SearchHit } from '../../../shared/types';
import { errorMessage, type Transport } from '../api/transport';

/** The narrowing the search box offers; the core accepts more (contact, status, category, tag). */
export interface SearchFilters {
  direction: 'any' | 'inbound' | 'outbound';
  /** How far back: days, or 0 for all time. */
  withinDays: 0 | 7 | 30 | 365;
}

export interface SearchState {
  query: string;
  filters: SearchFilters;
  /** Changes the filters and searches again at once. */
  setFilters(filters: Partial<SearchFilters>): void;
  /** Always the answer to the current query and filters, or what was there before it. */
  results: SearchHit[];
  status: 'idle' | 'searching' | 'ready' | 'error';
  error: string | null;
  /** Whether the results list is showing. */
  open: boolean;
  /** What the operator typed: searched once they pause for `debounceMs`. */
  setQuery(query: string): void;
  /** Searches for the current query now (no pause). */
  search(): Promise<void>;
  setOpen(open: boolean): void;
}

/**
 * A pause this short is not felt, yet a word typed at normal speed (a key every 100–200 ms) sends
 * one search instead of one per key: each search costs the core a turn of the thread that also
 * answers Twilio.
 */
export const SEARCH_DEBOUNCE_MS = 120;

/**
 * The search box's state, on any transport (tests give a fake one that answers out of order).
 *
 * Typing sends only the latest query, after a short pause. Answers come back in any order (a
 * common word takes longer than a rare one), so each answer is kept only if it answers the
 * latest request and nothing was typed or filtered since: results never flash back to an older
 * query, and a stale answer never overwrites a newer one.
 */
export function createSearchStore(
  transport: Pick<Transport, 'invoke'>,
  options: { debounceMs?: number; now?: () => number } = {},
) {
  const debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every change of query or filters and by every request: answers carry theirs. */
  let generation = 0;
  const cancelPending = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  return create<SearchState>()((set, get) => ({
    query: '',
    filters: { direction: 'any', withinDays: 0 },
    setFilters(filters) {
      generation += 1;
      set((state) => ({ filters: { ...state.filters, ...filters } }));
      cancelPending();
      void get().search();
    },
    results: [],
    status: 'idle',
    error: null,
    open: false,
    setQuery(query) {
      const before = get().query.trim();
      set({ query, open: query.trim() !== '' });
      if (query.trim() === before) return; // a space typed: the same search
      generation += 1; // whatever is on its way answers an older query now
      cancelPending();
      if (query.trim() === '') {
        set({ results: [], status: 'idle', error: null });
        return;
      }
      set({ status: 'searching' });
      timer = setTimeout(() => {
        timer = undefined;
        void get().search();
      }, debounceMs);
    },
    async search() {
      cancelPending();
      const query = get().query.trim();
      if (query === '') return;
      const mine = ++generation;
      set({ status: 'searching', error: null });
      try {
        const { direction, withinDays } = get().filters;
        const results = await transport.invoke('search:messages', {
          query,
          limit: 30,
          ...(direction !== 'any' ? { direction } : {}),
          ...(withinDays > 0 ? { from: now() - withinDays * 24 * 3600_000 } : {}),
        });
        if (mine === generation) set({ results, status: 'ready' });
      } catch (error) {
        if (mine === generation) set({ status: 'error', error: errorMessage(error) });
      }
    },
    setOpen: (open) => set({ open }),
  }));
}
