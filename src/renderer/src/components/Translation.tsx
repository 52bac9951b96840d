/**
 * Translation for the operator: "Translate" under a customer's message in a language they do not
 * read, and the operator's-language version of a draft written in the customer's language.
 */
import { useEffect } from 'react';
import type { DraftView, MessageView } from '../../../shared/types';
import { api } from '../api';
import { languageName } from '../format';
import { useDraftsStore } from '../stores/draftsStore';
import { needsTranslation, useTranslationStore } from '../stores/translationStore';
import { Button } from './ui/Button';
import styles from './Translation.module.css';

function Result({ resultKey, testId }: { resultKey: string; testId: string }) {
  const result = useTranslationStore((state) => state.results[resultKey]);
  if (result === undefined) return null;
  if (result === 'busy') {
    return (
      <p className={`${styles.box} muted`} data-testid={`${testId}-busy`}>
        Translating…
      </p>
    );
  }
  if (result.text === null) {
    return (
      <p className={`${styles.box} ${styles.note}`} data-testid={`${testId}-note`}>
        {result.message}
      </p>
    );
  }
  return (
    <p className={styles.box} data-testid={testId} lang={result.language}>
      <span className={styles.label}>In {languageName(result.language)}:</span> {result.text}
    </p>
  );
}

/** Under an inbound message: the button, then the translation in its place. */
export function MessageTranslation({ message }: { message: MessageView }) {
  const languages = useTranslationStore((state) => state.languages);
  const translate = useTranslationStore((state) => state.translate);
  const key = `m${message.id}`;
  const asked = useTranslationStore((state) => state.results[key] !== undefined);
  // Until the message's own language reaches the console, the conversation's draft knows the
  // customer's (drafting detects it first and answers in it).
  const draftLanguage = useDraftsStore((state) => state.latest[message.conversationId]?.language);
  const language = message.language ?? draftLanguage ?? null;
  if (message.direction !== 'inbound' || !message.body) return null;
  if (!needsTranslation(languages, language)) return null;
  return asked ? (
    <Result resultKey={key} testId="message-translation" />
  ) : (
    <Button
      variant="quiet"
      size="small"
      className={styles.ask}
      onClick={() =>
        void translate(key, () => api.invoke('translate:message', { messageId: message.id }))
      }
      data-testid="message-translate"
    >
      Translate from {languageName(language ?? '')}
    </Button>
  );
}

/**
 * Beside a ready draft in a language the operator does not read: its meaning, asked for at once,
 * since nobody should approve a reply they cannot read (the core caches it).
 */
export function DraftTranslation({ draft }: { draft: DraftView }) {
  const languages = useTranslationStore((state) => state.languages);
  const translate = useTranslationStore((state) => state.translate);
  const key = `d${draft.id}:${draft.text.length}`;
  const wanted = draft.state === 'ready' && draft.text !== '' && needsTranslation(languages, draft.language); // prettier-ignore
  useEffect(() => {
    if (wanted) void translate(key, () => api.invoke('translate:draft', { draftId: draft.id }));
  }, [wanted, key, draft.id, translate]);
  return wanted ? <Result resultKey={key} testId="draft-translation" /> : null;
}
