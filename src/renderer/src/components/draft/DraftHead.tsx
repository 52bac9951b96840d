import { languageName } from '../../format';
import { categoryLabels } from '../../stores/conversationsStore';
import { DraftStatus, type DraftStatusProps } from './DraftStatus';
import styles from './DraftCard.module.css';

/** The card's title (who wrote it), what triage found, and where the draft stands. */
export function DraftHead(props: DraftStatusProps) {
  const { draft } = props;
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
    <div className={styles.head}>
      <h3 id={`draft-title-${draft.id}`} className={styles.title} title={label}>
        <span className="visually-hidden">Suggested reply: </span>
        <span data-testid="draft-label">{label}</span>
      </h3>
      {details.map((d) => (
        <span key={d.key} className="chip" title={d.title} data-testid={`draft-${d.key}`}>
          {d.text}
        </span>
      ))}
      <span className={styles.spacer} />
      <DraftStatus {...props} />
    </div>
  );
}
