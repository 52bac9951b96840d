/**
 * The offline drafter's answer from the business's knowledge: the answers of the facts that fit
 * the message (in the customer's language where the fact has a translation), the price-list lines
 * it asks about, a short policy. A fact that fits but exists only in another language gets "someone
 * will check" in the customer's language instead of a guess. Never writes a fact of its own.
 */
import type { RetrievedPassage } from '../knowledge/retrieval';
import {
  COVERS_COVERAGE,
  coverageOf,
  passageCovers,
  questionWords,
  subjectWords,
} from '../knowledge/retrieval';
import type { DraftContext } from './drafter';

const greetings: Record<string, string> = { en: 'Hi', es: 'Hola', pt: 'Olá', fr: 'Bonjour', de: 'Hallo' }; // prettier-ignore

export const someoneWillCheck: Record<string, string> = {
  en: 'Thanks for your message! Someone will check and get back to you shortly.',
  es: '¡Gracias por tu mensaje! Alguien lo revisará y te responderá en breve.',
  pt: 'Obrigado pela mensagem! Alguém vai verificar e responder em breve.',
  fr: "Merci pour votre message ! Quelqu'un va vérifier et vous répondre rapidement.",
  de: 'Danke für Ihre Nachricht! Jemand prüft das und meldet sich in Kürze.',
};

/** The lines of a price list the message asks about: those sharing the most subject words. */
function priceLines(words: string[], passage: RetrievedPassage): string[] {
  const scored = passage.text
    .split('\n')
    .map((line) => ({ line, hits: coverageOf(words, { heading: '', text: line }) }))
    .filter((l) => l.hits > 0);
  const best = Math.max(0, ...scored.map((l) => l.hits));
  return scored
    .filter((l) => l.hits === best)
    .slice(0, 3)
    .map((l) => l.line);
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export interface KnowledgeAnswer {
  text: string;
  basedOn: RetrievedPassage[];
  source: string;
}

/** An answer from the knowledge, or null when no passage fits the message well enough. */
export function answerFromKnowledge(context: DraftContext, name: string): KnowledgeAnswer | null {
  const language = context.language ?? 'en';
  const words = subjectWords(context.subject.body);
  const answers: string[] = [];
  const used: RetrievedPassage[] = [];
  let checkLater = false;
  // Answers in the order the customer asked ("a men's cut … and Sunday?": the price first).
  const questions = questionWords(context.subject.body);
  const askedAt = (p: RetrievedPassage) => {
    const n = questions.findIndex((q) => coverageOf(q, p) >= COVERS_COVERAGE);
    return n === -1 ? questions.length : n;
  };
  const fitting = (context.knowledge ?? []).filter(passageCovers);
  for (const passage of fitting.sort((a, b) => askedAt(a) - askedAt(b))) {
    if (passage.kind === 'fact') {
      if (passage.otherLanguage) checkLater = true;
      else answers.push(sentence(passage.text));
    } else if (passage.kind === 'prices') {
      const lines = priceLines(words, passage);
      if (lines.length > 0) answers.push(lines.map(sentence).join(' '));
    } else if (passage.text.length <= 280) {
      answers.push(sentence(passage.text));
    }
    if (answers.length > used.length) used.push(passage);
  }
  if (answers.length === 0 && !checkLater) return null;
  const signOff = context.settings.profile.signOff.trim();
  const hello = `${greetings[language] ?? greetings.en}${name ? ` ${name}` : ''}!`;
  const body =
    answers.length > 0
      ? [hello, ...answers, checkLater ? (someoneWillCheck[language] ?? someoneWillCheck.en) : '']
      : [someoneWillCheck[language] ?? someoneWillCheck.en];
  return {
    text: [...body.filter(Boolean), signOff].filter(Boolean).join(' '),
    basedOn: used,
    source: used.length
      ? `your knowledge: ${[...new Set(used.map((p) => p.sourceTitle))].join(' · ')}`
      : 'your knowledge (no answer in this language yet)',
  };
}
