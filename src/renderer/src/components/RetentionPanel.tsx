import { useEffect, useState, type FormEvent } from 'react';
import type { RecordsSettingsView, RetentionResult } from '../../../shared/types';
import { api } from '../api';
import { formatBytes } from '../format';
import { useRecordsStore } from '../stores/recordsStore';
import { CheckField, ShortNumberField } from './ui/Field';
import { SaveForm } from './SaveForm';
import { Button } from './ui/Button';
import { useAction } from './ui/useAction';
import { usePick } from '../stores/usePick';
import sectioned from './SectionedDialog.module.css';
import styles from './RecordsDialog.module.css';

function describe(result: RetentionResult): string {
  const cutoff = new Date(result.cutoff).toLocaleDateString();
  const conversations = `${result.conversations.toLocaleString()} ${result.conversations === 1 ? 'conversation' : 'conversations'}`;
  const messages = `${result.messages.toLocaleString()} ${result.messages === 1 ? 'message' : 'messages'}`;
  return `${conversations} (${messages}) last active before ${cutoff}`;
}

function RetentionForm({ settings }: { settings: RecordsSettingsView }) {
  const { saveSettings, previewRetention, applyRetention } = usePick(
    useRecordsStore,
    'saveSettings',
    'previewRetention',
    'applyRetention',
  );
  const [enabled, setEnabled] = useState(settings.retention.enabled);
  const [months, setMonths] = useState(String(settings.retention.months));
  const [preview, setPreview] = useState<RetentionResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  // Save, Preview and Delete share one outcome: a new one replaces the last.
  const action = useAction();

  function monthCount(): number {
    const value = Number(months);
    if (!Number.isInteger(value) || value < 1)
      throw new Error('Type a whole number of months, 1 or more.');
    return value;
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await saveSettings({ retention: { enabled, months: monthCount() } });
      return 'Saved.';
    });
  };
  const showPreview = () =>
    void action.run(async () => {
      setConfirming(false);
      setPreview(await previewRetention(monthCount()));
    });
  const apply = () =>
    void action.run(async () => {
      const done = await applyRetention(monthCount());
      setPreview(null);
      setConfirming(false);
      return `Deleted ${describe(done)}.`;
    });

  return (
    <form className={sectioned.form} aria-label="Retention" onSubmit={save}>
      <CheckField
        label="Delete old conversations automatically, once a day"
        checked={enabled}
        onChange={setEnabled}
        testId="retention-enabled"
      />
      <ShortNumberField
        label="Keep conversations active in the last (months)"
        value={months}
        onChange={(value) => {
          setMonths(value);
          setPreview(null);
          setConfirming(false);
        }}
        testId="retention-months"
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={action.busy} data-testid="retention-save">
          Save
        </Button>
        <Button disabled={action.busy} onClick={showPreview} data-testid="retention-preview">
          Preview
        </Button>
        <span className="form-success" role="status" data-testid="retention-message">
          {action.done ?? ''}
        </span>
      </div>
      {action.error && (
        <p className="form-error" role="alert">
          {action.error}
        </p>
      )}
      {preview && (
        <div className={styles.confirm} data-testid="retention-preview-result">
          <p>
            {preview.conversations === 0
              ? 'Nothing is old enough to delete.'
              : `Deleting now removes ${describe(preview)}. Contacts stay.`}
          </p>
          {preview.conversations > 0 && !confirming && (
            <Button
              variant="danger"
              onClick={() => setConfirming(true)}
              data-testid="retention-delete"
            >
              Delete now…
            </Button>
          )}
          {confirming && (
            <div role="alertdialog" aria-label="Confirm deletion" className="form-actions">
              <span>This cannot be undone (backups keep their copy).</span>
              <Button
                variant="danger"
                disabled={action.busy}
                onClick={apply}
                data-testid="retention-confirm"
              >
                Delete {preview.conversations.toLocaleString()}{' '}
                {preview.conversations === 1 ? 'conversation' : 'conversations'}
              </Button>
              <Button onClick={() => setConfirming(false)} data-testid="retention-cancel">
                Cancel
              </Button>
            </div>
          )}
        </div>
      )}
    </form>
  );
}

/** The webhook log's own retention (always on) and the space it takes. */
function WebhookLogForm({ settings }: { settings: RecordsSettingsView }) {
  const saveSettings = useRecordsStore((state) => state.saveSettings);
  const [accepted, setAccepted] = useState(String(settings.webhookLog.acceptedDays));
  const [refused, setRefused] = useState(String(settings.webhookLog.refusedDays));
  const [space, setSpace] = useState<number | null>(null);

  useEffect(() => {
    let current = true;
    api
      .invoke('records:webhookLogSpace', {})
      .then((answer) => current && setSpace(answer.bytes))
      .catch(() => current && setSpace(null));
    return () => {
      current = false;
    };
  }, [settings.lastWebhookLogPruneAt]);

  const save = async () => {
    const acceptedDays = Number(accepted);
    const refusedDays = Number(refused);
    if (!Number.isInteger(acceptedDays) || !Number.isInteger(refusedDays)) {
      throw new Error('Type whole numbers of days.');
    }
    await saveSettings({ webhookLog: { acceptedDays, refusedDays } });
    return 'Saved.';
  };

  return (
    <SaveForm label="Save" testId="webhook-log" save={save} className={sectioned.form} primary>
      <p className="muted" data-testid="webhook-log-space">
        {space === null
          ? 'Measuring the space the webhook log takes…'
          : `The webhook log takes ${formatBytes(space)} of the data file.`}
      </p>
      <div className="field-row">
        <ShortNumberField
          label="Keep Twilio’s requests (days)"
          value={accepted}
          onChange={setAccepted}
          testId="webhook-log-accepted-days"
        />
        <ShortNumberField
          label="Keep refused requests (days)"
          value={refused}
          onChange={setRefused}
          testId="webhook-log-refused-days"
        />
      </div>
    </SaveForm>
  );
}

export function RetentionPanel() {
  const settings = useRecordsStore((state) => state.settings);
  return (
    <div className={styles.panel}>
      <p className={`${sectioned.intro} ${styles.intro}`}>
        Off unless you turn it on. Conversations whose last text is older than the months you choose
        are deleted with their messages and drafts; contacts stay, and a conversation with a
        scheduled message is never deleted. Each deletion is written to the audit log.
      </p>
      {settings ? <RetentionForm settings={settings} /> : <p className="muted">Loading…</p>}
      <h3 className={styles.subtitle}>Webhook log</h3>
      <p className={`${sectioned.intro} ${styles.intro}`}>
        Every request that reaches the webhook address is logged. Twilio’s signed requests keep
        their full text, as the record of what Twilio sent; refused ones keep only a short summary.
        Older entries are deleted once a day.
      </p>
      {settings && <WebhookLogForm settings={settings} />}
    </div>
  );
}
