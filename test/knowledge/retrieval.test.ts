/**
 * Retrieval choosing the right passage: FTS5 alone, and blended with the fake server's
 * deterministic embeddings (cached per model and passage hash); "covers"; the offline answer
 * when a fact exists only in another language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledgeService } from '../../src/main/core/knowledge/service';
import { probeEmbedder } from '../../src/main/core/knowledge/openaiEmbedder';
import type { Embedder } from '../../src/main/core/knowledge/embeddings';
import { composeOfflineDraft } from '../../src/main/core/drafting/offlineDrafter';
import { defaultDraftingSettings, demoProfile } from '../../src/main/core/drafting/settings';
import type { DraftContext } from '../../src/main/core/drafting/drafter';
import { silentLogger } from '../../src/main/core/log';
import { openDatabase } from '../../src/main/core/store/database';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function knowledgeWith(embedder: Embedder | null = null) {
  const db = openDatabase(':memory:');
  cleanups.push(() => db.close());
  const knowledge = createKnowledgeService({
    db,
    now: () => 1_000,
    logger: silentLogger,
    profile: () => demoProfile,
    embedder: async () => embedder,
  });
  await knowledge.store({ kind: 'prices', title: 'Prices 2026', origin: null, content: { items: [{ item: "Men's cut", price: '$30' }, { item: 'Full colour', price: '$90' }] } }); // prettier-ignore
  await knowledge.store({ kind: 'fact', title: 'Sunday opening', origin: null, content: { question: 'Are you open on Sunday?', answer: 'We are closed on Sundays.', translations: [] } }); // prettier-ignore
  await knowledge.store({ kind: 'policy', title: 'Cancellation policy', origin: null, content: { text: 'Cancel at least 24 hours ahead. Deposits are refundable.' } }); // prettier-ignore
  await knowledge.store({ kind: 'fact', title: 'Parking', origin: null, content: { question: 'Where can I park?', answer: 'Free parking behind the salon.', translations: [{ language: 'es', question: '¿Dónde aparcar?', answer: 'Aparcamiento gratis detrás del salón.' }] } }); // prettier-ignore
  await knowledge.settled();
  return { db, knowledge };
}

async function fakeEndpoint(
  models = ['gpt-4o-mini', 'text-embedding-3-small', 'nomic-embed-text'],
) {
  const fake: FakeOpenAI = await startFakeOpenAI({ models });
  cleanups.push(() => fake.close());
  return { fake, endpoint: { apiKey: 'sk-test', baseUrl: fake.url, timeoutMs: 5_000 } };
}

const titles = (found: Array<{ sourceTitle: string }>) => found.map((p) => p.sourceTitle);

describe('retrieval with FTS5', () => {
  it('chooses the passage that answers, and leaves out the rest', async () => {
    const { knowledge } = await knowledgeWith();
    expect(titles(await knowledge.retrieve({ text: 'How much for a full colour?', language: 'en' }))[0]).toBe('Prices 2026'); // prettier-ignore
    expect(titles(await knowledge.retrieve({ text: 'Can I cancel my booking tomorrow?', language: 'en' }))).toEqual(['Cancellation policy']); // prettier-ignore
    expect(titles(await knowledge.retrieve({ text: 'open sundays?', language: 'en' }))).toEqual(['Sunday opening']); // prettier-ignore
    expect(await knowledge.retrieve({ text: 'Is the blue vase for sale?', language: 'en' })).toEqual([]); // prettier-ignore
  });

  it("gives a fact in the customer's language where it has a translation", async () => {
    const { knowledge } = await knowledgeWith();
    const [es] = await knowledge.retrieve({ text: 'Where can I park?', language: 'es' });
    expect(es).toMatchObject({ sourceTitle: 'Parking', language: 'es', text: 'Aparcamiento gratis detrás del salón.' }); // prettier-ignore
  });

  it('keeps within the token budget', async () => {
    const { knowledge } = await knowledgeWith();
    const found = await knowledge.retrieve({ text: 'colour cancel park sunday', language: 'en', budgetTokens: 30 }); // prettier-ignore
    expect(found.length).toBe(1);
  });

  it('covers: a passage above the threshold, or not', async () => {
    const { knowledge } = await knowledgeWith();
    expect(await knowledge.covers({ text: 'Are you open Sunday?', language: 'en' })).toBe(true);
    expect(await knowledge.covers({ text: 'Do you do wedding makeup?', language: 'en' })).toBe(false); // prettier-ignore
    expect(await knowledge.covers({ text: 'Hi, are you open on Saturday?', language: 'en' })).toBe(false); // prettier-ignore
  });
});

describe('retrieval with embeddings (the fake server)', () => {
  it('probes the model list for an embeddings model, or finds none', async () => {
    const { endpoint } = await fakeEndpoint();
    expect((await probeEmbedder(endpoint))?.model).toBe('text-embedding-3-small');
    const none = await fakeEndpoint(['gpt-4o-mini']);
    expect(await probeEmbedder(none.endpoint)).toBeNull();
  });

  it('finds a passage FTS5 cannot (another word, another language), and knows it is in another language', async () => {
    const { endpoint } = await fakeEndpoint();
    const embedder = await probeEmbedder(endpoint);
    const { knowledge } = await knowledgeWith(embedder);
    const lexical = await knowledgeWith(null);
    const text = 'Vous êtes ouverts le dimanche ?';
    expect(await lexical.knowledge.retrieve({ text, language: 'fr' })).toEqual([]);
    const [found] = await knowledge.retrieve({ text, language: 'fr' });
    expect(found).toMatchObject({ sourceTitle: 'Sunday opening', otherLanguage: true });
    expect(found!.similarity).toBeGreaterThan(0.8);
    expect(await knowledge.covers({ text, language: 'fr' })).toBe(true);

    // The offline drafter does not answer in English to a French customer: someone will check.
    const context = {
      subject: { body: text, contact: { name: null, notes: '' }, messageId: 1, conversationId: 1 },
      thread: [],
      language: 'fr',
      category: 'question',
      urgency: 'normal',
      settings: { ...defaultDraftingSettings(), profile: demoProfile, templates: [] },
      instruction: null,
      previousDraft: null,
      knowledge: [found!],
    } as unknown as DraftContext;
    expect(composeOfflineDraft(context, { pastReplies: [] }).text).toBe(
      "Merci pour votre message ! Quelqu'un va vérifier et vous répondre rapidement. - Bella Salon",
    );
  });

  it('embeds each passage once per model: an unchanged passage is not embedded again, a new model is', async () => {
    const { fake, endpoint } = await fakeEndpoint();
    const embedded = () =>
      fake.requests
        .filter((r) => r.path === '/v1/embeddings')
        .flatMap((r) => (Array.isArray(r.body!.input) ? r.body!.input : [r.body!.input]));
    const small = (await probeEmbedder(endpoint))!;
    const { db, knowledge } = await knowledgeWith(small);
    expect(embedded().length).toBe(5); // five passages (the parking fact has two)
    // Saving the same price list again, and a new policy: only the new passage is embedded.
    const [prices] = db.prepare("SELECT id FROM knowledge_sources WHERE kind = 'prices'").all() as Array<{ id: number }>; // prettier-ignore
    await knowledge.store({ id: prices!.id, kind: 'prices', title: 'Prices 2026', origin: null, content: { items: [{ item: "Men's cut", price: '$30' }, { item: 'Full colour', price: '$90' }] } }); // prettier-ignore
    await knowledge.store({ kind: 'policy', title: 'Gift cards', origin: null, content: { text: 'Gift cards never expire.' } }); // prettier-ignore
    await knowledge.settled();
    expect(embedded().length).toBe(6);
    // A different model: every passage again, under that model.
    const nomic = (await probeEmbedder(endpoint, 'nomic-embed-text'))!;
    const other = createKnowledgeService({ db, now: () => 2_000, logger: silentLogger, profile: () => demoProfile, embedder: async () => nomic }); // prettier-ignore
    await other.refreshEmbeddings();
    expect(embedded().length).toBe(12);
    expect(
      db
        .prepare(
          'SELECT model, count(*) AS n FROM knowledge_embeddings GROUP BY model ORDER BY model',
        )
        .all(),
    ).toEqual([
      // prettier-ignore
      { model: 'nomic-embed-text', n: 6 },
      { model: 'text-embedding-3-small', n: 6 },
    ]);
  });
});
