import './ServiceWindow.css';
import { useEffect, useState } from 'react';
import {
  WINDOW_WARNING_MS,
  describeSince,
  describeWindowCountdown,
  windowIsOpen,
} from '../../../shared/serviceWindow';
import type { ConversationSummary, MessageStatus } from '../../../shared/types';
import { TemplatePicker } from './TemplatePicker';

/**
 * A display clock that ticks once a minute, for the window countdowns. The core decides what may
 * be sent; this only keeps the words current between events.
 */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The small "WhatsApp" mark on a conversation of that channel (SMS, the usual one, has none). */
export function ChannelMark({ conversation }: { conversation: ConversationSummary }) {
  if (conversation.channel !== 'whatsapp') return null;
  return (
    <span className="channel-mark" data-testid="channel-mark" title="A WhatsApp conversation">
      WhatsApp
    </span>
  );
}

/** The inbox row's warning: only when the window closes within a few hours (or just closed). */
export function InboxWindowMarker({
  conversation,
  now,
}: {
  conversation: ConversationSummary;
  now: number;
}) {
  const window = conversation.serviceWindow;
  if (!window || window.closesAt === null) return null;
  const left = window.closesAt - now;
  if (left > WINDOW_WARNING_MS || left <= 0) return null;
  return (
    <span className="row-marker row-marker-window" data-testid="window-marker">
      {describeWindowCountdown(window, now).replace(/^Window/, 'window')}
    </span>
  );
}

/** The thread header's countdown: "Window closes in 2 h", or closed. */
export function WindowCountdown({ conversation }: { conversation: ConversationSummary }) {
  const now = useMinuteClock();
  const window = conversation.serviceWindow;
  if (!window) return null;
  const open = windowIsOpen(window, now);
  return (
    <span
      className={`window-countdown${open ? '' : ' window-closed'}`}
      role="timer"
      aria-live="off"
      title="WhatsApp allows free-form replies for 24 hours after the customer's last message"
      data-testid="window-countdown"
    >
      {describeWindowCountdown(window, now)}
    </span>
  );
}

/**
 * What the composer shows instead of a text box when the window is closed: why, and the approved
 * templates that may still go (the picker).
 */
export function WindowClosedNotice({ conversation }: { conversation: ConversationSummary }) {
  const now = useMinuteClock();
  const wrote = conversation.lastInboundAt ?? null;
  return (
    <div className="composer composer-templates-only" data-testid="composer-window-closed">
      <p className="window-closed-text" role="status">
        <strong>Only templates can be sent now.</strong>{' '}
        {wrote === null
          ? 'This customer has not written to you on WhatsApp yet, '
          : `The customer last wrote ${describeSince(wrote, now)}, `}
        and WhatsApp allows free-form replies only for 24 hours after their last message. Pick an
        approved template below; free text can go again as soon as the customer writes.
      </p>
      <TemplatePicker conversation={conversation} />
    </div>
  );
}

/** The composer shows the notice instead of the text box when the conversation's window closed. */
export function windowClosed(conversation: ConversationSummary | undefined, now: number): boolean {
  return (
    conversation?.serviceWindow !== undefined && !windowIsOpen(conversation.serviceWindow, now)
  );
}

/** Ticks as people know them from WhatsApp: sent ✓, delivered ✓✓, read ✓✓ in the accent colour. */
export function DeliveryTicks({ status }: { status: MessageStatus }) {
  const ticks =
    status === 'sent'
      ? '✓'
      : status === 'delivered' || status === 'read' || status === 'partially_delivered'
        ? '✓✓'
        : null;
  if (ticks === null) return null;
  return (
    <span
      className={`ticks${status === 'read' ? ' ticks-read' : ''}`}
      aria-hidden="true"
      data-testid="delivery-ticks"
      data-status={status}
    >
      {ticks}
    </span>
  );
}
