import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type { KnowledgeSourceView } from '../../../shared/knowledge';
import { api, errorMessage } from '../api';

/** Settings → Knowledge: the entries the business taught, the one owner of that list. */
interface KnowledgeState {
  entries: KnowledgeSourceView[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  /** These reject with the core's OperatorError (the sentence to show). */
  save(request: CommandRequest<'knowledge:save'>): Promise<void>;
  importFile(file: File, replaceId?: number): Promise<void>;
  importUrl(url: string, replaceId?: number): Promise<void>;
  remove(id: number): Promise<void>;
}

/** A file's bytes as base64, in pieces (a big PDF would overflow one String.fromCharCode call). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export const useKnowledgeStore = create<KnowledgeState>()((set, get) => ({
  entries: [],
  status: 'idle',
  error: null,
  async load() {
    set({ status: 'loading', error: null });
    try {
      set({ entries: await api.invoke('knowledge:list', {}), status: 'ready' });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  async save(request) {
    await api.invoke('knowledge:save', request);
    await get().load();
  },
  async importFile(file, replaceId) {
    const data = await base64Of(file);
    await api.invoke('knowledge:importFile', { fileName: file.name, data, ...(replaceId ? { replaceId } : {}) }); // prettier-ignore
    await get().load();
  },
  async importUrl(url, replaceId) {
    await api.invoke('knowledge:importUrl', { url, ...(replaceId ? { replaceId } : {}) });
    await get().load();
  },
  async remove(id) {
    await api.invoke('knowledge:delete', { id });
    await get().load();
  },
}));
