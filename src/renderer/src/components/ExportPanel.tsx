import { useState, type FormEvent } from 'react';
import type { ExportFormat, ExportKind } from '../../../shared/types';
import { selectCurrentExport, useRecordsStore } from '../stores/recordsStore';
import { useThreadStore } from '../stores/threadStore';
import { Button } from './ui/Button';
import { CheckField, InputField } from './ui/Field';
import { SelectField } from './ui/Select';
import sectioned from './SectionedDialog.module.css';
import styles from './RecordsDialog.module.css';

const kinds: Array<{ id: ExportKind; label: string; formats: ExportFormat[] }> = [
  { id: 'messages', label: 'Messages', formats: ['csv', 'jsonl'] },
  { id: 'conversations', label: 'Conversations', formats: ['csv', 'jsonl'] },
  { id: 'webhookLog', label: 'Webhook log', formats: ['jsonl'] },
  { id: 'auditLog', label: 'Audit log', formats: ['jsonl'] },
  { id: 'appLog', label: 'Application log (numbers masked, no texts)', formats: ['jsonl'] },
  { id: 'transcript', label: 'Transcript of the open conversation', formats: ['html'] },
];

const formatLabels: Record<ExportFormat, string> = {
  csv: 'CSV (opens in a spreadsheet)',
  jsonl: 'JSON Lines',
  html: 'Printable page (HTML)',
};

/** Midnight of a yyyy-mm-dd date in the operator's time zone, in ms; `days` later when given. */
function dayStart(date: string, days = 0): number {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year!, month! - 1, day! + days).getTime();
}

export function ExportPanel() {
  const startExport = useRecordsStore((state) => state.startExport);
  const cancelExport = useRecordsStore((state) => state.cancelExport);
  const current = useRecordsStore(selectCurrentExport);
  const conversationId = useThreadStore((state) => state.conversationId);
  const [what, setWhat] = useState<ExportKind>('messages');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [includeMedia, setIncludeMedia] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = kinds.find((k) => k.id === what)!;
  const running = current !== null && !current.done;
  const needsConversation = what === 'transcript' && conversationId === null;

  function chooseKind(next: ExportKind) {
    setWhat(next);
    const formats = kinds.find((k) => k.id === next)!.formats;
    if (!formats.includes(format)) setFormat(formats[0]!);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (from && to && dayStart(to) < dayStart(from)) {
      setError('The end date is before the start date.');
      return;
    }
    setBusy(true);
    try {
      await startExport({
        what,
        format,
        ...(what === 'transcript' && conversationId !== null ? { conversationId } : {}),
        // Only messages carry attachments; the box is not shown for the other kinds.
        ...(what === 'messages' && includeMedia ? { includeMedia: true } : {}),
        ...(what !== 'transcript' && from ? { from: dayStart(from) } : {}),
        // The core's `to` is exclusive: the whole of the chosen last day is included.
        ...(what !== 'transcript' && to ? { to: dayStart(to, 1) } : {}),
      });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.panel}>
      <p className={`${sectioned.intro} ${styles.intro}`}>
        Exports are written to a file on this computer. CSV files open in Excel, Numbers or Google
        Sheets; secrets are never included.
      </p>
      <form className={sectioned.form} onSubmit={(event) => void submit(event)}>
        <div className="field-row">
          <SelectField
            label="What"
            value={what}
            onChange={chooseKind}
            choices={kinds.map((k) => ({ value: k.id, label: k.label }))}
            disabled={running}
            testId="export-what"
          />
          <SelectField
            label="Format"
            value={format}
            onChange={setFormat}
            choices={kind.formats.map((f) => ({ value: f, label: formatLabels[f] }))}
            disabled={running || kind.formats.length === 1}
            testId="export-format"
          />
        </div>
        {what === 'transcript' ? (
          needsConversation && (
            <p className="field-hint" data-testid="export-needs-conversation">
              Open a conversation in the inbox first; its transcript is what gets exported.
            </p>
          )
        ) : (
          <div className="field-row">
            <InputField
              label="From (optional)"
              type="date"
              value={from}
              onChange={setFrom}
              disabled={running}
              testId="export-from"
            />
            <InputField
              label="To (optional, included)"
              type="date"
              value={to}
              onChange={setTo}
              disabled={running}
              testId="export-to"
            />
          </div>
        )}
        {what === 'messages' && (
          <CheckField
            label="Include the pictures and files customers sent (copied into a media folder beside the export)"
            checked={includeMedia}
            onChange={setIncludeMedia}
            testId="export-include-media"
          />
        )}
        <div className="form-actions">
          <Button
            type="submit"
            variant="primary"
            disabled={busy || running || needsConversation}
            data-testid="export-start"
          >
            {busy ? 'Starting…' : 'Start export'}
          </Button>
          {running && (
            <Button
              onClick={() => void cancelExport().catch((caught: Error) => setError(caught.message))}
              data-testid="export-cancel"
            >
              Cancel export
            </Button>
          )}
          {error && (
            <p className="form-error" role="alert" data-testid="export-error">
              {error}
            </p>
          )}
        </div>
      </form>
      {current && <ExportStatus />}
    </div>
  );
}

function ExportStatus() {
  const current = useRecordsStore(selectCurrentExport)!;
  const { written, total, done, canceled, error, path } = current;
  return (
    <div className={styles.exportStatus} data-testid="export-status">
      <progress
        className={styles.exportProgress}
        aria-label="Export progress"
        value={done ? Math.max(total, 1) : written}
        max={Math.max(total, 1)}
        data-testid="export-progress"
      />
      <p role="status" data-testid="export-state" data-done={done ? 'true' : 'false'}>
        {!done && `Writing ${written.toLocaleString()} of ${total.toLocaleString()} rows…`}
        {done && canceled && 'Export cancelled; no file was kept.'}
        {done && !canceled && error && (
          <span className={styles.exportFailed}>Export failed: {error}</span>
        )}
        {done && !canceled && !error && (
          <>
            {written.toLocaleString()} {written === 1 ? 'row' : 'rows'} saved to{' '}
            <code className={styles.exportPath} data-testid="export-path">
              {path}
            </code>
          </>
        )}
      </p>
    </div>
  );
}
