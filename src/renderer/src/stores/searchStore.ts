import { api } from '../api';
import { createSearchStore } from './createSearchStore';

export type { SearchFilters, SearchState } from './createSearchStore';

/** The search box's state (debounced typing, stale answers dropped: see createSearchStore). */
export const useSearchStore = createSearchStore(api);
