/**
 * Language detection for short texts, with `eld` (Efficient Language Detector: n-gram tables
 * bundled in the package, no network, no model download). Restricted to the languages the console
 * drafts in, which makes short messages far more accurate than a 60-language guess. Accuracy on
 * our labelled SMS set is measured by test/drafting.language.test.ts and bench/language.ts.
 */
import { eld } from 'eld/small';

/** ISO 639-1 codes we detect. */
export const supportedLanguages = ['en', 'es', 'pt', 'fr', 'de'] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];

export const languageNames: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  pt: 'Portuguese',
  fr: 'French',
  de: 'German',
};

// Our own instance: the subset is instance state, so nothing else in the process can change it.
const detector = eld.newInstance();
detector.setLanguageSubset([...supportedLanguages]);

export interface LanguageGuess {
  language: SupportedLanguage;
  /** eld's own verdict: enough n-grams and a clear winner. Short texts often are not. */
  reliable: boolean;
}

/** The most likely language of `text`, or null when there is nothing to go on ("ok", "👍"). */
export function detectLanguage(text: string): LanguageGuess | null {
  const result = detector.detect(text);
  const language = result.language as SupportedLanguage | '';
  if (language === '' || !(supportedLanguages as readonly string[]).includes(language)) return null;
  return { language, reliable: result.isReliable() };
}
