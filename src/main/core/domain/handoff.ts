/**
 * Hand-off rules: when an automatic reply (auto-send, the closed-hours reply) must not go out and
 * the conversation waits for a person instead. Small named rules, each answering with its reason
 * in plain words, so the thread, the audit log and a notification can all say why. Pure: the
 * callers read the facts (the message, the count of unanswered texts, whether the operator is
 * typing) and pass them in.
 *
 * Patterns work on folded text (lowercase, accents stripped), in the five languages drafting
 * knows (en, es, pt, fr, de). They aim at what a customer writes when they want a person or are
 * in trouble, not at every mention of a word: "human hair extensions" is not a request for a human.
 */
import type { HandoffRule, HandoffTopic, TriageCategory } from '../../../shared/types';

/** Lowercase, accents stripped, one apostrophe: "Não" and "nao", "quelqu’un" and "quelqu'un". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019`]/g, "'")
    .toLowerCase();
}

/** Alternatives as whole words or phrases (a letter may not touch either end). */
const words = (list: string) => new RegExp(`(^|[^\\p{L}])(${list})(?=$|[^\\p{L}])`, 'u');

const someone =
  '(a |an |the |one of your |your )?(person|human|human being|someone|somebody|agent|manager|' +
  'owner|staff|representative|real person|live person|live agent|operator)';

/** Asking for a person, in a sentence. */
const personPhrases = words(
  [
    // en
    `(talk|speak|chat) (to|with) ${someone}`,
    `(get|connect me with|connect me to|transfer me to|put me through to) ${someone}`,
    'real person|live person|live agent|human being|is this a (bot|robot)|are you a (bot|robot)',
    'is (this|that) automated|not a (bot|robot)',
    // es
    'hablar con (alguien|una persona|un humano|un agente|el encargado|la encargada|el gerente|' +
      'el dueno|la duena|un asesor|una asesora)',
    'persona real|eres un (bot|robot)',
    // pt
    'falar com (alguem|uma pessoa|um humano|um atendente|uma atendente|o gerente|o responsavel|' +
      'o dono|a dona)',
    'pessoa real|voce e um (bot|robo)',
    // fr
    "parler (a|avec) (quelqu'un|quelquun|une personne|un humain|un conseiller|une conseillere|" +
      'un agent|le responsable|le gerant|la gerante)',
    'vraie personne|personne reelle|etes-vous un (bot|robot)',
    // de
    '(mit )?(jemandem|einem menschen|einer person|einem mitarbeiter|einer mitarbeiterin|dem chef|' +
      'der chefin|dem inhaber|der inhaberin) (sprechen|reden)',
    'echte(n|r)? (mensch|menschen|person)|bist du ein (bot|roboter)',
  ].join('|'),
);

/** A message that is nothing but the request ("Agent", "humano!", "Mensch?"). */
const personAlone =
  /^(agent|human|person|operator|representative|agente|humano|humana|persona|atendente|pessoa|humain|conseiller|mensch|mitarbeiter)$/;

const topicPatterns: Record<HandoffTopic, RegExp> = {
  complaint: words(
    'terrible|awful|horrible|worst|rude|disappointed|disappointing|unacceptable|complain|' +
      'complaint|angry|furious|outraged|ridiculous|not happy|unhappy|never again|ruined|' +
      'disgusting|pesimo|pesima|queja|reclamo|decepcionad[oa]|inaceptable|enojad[oa]|furios[oa]|' +
      'reclamacao|reclamar|inaceitavel|chatead[oa]|revoltad[oa]|plainte|decu|decue|inadmissible|' +
      'inacceptable|furieux|furieuse|scandaleux|beschwerde|enttauscht|unverschamt|unmoglich|' +
      'katastrophe|wutend|frechheit|nunca mas|nunca mais|jamais plus|nie wieder',
  ),
  urgent: words(
    'urgent|urgently|asap|emergency|immediately|right now|right away|' +
      'urgente|urgencia|emergencia|inmediatamente|ya mismo|imediatamente|socorro|' +
      'urgence|immediatement|tout de suite|dringend|notfall|sofort',
  ),
  money: words(
    'charged|overcharged|double charged|charged twice|payment|invoice|bill|billing|my card|' +
      'cobro|cobraron|cobrado|factura|pago|pague|cobranca|cobraram|cobrado|fatura|pagamento|' +
      'paguei|cobrada|cobraron dos veces|cobrada duas vezes|cobrado duas vezes|debite|facture|' +
      'paiement|preleve|rechnung|zahlung|abgebucht|bezahlt',
  ),
  refunds: words(
    'refund|refunded|money back|reimburse|reimbursement|chargeback|reembolso|reembolsar|' +
      'devolucion|devuelvan|devolver el dinero|estorno|devolucao|devolvam|reembolsem|' +
      'rembourse|remboursement|rembourser|erstattung|ruckerstattung|geld zuruck|erstatten',
  ),
  legal: words(
    'lawyer|attorney|sue you|sue your|going to sue|will sue|suing|lawsuit|legal action|court|small claims|police|' +
      'abogado|abogada|demanda|demandar|denunciar|denuncia|policia|advogado|advogada|processo|' +
      'processar|avocat|avocate|poursuivre|tribunal|proces|anwalt|anwaltin|klage|' +
      'verklagen|gericht|polizei',
  ),
  health: words(
    'allergy|allergic|reaction|rash|burn|burned|burnt|burning|itching|itchy|infection|' +
      'infected|injury|injured|arde|ardor|picor|ardendo|ardencia|coceira|' +
      'bleeding|hospital|doctor|swollen|swelling|alergia|alergico|alergica|reaccion|quemadura|' +
      'quemado|infeccion|sangrado|hinchado|medico|alergico|queimadura|queimou|infeccao|' +
      'inchado|sangrando|allergie|allergique|brulure|brule|infection|hopital|medecin|gonfle|' +
      'allergisch|reaktion|verbrennung|verbrannt|entzundung|krankenhaus|arzt|geschwollen',
  ),
};

const topicWords: Record<HandoffTopic, string> = {
  complaint: 'the message is a complaint',
  urgent: 'the message is urgent',
  money: 'the message is about money',
  refunds: 'the message is about a refund',
  legal: 'the message is about a legal matter',
  health: 'the message is about health',
};

export interface HandoffFacts {
  /** The customer's latest text, the one the automatic reply would answer. */
  body: string;
  /** Its triage category, when known (a model may see a complaint the words miss). */
  category?: TriageCategory | null | undefined;
  /** The topics the operator chose in Settings. */
  topics: readonly HandoffTopic[];
  /** The operator's own words that hold a reply too. */
  extraWords?: readonly string[] | undefined;
  /** The model's triage said it is unsure; absent when no model was asked. */
  modelUnsure?: boolean | undefined;
  /** Whether the business's knowledge covers the question; the rule applies only when given. */
  knowledgeCovers?: boolean | undefined;
  /** Customer texts since the last reply that went out (this one included). */
  unansweredTexts: number;
  /** The operator is typing in this conversation now. */
  operatorTyping: boolean;
}

export interface Handoff {
  rule: HandoffRule;
  /** Plain words, to follow "Held for you: ". */
  reason: string;
}

type Rule = (facts: HandoffFacts, folded: string) => Handoff | null;

export const askedForPerson: Rule = (_facts, folded) => {
  const bare = folded.replace(/[^\p{L}\s]/gu, '').trim();
  return personPhrases.test(folded) || personAlone.test(bare)
    ? { rule: 'asked-for-person', reason: 'the customer asked for a person' }
    : null;
};

export const sensitiveTopic: Rule = (facts, folded) => {
  for (const topic of facts.topics) {
    const byCategory = topic === 'complaint' && facts.category === 'complaint';
    if (byCategory || topicPatterns[topic].test(folded)) {
      return { rule: 'topic', reason: topicWords[topic] };
    }
  }
  for (const word of facts.extraWords ?? []) {
    const wanted = foldText(word).trim();
    if (wanted === '') continue;
    const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (words(escaped).test(folded)) {
      return { rule: 'topic', reason: `the message mentions “${word.trim()}”` };
    }
  }
  return null;
};

export const modelUnsure: Rule = (facts) =>
  facts.modelUnsure === true
    ? { rule: 'model-unsure', reason: 'the AI was not sure how to answer' }
    : null;

export const notInKnowledge: Rule = (facts) =>
  facts.knowledgeCovers === false
    ? { rule: 'not-in-knowledge', reason: 'the question is not in your business knowledge' }
    : null;

export const wroteAgain: Rule = (facts) =>
  facts.unansweredTexts >= 2
    ? {
        rule: 'wrote-again',
        reason: `the customer wrote ${facts.unansweredTexts} times without an answer`,
      }
    : null;

export const typingHandoff: Handoff = {
  rule: 'operator-typing',
  reason: 'you were typing in this conversation',
};

export const operatorTyping: Rule = (facts) => (facts.operatorTyping ? typingHandoff : null);

/** In the order the reason is most useful to the operator: what the customer wants first. */
const handoffRuleList: readonly Rule[] = [
  operatorTyping,
  askedForPerson,
  sensitiveTopic,
  wroteAgain,
  modelUnsure,
  notInKnowledge,
];

/** The first hand-off rule that fires, or null when an automatic reply may go out. */
export function handoffFor(facts: HandoffFacts): Handoff | null {
  const folded = foldText(facts.body);
  for (const rule of handoffRuleList) {
    const fired = rule(facts, folded);
    if (fired) return fired;
  }
  return null;
}

/** What the thread says: "Held for you: the customer asked for a person". */
export const heldWords = (reason: string) => `Held for you: ${reason}.`;
