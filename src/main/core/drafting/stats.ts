/**
 * Draft statistics: how often drafts go out unchanged, edited or rejected, how much editing they
 * need and how long a decision takes, overall, per model and per category. Pure over the rows the
 * store returns, so the arithmetic is tested without a database.
 *
 * Bounded: the store hands over at most the newest `DRAFT_STATS_MAX_ROWS` drafts of the period
 * (store/drafts), grouping is linear, and the edit sizes are measured on the newest
 * `EDIT_SAMPLE` edited drafts of each bucket (an edit distance is quadratic in the text's length;
 * at 1,000,000 messages the whole history took seconds on the thread that answers webhooks).
 */
import type {
  DraftProvider,
  DraftStats,
  DraftStatsBucket,
  TriageCategory,
} from '../../../shared/types';
import type { DraftOutcomeRow } from '../store/drafts';

/** Edit distance in characters (two-row Levenshtein over code points). */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length]!;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Edited drafts whose edit size is measured, per bucket (rows arrive newest first). */
export const EDIT_SAMPLE = 200;

function bucket(rows: DraftOutcomeRow[]): DraftStatsBucket {
  const failed = rows.filter((r) => r.state === 'failed').length;
  const approved = rows.filter((r) => r.state === 'approved');
  const edited = rows.filter((r) => r.state === 'edited');
  const rejected = rows.filter((r) => r.state === 'rejected');
  const decided = approved.length + edited.length + rejected.length;
  const rate = (n: number) => (decided === 0 ? 0 : n / decided);
  const edits = edited
    .slice(0, EDIT_SAMPLE)
    .map((r) => editDistance(r.text_generated, r.text_sent ?? ''));
  return {
    generated: rows.length - failed,
    failed,
    decided,
    approvedUnchanged: approved.length,
    edited: edited.length,
    rejected: rejected.length,
    autoSent: rows.filter((r) => r.auto_sent === 1).length,
    approvedUnchangedRate: rate(approved.length),
    editedRate: rate(edited.length),
    rejectedRate: rate(rejected.length),
    meanEditChars: edits.length === 0 ? null : edits.reduce((a, b) => a + b, 0) / edits.length,
    medianDecisionMs: median(
      [...approved, ...edited, ...rejected]
        .filter((r) => r.decided_at !== null && r.auto_sent !== 1)
        .map((r) => r.decided_at! - r.created_at),
    ),
  };
}

function groupBy<K extends string>(rows: DraftOutcomeRow[], key: (r: DraftOutcomeRow) => K) {
  const groups = new Map<K, DraftOutcomeRow[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export function computeDraftStats(rows: DraftOutcomeRow[]): DraftStats {
  const byModel = [...groupBy(rows, (r) => JSON.stringify([r.provider, r.model])).entries()].map(
    ([key, group]) => {
      const [provider, model] = JSON.parse(key) as [DraftProvider, string | null];
      return { provider, model, ...bucket(group) };
    },
  );
  const byCategory = [...groupBy(rows, (r) => r.category ?? '').entries()].map(([key, group]) => ({
    category: (key === '' ? null : key) as TriageCategory | null,
    ...bucket(group),
  }));
  return {
    overall: bucket(rows),
    byModel: byModel.sort((a, b) => b.generated - a.generated),
    byCategory: byCategory.sort((a, b) => b.generated - a.generated),
  };
}
