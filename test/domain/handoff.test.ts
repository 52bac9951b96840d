/**
 * Every hand-off rule one by one: it fires on what it is for, in the five languages where words
 * matter, and stays quiet on a near miss that shares its words.
 */
import { describe, expect, it } from 'vitest';
import { handoffFor, type HandoffFacts } from '../../src/main/core/domain/handoff';
import { handoffTopics } from '../../src/shared/types';

const facts = (over: Partial<HandoffFacts>): HandoffFacts => ({
  body: 'What time do you open on Saturday?',
  topics: handoffTopics,
  unansweredTexts: 1,
  operatorTyping: false,
  ...over,
});
const reasonFor = (over: Partial<HandoffFacts>) => handoffFor(facts(over))?.reason ?? null;
const said = (body: string, over: Partial<HandoffFacts> = {}) => reasonFor({ body, ...over });

describe('hand-off rules', () => {
  it('lets an ordinary question through', () => {
    expect(handoffFor(facts({}))).toBeNull();
    expect(said('How much is a men’s cut and are you open Sunday?')).toBeNull();
  });

  it('the customer asks for a person, in each language', () => {
    for (const body of [
      'Can I talk to someone please?',
      'I want to speak with a real person',
      'Agent',
      'humano!',
      'Quiero hablar con una persona',
      'Posso falar com um atendente?',
      'Je voudrais parler à quelqu’un',
      "Je voudrais parler a quelqu'un",
      'Kann ich mit einem Mitarbeiter sprechen?',
      'are you a bot?',
    ]) {
      expect(said(body), body).toBe('the customer asked for a person');
    }
    // Near misses: the words, not the request.
    expect(said('Do you do human hair extensions?')).toBeNull();
    expect(said('I’ll talk to my husband and book Friday')).toBeNull();
    expect(said('Is the agent fee included?')).toBeNull();
  });

  it('a complaint, by its words or by its triage', () => {
    expect(said('This is unacceptable, worst cut ever')).toBe('the message is a complaint');
    expect(said('Estoy muy decepcionada con el corte')).toBe('the message is a complaint');
    expect(said('Why so short?', { category: 'complaint' })).toBe('the message is a complaint');
    // Found missing by eval:drafts: "never again" in Spanish and Portuguese.
    expect(said('Esperé 40 minutos. ¡Nunca más!')).toBe('the message is a complaint');
    expect(said('Esperei 40 minutos. Nunca mais!')).toBe('the message is a complaint');
    expect(said('Is 5pm acceptable for you?')).toBeNull();
  });

  it('urgent', () => {
    expect(said('I need this fixed urgently')).toBe('the message is urgent');
    expect(said('Es dringend, bitte')).toBe('the message is urgent');
    expect(said('Are you open today?')).toBeNull();
  });

  it('about money', () => {
    expect(said('You charged my card twice')).toBe('the message is about money');
    expect(said('Me cobraron dos veces')).toBe('the message is about money');
    expect(said('Fui cobrada duas vezes pela visita')).toBe('the message is about money');
    // Asking a price is an ordinary question.
    expect(said('How much is a colour?')).toBeNull();
  });

  it('refunds', () => {
    expect(said('I want my money back')).toBe('the message is about a refund');
    expect(said('Je veux être remboursé, remboursement svp')).toBe('the message is about a refund');
    expect(said('Do you refill the shampoo bottles?')).toBeNull();
  });

  it('legal matters', () => {
    expect(said('My lawyer will be in touch')).toBe('the message is about a legal matter');
    expect(said('Vou falar com meu advogado')).toBe('the message is about a legal matter');
    expect(said('Hi it’s Sue, can I book Friday?')).toBeNull();
  });

  it('health', () => {
    expect(said('I had an allergic reaction to the dye')).toBe('the message is about health');
    expect(said('Ich habe eine Verbrennung von der Behandlung')).toBe('the message is about health'); // prettier-ignore
    // Found missing by eval:drafts: a burning scalp after a colour, in three languages.
    expect(said('My scalp has been burning since the colour yesterday')).toBe('the message is about health'); // prettier-ignore
    expect(said('Me arde el cuero cabelludo desde el tinte')).toBe('the message is about health');
    expect(said('Meu couro cabeludo está ardendo')).toBe('the message is about health');
    expect(said('Do you do balayage?')).toBeNull();
    expect(said('¿Puedo ir más tarde?')).toBeNull(); // "tarde" is not "arde"
  });

  it('applies only the topics the operator chose, plus their own words', () => {
    expect(said('I want a refund', { topics: [] })).toBeNull();
    expect(said('I want a refund', { topics: ['refunds'] })).toBe('the message is about a refund');
    expect(said('Does my insurance cover it?', { extraWords: ['Insurance'] })).toBe(
      'the message mentions “Insurance”',
    );
    expect(said('Are you insured?', { extraWords: ['insurance'] })).toBeNull();
  });

  it('the model says it is unsure; absent means a model was not asked', () => {
    expect(reasonFor({ modelUnsure: true })).toBe('the AI was not sure how to answer');
    expect(reasonFor({ modelUnsure: false })).toBeNull();
    expect(reasonFor({ modelUnsure: undefined })).toBeNull();
  });

  it('the topic is not in the knowledge, only when the knowledge was asked', () => {
    expect(reasonFor({ knowledgeCovers: false })).toBe(
      'the question is not in your business knowledge',
    );
    expect(reasonFor({ knowledgeCovers: true })).toBeNull();
    expect(reasonFor({ knowledgeCovers: undefined })).toBeNull();
  });

  it('the customer wrote twice or more without an answer', () => {
    expect(reasonFor({ unansweredTexts: 2 })).toBe('the customer wrote 2 times without an answer');
    expect(reasonFor({ unansweredTexts: 3 })).toBe('the customer wrote 3 times without an answer');
    expect(reasonFor({ unansweredTexts: 1 })).toBeNull();
  });

  it('the operator is typing in the conversation', () => {
    expect(reasonFor({ operatorTyping: true })).toBe('you were typing in this conversation');
    expect(reasonFor({ operatorTyping: false })).toBeNull();
  });

  it('names the rule that fired, for listeners', () => {
    expect(handoffFor(facts({ body: 'agent' }))?.rule).toBe('asked-for-person');
    expect(handoffFor(facts({ body: 'refund!' }))?.rule).toBe('topic');
    expect(handoffFor(facts({ unansweredTexts: 2 }))?.rule).toBe('wrote-again');
    expect(handoffFor(facts({ modelUnsure: true }))?.rule).toBe('model-unsure');
    expect(handoffFor(facts({ knowledgeCovers: false }))?.rule).toBe('not-in-knowledge');
    expect(handoffFor(facts({ operatorTyping: true }))?.rule).toBe('operator-typing');
  });
});
