import { useState } from 'react';
import type { FactContent, KnowledgeKind, PricesContent } from '../../../../shared/knowledge';
import { useKnowledgeStore } from '../../stores/knowledgeStore';
import { Button } from '../ui/Button';
import { Field, InputField } from '../ui/Field';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import styles from './Knowledge.module.css';

export type EditableKind = Extract<KnowledgeKind, 'fact' | 'prices' | 'policy'>;

export interface EditorDraft {
  id?: number;
  kind: EditableKind;
  title: string;
  fact: FactContent;
  prices: PricesContent['items'];
  policy: string;
}

export const emptyDraft = (kind: EditableKind): EditorDraft => ({
  kind,
  title: kind === 'prices' ? 'Prices' : '',
  fact: { question: '', answer: '', translations: [] },
  prices: [{ item: '', price: '' }],
  policy: '',
});

const kindNames: Record<EditableKind, string> = { fact: 'fact', prices: 'price list', policy: 'policy' }; // prettier-ignore

/** Adding or editing a fact (with translations), a price list or a policy. */
export function KnowledgeEditor({ initial, onDone }: { initial: EditorDraft; onDone: () => void }) {
  const save = useKnowledgeStore((s) => s.save);
  const action = useAction();
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<EditorDraft>) => setDraft({ ...draft, ...patch });
  const fact = draft.fact;
  const setFact = (patch: Partial<FactContent>) => set({ fact: { ...fact, ...patch } });

  function submit() {
    const title = draft.title.trim() || (draft.kind === 'fact' ? fact.question.trim() : '');
    const entry =
      draft.kind === 'fact'
        ? { kind: 'fact' as const, content: fact }
        : draft.kind === 'prices'
          ? { kind: 'prices' as const, content: { items: draft.prices.filter((p) => p.item.trim() || p.price.trim()) } } // prettier-ignore
          : { kind: 'policy' as const, content: { text: draft.policy } };
    void action.run(async () => {
      await save({ ...(draft.id ? { id: draft.id } : {}), title, entry });
      onDone();
    });
  }

  return (
    <form
      className={styles.editor}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      data-testid="knowledge-editor"
    >
      <h4 className={styles.editorTitle}>
        {draft.id ? 'Edit' : 'New'} {kindNames[draft.kind]}
      </h4>
      <InputField
        label="Title"
        hint={draft.kind === 'fact' ? 'Optional: the question is used when empty.' : 'Shown on drafts as "Based on: …".'} // prettier-ignore
        value={draft.title}
        onChange={(title) => set({ title })}
        testId="knowledge-title"
      />
      {draft.kind === 'fact' && <FactFields fact={fact} onChange={setFact} />}
      {draft.kind === 'prices' && (
        <PriceRows items={draft.prices} onChange={(prices) => set({ prices })} />
      )}
      {draft.kind === 'policy' && (
        <Field label="Policy">
          {
            (id) =>
            <textarea id={id} rows={6} value={draft.policy} onChange={(e) => set({ policy: e.target.value })} data-testid="knowledge-policy" /> // prettier-ignore
          }
        </Field>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={action.busy} data-testid="knowledge-save">
          {action.busy ? 'Saving…' : 'Save'}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
        <Outcome action={action} testId="knowledge-editor-outcome" />
      </div>
    </form>
  );
}

const languages = ['es', 'pt', 'fr', 'de', 'en'];

function FactFields({
  fact,
  onChange,
}: {
  fact: FactContent;
  onChange: (patch: Partial<FactContent>) => void;
}) {
  // prettier-ignore
  const translations = fact.translations;
  const setTranslation = (n: number, patch: Partial<FactContent['translations'][number]>) =>
    onChange({ translations: translations.map((t, i) => (i === n ? { ...t, ...patch } : t)) });
  return (
    <>
      <InputField
        label="Question"
        value={fact.question}
        onChange={(question) => onChange({ question })}
        testId="knowledge-question"
        placeholder="Are you open on Sunday?"
      />{' '}
      <Field label="Answer">
        {
          (id) =>
          <textarea id={id} rows={3} value={fact.answer} onChange={(e) => onChange({ answer: e.target.value })} data-testid="knowledge-answer" /> // prettier-ignore
        }
      </Field>
      {translations.map((t, n) => (
        <fieldset key={n} className={styles.translation} data-testid="knowledge-translation">
          <legend>Translation</legend>
          <label>
            Language{' '}
            <select
              value={t.language}
              onChange={(e) => setTranslation(n, { language: e.target.value })}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <input
            aria-label="Question in this language"
            value={t.question}
            onChange={(e) => setTranslation(n, { question: e.target.value })}
          />{' '}
          <textarea
            aria-label="Answer in this language"
            rows={2}
            value={t.answer}
            onChange={(e) => setTranslation(n, { answer: e.target.value })}
          />{' '}
          <Button
            size="small"
            onClick={() => onChange({ translations: translations.filter((_, i) => i !== n) })}
          >
            Remove
          </Button>{' '}
        </fieldset>
      ))}
      <div>
        <Button
          size="small"
          onClick={() =>
            onChange({
              translations: [...translations, { language: 'es', question: '', answer: '' }],
            })
          }
          data-testid="knowledge-add-translation"
        >
          {' '}
          Add a translation
        </Button>
      </div>
    </>
  );
}

function PriceRows({
  items,
  onChange,
}: {
  items: PricesContent['items'];
  onChange: (items: PricesContent['items']) => void;
}) {
  // prettier-ignore
  const setItem = (n: number, patch: Partial<PricesContent['items'][number]>) =>
    onChange(items.map((item, i) => (i === n ? { ...item, ...patch } : item)));
  return (
    <div className={styles.prices}>
      <div className={styles.priceHead} aria-hidden="true">
        <span>Item</span>
        <span>Price</span>
      </div>
      {items.map((item, n) => (
        <div key={n} className={styles.priceRow} data-testid="knowledge-price-row">
          <input
            aria-label={`Item ${n + 1}`}
            value={item.item}
            onChange={(e) => setItem(n, { item: e.target.value })}
            placeholder="Men's cut"
          />{' '}
          <input
            aria-label={`Price ${n + 1}`}
            value={item.price}
            onChange={(e) => setItem(n, { price: e.target.value })}
            placeholder="$30"
          />{' '}
          <Button
            size="small"
            onClick={() => onChange(items.filter((_, i) => i !== n))}
            aria-label={`Remove item ${n + 1}`}
          >
            ×
          </Button>{' '}
        </div>
      ))}
      <div>
        <Button
          size="small"
          onClick={() => onChange([...items, { item: '', price: '' }])}
          data-testid="knowledge-add-price"
        >
          {' '}
          Add an item
        </Button>
      </div>
    </div>
  );
}
