import { create } from 'zustand';
import type { SearchHit } from '../../../shared/types';
import { api, errorMessage } from '../api';

/** The narrowing the search box offers; the core accepts more (contact, status, category, tag). */
export interface SearchFilters {
  direction: 'any' | 'inbound' | 'outbound';
  /** How far back: days, or 0 for all time. */
  withinDays: 0 | 7 | 30 | 365;
}

interface SearchState {
  query: string;
  filters: SearchFilters;
  setFilters(filters: Partial<SearchFilters>): void;
  results: SearchHit[];
  status: 'idle' | 'searching' | 'ready' | 'error';
  error: string | null;
  /** Whether the results list is showing. */
  open: boolean;
  setQuery(query: string): void;
  /** Runs the search for the current query (the search box debounces the typing). */
  search(): Promise<void>;
  setOpen(open: boolean): void;
}

let sequence = 0;

export const useSearchStore = create<SearchState>()((set, get) => ({
  query: '',
  filters: { direction: 'any', withinDays: 0 },
  setFilters(filters) {
    set((state) => ({ filters: { ...state.filters, ...filters } }));
    void get().search();
  },
  results: [],
  status: 'idle',
  error: null,
  open: false,
  setQuery(query) {
    set({ query, open: query.trim() !== '' });
    if (query.trim() === '') set({ results: [], status: 'idle', error: null });
  },
  async search() {
    const query = get().query.trim();
    if (query === '') return;
    const mine = ++sequence;
    set({ status: 'searching', error: null });
    try {
      const { direction, withinDays } = get().filters;
      const results = await api.invoke('search:messages', {
        query,
        limit: 30,
        ...(direction !== 'any' ? { direction } : {}),
        ...(withinDays > 0 ? { from: Date.now() - withinDays * 24 * 3600_000 } : {}),
      });
      // Typing goes on while a search runs: only the latest one may answer.
      if (mine === sequence) set({ results, status: 'ready' });
    } catch (error) {
      if (mine === sequence) set({ status: 'error', error: errorMessage(error) });
    }
  },
  setOpen: (open) => set({ open }),
}));
