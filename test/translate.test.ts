/**
 * Translation for the operator: through the model (the fake OpenAI-compatible server), cached so
 * asking again needs no model, and offline it says translation needs the model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TranslationSettings, TranslationView } from '../src/shared/notify';
import { invoke } from './support/appSignals';
import { customerTexts } from './support/draftSignals';
import { startFakeOpenAI } from './support/fakeOpenAI';
import { startTestApp } from './support/testApp';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('translation for the operator', () => {
  it('translates a customer’s message into the operator’s first language, then from the cache', async () => {
    const fake = await startFakeOpenAI({
      script: (body) => {
        const system = body.messages?.[0]?.content ?? '';
        return system.startsWith('Translate')
          ? 'Do you have a table for two tonight?'
          : 'Claro, ¿a qué hora?';
      },
    });
    cleanups.push(fake.close);
    const { app, stop } = await startTestApp({
      OPENAI_BASE_URL: fake.url,
      SWITCHBOARD_MODEL: 'llama3.2',
    });
    cleanups.push(stop);

    expect(await invoke<TranslationSettings>(app, 'translate:settings', {})).toEqual({
      languages: ['en'],
    });
    expect(
      await invoke<TranslationSettings>(app, 'translate:saveSettings', {
        languages: ['EN', 'fr', 'en'],
      }),
    ).toEqual({ languages: ['en', 'fr'] });

    const message = await customerTexts(app, '+14155550142', '¿Tienen mesa para dos esta noche?');
    const first = await invoke<TranslationView>(app, 'translate:message', {
      messageId: message.id,
    });
    expect(first).toEqual({
      text: 'Do you have a table for two tonight?',
      language: 'en',
      message: null,
      cached: false,
    });
    const asked = fake.requests.filter((r) =>
      r.body?.messages?.[0]?.content.startsWith('Translate'),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]!.body!.messages![0]!.content).toContain('into English');
    expect(asked[0]!.body!.messages![1]).toEqual({
      role: 'user',
      content: '¿Tienen mesa para dos esta noche?',
    });

    // Again: from the cache, even with the model gone.
    await fake.close();
    const again = await invoke<TranslationView>(app, 'translate:message', {
      messageId: message.id,
    });
    expect(again).toMatchObject({ text: 'Do you have a table for two tonight?', cached: true });
  });

  it('a model that fails says so in words', async () => {
    const fake = await startFakeOpenAI();
    cleanups.push(fake.close);
    fake.setFault({ kind: 'unauthorized' }, { requests: 'all' });
    const { app, stop } = await startTestApp({
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-wrong',
    });
    cleanups.push(stop);
    const message = await customerTexts(
      app,
      '+14155550142',
      'Bonjour, vous êtes ouverts dimanche ?',
    );
    const result = await invoke<TranslationView>(app, 'translate:message', {
      messageId: message.id,
    });
    expect(result.text).toBeNull();
    expect(result.message).toBeTruthy();
  });

  it('offline (demo mode without a model) it says translation needs the model', async () => {
    const { app, stop } = await startTestApp();
    cleanups.push(stop);
    const message = await customerTexts(
      app,
      '+14155550142',
      'Bonjour, vous êtes ouverts dimanche ?',
    );
    const result = await invoke<TranslationView>(app, 'translate:message', {
      messageId: message.id,
    });
    expect(result.text).toBeNull();
    expect(result.message).toMatch(
      /^Translation needs the AI model: set one up in Settings → Go live → AI drafts/,
    );
  });
});
