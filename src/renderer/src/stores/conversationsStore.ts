import { create } from 'zustand';
import type {
  Attention,
  ConversationSummary,
  InboxCounts,
  InboxCountsUpdate,
  TriageCategory,
} from '../../../shared/types';
import { api, errorMessage } from '../api';

/** Triage categories in words (the core's `spam` covers opt-outs too). */
export const categoryLabels: Record<TriageCategory, string> = {
  question: 'Question',
  booking: 'Booking',
  complaint: 'Complaint',
  billing: 'Billing',
  spam: 'Opt-out / spam',
  other: 'Other',
};

/** The inbox filter tabs, in the order they are shown. */
export const inboxFilters = ['needs-reply', 'drafts', 'failed', 'all'] as const;
export type InboxFilter = (typeof inboxFilters)[number];

/** Conversations per `conversations:list` page. */
const pageSize = 200;

type Cursor = { lastActivityAt: number; id: number };

interface ConversationsState {
  byId: Record<number, ConversationSummary>;
  /**
   * Conversations opened from outside the loaded inbox rows (a search hit, a notification), older
   * than every page loaded so far. Kept apart from `byId` so the inbox does not show one out of
   * place, nor page through thousands of conversations to scroll it into view.
   */
  outside: Record<number, ConversationSummary>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /**
   * Which tab of the inbox is shown. The tab filters what is loaded; choosing a tab also asks the
   * core for that tab's conversations (paged), so old matches show up without scrolling "All".
   */
  filter: InboxFilter;
  /** Only conversations whose latest inbound message was triaged into this category. */
  category: TriageCategory | null;
  /** Where the next older page starts: the oldest conversation a page returned so far. */
  cursor: Cursor | null;
  /** A page came back short: every conversation is loaded (new ones arrive as events). */
  reachedEnd: boolean;
  loadingOlder: boolean;
  /** Paging of each tab's own query, keyed by tab and category. */
  tabPaging: Record<string, { cursor: Cursor | null; reachedEnd: boolean }>;
  /**
   * The unread total and the tab counts over every conversation, loaded or not (the core counts
   * them), for the category they were asked for. Null until the core first answered; until then
   * the loaded conversations are counted.
   */
  counts: (InboxCounts & { category: TriageCategory | null }) | null;
  /**
   * Every counter as the core last pushed them (`counts:changed`, sent only when one moved), so
   * choosing a category needs no question. Null until the first push of this connection.
   */
  pushedCounts: InboxCountsUpdate | null;
  setFilter(filter: InboxFilter): void;
  setCategory(category: TriageCategory | null): void;
  load(): Promise<void>;
  /** Loads the next page of older conversations (the inbox calls it near its end); may repeat. */
  loadOlder(): Promise<void>;
  /** Applies a pushed conversation:updated. */
  apply(conversation: ConversationSummary): void;
  /** Applies a pushed counts:changed. */
  applyCounts(counts: InboxCountsUpdate): void;
  /** Makes sure the summary of a conversation is known, asking the core when no page held it. */
  ensure(conversationId: number): Promise<void>;
  markRead(conversationId: number): Promise<void>;
}

/** The newer of two snapshots of one conversation (a list reply can race a pushed update). */
function newer(a: ConversationSummary | undefined, b: ConversationSummary): ConversationSummary {
  return a && a.lastActivityAt > b.lastActivityAt ? a : b;
}

/** Adds a page to what is loaded, keeping what events added meanwhile (nothing is deleted). */
function merge(
  byId: Record<number, ConversationSummary>,
  page: ConversationSummary[],
): Record<number, ConversationSummary> {
  const next = { ...byId };
  for (const conversation of page)
    next[conversation.id] = newer(byId[conversation.id], conversation);
  return next;
}

/** The cursor for the page after `page` (which is newest first); null for an empty page. */
function cursorAfter(page: ConversationSummary[]): Cursor | null {
  const last = page.at(-1);
  return last ? { lastActivityAt: last.lastActivityAt, id: last.id } : null;
}

/**
 * Whether the inbox's pages reach as far back as this conversation: only then does an update of a
 * conversation it has not loaded belong among its rows (a new message always does: it is newest).
 */
function withinLoadedPages(
  state: Pick<ConversationsState, 'cursor' | 'reachedEnd'>,
  conversation: ConversationSummary,
): boolean {
  const { cursor } = state;
  if (state.reachedEnd || cursor === null) return true;
  return (
    conversation.lastActivityAt > cursor.lastActivityAt ||
    (conversation.lastActivityAt === cursor.lastActivityAt && conversation.id >= cursor.id)
  );
}

export const useConversationsStore = create<ConversationsState>()((set, get) => ({
  byId: {},
  outside: {},
  status: 'idle',
  error: null,
  filter: 'all',
  category: null,
  cursor: null,
  reachedEnd: false,
  loadingOlder: false,
  tabPaging: {},
  counts: null,
  pushedCounts: null,
  setFilter(filter) {
    set({ filter });
    void get().loadOlder();
  },
  setCategory(category) {
    const pushed = get().pushedCounts;
    set({ category, ...(pushed ? { counts: countsFor(pushed, category) } : {}) });
    void get().loadOlder();
    if (!pushed) refreshCounts();
  },
  async load() {
    set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
    try {
      const list = await api.invoke('conversations:list', { limit: pageSize });
      set((state) => ({
        byId: merge(state.byId, list),
        status: 'ready',
        // A reload (reconnect) refreshes the newest page; older pages already here stay.
        ...(state.cursor === null
          ? { cursor: cursorAfter(list), reachedEnd: list.length < pageSize }
          : {}),
        // Pushes may have been missed while disconnected: ask once, then follow the pushes.
        pushedCounts: null,
      }));
      refreshCounts();
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  async loadOlder() {
    const { filter, category } = get();
    if (filter !== 'all' || category !== null) {
      await loadTabPage(filter, category);
      return;
    }
    const { status, cursor, reachedEnd, loadingOlder } = get();
    if (status !== 'ready' || cursor === null || reachedEnd || loadingOlder) return;
    set({ loadingOlder: true });
    try {
      const list = await api.invoke('conversations:list', { limit: pageSize, before: cursor });
      set((state) => ({
        byId: merge(state.byId, list),
        cursor: cursorAfter(list) ?? state.cursor,
        reachedEnd: list.length < pageSize,
        loadingOlder: false,
      }));
    } catch {
      // Scrolling near the end again asks again; the rows already shown stay usable.
      set({ loadingOlder: false });
    }
  },
  apply(conversation) {
    // No count query here: the core pushes counts:changed when a counter moved.
    set((state) => {
      const { [conversation.id]: known, ...others } = state.outside;
      if (state.byId[conversation.id] || withinLoadedPages(state, conversation)) {
        return { byId: { ...state.byId, [conversation.id]: conversation }, outside: others };
      }
      // Older than every loaded page: the rows get it when the operator scrolls that far.
      return known ? { outside: { ...others, [conversation.id]: conversation } } : {};
    });
  },
  applyCounts(pushed) {
    countsAsked += 1; // an answer still on its way is older than this push
    set((state) => ({ pushedCounts: pushed, counts: countsFor(pushed, state.category) }));
  },
  async ensure(conversationId) {
    if (selectConversation(get(), conversationId)) return;
    try {
      const summary = await api.invoke('conversations:get', { conversationId });
      if (selectConversation(get(), conversationId)) return; // a page or an event was quicker
      if (withinLoadedPages(get(), summary)) get().apply(summary);
      else set((state) => ({ outside: { ...state.outside, [conversationId]: summary } }));
    } catch {
      // The thread still opens (titled "Conversation"); its messages say what they can.
    }
  },
  async markRead(conversationId) {
    const current = selectConversation(get(), conversationId);
    if (!current || current.unreadCount === 0) return;
    // Clear the badge at once; the core confirms with a conversation:updated event. Counts asked
    // for before this read may still be on their way: they are stale, so they are dropped.
    countsAsked += 1;
    set(({ counts }) => ({
      counts: counts && {
        ...counts,
        unreadTotal: Math.max(0, counts.unreadTotal - current.unreadCount),
      },
    }));
    get().apply({ ...current, unreadCount: 0 });
    try {
      await api.invoke('conversations:markRead', { conversationId });
    } catch {
      // The badge comes back with the next pushed update; nothing the operator must act on.
    }
  },
}));

/** The counts of one category (or all) out of everything the core pushed. */
function countsFor(
  pushed: InboxCountsUpdate,
  category: TriageCategory | null,
): NonNullable<ConversationsState['counts']> {
  return {
    unreadTotal: pushed.unreadTotal,
    tabs: category === null ? pushed.tabs : pushed.byCategory[category],
    category,
  };
}

/**
 * The console asks for the counts when it (re)connects and when it switches category before the
 * core pushed any; after that it follows `counts:changed`. Questions close together are one.
 */
const countsRefreshMs = 250;
let countsTimer: ReturnType<typeof setTimeout> | undefined;
/** Answers can overtake each other: only the newest question's answer is kept. */
let countsAsked = 0;

/** Asks the core for the inbox counts soon (one query for several reasons close together). */
function refreshCounts(): void {
  if (countsTimer !== undefined) return;
  countsTimer = setTimeout(() => {
    countsTimer = undefined;
    const asked = ++countsAsked;
    const { category } = useConversationsStore.getState();
    api.invoke('conversations:counts', category === null ? {} : { category }).then(
      (counts) => {
        if (asked === countsAsked)
          useConversationsStore.setState({ counts: { ...counts, category } });
      },
      () => undefined, // the next update asks again; meanwhile the last counts stand
    );
  }, countsRefreshMs);
}

/** The next page of one tab's own query (attention and category filters run in the core). */
async function loadTabPage(filter: InboxFilter, category: TriageCategory | null): Promise<void> {
  const store = useConversationsStore;
  const key = `${filter}|${category ?? ''}`;
  const paging = store.getState().tabPaging[key] ?? { cursor: null, reachedEnd: false };
  if (paging.reachedEnd || store.getState().loadingOlder) return;
  store.setState({ loadingOlder: true });
  try {
    const list = await api.invoke('conversations:list', {
      limit: pageSize,
      ...(filter !== 'all' ? { attention: filter } : {}),
      ...(category !== null ? { category } : {}),
      ...(paging.cursor ? { before: paging.cursor } : {}),
    });
    store.setState((state) => ({
      byId: merge(state.byId, list),
      loadingOlder: false,
      tabPaging: {
        ...state.tabPaging,
        [key]: { cursor: cursorAfter(list) ?? paging.cursor, reachedEnd: list.length < pageSize },
      },
    }));
  } catch {
    store.setState({ loadingOlder: false });
  }
}

/** A conversation's summary, whether an inbox page loaded it or it was opened from outside them. */
export function selectConversation(
  state: Pick<ConversationsState, 'byId' | 'outside'>,
  conversationId: number | null,
): ConversationSummary | undefined {
  if (conversationId === null) return undefined;
  return state.byId[conversationId] ?? state.outside[conversationId];
}

/** Newest activity first, the order an inbox reads in. */
export function sortConversations(
  byId: Record<number, ConversationSummary>,
): ConversationSummary[] {
  return Object.values(byId).sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
}

/** The core's total; until it answered, what the loaded conversations add up to. */
export const selectUnreadTotal = (state: ConversationsState): number =>
  state.counts?.unreadTotal ??
  Object.values(state.byId).reduce((total, conversation) => total + conversation.unreadCount, 0);

/**
 * How many conversations a tab holds in `category`: the core's count once it answered for this
 * category, else the loaded conversations of the category (`inCategory`) that match.
 */
export function tabCount(
  counts: ConversationsState['counts'],
  category: TriageCategory | null,
  tab: Attention,
  inCategory: readonly ConversationSummary[],
): number {
  if (counts && counts.category === category) return counts.tabs[tab];
  return inCategory.filter((conversation) => matchesFilter(conversation, tab)).length;
}

/** The last text went out and the carrier could not deliver it (the core's flag). */
export function hasFailedSend(conversation: ConversationSummary): boolean {
  return conversation.failedSend === true;
}

/**
 * Whether a conversation belongs in a tab. The rule itself is the core's (the flags migration
 * 0060 keeps, which also drive the tab counts and the tab queries): this only reads them.
 */
export function matchesFilter(conversation: ConversationSummary, filter: InboxFilter): boolean {
  switch (filter) {
    case 'needs-reply':
      return conversation.needsReply === true;
    case 'drafts':
      return conversation.draftWaiting === true;
    case 'failed':
      return hasFailedSend(conversation);
    case 'all':
      return true;
  }
}

/** The conversations of `sorted` that the inbox shows with this filter and category. */
export function filterConversations(
  sorted: ConversationSummary[],
  filter: InboxFilter,
  category: TriageCategory | null,
): ConversationSummary[] {
  if (filter === 'all' && category === null) return sorted;
  return sorted.filter(
    (c) => matchesFilter(c, filter) && (category === null || c.category === category),
  );
}

/**
 * The conversations the inbox shows, in its order (what j/k or "next" should walk through).
 * Returns a new array: call it from a useMemo, not as a zustand selector.
 */
export function visibleConversations(
  state: Pick<ConversationsState, 'byId' | 'filter' | 'category'>,
): ConversationSummary[] {
  return filterConversations(sortConversations(state.byId), state.filter, state.category);
}
