import './SimulatorPanel.css';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../api';
import { useThreadStore } from '../stores/threadStore';
import { Button } from './ui/Button';
import { useAction } from './ui/useAction';
import { Card } from './ui/Card';

/**
 * Demo mode only: plays the customer. The message goes through the simulator and arrives as a
 * signed webhook like a real text, so the inbox updates from the same pushed events.
 */
export function SimulatorPanel() {
  const [from, setFrom] = useState('');
  const [body, setBody] = useState('');
  const [picture, setPicture] = useState(false);
  // WhatsApp: the customer writes to the sandbox sender, with the name on their profile.
  const [whatsapp, setWhatsapp] = useState(false);
  const [profileName, setProfileName] = useState('');
  const sending = useAction();
  const error = sending.error;

  function send(event?: FormEvent) {
    event?.preventDefault();
    void sending.run(async () => {
      await api.invoke('simulator:textBusiness', {
        from,
        body,
        channel: whatsapp ? 'whatsapp' : 'sms',
        ...(whatsapp && profileName.trim() !== '' ? { profileName } : {}),
        ...(picture ? { picture } : {}),
      });
      // Keep what was typed meanwhile (the next message, while this one was on its way).
      setBody((current) => (current === body ? '' : current));
      return `Sent from ${whatsapp ? `${from} on WhatsApp` : from}.`;
    });
  }

  // Enter adds a line; Ctrl/Cmd+Enter sends, as in most chat tools.
  function onMessageKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send();
  }

  return (
    <Card name="simulator" title="Simulator" className="simulator">
      <p className="card-hint">
        Play a customer: your text arrives like a real one, through the webhook.
      </p>
      <form className="card-form simulator-form" onSubmit={send} noValidate>
        <label htmlFor="simulator-from">Customer number</label>
        <input
          id="simulator-from"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="+1 415 555 0100"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
          aria-invalid={error !== null ? true : undefined}
          aria-describedby={error !== null ? 'simulator-error' : undefined}
          data-testid="simulator-from"
        />
        <label className="simulator-channel">
          <input
            type="checkbox"
            checked={whatsapp}
            onChange={(event) => setWhatsapp(event.target.checked)}
            data-testid="simulator-whatsapp"
          />
          Text as a WhatsApp user
        </label>
        {whatsapp && (
          <>
            <label htmlFor="simulator-profile">WhatsApp profile name (optional)</label>
            <input
              id="simulator-profile"
              type="text"
              autoComplete="off"
              placeholder="Maria"
              maxLength={60}
              value={profileName}
              onChange={(event) => setProfileName(event.target.value)}
              data-testid="simulator-profile-name"
            />
          </>
        )}
        <label htmlFor="simulator-body">Customer message</label>
        <textarea
          id="simulator-body"
          rows={3}
          placeholder="Hi, are you open on Saturday?"
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={onMessageKey}
          data-testid="simulator-body"
        />
        <label className="simulator-picture">
          <input
            type="checkbox"
            checked={picture}
            onChange={(event) => setPicture(event.target.checked)}
            data-testid="simulator-picture"
          />
          {whatsapp ? 'Attach a picture' : 'Attach a picture (sent as an MMS)'}
        </label>
        <Button
          type="submit"
          variant="primary"
          disabled={sending.busy}
          data-testid="simulator-send"
        >
          {sending.busy ? 'Sending…' : whatsapp ? 'Write on WhatsApp' : 'Text the business'}
        </Button>
      </form>
      {error !== null && (
        <p id="simulator-error" className="form-error" role="alert" data-testid="simulator-error">
          {error}
        </p>
      )}
      <p className="form-success" role="status" data-testid="simulator-sent">
        {sending.done}
      </p>
      <PassTime />
    </Card>
  );
}

/**
 * "A day later", on demand: the open conversation's messages become 25 hours older, so the
 * operator can see WhatsApp's window close (the composer offers only templates) without waiting.
 */
function PassTime() {
  const conversationId = useThreadStore((state) => state.conversationId);
  const passing = useAction();
  if (conversationId === null) return null;
  return (
    <div className="simulator-time">
      <Button
        variant="secondary"
        disabled={passing.busy}
        onClick={() =>
          void passing.run(async () => {
            await api.invoke('simulator:passTime', { conversationId, hours: 25 });
            return 'This conversation is now 25 hours older.';
          })
        }
        data-testid="simulator-pass-time"
      >
        Let 25 hours pass here
      </Button>
      <p className="card-hint">
        Makes the open conversation a day older, as if nobody wrote since: on WhatsApp the 24-hour
        window closes.
      </p>
      {passing.error !== null && (
        <p className="form-error" role="alert">
          {passing.error}
        </p>
      )}
      <p className="form-success" role="status" data-testid="simulator-time-passed">
        {passing.done}
      </p>
    </div>
  );
}
