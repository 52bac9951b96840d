import { describe, expect, it } from 'vitest';
import {
  consentProblem,
  fillTemplate,
  missingVariables,
  placeholdersOf,
  renderTemplate,
  templateProblem,
} from '../../src/main/core/domain/templates';
import {
  offlineTemplateChoice,
  parseTemplateChoice,
} from '../../src/main/core/drafting/templateChoice';

const reminder = {
  sid: 'HX1',
  name: 'appointment_reminder',
  body: 'Hi {{1}}, this is {{2}}: see you on {{3}}. {{1}}, reply to change it.',
  placeholders: ['1', '2', '3'],
  filled: { '1': 'Maria', '2': 'Bella Salon' },
};
const order = {
  sid: 'HX2',
  name: 'order_ready',
  body: 'Hi {{1}}, your order is ready to collect.',
  placeholders: ['1'],
  filled: { '1': 'Maria' },
};
const reach = {
  sid: 'HX3',
  name: 'we_tried_to_reach_you',
  body: 'Hi {{1}}, we tried to reach you.',
  placeholders: ['1'],
  filled: {},
};

describe('a template in words and text', () => {
  it('renders, lists its placeholders once, and says which are empty', () => {
    expect(placeholdersOf(reminder.body)).toEqual(['1', '2', '3']);
    expect(renderTemplate(reminder.body, { '1': 'Ana', '2': ' ', '3': 'Friday' })).toBe(
      'Hi Ana, this is {{2}}: see you on Friday. Ana, reply to change it.',
    );
    expect(missingVariables(reminder.body, { '1': 'Ana', '3': '' })).toEqual(['2', '3']);
  });

  it('says why a template cannot go and what to do, by its approval', () => {
    const problem = (approval: string, rejectionReason: string | null = null) =>
      templateProblem({ name: 'promo', approval, rejectionReason });
    expect(problem('approved')).toBeNull();
    expect(problem('pending')).toMatch(/has not approved “promo” yet/);
    expect(problem('rejected', 'Too promotional.')).toBe(
      'WhatsApp rejected “promo” (Too promotional). Edit it in the Twilio Console and submit it again, or pick an approved template.',
    );
    expect(problem('unsubmitted')).toMatch(/never submitted/);
  });

  it('fills the name after a greeting and the business by its sample, never a guessed date', () => {
    const samples = { '1': 'Maria', '2': 'Bella Salon', '3': 'Friday at 3 pm' };
    expect(fillTemplate({ body: reminder.body, samples }, { contactName: 'Ana  Ruiz', businessName: 'Bella Salon' })).toEqual({ '1': 'Ana', '2': 'Bella Salon' }); // prettier-ignore
    expect(fillTemplate({ body: reminder.body, samples }, { contactName: null, businessName: '' })).toEqual({}); // prettier-ignore
  });

  it('asks for consent only when the business writes first, and a withdrawn one does not count', () => {
    const consent = { method: 'web-form' as const, note: null, recordedBy: 'Ana', recordedAt: 1, withdrawnAt: null }; // prettier-ignore
    expect(consentProblem({ windowOpen: true, consent: undefined })).toBeNull();
    expect(consentProblem({ windowOpen: false, consent })).toBeNull();
    expect(consentProblem({ windowOpen: false, consent: undefined })).toMatch(/Record how they agreed/); // prettier-ignore
    expect(consentProblem({ windowOpen: false, consent: { ...consent, withdrawnAt: 2 } })).toMatch(/withdrew/); // prettier-ignore
  });
});

describe('which template fits, offline and from a model', () => {
  const request = (said: string) => ({
    thread: [{ direction: 'inbound' as const, body: said }],
    contactName: 'Maria',
    businessName: 'Bella Salon',
    templates: [reminder, order, reach],
  });

  it('picks the template sharing the most words, and explains it', () => {
    expect(offlineTemplateChoice(request('Is my order ready?'))).toEqual({
      sid: 'HX2',
      variables: { '1': 'Maria' },
      reason: 'Offline pick: the conversation mentions “order”, “ready”, as “order_ready” does.',
    });
    expect(offlineTemplateChoice(request('Can I change my appointment?'))?.sid).toBe('HX1');
  });

  it('falls back to a template that re-opens the conversation when nothing matches', () => {
    expect(offlineTemplateChoice(request('ok'))).toMatchObject({ sid: 'HX3', reason: expect.stringMatching(/re-opens it politely/) }); // prettier-ignore
    expect(offlineTemplateChoice({ ...request('ok'), templates: [] })).toBeNull();
  });

  it("takes a model's answer only for an approved template, its own placeholders, and what Switchboard knows first", () => {
    const answer = JSON.stringify({ sid: 'HX1', variables: { '1': 'Mary', '3': 'Friday', '9': 'x' }, reason: 'Asked about Friday.' }); // prettier-ignore
    expect(parseTemplateChoice(`Sure: ${answer}`, request('Friday?'))).toEqual({
      sid: 'HX1',
      variables: { '1': 'Maria', '2': 'Bella Salon', '3': 'Friday' },
      reason: 'Asked about Friday.',
    });
    expect(parseTemplateChoice('{"sid": "HX999"}', request('x'))).toBeNull();
    expect(parseTemplateChoice('not json', request('x'))).toBeNull();
  });
});
