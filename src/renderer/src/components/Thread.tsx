import { useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/types';
import { api, errorMessage } from '../api';
import { contactName, formatPhone, isProblem, longTime, messageTime } from '../format';
import { useConversationsStore } from '../stores/conversationsStore';
import { isOpenDraft, useDraftsStore } from '../stores/draftsStore';
import { useThreadStore } from '../stores/threadStore';
import { AiModeSelect } from './AiModeSelect';
import { Composer } from './Composer';
import { DraftPanel } from './DraftPanel';
import { Notices } from './Notices';

/** A failed send, or one that gave up waiting for the carrier, can be sent again. */
const canRetry = (m: MessageView) =>
  m.direction === 'outbound' &&
  (m.status === 'failed' ||
    m.status === 'undelivered' ||
    (m.status === 'pending' && m.error !== null));

function MessageActions({ message }: { message: MessageView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bubble-actions">
      {canRetry(message) && (
        <button
          type="button"
          className="button-link"
          disabled={busy}
          onClick={() => void act(() => api.invoke('messages:retry', { messageId: message.id }))}
          data-testid="message-retry"
        >
          Retry
        </button>
      )}
      {message.status === 'scheduled' && (
        <button
          type="button"
          className="button-link"
          disabled={busy}
          onClick={() =>
            void act(() => api.invoke('messages:cancelScheduled', { messageId: message.id }))
          }
          data-testid="message-cancel-schedule"
        >
          Cancel
        </button>
      )}
      {error && (
        <span className="delivery-problem" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function MessageBubble({ message }: { message: MessageView }) {
  const outbound = message.direction === 'outbound';
  return (
    <li
      className={`bubble-row ${message.direction}`}
      data-testid="message"
      data-message-id={message.id}
      data-direction={message.direction}
    >
      <div className="bubble">
        {message.body && <p className="bubble-body">{message.body}</p>}
        {message.media.map((item) => (
          <a
            key={item.url}
            className="bubble-media"
            href={item.url}
            target="_blank"
            rel="noreferrer"
            data-testid="message-media"
          >
            Attachment ({item.contentType})
          </a>
        ))}
      </div>
      <div className="bubble-meta">
        <time
          dateTime={new Date(message.createdAt).toISOString()}
          title={longTime(message.createdAt)}
        >
          {messageTime(message.createdAt)}
        </time>
        {outbound && (
          <span
            className={`delivery${isProblem(message.status) ? ' delivery-problem' : ''}`}
            data-testid="delivery-status"
          >
            <span className="visually-hidden">Delivery status: </span>
            {message.status === 'scheduled' && message.scheduledFor !== null
              ? `Scheduled for ${messageTime(message.scheduledFor)}`
              : message.statusText}
            {(message.retryOf !== null || message.sendAttempts > 1) && (
              <span className="muted" data-testid="retried">
                {' '}
                · retried
              </span>
            )}
          </span>
        )}
      </div>
      {outbound && message.error && (
        <p className="delivery-error" data-testid="delivery-error">
          {message.error.explanation} {message.error.action}
        </p>
      )}
      {outbound && <MessageActions message={message} />}
    </li>
  );
}

export function Thread() {
  const conversationId = useThreadStore((state) => state.conversationId);
  const messages = useThreadStore((state) => state.messages);
  const status = useThreadStore((state) => state.status);
  const error = useThreadStore((state) => state.error);
  const reload = useThreadStore((state) => state.reload);
  const conversation = useConversationsStore((state) =>
    conversationId === null ? undefined : state.byId[conversationId],
  );
  // Whether a draft panel is shown: it takes room from the messages when it appears or goes.
  const draftShown = useDraftsStore((state) =>
    conversationId === null ? false : isOpenDraft(state.latest[conversationId]),
  );
  const listEnd = useRef<HTMLDivElement>(null);

  // Keep the newest message in view as the thread opens, as messages arrive, and when the draft
  // panel takes or gives back room below them.
  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: 'end' });
  }, [messages.length, conversationId, draftShown]);

  if (conversationId === null) {
    return (
      <main className="pane thread thread-empty" data-testid="thread">
        <p className="empty">Select a conversation in the inbox to read it here.</p>
      </main>
    );
  }

  const name = conversation ? contactName(conversation.contact) : 'Conversation';
  return (
    <main className="pane thread" data-testid="thread" aria-labelledby="thread-title">
      <div className="thread-header">
        <h2 id="thread-title" className="thread-title" data-testid="thread-title">
          {name}
        </h2>
        {conversation?.contact.name && (
          <span className="mono muted">{formatPhone(conversation.contact.address)}</span>
        )}
        {conversation?.contact.optedOut && (
          <span
            className="badge badge-warning"
            title="This customer texted STOP; Switchboard will not text them"
          >
            Opted out
          </span>
        )}
        {conversation && (
          <>
            <span className="thread-header-spacer" />
            <AiModeSelect conversation={conversation} />
          </>
        )}
      </div>
      {status === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
          <button type="button" data-testid="thread-retry" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      <Notices conversationId={conversationId} />
      <div className="thread-scroll">
        {status === 'loading' && <p className="empty">Loading messages…</p>}
        <ol className="messages" role="log" aria-label={`Messages with ${name}`}>
          {messages.map((message) => (
            <MessageBubble key={message.id} message={message} />
          ))}
        </ol>
        <div ref={listEnd} />
      </div>
      <DraftPanel
        conversationId={conversationId}
        optedOut={conversation?.contact.optedOut ?? false}
      />
      <Composer
        key={conversationId}
        conversationId={conversationId}
        optedOut={conversation?.contact.optedOut ?? false}
      />
    </main>
  );
}
