import type { DraftView } from '../../../shared/types';
import { analyzeSegments } from './segments';

/**
 * A draft as the store keeps it: the facts, without what is computed or worded for people. The
 * store returns this shape (`DraftRecord` in store/drafts.ts); the label and the segment count
 * are added here, so the store holds data and the domain knows how to say it.
 */
export interface DraftFacts extends Omit<DraftView, 'label' | 'segments'> {
  /** Which template or past reply an offline suggestion came from, in words. */
  source: string | null;
}

/** Who wrote the draft, as the draft card names it. */
function label(provider: string, model: string | null, source: string | null): string {
  if (provider === 'offline') {
    return source ? `Offline suggestion · ${source}` : 'Offline suggestion';
  }
  return model ?? provider;
}

/** The draft as the console shows it: who wrote it, and what it costs in segments. */
export function toDraftView({ source, ...facts }: DraftFacts): DraftView {
  return {
    ...facts,
    label: label(facts.provider, facts.model, source),
    segments: facts.text === '' ? 0 : analyzeSegments(facts.text).segments,
  };
}
