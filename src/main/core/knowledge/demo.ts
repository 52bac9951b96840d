/**
 * Demo mode's knowledge: a small price list, an FAQ (with Spanish translations) and a policy for
 * the made-up "Bella Salon", added once on the first demo start so drafts show "Based on" and
 * the claim check from the first text. Deleting them sticks: they are not added again.
 */
import type { FactContent } from '../../../shared/knowledge';
import type { Db } from '../store/database';
import { insertKnowledgeSource } from '../store/knowledge';
import { getSetting, setSetting } from '../store/settings';
import { passagesFor } from './passages';

const SEEDED_KEY = 'knowledge.demoSeeded';

const prices = {
  items: [
    { item: "Men's cut", price: '$30' },
    { item: "Women's cut", price: '$55' },
    { item: 'Blow-dry', price: '$35' },
    { item: 'Full colour', price: '$90' },
    { item: 'Highlights', price: '$120' },
  ],
};

const facts: Array<{ title: string; content: FactContent }> = [
  {
    title: 'Sunday opening',
    content: {
      question: 'Are you open on Sunday?',
      answer: 'We are closed on Sundays. We open Mon-Fri 9am-6pm and Sat 10am-2pm.',
      translations: [
        {
          language: 'es',
          question: '¿Abren el domingo?',
          answer: 'Los domingos cerramos. Abrimos de lunes a viernes de 9am a 6pm y los sábados de 10am a 2pm.', // prettier-ignore
        },
      ],
    },
  },
  {
    title: 'Parking',
    content: {
      question: 'Where can I park?',
      answer: 'Free parking behind the salon, entrance on Harbor St.',
      translations: [
        { language: 'es', question: '¿Dónde puedo aparcar?', answer: 'Hay aparcamiento gratis detrás del salón, con entrada por Harbor St.' }, // prettier-ignore
      ],
    },
  },
];

const policy = {
  text: 'Cancel or move your appointment at least 24 hours ahead. Deposits are refundable when you cancel in time.', // prettier-ignore
};

/** Adds the demo business's knowledge once; returns whether it did. */
export function seedDemoKnowledge(db: Db, now: number): boolean {
  if (getSetting(db, SEEDED_KEY)) return false;
  db.transaction(() => {
    const add = (kind: 'fact' | 'prices' | 'policy', title: string, content: object) => {
      const passages = passagesFor(kind, title, content as never).map((p) =>
        kind === 'fact' && p.language === null ? { ...p, language: 'en' } : p,
      );
      insertKnowledgeSource(db, { kind, title, content, origin: null, passages, now });
    };
    add('prices', 'Prices 2026', prices);
    for (const fact of facts) add('fact', fact.title, fact.content);
    add('policy', 'Cancellation policy', policy);
    setSetting(db, SEEDED_KEY, true, now);
  })();
  return true;
}
