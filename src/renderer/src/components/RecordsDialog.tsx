import { useEffect, useRef } from 'react';
import { useRecordsStore, type RecordsSection } from '../stores/recordsStore';
import { BackupsPanel } from './BackupsPanel';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { LogViewer } from './LogViewer';
import { RetentionPanel } from './RetentionPanel';

const sections: Array<{ id: RecordsSection; label: string }> = [
  { id: 'export', label: 'Export' },
  { id: 'backups', label: 'Backups' },
  { id: 'import', label: 'Import contacts' },
  { id: 'retention', label: 'Retention' },
  { id: 'logs', label: 'Logs' },
];

/** Exports, backups, contact import, retention and logs: a modal dialog; Escape closes it. */
export function RecordsDialog() {
  const isOpen = useRecordsStore((state) => state.isOpen);
  const close = useRecordsStore((state) => state.close);
  const section = useRecordsStore((state) => state.section);
  const setSection = useRecordsStore((state) => state.setSection);
  const settingsError = useRecordsStore((state) => state.settingsError);
  const loadSettings = useRecordsStore((state) => state.loadSettings);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (isOpen && !element.open) element.showModal();
    if (!isOpen && element.open) element.close();
  }, [isOpen]);

  return (
    <dialog
      ref={dialog}
      className="settings-dialog records-dialog"
      aria-labelledby="records-title"
      onClose={close}
      data-testid="records-dialog"
    >
      {isOpen && (
        <>
          <div className="settings-header">
            <h2 id="records-title">Records</h2>
            <button
              type="button"
              className="button-secondary"
              onClick={close}
              data-testid="records-close"
            >
              Close
            </button>
          </div>
          <div className="settings-body">
            <nav className="settings-nav" aria-label="Records sections">
              <ul>
                {sections.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      aria-current={section === s.id ? 'page' : undefined}
                      onClick={() => setSection(s.id)}
                      data-testid={`records-section-${s.id}`}
                    >
                      {s.label}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="settings-content">
              <h3 className="settings-section-title">
                {sections.find((s) => s.id === section)?.label}
              </h3>
              {settingsError && (
                <div className="form-error" role="alert">
                  <p>{settingsError}</p>
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => void loadSettings()}
                    data-testid="records-retry"
                  >
                    Try again
                  </button>
                </div>
              )}
              {section === 'export' && <ExportPanel />}
              {section === 'backups' && <BackupsPanel />}
              {section === 'import' && <ImportPanel />}
              {section === 'retention' && <RetentionPanel />}
              {section === 'logs' && <LogViewer />}
            </div>
          </div>
        </>
      )}
    </dialog>
  );
}
