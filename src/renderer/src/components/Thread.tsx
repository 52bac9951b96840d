import './Thread.css';
import { memo, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { MessageView } from '../../../shared/types';
import { api } from '../api';
import { contactName, dayDate, formatPhone, isProblem, longTime, messageTime } from '../format';
import { selectConversation, useConversationsStore } from '../stores/conversationsStore';
import { isOpenDraft, useDraftsStore } from '../stores/draftsStore';
import { useThreadStore } from '../stores/threadStore';
import { AiModeSelect } from './AiModeSelect';
import { Attachments } from './Attachments';
import { Composer } from './Composer';
import { DraftPanel } from './DraftPanel';
import { HeldForYou } from './HeldForYou';
import { Notices } from './Notices';
import { ChannelMark, DeliveryTicks, WindowCountdown } from './ServiceWindow';
import { MessageTranslation } from './Translation';
import { Button } from './ui/Button';
import { Badge } from './ui/Badge';
import { LoadFailed } from './ui/LoadFailed';
import { useAction } from './ui/useAction';
import { usePick } from '../stores/usePick';

/** A failed send, or one that gave up waiting for the carrier, can be sent again. */
const canRetry = (m: MessageView) =>
  m.direction === 'outbound' &&
  (m.status === 'failed' ||
    m.status === 'undelivered' ||
    (m.status === 'pending' && m.error !== null));

function MessageActions({ message }: { message: MessageView }) {
  const action = useAction();
  // The commands answer with what they did; the bubble's status already shows that.
  const act = (command: () => Promise<unknown>) =>
    action.run(async () => {
      await command();
    });
  return (
    <div className="bubble-actions">
      {canRetry(message) && (
        <Button
          variant="quiet"
          disabled={action.busy}
          onClick={() => void act(() => api.invoke('messages:retry', { messageId: message.id }))}
          data-testid="message-retry"
        >
          Retry
        </Button>
      )}
      {message.status === 'scheduled' && (
        <Button
          variant="quiet"
          disabled={action.busy}
          onClick={() =>
            void act(() => api.invoke('messages:cancelScheduled', { messageId: message.id }))
          }
          data-testid="message-cancel-schedule"
        >
          Cancel
        </Button>
      )}
      {action.error && (
        <span className="delivery-problem" role="alert">
          {action.error}
        </span>
      )}
    </div>
  );
}

/**
 * One message. Memoized: a page landing above re-renders only its own rows (the store keeps the
 * same object for a message until it changes).
 */
const MessageBubble = memo(function MessageBubble({
  message,
  highlighted,
}: {
  message: MessageView;
  highlighted: boolean;
}) {
  const outbound = message.direction === 'outbound';
  return (
    <li
      className={`bubble-row ${message.direction}${highlighted ? ' bubble-row-highlighted' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-direction={message.direction}
      data-highlighted={highlighted ? 'true' : undefined}
      aria-current={highlighted ? 'true' : undefined}
    >
      <div className="bubble">
        {message.body && <p className="bubble-body">{message.body}</p>}
        <MessageTranslation message={message} />
        <Attachments attachments={message.attachments} />
        {/*
          What the operator attached is shown above from the laptop's copy, like what customers
          send; an outbound message with media but no kept copy (from before attachments were
          sent from here) keeps its link.
        */}
        {outbound &&
          message.attachments.length === 0 &&
          message.media.map((item) => (
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
        {message.author === 'auto' && (
          <span className="muted" data-testid="sent-automatically">
            Sent automatically
          </span>
        )}
        {message.template && (
          <span
            className="bubble-template"
            title={`Sent as the WhatsApp template “${message.template.name ?? message.template.sid}”`}
            data-testid="message-template"
          >
            Template{message.template.name ? ` · ${message.template.name.replace(/_/g, ' ')}` : ''}
          </span>
        )}
        {outbound && <DeliveryTicks status={message.status} />}
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
});

/** Within this many px of an end of the history, the next page is asked for. */
const pagingMargin = 800;
/** Within this many px of the bottom, the thread follows new messages as they arrive. */
const followMargin = 48;

/** The first message at least partly in view, and where it sits: what must stay put. */
function findAnchor(scroller: HTMLElement): { id: string; top: number } | null {
  const top = scroller.getBoundingClientRect().top;
  const rows = scroller.querySelectorAll<HTMLElement>('[data-message-id]');
  // Rows stand in order down the page: halve the search (this runs on every scroll event).
  let low = 0;
  let high = rows.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (rows[middle]!.getBoundingClientRect().bottom > top) {
      found = middle;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  if (found < 0) return null;
  const row = rows[found]!;
  return { id: row.dataset.messageId!, top: row.getBoundingClientRect().top - top };
}

/**
 * The history: pages older messages in as the operator scrolls up (and newer ones down, after a
 * search hit), keeping the message in view where it was when a page lands above it; follows new
 * messages while the operator is at the bottom.
 */
function ThreadMessages({ name, draftShown }: { name: string; draftShown: boolean }) {
  const {
    conversationId,
    messages,
    status,
    hasOlder,
    hasNewer,
    highlightId,
    focusRequest,
    loadOlder,
    loadNewer,
    showLatest,
  } = usePick(
    useThreadStore,
    'conversationId',
    'messages',
    'status',
    'hasOlder',
    'hasNewer',
    'highlightId',
    'focusRequest',
    'loadOlder',
    'loadNewer',
    'showLatest',
  );
  const scroller = useRef<HTMLDivElement>(null);
  /** At the bottom of the newest messages: keep it there as messages arrive. */
  const following = useRef(true);
  const anchor = useRef<{ id: string; top: number } | null>(null);
  const focused = useRef(0);

  const pageIfNearEnd = useCallback(() => {
    const element = scroller.current;
    if (!element || element.clientHeight === 0) return;
    if (element.scrollTop < pagingMargin) void loadOlder();
    const below = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (below < pagingMargin) void loadNewer();
  }, [loadOlder, loadNewer]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    const below = element.scrollHeight - element.scrollTop - element.clientHeight;
    following.current = !useThreadStore.getState().hasNewer && below < followMargin;
    anchor.current = findAnchor(element);
    pageIfNearEnd();
  }

  // After every change of what is held, before the browser paints: bring a search hit into view,
  // or follow the newest message, or put the anchored message back where it was.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (messages.length === 0) {
      following.current = true;
      anchor.current = null;
      return;
    }
    const hit =
      highlightId !== null && focused.current !== focusRequest
        ? element.querySelector<HTMLElement>(`[data-message-id="${highlightId}"]`)
        : null;
    if (hit) {
      focused.current = focusRequest;
      following.current = false;
      const box = hit.getBoundingClientRect();
      const view = element.getBoundingClientRect();
      element.scrollTop += box.top - view.top - (view.height - box.height) / 2;
    } else if (following.current && !hasNewer) {
      element.scrollTop = element.scrollHeight;
    } else if (anchor.current) {
      const row = element.querySelector<HTMLElement>(`[data-message-id="${anchor.current.id}"]`);
      if (row) {
        const moved = row.getBoundingClientRect().top - element.getBoundingClientRect().top;
        element.scrollTop += moved - anchor.current.top;
      }
    }
    anchor.current = findAnchor(element);
  }, [messages, hasOlder, hasNewer, highlightId, focusRequest]);

  // A page that did not fill the view (or landed while the operator sat at an end) asks for the
  // next one; the scroll handler does the rest.
  useEffect(() => {
    if (status === 'ready') pageIfNearEnd();
  }, [status, messages, pageIfNearEnd]);

  // The draft panel takes or gives back room below the messages: stay at the bottom if there.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [draftShown, conversationId]);

  const first = messages[0];
  return (
    <div className="thread-scroll" ref={scroller} onScroll={onScroll} data-testid="thread-scroll">
      {status === 'loading' && <p className="empty">Loading messages…</p>}
      <ol className="messages" role="log" aria-label={`Messages with ${name}`}>
        {first && hasOlder && (
          <li className="thread-edge" data-testid="thread-loading-older" aria-hidden="true">
            Loading older messages…
          </li>
        )}
        {first && !hasOlder && status === 'ready' && (
          <li className="thread-edge thread-start" data-testid="thread-start">
            Start of the conversation ·{' '}
            <time dateTime={new Date(first.createdAt).toISOString()}>
              {dayDate(first.createdAt)}
            </time>
          </li>
        )}
        {messages.map((message) => (
          <MessageBubble
            key={message.id}
            message={message}
            highlighted={message.id === highlightId}
          />
        ))}
        {first && hasNewer && (
          <li className="thread-edge" data-testid="thread-loading-newer" aria-hidden="true">
            Loading newer messages…
          </li>
        )}
      </ol>
      {hasNewer && (
        <button
          type="button"
          className="thread-latest"
          onClick={() => void showLatest()}
          data-testid="thread-jump-latest"
        >
          Newest messages ↓
        </button>
      )}
    </div>
  );
}

export function Thread() {
  const { conversationId, status, error, reload } = usePick(
    useThreadStore,
    'conversationId',
    'status',
    'error',
    'reload',
  );
  const conversation = useConversationsStore((state) => selectConversation(state, conversationId));
  // Whether a draft panel is shown: it takes room from the messages when it appears or goes.
  const draftShown = useDraftsStore((state) =>
    conversationId === null ? false : isOpenDraft(state.latest[conversationId]),
  );

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
        {conversation && <ChannelMark conversation={conversation} />}
        {conversation && <WindowCountdown conversation={conversation} />}
        {conversation?.contact.optedOut && (
          <Badge tone="danger" title="This customer texted STOP; Switchboard will not text them">
            Opted out
          </Badge>
        )}
        {conversation && (
          <>
            <span className="thread-header-spacer" />
            <AiModeSelect conversation={conversation} />
          </>
        )}
      </div>
      {status === 'error' && (
        <LoadFailed
          look="notice"
          error={error}
          onRetry={() => void reload()}
          testId="thread-retry"
        />
      )}
      <Notices conversationId={conversationId} />
      <ThreadMessages key={`history-${conversationId}`} name={name} draftShown={draftShown} />
      <HeldForYou conversation={conversation} />
      <DraftPanel
        conversationId={conversationId}
        optedOut={conversation?.contact.optedOut ?? false}
      />
      <Composer
        key={conversationId}
        conversationId={conversationId}
        optedOut={conversation?.contact.optedOut ?? false}
        conversation={conversation}
      />
    </main>
  );
}
