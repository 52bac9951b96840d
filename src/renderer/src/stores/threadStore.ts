import { create } from 'zustand';
import type { MessageView } from '../../../shared/types';
import { api, errorMessage } from '../api';
import { useConversationsStore } from './conversationsStore';

/** Messages per `messages:list` page. */
export const threadPageSize = 100;
/**
 * What a page asks for: one more than a page, so a page that reaches an end of the history says
 * so (the start marker shows with the first message, not one round trip later).
 */
const pageAsk = threadPageSize + 1;

/** A page asked with one message extra (at its far end): the page, and whether history goes on. */
function cut(
  page: MessageView[],
  far: 'oldest' | 'newest',
): { page: MessageView[]; more: boolean } {
  if (page.length < pageAsk) return { page, more: false };
  return { page: far === 'oldest' ? page.slice(1) : page.slice(0, -1), more: true };
}
/** Neighbours asked on each side of a search hit. */
const aroundSize = 50;
/**
 * The most messages held (and rendered) at once. Scrolling through a 15,000-message history moves
 * this window along it: the far end is dropped and loaded again when the operator comes back.
 */
export const threadWindow = 600;

interface ThreadState {
  conversationId: number | null;
  /** A contiguous stretch of the conversation's history, oldest first. */
  messages: MessageView[];
  /** Older messages exist before the first one held. */
  hasOlder: boolean;
  /** Newer messages exist after the last one held (the operator is reading older history). */
  hasNewer: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  /** The message a search hit opened at; highlighted until the operator opens something else. */
  highlightId: number | null;
  /** Counts the requests to bring `highlightId` into view (the same hit may be opened twice). */
  focusRequest: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  open(conversationId: number): Promise<void>;
  /** Opens a conversation at one of its messages (a search hit), with its neighbours. */
  openAt(conversationId: number, messageId: number): Promise<void>;
  /** The page before the first message held (the operator scrolled up). */
  loadOlder(): Promise<void>;
  /** The page after the last message held (the operator scrolled down through history). */
  loadNewer(): Promise<void>;
  /** Back to the newest messages, from wherever in the history the operator was. */
  showLatest(): Promise<void>;
  /** Reloads the open thread (after a reconnect, events may have been missed). */
  reload(): Promise<void>;
  /** Applies a pushed message:added or message:updated. */
  apply(message: MessageView): void;
}

const chronological = (a: MessageView, b: MessageView) => a.createdAt - b.createdAt || a.id - b.id;

function merge(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    // Status updates can arrive after the list that already holds them: keep the latest.
    if (!known || message.updatedAt >= known.updatedAt) byId.set(message.id, message);
  }
  return [...byId.values()].sort(chronological);
}

/** A thread about to load a fresh window of its history: nothing shown, nothing on its way. */
const emptyWindow = {
  messages: [],
  hasOlder: false,
  hasNewer: false,
  loadingOlder: false,
  loadingNewer: false,
  status: 'loading',
  error: null,
} satisfies Partial<ThreadState>;

/** Pages are cut by id (the keyset the core pages by); display order is by time. */
function oldestId(messages: MessageView[]): number | undefined {
  return messages.length === 0 ? undefined : Math.min(...messages.map((m) => m.id));
}
function newestId(messages: MessageView[]): number | undefined {
  return messages.length === 0 ? undefined : Math.max(...messages.map((m) => m.id));
}

/** Keeps the `threadWindow` messages nearest one end: `keep` = the end the operator is reading. */
function trim(messages: MessageView[], keep: 'older' | 'newer'): MessageView[] {
  if (messages.length <= threadWindow) return messages;
  const ids = messages.map((m) => m.id).sort((a, b) => a - b);
  if (keep === 'older') {
    const last = ids[threadWindow - 1]!;
    return messages.filter((m) => m.id <= last);
  }
  const first = ids[ids.length - threadWindow]!;
  return messages.filter((m) => m.id >= first);
}

/**
 * Bumped whenever what the thread shows is replaced (another conversation, a search hit, back to
 * the newest): a page asked for before that belongs to a view that is gone.
 */
let generation = 0;

function opened(conversationId: number): void {
  const conversations = useConversationsStore.getState();
  // The header and contact panel need the summary even when no inbox page held it.
  void conversations.ensure(conversationId).then(() => conversations.markRead(conversationId));
}

export const useThreadStore = create<ThreadState>()((set, get) => ({
  conversationId: null,
  messages: [],
  hasOlder: false,
  hasNewer: false,
  loadingOlder: false,
  loadingNewer: false,
  highlightId: null,
  focusRequest: 0,
  status: 'idle',
  error: null,
  async open(conversationId) {
    const current = get();
    if (current.conversationId === conversationId) {
      set({ highlightId: null });
      opened(conversationId);
      // Reading old history: opening the conversation again goes back to its newest messages.
      if (current.hasNewer) await get().showLatest();
      else await get().reload();
      return;
    }
    generation += 1;
    set({ ...emptyWindow, conversationId, highlightId: null });
    opened(conversationId);
    await get().reload();
  },
  async openAt(conversationId, messageId) {
    const current = get();
    const focus = { highlightId: messageId, focusRequest: current.focusRequest + 1 };
    if (
      current.conversationId === conversationId &&
      current.messages.some((message) => message.id === messageId)
    ) {
      set(focus);
      return;
    }
    const mine = ++generation;
    set({ ...emptyWindow, conversationId, ...focus });
    opened(conversationId);
    try {
      const page = await api.invoke('messages:around', {
        conversationId,
        messageId,
        before: aroundSize,
        after: aroundSize,
      });
      if (mine !== generation) return;
      set((state) => ({
        // A message pushed while this loaded follows the page when the page reaches the newest.
        messages: merge(page.hasNewer ? [] : state.messages, page.messages),
        hasOlder: page.hasOlder,
        hasNewer: page.hasNewer,
        status: 'ready',
        error: null,
      }));
    } catch (error) {
      if (mine !== generation) return;
      // "Try again" then opens the newest messages: the matched one may have been deleted.
      set({ status: 'error', error: errorMessage(error), highlightId: null });
    }
  },
  loadOlder: () => loadPage(set, get, 'older'),
  loadNewer: () => loadPage(set, get, 'newer'),
  async showLatest() {
    generation += 1;
    set({ ...emptyWindow, highlightId: null });
    await get().reload();
  },
  async reload() {
    const { conversationId } = get();
    if (conversationId === null) return;
    // Reading older history: the newest page is not what is shown, and nothing there is stale
    // enough to lose the operator's place for.
    if (get().hasNewer && get().status === 'ready') return;
    const mine = generation;
    try {
      const asked = await api.invoke('messages:list', { conversationId, limit: pageAsk });
      // The operator may have opened another conversation (or a search hit) while this loaded.
      if (mine !== generation || get().conversationId !== conversationId) return;
      const { page, more } = cut(asked, 'oldest');
      set((state) => {
        const held = newestId(state.messages);
        // More than a page arrived while the connection was down (even the extra message is
        // new): start again from the newest rather than leave a hole in the history.
        const gap = held !== undefined && more && asked[0]!.id > held;
        return gap || state.messages.length === 0
          ? {
              messages: merge([], page),
              hasOlder: more,
              hasNewer: false,
              status: 'ready',
              error: null,
            }
          : { messages: merge(state.messages, asked), status: 'ready', error: null };
      });
    } catch (error) {
      if (mine !== generation || get().conversationId !== conversationId) return;
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  apply(message) {
    const state = get();
    if (message.conversationId !== state.conversationId) return;
    const known = state.messages.some((m) => m.id === message.id);
    // Reading older history: a new message belongs after messages not loaded yet; it is fetched
    // with them when the operator scrolls down (or jumps to the newest).
    if (!known && state.hasNewer) {
      // Except the operator's own reply (typed, or a draft approved): they want to see it go out.
      if (message.author === 'operator' || message.author === 'draft') void get().showLatest();
      return;
    }
    set((current) => ({ messages: merge(current.messages, [message]) }));
  },
}));

type SetThread = (
  partial: Partial<ThreadState> | ((state: ThreadState) => Partial<ThreadState>),
) => void;

/**
 * One more page of history on `side` (older: above, newer: below), unless one is on its way or
 * there is none; the window slides (`trim`) so the page holds at most its cap.
 */
async function loadPage(set: SetThread, get: () => ThreadState, side: 'older' | 'newer') {
  const older = side === 'older';
  const state = get();
  const edgeId = older ? oldestId(state.messages) : newestId(state.messages);
  const more = older ? state.hasOlder : state.hasNewer;
  const loading = older ? state.loadingOlder : state.loadingNewer;
  if (state.conversationId === null || edgeId === undefined || !more || loading) return;
  if (state.status !== 'ready') return;
  const mine = generation;
  const loadingKey = older ? 'loadingOlder' : 'loadingNewer';
  set({ [loadingKey]: true });
  try {
    const asked = await api.invoke('messages:list', {
      conversationId: state.conversationId,
      limit: pageAsk,
      ...(older ? { beforeId: edgeId } : { afterId: edgeId }),
    });
    if (mine !== generation) return;
    const { page, more: beyond } = cut(asked, older ? 'oldest' : 'newest');
    set((current) => {
      const all = merge(current.messages, page);
      const kept = trim(all, side);
      const slid = kept.length < all.length; // the other end let go of what it held
      return older
        ? { messages: kept, hasOlder: beyond, hasNewer: current.hasNewer || slid, loadingOlder: false } // prettier-ignore
        : { messages: kept, hasNewer: beyond, hasOlder: current.hasOlder || slid, loadingNewer: false }; // prettier-ignore
    });
  } catch {
    // Scrolling there again asks again; what is shown stays usable.
    if (mine === generation) set({ [loadingKey]: false });
  }
}
