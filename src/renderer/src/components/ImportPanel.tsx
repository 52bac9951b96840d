import { useId, useState, type ChangeEvent } from 'react';
import type { ContactImportResult } from '../../../shared/types';
import { useRecordsStore } from '../stores/recordsStore';
import sectioned from './SectionedDialog.module.css';
import styles from './RecordsDialog.module.css';

/** The file's text; FileReader rather than File.text() so older WebViews read it too. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    reader.readAsText(file, 'utf-8');
  });
}

export function ImportPanel() {
  const importContacts = useRecordsStore((state) => state.importContacts);
  const inputId = useId();
  const [state, setState] = useState<{
    busy: boolean;
    file: string | null;
    result: ContactImportResult | null;
    error: string | null;
  }>({ busy: false, file: null, result: null, error: null });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // The same file can be chosen again after fixing it.
    event.target.value = '';
    if (!file) return;
    setState({ busy: true, file: file.name, result: null, error: null });
    try {
      const result = await importContacts(await readText(file));
      setState({ busy: false, file: file.name, result, error: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setState({ busy: false, file: file.name, result: null, error: message });
    }
  }

  const { result } = state;
  return (
    <div className={styles.panel}>
      <p className={`${sectioned.intro} ${styles.intro}`}>
        A CSV file with a header row naming its columns: <code>name</code>, <code>number</code>,{' '}
        <code>tags</code> (separated by <code>;</code>) and <code>notes</code>, in any order. A
        number already in Switchboard gets the new name, notes and tags. If any row has a problem,
        nothing is imported: fix the rows listed and choose the file again.
      </p>
      <div className="field">
        <label htmlFor={inputId}>Contacts CSV file</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          disabled={state.busy}
          onChange={(event) => void onFile(event)}
          data-testid="import-file"
        />
      </div>
      <div role="status" className={styles.importOutcome} data-testid="import-outcome">
        {state.busy && <p className="muted">Importing {state.file}…</p>}
        {result && result.errors.length === 0 && (
          <p className="form-success" data-testid="import-success">
            Imported {result.imported}, updated {result.updated}.
          </p>
        )}
      </div>
      {state.error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {state.error}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <div className="form-error" role="alert" data-testid="import-errors">
          <p>
            Nothing was imported from {state.file}: {result.errors.length}{' '}
            {result.errors.length === 1 ? 'row has a problem' : 'rows have problems'}.
          </p>
          <ul className={styles.importErrorList}>
            {result.errors.map((rowError) => (
              <li key={`${rowError.line}-${rowError.reason}`} data-testid="import-error-row">
                Line {rowError.line}: {rowError.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
