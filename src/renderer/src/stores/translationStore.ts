import { create } from 'zustand';
import type { TranslationView } from '../../../shared/notify';
import { api, errorMessage } from '../api';

/** What a translation shows: the core's answer, or why asking failed. */
export type TranslationResult = TranslationView | { text: null; message: string; language: null };

/**
 * The languages the operator reads (Settings → Languages) and the translations asked for this
 * session, by message (`m<id>`) or draft (`d<id>:<text length>`: an edited draft asks again).
 * The core caches translations too, so a reload asks it again without the model.
 */
interface TranslationState {
  languages: string[] | null;
  results: Record<string, TranslationResult | 'busy'>;
  load(): Promise<void>;
  save(languages: string[]): Promise<void>;
  translate(key: string, ask: () => Promise<TranslationView>): Promise<void>;
}

export const useTranslationStore = create<TranslationState>()((set, get) => ({
  languages: null,
  results: {},
  async load() {
    try {
      set({ languages: (await api.invoke('translate:settings', {})).languages });
    } catch {
      set({ languages: [] }); // nothing offered until the core answers
    }
  },
  async save(languages) {
    set({ languages: (await api.invoke('translate:saveSettings', { languages })).languages });
  },
  async translate(key, ask) {
    if (get().results[key] === 'busy') return;
    set((state) => ({ results: { ...state.results, [key]: 'busy' } }));
    let result: TranslationResult;
    try {
      result = await ask();
    } catch (failure) {
      result = { text: null, message: errorMessage(failure), language: null };
    }
    set((state) => ({ results: { ...state.results, [key]: result } }));
  },
}));

/** Whether the operator reads `language` (unknown languages are not offered a translation). */
export function needsTranslation(languages: string[] | null, language: string | null | undefined) {
  return Boolean(languages && languages.length > 0 && language && !languages.includes(language));
}
