import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../src/main/core/drafting/language';

const { samples } = JSON.parse(
  readFileSync(new URL('./fixtures/language-samples.json', import.meta.url), 'utf8'),
) as { samples: Array<{ text: string; language: string }> };

describe('language detection', () => {
  it('has a labelled set of at least 100 short texts in en, es, pt (fr, de too)', () => {
    expect(samples.length).toBeGreaterThanOrEqual(100);
    const languages = new Set(samples.map((s) => s.language));
    for (const l of ['en', 'es', 'pt', 'fr', 'de']) expect(languages).toContain(l);
    expect(samples.every((s) => s.text.length <= 160)).toBe(true);
  });

  it('is right on at least 90% of them, and on at least 85% in each language', async () => {
    const guesses = new Map<string, string | null>();
    for (const s of samples) guesses.set(s.text, (await detectLanguage(s.text))?.language ?? null);
    const right = (subset: typeof samples) =>
      subset.filter((s) => guesses.get(s.text) === s.language).length / subset.length;
    expect(right(samples)).toBeGreaterThanOrEqual(0.9);
    for (const language of ['en', 'es', 'pt', 'fr', 'de']) {
      expect(right(samples.filter((s) => s.language === language))).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('says nothing when there is nothing to go on', async () => {
    expect(await detectLanguage('👍')).toBeNull();
    expect(await detectLanguage('12:30')).toBeNull();
  });
});
