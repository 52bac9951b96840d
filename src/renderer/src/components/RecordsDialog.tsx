import './RecordsDialog.css';
import { useRecordsStore, type RecordsSection } from '../stores/recordsStore';
import { BackupsPanel } from './BackupsPanel';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { LogViewer } from './LogViewer';
import { RetentionPanel } from './RetentionPanel';
import { SectionedDialog } from './SectionedDialog';
import { Button } from './ui/Button';

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
  return (
    <SectionedDialog
      name="records"
      title="Records"
      className="settings-dialog records-dialog"
      isOpen={isOpen}
      close={close}
      sections={sections}
      section={section}
      setSection={setSection}
    >
      {settingsError && (
        <div className="form-error" role="alert">
          <p>{settingsError}</p>
          <Button variant="quiet" onClick={() => void loadSettings()} data-testid="records-retry">
            Try again
          </Button>
        </div>
      )}
      {section === 'export' && <ExportPanel />}
      {section === 'backups' && <BackupsPanel />}
      {section === 'import' && <ImportPanel />}
      {section === 'retention' && <RetentionPanel />}
      {section === 'logs' && <LogViewer />}
    </SectionedDialog>
  );
}
