import './Composer.css';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ConversationSummary } from '../../../shared/types';
import { api } from '../api';
import {
  AttachButton,
  AttachmentPreviews,
  useComposerAttachments,
  useFileDrop,
} from './ComposerAttachments';
import { SegmentMeter, usePreSendCheck } from './SegmentMeter';
import { SendAnyway } from './SendAnyway';
import { WindowClosedNotice, useMinuteClock, windowClosed } from './ServiceWindow';
import { TemplatePicker } from './TemplatePicker';
import { Button } from './ui/Button';
import { useAction } from './ui/useAction';

/** "Send later": a time, and Schedule (which the composer's checks can hold back). */
function SendLater({
  at,
  onAt,
  onSchedule,
  disabled,
}: {
  at: string;
  onAt: (at: string) => void;
  onSchedule: () => void;
  disabled: boolean;
}) {
  return (
    <details className="composer-later">
      <summary>Send later</summary>
      <label htmlFor="composer-later">Send at</label>
      <input
        id="composer-later"
        type="datetime-local"
        value={at}
        onChange={(event) => onAt(event.target.value)}
        data-testid="composer-later"
      />
      <Button disabled={disabled || at === ''} onClick={onSchedule}>
        Schedule
      </Button>
    </details>
  );
}

/** How often, at most, the composer tells the core the operator is typing (it keeps it 8 s). */
const TYPING_EVERY_MS = 3_000;

/**
 * Tells the core the operator is typing here, at most every few seconds: no automatic reply
 * (auto-send, the closed-hours reply) goes out in this conversation meanwhile. Best effort: a
 * lost signal only means the core did not hold back.
 */
function useTypingSignal(conversationId: number): () => void {
  const last = useRef(0);
  return () => {
    const now = Date.now();
    if (now - last.current < TYPING_EVERY_MS) return;
    last.current = now;
    api.invoke('conversations:typing', { conversationId }).catch(() => {});
  };
}

/**
 * The manual reply box (mounted per conversation: switching conversations starts a fresh box).
 * The same pre-send checks the core enforces are shown as the operator types (segments,
 * encoding, cost, blockers), so a refusal never comes as a surprise.
 */
export function Composer({
  conversationId,
  optedOut,
  conversation,
}: {
  conversationId: number;
  optedOut: boolean;
  /** Its channel and service window, once the inbox knows the conversation. */
  conversation?: ConversationSummary | undefined;
}) {
  const now = useMinuteClock();
  const [body, setBody] = useState('');
  const [later, setLater] = useState('');
  const attachments = useComposerAttachments(conversationId);
  const drop = useFileDrop((files) => void attachments.add(files));
  const report = usePreSendCheck(conversationId, body, attachments.ids);
  const action = useAction();
  const textbox = useRef<HTMLTextAreaElement>(null);
  const typing = useTypingSignal(conversationId);
  // The core's "needs-confirmation" is a question for the operator, not an error.
  const confirmation = action.errorKind === 'needs-confirmation' ? action.error : null;
  const error = confirmation === null ? action.error : null;

  async function run(command: () => Promise<unknown>) {
    if (await action.run(async () => void (await command()))) {
      setBody('');
      setLater('');
      attachments.clear();
      textbox.current?.focus();
    }
  }

  const attachmentIds = attachments.ids;
  const send = (confirmQuietHours = false) =>
    run(() =>
      api.invoke('messages:send', { conversationId, body, confirmQuietHours, attachmentIds }),
    );

  const schedule = () =>
    run(() =>
      api.invoke('messages:schedule', {
        conversationId,
        body,
        sendAt: new Date(later).getTime(),
        attachmentIds,
      }),
    );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  function onKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  if (optedOut) {
    return (
      <div className="composer composer-blocked" role="status" data-testid="composer-blocked">
        This customer texted STOP. Sending is off until they text START to your number.
      </div>
    );
  }

  // WhatsApp after 24 hours: the core refuses free text, so the box is not offered at all.
  if (conversation && windowClosed(conversation, now)) {
    return <WindowClosedNotice conversation={conversation} />;
  }

  const nothingToSend = body.trim() === '' && attachmentIds.length === 0;
  const cannotSend =
    action.busy || attachments.uploading || report?.verdict === 'blocked' || nothingToSend;
  return (
    <form
      className={`composer${drop.dragging ? ' composer-dropping' : ''}`}
      onSubmit={onSubmit}
      aria-label="Reply"
      data-testid="composer"
      // A picture or PDF dropped anywhere on the composer is attached like one picked.
      {...drop.handlers}
    >
      <label htmlFor="composer-body" className="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-body"
        ref={textbox}
        rows={3}
        placeholder="Write a reply… (Ctrl+Enter to send)"
        value={body}
        onChange={(event) => {
          setBody(event.target.value);
          typing();
          // A changed text is not what the core asked about.
          if (confirmation !== null) action.reset();
        }}
        onKeyDown={onKey}
        aria-describedby="composer-meter"
        data-testid="composer-body"
      />
      <AttachmentPreviews state={attachments} />
      <SegmentMeter
        id="composer-meter"
        report={report}
        idle={
          <span>
            {conversation?.channel === 'whatsapp'
              ? 'Replies go out on WhatsApp from your WhatsApp sender.'
              : 'Replies go out as SMS from your business number.'}
          </span>
        }
        warnUnicode
        onUseFix={setBody}
        testIds={{
          meter: 'composer-meter',
          warning: 'encoding-warning',
          fix: 'replace-lookalikes',
        }}
      />
      {confirmation && (
        <SendAnyway
          message={confirmation}
          onConfirm={() => void send(true)}
          className="composer-confirm"
          testId="confirm-send"
        />
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="composer-error">
          {error}
        </p>
      )}
      <div className="composer-actions">
        <AttachButton state={attachments} />
        <SendLater
          at={later}
          onAt={setLater}
          onSchedule={() => void schedule()}
          disabled={cannotSend}
        />
        <Button type="submit" variant="primary" disabled={cannotSend} data-testid="composer-send">
          Send
        </Button>
      </div>
      {conversation?.channel === 'whatsapp' && <TemplatesAtHand conversation={conversation} />}
    </form>
  );
}

/** Inside the window free text goes; a template stays at hand (a reminder, an order). */
function TemplatesAtHand({ conversation }: { conversation: ConversationSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="composer-templates"
      onToggle={(event) => setOpen(event.currentTarget.open)}
      data-testid="composer-templates"
    >
      <summary>Use a template</summary>
      {open && <TemplatePicker conversation={conversation} />}
    </details>
  );
}
