import { create } from 'zustand';
import type { DraftDelta, DraftView } from '../../../shared/types';
import { api, errorMessage } from '../api';

/**
 * The latest draft of each conversation the console has heard about. Loaded for the open
 * conversation with drafts:list, then kept current by draft:updated and draft:delta events only.
 * Older drafts (superseded by a regenerate or a newer message) are not kept: the panel shows one.
 */
interface DraftsState {
  latest: Record<number, DraftView>;
  /** Failed drafts the operator put away (kept for this session only; the core keeps them). */
  dismissed: Record<number, true>;
  /** A drafts:list that failed, per conversation (the panel offers to try again). */
  loadErrors: Record<number, string>;
  load(conversationId: number): Promise<void>;
  /** Applies a pushed draft:updated, or a draft a command returned. */
  apply(draft: DraftView): void;
  /** Applies a pushed draft:delta: the text so far of a draft being generated. */
  applyDelta(delta: DraftDelta): void;
  dismiss(draftId: number): void;
}

/**
 * Counts events per conversation. A drafts:list reply that raced an event carries a state at
 * least as old as the event's, so the event wins; see `load`.
 */
const eventCounts = new Map<number, number>();
const bump = (conversationId: number) =>
  eventCounts.set(conversationId, (eventCounts.get(conversationId) ?? 0) + 1);

export const useDraftsStore = create<DraftsState>()((set, get) => ({
  latest: {},
  dismissed: {},
  loadErrors: {},
  async load(conversationId) {
    const seen = eventCounts.get(conversationId) ?? 0;
    try {
      const [newest] = await api.invoke('drafts:list', { conversationId, limit: 1 });
      set((state) => {
        const loadErrors = { ...state.loadErrors };
        delete loadErrors[conversationId];
        const current = state.latest[conversationId];
        const raced = (eventCounts.get(conversationId) ?? 0) !== seen;
        if (
          !newest ||
          (current && (current.id > newest.id || (raced && current.id === newest.id)))
        ) {
          return { loadErrors };
        }
        return { latest: { ...state.latest, [conversationId]: newest }, loadErrors };
      });
    } catch (error) {
      set((state) => ({
        loadErrors: { ...state.loadErrors, [conversationId]: errorMessage(error) },
      }));
    }
  },
  apply(draft) {
    bump(draft.conversationId);
    const current = get().latest[draft.conversationId];
    // A regenerate supersedes the old draft and creates a newer one: the newest id is the one shown.
    if (current && current.id > draft.id) return;
    set((state) => ({ latest: { ...state.latest, [draft.conversationId]: draft } }));
  },
  applyDelta({ draftId, conversationId, text }) {
    const current = get().latest[conversationId];
    // The generating draft:updated always comes first; a delta for anything else is stale.
    if (!current || current.id !== draftId || current.state !== 'generating') return;
    bump(conversationId);
    set((state) => ({ latest: { ...state.latest, [conversationId]: { ...current, text } } }));
  },
  dismiss(draftId) {
    // Hidden at once; the core puts the failed draft away for good (it stops counting as waiting).
    set((state) => ({ dismissed: { ...state.dismissed, [draftId]: true } }));
    api.invoke('drafts:reject', { draftId }).catch(() => undefined);
  },
}));

/** A draft the operator still has to look at: being written, waiting, or failed. */
export function isOpenDraft(draft: DraftView | undefined): draft is DraftView {
  return (
    draft !== undefined &&
    (draft.state === 'generating' || draft.state === 'ready' || draft.state === 'failed')
  );
}
