/**
 * Language detection accuracy on the labelled SMS set (test/fixtures/language-samples.json).
 *   npx tsx bench/language.ts
 * Prints overall and per-language accuracy, the misses, and the time per detection.
 */
import { readFileSync } from 'node:fs';
import { detectLanguage } from '../src/main/core/drafting/language';

interface Sample {
  text: string;
  language: string;
}

const { samples } = JSON.parse(
  readFileSync(new URL('../test/fixtures/language-samples.json', import.meta.url), 'utf8'),
) as { samples: Sample[] };

await detectLanguage('warm up'); // loads the n-gram tables (timed separately from detection)
const perLanguage = new Map<string, { right: number; total: number }>();
const misses: string[] = [];
let right = 0;
const started = performance.now();
for (const sample of samples) {
  const guess = (await detectLanguage(sample.text))?.language ?? null;
  const entry = perLanguage.get(sample.language) ?? { right: 0, total: 0 };
  entry.total += 1;
  if (guess === sample.language) {
    right += 1;
    entry.right += 1;
  } else misses.push(`  ${sample.language} → ${guess ?? 'none'}: ${sample.text}`);
  perLanguage.set(sample.language, entry);
}
const elapsed = performance.now() - started;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

console.log(
  `language detection (eld/small, subset en es pt fr de) on ${samples.length} labelled SMS texts`,
);
console.log(`overall: ${right}/${samples.length} = ${pct(right, samples.length)}`);
for (const [language, { right: r, total }] of perLanguage) {
  console.log(`  ${language}: ${r}/${total} = ${pct(r, total)}`);
}
console.log(`misses:\n${misses.join('\n') || '  none'}`);
console.log(`time: ${(elapsed / samples.length).toFixed(3)} ms per text (after loading)`);
