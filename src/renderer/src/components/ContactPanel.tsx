import './ContactPanel.css';
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Channel, ConsentChange, ContactDetails } from '../../../shared/types';
import { formatPhone, languageName, longTime, shortTime } from '../format';
import { useContactStore } from '../stores/contactStore';
import { WhatsAppConsent } from './WhatsAppConsent';
import { selectConversation, useConversationsStore } from '../stores/conversationsStore';
import { useThreadStore } from '../stores/threadStore';
import { Button } from './ui/Button';
import { Card } from './ui/Card';
import { LoadFailed } from './ui/LoadFailed';
import { usePick } from '../stores/usePick';

function ConsentHistory({ history }: { history: ConsentChange[] }) {
  if (history.length === 0) return null;
  return (
    <ol className="consent-history" aria-label="Consent history" data-testid="consent-history">
      {history.map((change) => (
        <li key={`${change.at}-${change.optedOut}`}>
          <span className={change.optedOut ? 'consent-out' : 'consent-in'}>
            {change.optedOut ? 'Opted out' : 'Opted in'}
          </span>{' '}
          <span className="muted">
            · {change.via} ·{' '}
            <time dateTime={new Date(change.at).toISOString()} title={longTime(change.at)}>
              {shortTime(change.at)}
            </time>
          </span>
        </li>
      ))}
    </ol>
  );
}

const channelNames: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp' };

/**
 * The customer's conversations, one per channel and business number (the same person on SMS and
 * WhatsApp is one contact): each opens its thread; the open one is marked.
 */
function ContactConversations({
  conversations,
  openId,
}: {
  conversations: NonNullable<ContactDetails['conversations']>;
  openId: number | null;
}) {
  const open = useThreadStore((state) => state.open);
  return (
    <ul className="contact-conversations" data-testid="contact-conversations">
      {conversations.map((c) => (
        <li key={c.id}>
          {c.id === openId ? (
            <span aria-current="true" data-testid="contact-conversation">
              {channelNames[c.channel]} <span className="muted">(this thread)</span>
            </span>
          ) : (
            <button
              type="button"
              className="link-button"
              onClick={() => void open(c.id)}
              data-testid="contact-conversation"
            >
              {channelNames[c.channel]}
            </button>
          )}
          <span className="contact-conversation-number mono muted">
            <span className="visually-hidden">with </span>
            {formatPhone(c.businessNumber)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The editable part; mounted per contact, so switching conversations starts from saved values. */
/** Tags as chips, each with its remove button; Enter or a comma adds the typed one. */
function TagField({
  id,
  tags,
  onChange,
}: {
  id: string;
  tags: string[];
  onChange: (tags: string[]) => void;
}) {
  const [newTag, setNewTag] = useState('');

  function addTag() {
    const tag = newTag.trim();
    if (tag !== '' && !tags.includes(tag)) onChange([...tags, tag]);
    setNewTag('');
  }

  function onTagKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault(); // a tag, not a form submit
      addTag();
    } else if (event.key === 'Backspace' && newTag === '' && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  }

  return (
    <div className="tag-field">
      {tags.map((tag) => (
        <span key={tag} className="tag" data-testid="contact-tag">
          {tag}
          <button
            type="button"
            className="tag-remove"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(tags.filter((t) => t !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        type="text"
        autoComplete="off"
        placeholder={tags.length === 0 ? 'vip, wholesale…' : 'Add tag'}
        maxLength={40}
        value={newTag}
        onChange={(event) => setNewTag(event.target.value)}
        onKeyDown={onTagKey}
        onBlur={addTag}
        data-testid="contact-tag-input"
      />
    </div>
  );
}

function ContactForm({ details }: { details: ContactDetails }) {
  const save = useContactStore((state) => state.save);
  const ids = useId();
  const [name, setName] = useState(details.name ?? '');
  const [notes, setNotes] = useState(details.notes);
  const [tags, setTags] = useState(details.tags);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const dirty =
    name.trim() !== (details.name ?? '') ||
    notes !== details.notes ||
    tags.join('\n') !== details.tags.join('\n');

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!dirty || saving) return;
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      await save({ name: name.trim(), notes, tags });
      setName((current) => current.trim());
      setSaved(true);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card-form contact-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={`${ids}-name`}>Name</label>
      <input
        id={`${ids}-name`}
        type="text"
        autoComplete="off"
        placeholder="Add a name"
        maxLength={120}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setSaved(false);
        }}
        data-testid="contact-name"
      />
      <label htmlFor={`${ids}-tag`}>Tags</label>
      <TagField id={`${ids}-tag`} tags={tags} onChange={setTags} />
      <label htmlFor={`${ids}-notes`}>Notes</label>
      <textarea
        id={`${ids}-notes`}
        rows={3}
        maxLength={4000}
        placeholder="Only you see these. AI drafts use them as context."
        value={notes}
        onChange={(event) => {
          setNotes(event.target.value);
          setSaved(false);
        }}
        data-testid="contact-notes"
      />
      <div className="form-actions">
        <Button type="submit" disabled={!dirty || saving} data-testid="contact-save">
          {saving ? 'Saving…' : 'Save contact'}
        </Button>
        <span className="form-success" role="status">
          {saved && !dirty ? 'Saved.' : ''}
        </span>
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Who the open conversation is with: details, consent, and what the operator noted. */
export function ContactPanel() {
  const conversationId = useThreadStore((state) => state.conversationId);
  const contactId = useConversationsStore(
    (state) => selectConversation(state, conversationId)?.contact.id ?? null,
  );
  const { show, details, status, error, refresh } = usePick(
    useContactStore,
    'show',
    'details',
    'status',
    'error',
    'refresh',
  );

  useEffect(() => show(contactId), [contactId, show]);

  if (contactId === null) return null;
  return (
    <Card name="contact" title="Contact" className="contact-panel">
      {status === 'loading' && <p className="card-hint">Loading…</p>}
      {status === 'error' && <LoadFailed error={error} onRetry={() => void refresh()} />}
      {details && details.id === contactId && (
        <>
          <dl className="facts">
            <div>
              <dt>Number</dt>
              <dd className="mono" data-testid="contact-number">
                {formatPhone(details.address)}
              </dd>
            </div>
            {details.conversations && details.conversations.length > 0 && (
              <div>
                <dt>Channels</dt>
                <dd>
                  <ContactConversations
                    conversations={details.conversations}
                    openId={conversationId}
                  />
                </dd>
              </div>
            )}
            <div>
              <dt>Language</dt>
              <dd data-testid="contact-language">
                {details.language ? languageName(details.language) : 'Not known yet'}
              </dd>
            </div>
            <div>
              <dt>Texts</dt>
              <dd data-testid="contact-consent">
                {details.optedOut ? (
                  <span className="consent-out">
                    Opted out
                    {details.optedOutAt !== null && ` since ${shortTime(details.optedOutAt)}`}
                  </span>
                ) : (
                  <span className="consent-in">Can receive texts</span>
                )}
              </dd>
            </div>
            {details.conversations?.some((c) => c.channel === 'whatsapp') && (
              <div>
                <WhatsAppConsent details={details} />
              </div>
            )}
          </dl>
          <ConsentHistory history={details.consentHistory} />
          <ContactForm key={details.id} details={details} />
        </>
      )}
    </Card>
  );
}
