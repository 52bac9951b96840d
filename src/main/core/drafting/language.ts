/**
 * Language detection for short texts, with `eld` (Efficient Language Detector: n-gram tables
 * bundled in the package, no network, no model download). Restricted to the languages the console
 * drafts in, which makes short messages far more accurate than a 60-language guess. Accuracy on
 * our labelled SMS set is measured by test/drafting.language.test.ts and bench/language.ts.
 */

import type * as eldModule from 'eld/small';

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

type Detector = typeof eldModule.eld;
let detector: Promise<Detector> | undefined;

/**
 * Loaded once: the n-gram tables take about 0.3 s to evaluate, on the thread that answers Twilio.
 * Not during start (the console's first paint comes first), and not on the first draft either
 * (a burst of texts would wait behind it): the app preloads it a few seconds after start.
 * Our own instance, because the language subset is instance state.
 */
export function loadDetector(): Promise<Detector> {
  detector ??= import('eld/small').then(({ eld }) => {
    const instance = eld.newInstance();
    instance.setLanguageSubset([...supportedLanguages]);
    return instance;
  });
  return detector;
}

export interface LanguageGuess {
  language: SupportedLanguage;
  /** eld's own verdict: enough n-grams and a clear winner. Short texts often are not. */
  reliable: boolean;
}

/** The most likely language of `text`, or null when there is nothing to go on ("ok", "👍"). */
export async function detectLanguage(text: string): Promise<LanguageGuess | null> {
  const result = (await loadDetector()).detect(text);
  const language = result.language as SupportedLanguage | '';
  if (language === '' || !(supportedLanguages as readonly string[]).includes(language)) return null;
  return { language, reliable: result.isReliable() };
}
