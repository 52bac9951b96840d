/**
 * Translation for the operator (issue 17 item 6): a customer's message, or a draft in the
 * customer's language, put into the first language the operator reads. Through the configured
 * model (`openaiSdk.ts`); without one it says translation needs the model. Each translation is
 * cached by the text's hash and the target language (migration 0160), so asking again costs
 * nothing and works offline.
 */
import { createHash } from 'node:crypto';
import {
  translationSettingsSchema,
  type TranslationSettings,
  type TranslationView,
} from '../../../shared/notify';
import type { Db } from '../store/database';
import { getTranslation, putTranslation } from '../store/notifications';
import { getSetting } from '../store/settings';
import { DrafterError } from './errors';
import { languageNames } from './language';
import { completeText, type ChatEndpoint } from './openaiSdk';

export const TRANSLATION_SETTINGS_KEY = 'translate.settings';

export function readTranslationSettings(db: Db): TranslationSettings {
  const parsed = translationSettingsSchema.safeParse(getSetting(db, TRANSLATION_SETTINGS_KEY));
  return parsed.success ? parsed.data : { languages: ['en'] };
}

export const OFFLINE_TRANSLATION =
  'Translation needs the AI model: set one up in Settings → Go live → AI drafts (an OpenAI key, or a local model such as Ollama), then try again.';

export interface TranslationEndpoint extends ChatEndpoint {
  model: string;
}

export interface Translator {
  /** `text` into the operator's first language. */
  translate(text: string): Promise<TranslationView>;
}

const nameOf = (code: string) => languageNames[code] ?? code;

export function createTranslator(deps: {
  db: Db;
  now: () => number;
  /** The model to ask; undefined while drafts come from the offline drafter. */
  endpoint: () => TranslationEndpoint | undefined;
}): Translator {
  const { db } = deps;
  return {
    async translate(text) {
      const language = readTranslationSettings(db).languages[0] ?? 'en';
      const textHash = createHash('sha256').update(text).digest('hex');
      const cached = getTranslation(db, textHash, language);
      if (cached !== undefined) return { text: cached, language, message: null, cached: true };
      const endpoint = deps.endpoint();
      if (!endpoint) return { text: null, language, message: OFFLINE_TRANSLATION, cached: false };
      try {
        const translated = (
          await completeText(endpoint, {
            model: endpoint.model,
            maxTokens: Math.min(2_000, 100 + text.length * 2),
            signal: new AbortController().signal,
            messages: [
              {
                role: 'system',
                content:
                  `Translate the user's text into ${nameOf(language)}. Reply with the translation only: ` +
                  'no quotes, no notes. Keep names, numbers, prices and links exactly as they are.',
              },
              { role: 'user', content: text },
            ],
          })
        ).trim();
        if (!translated) {
          return { text: null, language, message: 'The model gave an empty translation; try again.', cached: false }; // prettier-ignore
        }
        putTranslation(db, { textHash, language, text: translated, now: deps.now() });
        return { text: translated, language, message: null, cached: false };
      } catch (error) {
        const message =
          error instanceof DrafterError
            ? error.message
            : 'The model could not translate this; try again.';
        return { text: null, language, message, cached: false };
      }
    },
  };
}
