import { useMemo } from 'react';
import type { ConversationSummary } from '../../../shared/types';
import { contactName, shortTime } from '../format';
import { useAppStore } from '../stores/appStore';
import { sortConversations, useConversationsStore } from '../stores/conversationsStore';
import { useThreadStore } from '../stores/threadStore';

function preview(conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return 'No messages yet';
  const text = last.body.trim() || (last.hasMedia ? 'Picture or file' : '(empty message)');
  return last.direction === 'outbound' ? `You: ${text}` : text;
}

function ConversationRow({
  conversation,
  selected,
}: {
  conversation: ConversationSummary;
  selected: boolean;
}) {
  const open = useThreadStore((state) => state.open);
  const unread = conversation.unreadCount;
  return (
    <li>
      <button
        type="button"
        className={`conversation-row${unread > 0 ? ' has-unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid="conversation-row"
        data-conversation-id={conversation.id}
        onClick={() => void open(conversation.id)}
      >
        <span className="row-top">
          <span className="row-name" data-testid="conversation-name">
            {contactName(conversation.contact)}
          </span>
          <time className="row-time" dateTime={new Date(conversation.lastActivityAt).toISOString()}>
            {shortTime(conversation.lastActivityAt)}
          </time>
        </span>
        <span className="row-bottom">
          <span className="row-preview" data-testid="conversation-preview">
            {preview(conversation)}
          </span>
          {unread > 0 && (
            <span className="unread-count" data-testid="unread-count">
              {unread}
              <span className="visually-hidden"> unread</span>
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

export function Inbox() {
  const byId = useConversationsStore((state) => state.byId);
  const status = useConversationsStore((state) => state.status);
  const error = useConversationsStore((state) => state.error);
  const load = useConversationsStore((state) => state.load);
  const selectedId = useThreadStore((state) => state.conversationId);
  const mode = useAppStore((state) => state.info?.mode);
  const conversations = useMemo(() => sortConversations(byId), [byId]);

  return (
    <nav className="pane inbox" aria-label="Conversations" data-testid="inbox">
      <h2 className="pane-title">Inbox</h2>
      {status === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
          <button type="button" data-testid="inbox-retry" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {status === 'ready' && conversations.length === 0 && (
        <p className="empty" data-testid="inbox-empty">
          {mode === 'live'
            ? 'No conversations yet. Texts your customers send to the business number will appear here.'
            : 'No conversations yet. In demo mode, use the Simulator panel to text the business.'}
        </p>
      )}
      {(status === 'loading' || status === 'idle') && conversations.length === 0 && (
        <p className="empty">Loading conversations…</p>
      )}
      {conversations.length > 0 && (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              selected={conversation.id === selectedId}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
