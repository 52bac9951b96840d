import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DraftView, PreSendReport } from '../../../shared/types';
import { api, errorMessage, OperatorError } from '../api';
import { languageName } from '../format';
import { categoryLabels } from '../stores/conversationsStore';
import { isOpenDraft, useDraftsStore } from '../stores/draftsStore';
import { SegmentMeter, usePreSendCheck } from './SegmentMeter';

function countdownText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The auto-send countdown, ticking once a second. A display clock only: when the draft goes out
 * (or is held) the core says so with a draft:updated event. Mounted per countdown, so its clock
 * starts fresh.
 */
function Countdown({
  autoSendAt,
  onStop,
  stopping,
}: {
  autoSendAt: number;
  onStop: () => void;
  stopping: boolean;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = autoSendAt - now;
  return (
    <span className="draft-status draft-status-auto" data-testid="auto-send-countdown">
      <span role="timer" aria-live="off" title="This draft goes out by itself unless you stop it">
        {left > 0 ? `Auto-sends in ${countdownText(left)}` : 'Sending automatically…'}
      </span>
      <button
        type="button"
        className="button-secondary button-small"
        onClick={onStop}
        disabled={stopping}
        data-testid="auto-send-stop"
      >
        Stop
      </button>
    </span>
  );
}

function DraftStatus({
  draft,
  onStop,
  stopping,
}: {
  draft: DraftView;
  onStop: () => void;
  stopping: boolean;
}) {
  if (draft.state === 'ready' && draft.autoSendAt !== null) {
    return <Countdown autoSendAt={draft.autoSendAt} onStop={onStop} stopping={stopping} />;
  }
  switch (draft.state) {
    case 'generating':
      return (
        <span className="draft-status draft-status-busy" data-testid="draft-status">
          <span className="draft-dot" aria-hidden="true" />
          Writing…
        </span>
      );
    case 'ready':
      return (
        <span className="draft-status" data-testid="draft-status">
          Waiting for you
        </span>
      );
    case 'failed':
      return (
        <span
          className={`draft-status${draft.errorKind === 'no-suggestion' ? '' : ' draft-status-problem'}`}
          data-testid="draft-status"
        >
          {draft.errorKind === 'no-suggestion'
            ? 'No suggestion'
            : draft.willRetry
              ? 'Failed · trying again'
              : 'Failed'}
        </span>
      );
    default:
      return null;
  }
}

/** The draft's meter: what it says while writing, and when a Unicode draft is worth a warning. */
function DraftMeter({
  draft,
  report,
  editing,
  onUseFix,
}: {
  draft: DraftView;
  report: PreSendReport | null;
  editing: boolean;
  onUseFix: (text: string) => void;
}) {
  const segments = report?.segments;
  // While typing, always say why the text is Unicode. A draft as written only gets the warning
  // when it costs something: a one-segment reply with an en dash is not worth a yellow box.
  const fix = report?.lookalikeFix;
  const warn =
    segments?.encoding === 'UCS-2' &&
    (editing ||
      segments.segments > 1 ||
      (fix !== null && fix !== undefined && fix.segments < segments.segments));
  return (
    <SegmentMeter
      kind="draft"
      id={`draft-meter-${draft.id}`}
      report={report}
      idle={
        draft.state === 'generating' ? (
          <span>{draft.text.length > 0 ? `${draft.text.length} characters so far` : ''}</span>
        ) : null
      }
      warnUnicode={warn}
      onUseFix={onUseFix}
      testIds={{
        meter: 'draft-meter',
        warning: 'draft-encoding-warning',
        fix: 'draft-replace-lookalikes',
      }}
    />
  );
}

type Busy = 'approve' | 'reject' | 'regenerate' | 'stop' | null;

function DraftCard({ draft }: { draft: DraftView }) {
  const apply = useDraftsStore((state) => state.apply);
  const dismiss = useDraftsStore((state) => state.dismiss);
  const [mode, setMode] = useState<'view' | 'edit' | 'reject'>('view');
  const [edited, setEdited] = useState('');
  const [instruction, setInstruction] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const textbox = useRef<HTMLTextAreaElement>(null);
  const reasonBox = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLDivElement>(null);

  const generating = draft.state === 'generating';
  const ready = draft.state === 'ready';
  const failed = draft.state === 'failed';
  const editing = mode === 'edit';
  const text = editing ? edited : ready ? draft.text : '';
  const report = usePreSendCheck(draft.conversationId, text);
  const blocked = report?.verdict === 'blocked' || (editing && edited.trim() === '');
  const locked = busy !== null || done;

  // Keep the newest words in view while a long draft streams into its fixed-height box.
  useEffect(() => {
    if (generating && body.current) body.current.scrollTop = body.current.scrollHeight;
  }, [draft.text, generating]);

  useEffect(() => {
    if (mode === 'edit' && textbox.current) {
      const box = textbox.current;
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
    if (mode === 'reject') reasonBox.current?.focus();
  }, [mode]);

  async function run(kind: Exclude<Busy, null>, action: () => Promise<unknown>) {
    if (busy !== null) return false;
    setBusy(kind);
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      if (failure instanceof OperatorError && failure.kind === 'needs-confirmation') {
        setConfirmation(failure.message);
      } else {
        setError(errorMessage(failure));
      }
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function approve(confirmQuietHours = false) {
    if (!ready || locked || blocked) return;
    const request = editing
      ? { draftId: draft.id, text: edited, confirmQuietHours }
      : { draftId: draft.id, confirmQuietHours };
    // The panel goes away when the core pushes the decided draft; until then nothing can be clicked twice.
    if (await run('approve', () => api.invoke('drafts:approve', request))) {
      setConfirmation(null);
      setDone(true);
    }
  }

  async function reject() {
    if (!ready || locked) return;
    const trimmed = reason.trim();
    const request = trimmed ? { draftId: draft.id, reason: trimmed } : { draftId: draft.id };
    if (await run('reject', () => api.invoke('drafts:reject', request))) setDone(true);
  }

  async function regenerate() {
    if (locked) return;
    const trimmed = instruction.trim();
    const request = trimmed ? { draftId: draft.id, instruction: trimmed } : { draftId: draft.id };
    await run('regenerate', async () => apply(await api.invoke('drafts:regenerate', request)));
  }

  async function stopAutoSend() {
    await run('stop', async () =>
      apply(await api.invoke('drafts:stopAutoSend', { draftId: draft.id })),
    );
  }

  function startEditing(text = draft.text) {
    setEdited(text);
    setMode('edit');
    setConfirmation(null);
    // Editing while a countdown runs would race it: stop it first.
    if (draft.autoSendAt !== null) void stopAutoSend();
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && mode !== 'reject') {
      event.preventDefault();
      void approve();
    }
  }

  const noSuggestion = failed && draft.errorKind === 'no-suggestion';
  const label = draft.provider === 'openai' ? `AI draft · ${draft.label}` : draft.label;
  const details = [
    draft.language && { key: 'language', text: languageName(draft.language), title: 'Language' },
    draft.category && { key: 'category', text: categoryLabels[draft.category], title: 'Category' },
    draft.instruction && {
      key: 'instruction',
      text: `“${draft.instruction}”`,
      title: 'Your instruction',
    },
  ].filter((d): d is { key: string; text: string; title: string } => Boolean(d));

  return (
    <section
      className={`draft-panel draft-${draft.state}`}
      aria-labelledby={`draft-title-${draft.id}`}
      data-testid="draft-panel"
      data-state={draft.state}
      data-draft-id={draft.id}
      onKeyDown={onKeyDown}
    >
      <div className="draft-head">
        <h3 id={`draft-title-${draft.id}`} className="draft-title" title={label}>
          <span className="visually-hidden">Suggested reply: </span>
          <span data-testid="draft-label">{label}</span>
        </h3>
        {details.map((d) => (
          <span key={d.key} className="chip" title={d.title} data-testid={`draft-${d.key}`}>
            {d.text}
          </span>
        ))}
        <span className="draft-head-spacer" />
        <DraftStatus draft={draft} onStop={() => void stopAutoSend()} stopping={busy === 'stop'} />
      </div>

      {editing ? (
        <>
          <label htmlFor={`draft-edit-${draft.id}`} className="visually-hidden">
            Draft
          </label>
          <textarea
            id={`draft-edit-${draft.id}`}
            ref={textbox}
            className="draft-body draft-edit"
            value={edited}
            onChange={(event) => {
              setEdited(event.target.value);
              setConfirmation(null);
            }}
            aria-describedby={`draft-meter-${draft.id}`}
            data-testid="draft-edit"
          />
        </>
      ) : (
        <div
          ref={body}
          className={`draft-body${failed ? (noSuggestion ? ' draft-body-info' : ' draft-body-error') : ''}`}
          aria-live="polite"
          aria-busy={generating}
          data-testid="draft-body"
        >
          {failed ? (
            <p data-testid="draft-error" role={noSuggestion ? undefined : 'alert'}>
              {draft.error ?? 'The draft could not be written.'}
              {draft.willRetry && ' Switchboard will try again by itself.'}
            </p>
          ) : (
            <p className="draft-text" data-testid="draft-text">
              {draft.text === '' && generating ? (
                <span className="muted">Writing a reply…</span>
              ) : (
                draft.text
              )}
              {generating && <span className="draft-caret" aria-hidden="true" />}
            </p>
          )}
        </div>
      )}

      {/* Always there (empty when failed), so every state of the panel has the same height. */}
      <DraftMeter
        draft={draft}
        report={report}
        editing={editing}
        onUseFix={(fixed) => startEditing(fixed)}
      />

      {confirmation && (
        <div className="draft-confirm" role="alert" data-testid="draft-confirm">
          <p>{confirmation}</p>
          <button
            type="button"
            className="button-primary button-small"
            disabled={locked}
            onClick={() => void approve(true)}
          >
            Send anyway
          </button>
        </div>
      )}
      {error && (
        <p className="draft-problem" role="alert" data-testid="draft-action-error">
          {error}
        </p>
      )}

      {mode === 'reject' ? (
        <form
          className="draft-actions"
          onSubmit={(event) => {
            event.preventDefault();
            void reject();
          }}
        >
          <label htmlFor={`draft-reason-${draft.id}`} className="visually-hidden">
            Reason
          </label>
          <input
            id={`draft-reason-${draft.id}`}
            ref={reasonBox}
            className="draft-input"
            placeholder="Why? (optional: wrong facts, wrong tone…)"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setMode('view');
            }}
            data-testid="draft-reject-reason"
          />
          <button
            type="submit"
            className="button-danger"
            disabled={locked}
            data-testid="draft-reject-confirm"
          >
            Reject draft
          </button>
          <button type="button" className="button-secondary" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="draft-actions">
          {!failed && (
            <>
              <button
                type="button"
                className="button-primary"
                disabled={!ready || locked || blocked}
                onClick={() => void approve()}
                aria-keyshortcuts="Control+Enter Meta+Enter"
                title="Send this reply (Ctrl+Enter)"
                data-testid="draft-approve"
              >
                {busy === 'approve' ? 'Sending…' : 'Approve'}
              </button>
              {editing ? (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={locked}
                  onClick={() => {
                    setMode('view');
                    setConfirmation(null);
                  }}
                  data-testid="draft-discard-edit"
                >
                  Discard edits
                </button>
              ) : (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={!ready || locked}
                  onClick={() => startEditing()}
                  data-testid="draft-edit-button"
                >
                  Edit
                </button>
              )}
              <button
                type="button"
                className="button-secondary"
                disabled={!ready || locked}
                onClick={() => setMode('reject')}
                data-testid="draft-reject"
              >
                Reject
              </button>
            </>
          )}
          {failed && !draft.willRetry && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => dismiss(draft.id)}
              data-testid="draft-dismiss"
            >
              Dismiss
            </button>
          )}
          <span className="draft-actions-spacer" />
          {/* Regenerating would throw the edits away: finish or discard them first. */}
          {!editing && (
            <form
              className="draft-regenerate"
              onSubmit={(event) => {
                event.preventDefault();
                void regenerate();
              }}
            >
              <label htmlFor={`draft-instruction-${draft.id}`} className="visually-hidden">
                Instruction
              </label>
              <input
                id={`draft-instruction-${draft.id}`}
                className="draft-input"
                placeholder="e.g. shorter, more formal"
                value={instruction}
                onChange={(event) => setInstruction(event.target.value)}
                disabled={generating || locked}
                data-testid="draft-instruction-input"
              />
              <button
                type="submit"
                className="button-secondary"
                disabled={generating || locked}
                data-testid="draft-regenerate"
              >
                {busy === 'regenerate' ? 'Starting…' : 'Regenerate'}
              </button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}

/** The latest draft of the open conversation: streams in, then waits for the operator's decision. */
export function DraftPanel({
  conversationId,
  optedOut,
}: {
  conversationId: number;
  optedOut: boolean;
}) {
  const draft = useDraftsStore((state) => state.latest[conversationId]);
  const dismissed = useDraftsStore((state) => (draft ? state.dismissed[draft.id] === true : false));
  const load = useDraftsStore((state) => state.load);
  const loadError = useDraftsStore((state) => state.loadErrors[conversationId]);

  useEffect(() => {
    void load(conversationId);
  }, [conversationId, load]);

  if (optedOut) return null;
  if (loadError && !isOpenDraft(draft)) {
    return (
      <div className="draft-load-error" role="alert" data-testid="draft-load-error">
        <span>Drafts could not be loaded: {loadError}</span>
        <button type="button" className="button-link" onClick={() => void load(conversationId)}>
          Try again
        </button>
      </div>
    );
  }
  if (!isOpenDraft(draft) || dismissed) return null;
  return <DraftCard key={draft.id} draft={draft} />;
}
