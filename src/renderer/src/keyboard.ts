/**
 * Keyboard shortcuts for the whole console: j / k move between conversations, n jumps to the next
 * conversation with a draft waiting, / focuses the search box, Escape closes what is open.
 * Letters are ignored while the operator types (inputs, text areas, editable text) or holds a
 * modifier, and while a dialog is open.
 */
import { isModalOpen } from './components/ui/Dialog';
import type { ConversationSummary } from '../../shared/types';
import {
  sortConversations,
  useConversationsStore,
  visibleConversations,
} from './stores/conversationsStore';
import { useSearchStore } from './stores/searchStore';
import { useThreadStore } from './stores/threadStore';

/** The search box's id; "/" focuses it. */
export const SEARCH_INPUT_ID = 'console-search';

/** The conversation `step` rows away from `currentId` in `orderedIds` (clamped, not wrapped). */
export function adjacentConversation(
  orderedIds: readonly number[],
  currentId: number | null,
  step: 1 | -1,
): number | null {
  if (orderedIds.length === 0) return null;
  const index = currentId === null ? -1 : orderedIds.indexOf(currentId);
  if (index === -1) return orderedIds[0]!;
  const next = Math.min(orderedIds.length - 1, Math.max(0, index + step));
  return orderedIds[next]!;
}

/** The next conversation after `currentId` (wrapping around) whose draft waits for a decision. */
export function nextWaitingDraft(
  ordered: ReadonlyArray<Pick<ConversationSummary, 'id' | 'draftWaiting'>>,
  currentId: number | null,
): number | null {
  const start = currentId === null ? -1 : ordered.findIndex((c) => c.id === currentId);
  for (let offset = 1; offset <= ordered.length; offset += 1) {
    const candidate = ordered[(start + offset + ordered.length) % ordered.length]!;
    if (candidate.draftWaiting && candidate.id !== currentId) return candidate.id;
  }
  return null;
}

/** True when keys typed now are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    // Checkboxes, radios and buttons take no text: letters typed there are still shortcuts.
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(
      target.type,
    );
  }
  return false;
}

let orderSource: (() => number[]) | null = null;

/**
 * Overrides the order j / k walk (a test, or an inbox that sorts differently); null goes back to
 * the inbox's own order: its filter and category applied, newest first.
 */
export function setConversationOrder(source: (() => number[]) | null): void {
  orderSource = source;
}

function orderedIds(): number[] {
  if (orderSource) return orderSource();
  return visibleConversations(useConversationsStore.getState()).map((c) => c.id);
}

function openConversation(id: number): void {
  void useThreadStore.getState().open(id);
  // Rendered rows follow at once; a virtualized inbox scrolls to the selection by itself.
  document.querySelector(`[data-conversation-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  if (event.key === 'Escape') {
    if (useSearchStore.getState().open) {
      useSearchStore.getState().setOpen(false);
      event.preventDefault();
    }
    return; // a modal dialog closes itself on Escape (components/ui/Dialog.tsx)
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTyping(event.target)) return;
  if (isModalOpen()) return;

  const current = useThreadStore.getState().conversationId;
  switch (event.key) {
    case 'j':
    case 'k': {
      const id = adjacentConversation(orderedIds(), current, event.key === 'j' ? 1 : -1);
      if (id !== null && id !== current) openConversation(id);
      event.preventDefault();
      break;
    }
    case 'n': {
      // Every conversation, not only the current tab: a waiting draft must never be skipped.
      const id = nextWaitingDraft(
        sortConversations(useConversationsStore.getState().byId),
        current,
      );
      if (id !== null) openConversation(id);
      event.preventDefault();
      break;
    }
    case '/': {
      const input = document.getElementById(SEARCH_INPUT_ID);
      if (input instanceof HTMLInputElement) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      break;
    }
    default:
      break;
  }
}

/** Installs the shortcuts; returns the function that removes them. */
export function startKeyboardShortcuts(): () => void {
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}
