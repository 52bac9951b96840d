import { create } from 'zustand';
import type { ContactDetails } from '../../../shared/types';
import { api, errorMessage } from '../api';
import { coalesced } from './coalesce';

export interface ContactPatch {
  name?: string;
  notes?: string;
  tags?: string[];
}

interface ContactState {
  /** The contact of the open conversation, or null when none is open. */
  contactId: number | null;
  details: ContactDetails | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Shows this contact (loads it unless it is the one already shown). */
  show(contactId: number | null): void;
  /** Reloads the shown contact (after a pushed change); concurrent calls collapse into one. */
  refresh(): Promise<void>;
  /** Saves the operator's edits; rejects with the sentence to show. */
  save(patch: ContactPatch): Promise<void>;
}

export const useContactStore = create<ContactState>()((set, get) => {
  const load = async (): Promise<void> => {
    const { contactId } = get();
    if (contactId === null) return;
    try {
      const details = await api.invoke('contacts:get', { contactId });
      // The operator may have opened another conversation meanwhile.
      if (get().contactId === contactId) set({ details, status: 'ready', error: null });
    } catch (error) {
      if (get().contactId === contactId) set({ status: 'error', error: errorMessage(error) });
    }
  };

  return {
    contactId: null,
    details: null,
    status: 'idle',
    error: null,
    show(contactId) {
      if (contactId === get().contactId) return;
      set({
        contactId,
        details: null,
        status: contactId === null ? 'idle' : 'loading',
        error: null,
      });
      void get().refresh();
    },
    refresh: coalesced(load),
    async save(patch) {
      const { contactId } = get();
      if (contactId === null) return;
      // A refusal reaches the form as the core's OperatorError (sentence and kind).
      const details = await api.invoke('contacts:update', { contactId, ...patch });
      if (get().contactId === contactId) set({ details, status: 'ready', error: null });
    },
  };
});
