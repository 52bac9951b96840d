import './Composer.css';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorMessage, OperatorError } from '../api';
import { SegmentMeter, usePreSendCheck } from './SegmentMeter';
import { Button } from './ui/Button';
import { Callout } from './ui/Callout';

/**
 * The manual reply box (mounted per conversation: switching conversations starts a fresh box). The same pre-send checks the core enforces are shown as the operator
 * types (segments, encoding, cost, blockers), so a refusal never comes as a surprise.
 */
export function Composer({
  conversationId,
  optedOut,
}: {
  conversationId: number;
  optedOut: boolean;
}) {
  const [body, setBody] = useState('');
  const report = usePreSendCheck(conversationId, body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [later, setLater] = useState('');
  const textbox = useRef<HTMLTextAreaElement>(null);

  async function run(action: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
      setBody('');
      setLater('');
      setConfirmation(null);
      textbox.current?.focus();
    } catch (failure) {
      if (failure instanceof OperatorError && failure.kind === 'needs-confirmation') {
        setConfirmation(failure.message);
      } else {
        setError(errorMessage(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const send = (confirmQuietHours = false) =>
    run(() => api.invoke('messages:send', { conversationId, body, confirmQuietHours }));

  const schedule = () =>
    run(() =>
      api.invoke('messages:schedule', { conversationId, body, sendAt: new Date(later).getTime() }),
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

  const blocked = report?.verdict === 'blocked';
  return (
    <form className="composer" onSubmit={onSubmit} aria-label="Reply" data-testid="composer">
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
          setConfirmation(null);
        }}
        onKeyDown={onKey}
        aria-describedby="composer-meter"
        data-testid="composer-body"
      />
      <SegmentMeter
        id="composer-meter"
        report={report}
        idle={<span>Replies go out as SMS from your business number.</span>}
        warnUnicode
        onUseFix={setBody}
        testIds={{
          meter: 'composer-meter',
          warning: 'encoding-warning',
          fix: 'replace-lookalikes',
        }}
      />
      {confirmation && (
        <Callout
          as="div"
          tone="warning"
          className="composer-confirm"
          role="alert"
          data-testid="confirm-send"
        >
          <p>{confirmation}</p>
          <Button variant="primary" onClick={() => void send(true)}>
            Send anyway
          </Button>
        </Callout>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="composer-error">
          {error}
        </p>
      )}
      <div className="composer-actions">
        <details className="composer-later">
          <summary>Send later</summary>
          <label htmlFor="composer-later">Send at</label>
          <input
            id="composer-later"
            type="datetime-local"
            value={later}
            onChange={(event) => setLater(event.target.value)}
            data-testid="composer-later"
          />
          <Button
            disabled={busy || blocked || body.trim() === '' || later === ''}
            onClick={() => void schedule()}
          >
            Schedule
          </Button>
        </details>
        <Button
          type="submit"
          variant="primary"
          disabled={busy || blocked || body.trim() === ''}
          data-testid="composer-send"
        >
          Send
        </Button>
      </div>
    </form>
  );
}
