/** Translation for the operator: the languages they read, and a message or draft in the first. */
import { Refusal } from '../../domain/refusal';
import { readTranslationSettings, TRANSLATION_SETTINGS_KEY } from '../../drafting/translate';
import { getDraft } from '../../store/drafts';
import { getMessage } from '../../store/messages';
import { setSetting } from '../../store/settings';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function translateCommands(
  deps: Pick<HandlerDeps, 'db' | 'now' | 'translator'>,
): NamespaceCommands<'translate'> {
  const { db, now, translator } = deps;
  return {
    'translate:settings': () => readTranslationSettings(db),

    'translate:saveSettings': (settings) => {
      // Each language once, in the operator's order: the first is the one translated into.
      const languages = [...new Set(settings.languages)];
      setSetting(db, TRANSLATION_SETTINGS_KEY, { languages }, now());
      return { languages };
    },

    'translate:message': async ({ messageId }) => {
      const message = getMessage(db, messageId);
      if (!message) throw new Refusal('That message is no longer here.', 'invalid');
      if (!message.body.trim())
        throw new Refusal('That message has no text to translate.', 'invalid');
      return translator.translate(message.body);
    },

    'translate:draft': async ({ draftId }) => {
      const draft = getDraft(db, draftId);
      if (!draft) throw new Refusal('That draft is no longer here.', 'invalid');
      const text = draft.text_sent ?? draft.text_generated;
      if (!text.trim()) throw new Refusal('That draft has no text yet.', 'invalid');
      return translator.translate(text);
    },
  };
}
