import { useState, type FormEvent } from 'react';
import type { BackupInfo, RecordsSettingsView } from '../../../shared/types';
import { api } from '../api';
import { formatBytes, longTime } from '../format';
import { CheckField, ShortNumberField } from './ui/Field';
import { useRecordsStore } from '../stores/recordsStore';
import { Button } from './ui/Button';
import { ListStatus } from './ui/ListStatus';
import { Outcome } from './ui/Outcome';
import { useAction } from './ui/useAction';
import sectioned from './SectionedDialog.module.css';
import styles from './RecordsDialog.module.css';

/**
 * Shows a folder in the file manager on the desktop; in a browser (serve mode) nothing can open
 * it, so the path is shown to copy instead.
 */
function OpenFolderButton({ which, label }: { which: 'data' | 'backups'; label: string }) {
  const [shown, setShown] = useState<string | null>(null);
  return (
    <>
      <Button
        onClick={() =>
          void api
            .invoke('records:openFolder', { which })
            .then(({ opened, path }) => setShown(opened ? null : path))
            .catch(() => undefined)
        }
        data-testid={`open-folder-${which}`}
      >
        {label}
      </Button>
      {shown && (
        <span className="muted" role="status">
          Open it from your file manager: <code>{shown}</code>
        </span>
      )}
    </>
  );
}

/** "7 backups use 12.6 GB · 80 GB free on this disk", with a warning when the next may not fit. */
function SpaceLine({ space }: { space: RecordsSettingsView['backupSpace'] }) {
  if (space.count === 0 && space.freeBytes === null) return null;
  const newest = space.count > 0 ? space.usedBytes / space.count : 0;
  const tight = space.freeBytes !== null && space.count > 0 && space.freeBytes < 2 * newest;
  return (
    <p className={tight ? 'form-error' : 'muted'} data-testid="backup-space">
      {space.count > 0 &&
        `${space.count === 1 ? '1 backup uses' : `${space.count} backups use`} ${formatBytes(space.usedBytes)}`}
      {space.count > 0 && space.freeBytes !== null && ' · '}
      {space.freeBytes !== null && `${formatBytes(space.freeBytes)} free on this disk`}
      {tight && '. The next backup may not fit: free some space or pick another folder.'}
    </p>
  );
}

function Schedule({ settings }: { settings: RecordsSettingsView }) {
  const saveSettings = useRecordsStore((state) => state.saveSettings);
  const [enabled, setEnabled] = useState(settings.backups.enabled);
  const [hours, setHours] = useState(String(settings.backups.intervalHours));
  const [keep, setKeep] = useState(String(settings.backups.keep));
  const [maxGb, setMaxGb] = useState(
    settings.backups.maxTotalGb === null ? '' : String(settings.backups.maxTotalGb),
  );
  const action = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void action.run(async () => {
      const intervalHours = Number(hours);
      const keepCount = Number(keep);
      if (!Number.isInteger(intervalHours) || !Number.isInteger(keepCount)) {
        throw new Error('Type whole numbers for the hours and the number of backups to keep.');
      }
      const maxTotalGb = maxGb.trim() === '' ? null : Number(maxGb.replace(',', '.'));
      if (maxTotalGb !== null && !(maxTotalGb > 0)) {
        throw new Error(
          'Type the space the backups may use in GB, or leave it empty for no limit.',
        );
      }
      await saveSettings({ backups: { enabled, intervalHours, keep: keepCount, maxTotalGb } });
      return 'Saved.';
    });
  }

  return (
    <form className={sectioned.form} aria-label="Backup schedule" onSubmit={submit}>
      <CheckField
        label="Back up automatically"
        checked={enabled}
        onChange={setEnabled}
        testId="backup-enabled"
      />
      <div className="field-row">
        <ShortNumberField
          label="Every (hours)"
          value={hours}
          onChange={setHours}
          disabled={!enabled}
          testId="backup-interval"
        />
        <ShortNumberField
          label="Keep the newest"
          value={keep}
          onChange={setKeep}
          disabled={!enabled}
          testId="backup-keep"
        />
        <ShortNumberField
          label="Use at most (GB)"
          value={maxGb}
          onChange={setMaxGb}
          disabled={!enabled}
          testId="backup-max-gb"
          decimal
          placeholder="no limit"
        />
      </div>
      <p className="field-hint">
        When the backups take more than this together, the oldest go first; the newest always stays.
      </p>
      <div className="form-actions">
        <Button type="submit" variant="primary" data-testid="backup-save-schedule">
          Save schedule
        </Button>
        <Outcome action={action} />
      </div>
    </form>
  );
}

function RestoreConfirm({ backup, onDone }: { backup: BackupInfo; onDone: () => void }) {
  const restore = useRecordsStore((state) => state.restore);
  const settings = useRecordsStore((state) => state.settings);
  const action = useAction();
  // Attachments damaged or missing in the backup: the restore goes ahead without them.
  const [mediaProblems, setMediaProblems] = useState<string[]>([]);

  const confirm = () =>
    action.run(async () => {
      const result = await restore(backup.path);
      if (!result.verdict.ok) throw new Error(result.verdict.problems.join(' '));
      setMediaProblems(result.verdict.mediaProblems);
    });

  // Done means staged: the backup passed its check and waits for the restart.
  if (action.done !== null) {
    return (
      <div className={styles.confirm} role="status" data-testid="restore-staged">
        <p>
          <strong>The backup from {longTime(backup.createdAt)} passed its check.</strong> Restart
          Switchboard to finish: it swaps the backup in as it starts.
        </p>
        {mediaProblems.map((problem) => (
          <p key={problem} className="form-error" data-testid="restore-media-problem">
            {problem}
          </p>
        ))}
        <Button onClick={onDone}>OK</Button>
      </div>
    );
  }
  return (
    <div
      className={styles.confirm}
      role="alertdialog"
      aria-labelledby="restore-confirm-title"
      data-testid="restore-confirm"
    >
      <p id="restore-confirm-title">
        <strong>Restore the backup from {longTime(backup.createdAt)}?</strong>
      </p>
      <ul>
        <li>Switchboard checks the backup first and refuses one that is damaged.</li>
        <li>
          A restart is needed: the backup replaces the current data when Switchboard next starts.
        </li>
        <li>
          The current data is moved aside to a <code>before-restore-…</code> folder
          {settings ? (
            <>
              {' '}
              in <code>{settings.paths.dataDir}</code>
            </>
          ) : null}
          , not deleted. Texts received after this backup was taken will not be in the console
          afterwards (they stay in that folder).
        </li>
      </ul>
      <div className="form-actions">
        <Button
          variant="danger"
          disabled={action.busy}
          onClick={() => void confirm()}
          data-testid="restore-confirm-button"
        >
          {action.busy ? 'Checking…' : 'Restore on next start'}
        </Button>
        <Button onClick={onDone} data-testid="restore-cancel">
          Cancel
        </Button>
        {action.error && (
          <p className="form-error" role="alert">
            {action.error}
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * A hub keeps its store in PostgreSQL, shared by several processes: copies are the database
 * server's business, so there is no list and no restore here (the backup commands refuse too).
 */
function HubBackups() {
  return (
    <div className={styles.panel} data-testid="hub-backups">
      <p className={`${sectioned.intro} ${styles.intro}`}>
        Backups of a hub are PostgreSQL&apos;s: use <code>pg_dump</code> or point-in-time recovery.
      </p>
      <p className="muted">
        Exports (Records → Export) still work and are written on the hub, in its data folder.
      </p>
    </div>
  );
}

export function BackupsPanel() {
  const backups = useRecordsStore((state) => state.backups);
  const status = useRecordsStore((state) => state.backupsStatus);
  const listError = useRecordsStore((state) => state.backupsError);
  const settings = useRecordsStore((state) => state.settings);
  const backupNow = useRecordsStore((state) => state.backupNow);
  const backup = useAction();
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  const takeBackup = () =>
    backup.run(async () => {
      await backupNow();
    });

  if (settings?.backupsBy === 'postgresql') return <HubBackups />;
  return (
    <div className={styles.panel}>
      <p className={`${sectioned.intro} ${styles.intro}`}>
        A backup is a complete copy of the database and the pictures and files customers sent,
        checked as it is written
        {settings ? (
          <>
            , kept in <code data-testid="backup-folder">{settings.paths.backupsDir}</code>
          </>
        ) : null}
        .{settings?.lastBackupAt ? ` Last backup: ${longTime(settings.lastBackupAt)}.` : ''}
      </p>
      {settings && <SpaceLine space={settings.backupSpace} />}
      {settings?.lastBackupError && (
        <p className="form-error" role="alert" data-testid="backup-last-error">
          The last scheduled backup failed: {settings.lastBackupError}
        </p>
      )}
      <div className="form-actions">
        <Button
          variant="primary"
          disabled={backup.busy}
          onClick={() => void takeBackup()}
          data-testid="backup-now"
        >
          {backup.busy ? 'Backing up…' : 'Back up now'}
        </Button>
        <OpenFolderButton which="backups" label="Open backups folder" />
        <OpenFolderButton which="data" label="Open data folder" />
        {backup.error && (
          <p className="form-error" role="alert" data-testid="backup-error">
            {backup.error}
          </p>
        )}
      </div>
      {restoring && <RestoreConfirm backup={restoring} onDone={() => setRestoring(null)} />}
      <ListStatus status={status} error={listError} isEmpty={backups.length === 0}>
        <p className="muted" data-testid="backups-empty">
          No backups yet. Use “Back up now”, or turn on the schedule below.
        </p>
      </ListStatus>
      {backups.length > 0 && (
        <table className={styles.table} aria-label="Backups" data-testid="backup-list">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...backups]
              .sort((a, b) => b.createdAt - a.createdAt)
              .map((backup) => (
                <tr key={backup.path} data-testid="backup-row" title={backup.path}>
                  <td>{longTime(backup.createdAt)}</td>
                  <td className={styles.number} data-testid="backup-size">
                    {formatBytes(backup.bytes + backup.mediaBytes)}
                    {backup.mediaFiles > 0 && (
                      <span className={styles.detail}>
                        {backup.mediaFiles === 1
                          ? 'with 1 attachment'
                          : `with ${backup.mediaFiles} attachments`}
                      </span>
                    )}
                  </td>
                  <td className={styles.actions}>
                    <Button
                      variant="quiet"
                      aria-label={`Restore the backup from ${longTime(backup.createdAt)}`}
                      onClick={() => setRestoring(backup)}
                      data-testid="backup-restore"
                    >
                      Restore…
                    </Button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      <h3 className={styles.subtitle}>Schedule</h3>
      {settings && <Schedule settings={settings} />}
    </div>
  );
}
