import { useRecordsStore, type RecordsSection } from '../stores/recordsStore';
import { BackupsPanel } from './BackupsPanel';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { LogViewer } from './LogViewer';
import { RetentionPanel } from './RetentionPanel';
import { SectionedDialog } from './SectionedDialog';
import { LoadFailed } from './ui/LoadFailed';
import { usePick } from '../stores/usePick';

const sections: Array<{ id: RecordsSection; label: string }> = [
  { id: 'export', label: 'Export' },
  { id: 'backups', label: 'Backups' },
  { id: 'import', label: 'Import contacts' },
  { id: 'retention', label: 'Retention' },
  { id: 'logs', label: 'Logs' },
];

/** Exports, backups, contact import, retention and logs: a modal dialog; Escape closes it. */
export function RecordsDialog() {
  const { section, settingsError, loadSettings } = usePick(
    useRecordsStore,
    'section',
    'settingsError',
    'loadSettings',
  );
  return (
    <SectionedDialog name="records" title="Records" store={useRecordsStore} sections={sections}>
      {settingsError && (
        <LoadFailed
          error={settingsError}
          onRetry={() => void loadSettings()}
          testId="records-retry"
        />
      )}
      {section === 'export' && <ExportPanel />}
      {section === 'backups' && <BackupsPanel />}
      {section === 'import' && <ImportPanel />}
      {section === 'retention' && <RetentionPanel />}
      {section === 'logs' && <LogViewer />}
    </SectionedDialog>
  );
}
