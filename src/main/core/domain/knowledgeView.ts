import type {
  FactContent,
  KnowledgeSourceDetails,
  KnowledgeSourceView,
  PricesContent,
} from '../../../shared/knowledge';

/** A knowledge source as the store keeps it (store/knowledge.ts `KnowledgeSourceRow`). */
interface KnowledgeSourceRow {
  id: number;
  kind: KnowledgeSourceView['kind'];
  title: string;
  content: string;
  origin: string | null;
  created_at: number;
  updated_at: number;
  passages: number;
}

const clip = (text: string, max = 120) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** One line to recognise an entry by in the Knowledge list. */
function summary(row: KnowledgeSourceRow, content: unknown): string {
  switch (row.kind) {
    case 'fact': {
      const fact = content as FactContent;
      const languages = fact.translations.map((t) => t.language);
      return clip(fact.answer) + (languages.length ? ` (also in ${languages.join(', ')})` : '');
    }
    case 'prices': {
      const { items } = content as PricesContent;
      return clip(items.map((i) => `${i.item} ${i.price}`).join(' · '));
    }
    default:
      // Headings are kept as `#` lines for passages; the list shows words only.
      return clip((content as { text: string }).text.replace(/^#+\s*/gm, '').replace(/\s+/g, ' ')); // prettier-ignore
  }
}

export function toKnowledgeSourceView(row: KnowledgeSourceRow): KnowledgeSourceView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    origin: row.origin,
    passages: row.passages,
    summary: summary(row, JSON.parse(row.content)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toKnowledgeSourceDetails(row: KnowledgeSourceRow): KnowledgeSourceDetails {
  return { ...toKnowledgeSourceView(row), content: JSON.parse(row.content) as KnowledgeSourceDetails['content'] }; // prettier-ignore
}
