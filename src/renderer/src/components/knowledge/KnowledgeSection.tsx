import { useEffect, useRef, useState } from 'react';
import type { KnowledgeKind, KnowledgeSourceView } from '../../../../shared/knowledge';
import { api } from '../../api';
import { useKnowledgeStore } from '../../stores/knowledgeStore';
import { usePick } from '../../stores/usePick';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { LoadFailed } from '../ui/LoadFailed';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import {
  emptyDraft,
  KnowledgeEditor,
  type EditableKind,
  type EditorDraft,
} from './KnowledgeEditor';
import sectioned from '../SectionedDialog.module.css';
import styles from './Knowledge.module.css';

const kindLabels: Record<KnowledgeKind, string> = {
  fact: 'Fact',
  prices: 'Prices',
  policy: 'Policy',
  document: 'Document',
  webpage: 'Web page',
};

/** Settings → Knowledge: what drafts may answer from, as many entries as the business likes. */
export function KnowledgeSection() {
  const { entries, status, error, load } = usePick(useKnowledgeStore, 'entries', 'status', 'error', 'load'); // prettier-ignore
  const [editing, setEditing] = useState<EditorDraft | null>(null);
  useEffect(() => void load(), [load]);
  return (
    <div className={styles.section} data-testid="knowledge-section">
      <p className={sectioned.intro}>
        Facts, prices, policies and documents drafts answer from. Offline suggestions quote them; a
        draft that states a price, time or link found nowhere here is flagged before it is sent.
      </p>
      {editing ? (
        <KnowledgeEditor initial={editing} onDone={() => setEditing(null)} />
      ) : (
        <>
          <AddBar onAdd={(kind) => setEditing(emptyDraft(kind))} />
          <ImportRow />
        </>
      )}
      {status === 'error' && <LoadFailed error={error} onRetry={() => void load()} />}
      {status !== 'error' && entries.length === 0 && status === 'ready' && (
        <p className="muted">Nothing yet. Add a fact or your price list, or import a document.</p>
      )}
      <ul className={styles.list} data-testid="knowledge-list">
        {entries.map((entry) => (
          <EntryRow key={entry.id} entry={entry} onEdit={setEditing} />
        ))}
      </ul>
    </div>
  );
}

function AddBar({ onAdd }: { onAdd: (kind: EditableKind) => void }) {
  return (
    <div className={styles.addBar}>
      <span className="muted">Add:</span>
      <Button size="small" onClick={() => onAdd('fact')} data-testid="knowledge-add-fact">
        Fact (question → answer)
      </Button>{' '}
      <Button size="small" onClick={() => onAdd('prices')} data-testid="knowledge-add-prices">
        Price list
      </Button>{' '}
      <Button size="small" onClick={() => onAdd('policy')} data-testid="knowledge-add-policy">
        Policy
      </Button>{' '}
    </div>
  );
}

/** A document from the disk, or a web page by its address (needs the internet). */
function ImportRow() {
  const { importFile, importUrl } = usePick(useKnowledgeStore, 'importFile', 'importUrl');
  const action = useAction();
  const [url, setUrl] = useState('');
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className={styles.importRow}>
      <input
        ref={file}
        type="file"
        accept=".pdf,.docx,.txt,.md,.markdown"
        className="visually-hidden"
        data-testid="knowledge-file"
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          event.target.value = '';
          if (chosen) void action.run(async () => (await importFile(chosen), `Imported ${chosen.name}.`)); // prettier-ignore
        }}
      />
      <Button
        size="small"
        disabled={action.busy}
        onClick={() => file.current?.click()}
        data-testid="knowledge-import-file"
      >
        Import a document…
      </Button>{' '}
      <span className="muted">PDF, Word (.docx), text or Markdown</span>
      <form
        className={styles.urlForm}
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => (await importUrl(url.trim()), setUrl(''), 'Imported the page.')); // prettier-ignore
        }}
      >
        <input
          aria-label="Web page address"
          placeholder="https://your-site.com/faq"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="knowledge-url"
        />{' '}
        <Button
          size="small"
          type="submit"
          disabled={action.busy || url.trim() === ''}
          data-testid="knowledge-import-url"
        >
          Import page
        </Button>{' '}
      </form>
      <Outcome action={action} testId="knowledge-import-outcome" />
    </div>
  );
}

function EntryRow({
  entry,
  onEdit,
}: {
  entry: KnowledgeSourceView;
  onEdit: (draft: EditorDraft) => void;
}) {
  // prettier-ignore
  const { remove, importUrl, importFile } = usePick(useKnowledgeStore, 'remove', 'importUrl', 'importFile'); // prettier-ignore
  const action = useAction();
  const file = useRef<HTMLInputElement>(null);
  const editable = entry.kind === 'fact' || entry.kind === 'prices' || entry.kind === 'policy';

  const edit = () =>
    void action.run(async () => {
      const details = await api.invoke('knowledge:get', { id: entry.id });
      const base = { ...emptyDraft(entry.kind as EditableKind), id: entry.id, title: entry.title };
      const content = details.content as never;
      onEdit(entry.kind === 'fact' ? { ...base, fact: content } : entry.kind === 'prices' ? { ...base, prices: (content as { items: [] }).items } : { ...base, policy: (content as { text: string }).text }); // prettier-ignore
    });
  return (
    <li className={styles.entry} data-testid="knowledge-entry" data-kind={entry.kind}>
      <div className={styles.entryHead}>
        <Badge tone="neutral">{kindLabels[entry.kind]}</Badge>
        <strong className={styles.entryTitle}>{entry.title}</strong>
        <span className="muted">
          {entry.passages} {entry.passages === 1 ? 'passage' : 'passages'}
        </span>{' '}
      </div>
      <p className={styles.summary}>
        {entry.origin ? `${entry.origin} · ` : ''}
        {entry.summary}
      </p>{' '}
      <div className={styles.entryActions}>
        {editable && (
          <Button size="small" disabled={action.busy} onClick={edit}>
            Edit
          </Button>
        )}
        {
          entry.kind === 'webpage' && entry.origin &&
          <Button size="small" disabled={action.busy} onClick={() => void action.run(async () => (await importUrl(entry.origin!, entry.id), 'Fetched again.'))}>Fetch again</Button> // prettier-ignore
        }
        {entry.kind === 'document' && (
          <>
            <input
              ref={file}
              type="file"
              accept=".pdf,.docx,.txt,.md,.markdown"
              className="visually-hidden"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f)
                  void action.run(async () => (await importFile(f, entry.id), 'Imported again.'));
              }}
            />
            <Button size="small" disabled={action.busy} onClick={() => file.current?.click()}>
              Re-import…
            </Button>
          </>
        )}
        <Button
          size="small"
          variant="danger"
          disabled={action.busy}
          onClick={() => void action.run(() => remove(entry.id))}
          data-testid="knowledge-delete"
        >
          Delete
        </Button>
        <Outcome action={action} />
      </div>
    </li>
  );
}
