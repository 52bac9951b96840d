/**
 * The drafting settings (business profile, templates, AI options), stored in the settings table
 * like the sending settings. Never a secret: the API key comes from the environment or the OS
 * keychain, not from here.
 */
import { z } from 'zod';
import { draftingSettingsSchema } from '../../../shared/contract';
import {
  handoffTopics,
  type BusinessProfile,
  type ClosedReplySettings,
  type DraftingSettings,
  type OpeningHours,
} from '../../../shared/types';
import type { Db } from '../store/database';
import { getSetting, setSetting } from '../store/settings';
import { defaultTemplates } from './defaultTemplates';

export const DRAFTING_SETTINGS_KEY = 'drafting';

const emptyProfile: BusinessProfile = {
  name: '',
  hours: '',
  address: '',
  services: '',
  policies: '',
  tone: 'friendly, brief and professional',
  signOff: '',
};

/** Demo mode only: a made-up business so the offline drafter has something to say. */
export const demoProfile: BusinessProfile = {
  name: 'Bella Salon',
  hours: 'Mon-Fri 9am-6pm, Sat 10am-2pm',
  address: '12 Harbor St',
  services: 'haircuts, colour, blow-dry',
  policies: 'Cancel at least 24 hours ahead. Deposits are refundable.',
  tone: 'warm and brief',
  signOff: '- Bella Salon',
};

const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Mon–Fri 9–18, Sat 10–14 (the demo business's hours), on the laptop's clock until set. */
const defaultOpeningHours = (): OpeningHours => {
  const weekday = [{ start: '09:00', end: '18:00' }];
  return {
    timeZone: localTimeZone(),
    week: [[], weekday, weekday, weekday, weekday, weekday, [{ start: '10:00', end: '14:00' }]],
    exceptions: [],
  };
};

/** Off until the operator turns it on; `{nextOpening}` is filled in the customer's language. */
export const defaultClosedReply = (): ClosedReplySettings => ({
  enabled: false,
  templates: {
    en: "Thanks for your message! We're closed right now. We open again {nextOpening} and will reply then.",
    es: '¡Gracias por tu mensaje! Ahora estamos cerrados. Volvemos a abrir {nextOpening} y te responderemos entonces.',
    pt: 'Obrigado pela mensagem! Estamos fechados agora. Abrimos de novo {nextOpening} e respondemos assim que abrirmos.',
    fr: 'Merci pour votre message ! Nous sommes fermés pour le moment. Nous rouvrons {nextOpening} et vous répondrons alors.',
    de: 'Danke für Ihre Nachricht! Wir haben gerade geschlossen. Wir öffnen wieder {nextOpening} und antworten Ihnen dann.',
  },
  awayTemplates: {
    en: "Thanks for your message! We're away right now and will reply as soon as we're back.",
    es: '¡Gracias por tu mensaje! Ahora no estamos disponibles y te responderemos en cuanto volvamos.',
    pt: 'Obrigado pela mensagem! No momento estamos ausentes e responderemos assim que voltarmos.',
    fr: 'Merci pour votre message ! Nous sommes absents pour le moment et vous répondrons dès notre retour.',
    de: 'Danke für Ihre Nachricht! Wir sind gerade nicht erreichbar und antworten, sobald wir zurück sind.',
  },
});

export const defaultDraftingSettings = (): DraftingSettings => ({
  profile: emptyProfile,
  templates: defaultTemplates,
  targetSegments: 2,
  autoSendCategories: [],
  autoSendDelaySeconds: 30,
  historyTokenBudget: 1500,
  triageWithModel: true,
  handoffTopics: [...handoffTopics],
  handoffWords: [],
  openingHours: defaultOpeningHours(),
  closedReply: defaultClosedReply(),
});

// Stored values are merged over the defaults field by field, so a setting added later gets its
// default in an older store, and a damaged field does not take the others with it.
const storedSchema = z.record(z.string(), z.unknown());

export function readDraftingSettings(db: Db, options: { demo?: boolean } = {}): DraftingSettings {
  const defaults = defaultDraftingSettings();
  if (options.demo) defaults.profile = demoProfile;
  const stored = storedSchema.safeParse(getSetting(db, DRAFTING_SETTINGS_KEY) ?? {});
  const result: Record<string, unknown> = { ...defaults };
  if (stored.success) {
    for (const [key, value] of Object.entries(stored.data)) {
      const field = draftingSettingsSchema.shape[key as keyof DraftingSettings];
      if (field?.safeParse(value).success) result[key] = value;
    }
  }
  return result as unknown as DraftingSettings;
}

/** Saves the given fields (already validated by the contract schema) over what is stored. */
export function saveDraftingSettings(db: Db, patch: Partial<DraftingSettings>, now: number): void {
  const stored = storedSchema.safeParse(getSetting(db, DRAFTING_SETTINGS_KEY) ?? {});
  setSetting(db, DRAFTING_SETTINGS_KEY, { ...(stored.success ? stored.data : {}), ...patch }, now);
}
