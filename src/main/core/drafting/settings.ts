/**
 * The drafting settings (business profile, templates, AI options), stored in the settings table
 * like the sending settings. Never a secret: the API key comes from the environment or the OS
 * keychain, not from here.
 */
import { z } from 'zod';
import { draftingSettingsSchema } from '../../../shared/contract';
import type { BusinessProfile, DraftingSettings } from '../../../shared/types';
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

export const defaultDraftingSettings = (): DraftingSettings => ({
  profile: emptyProfile,
  templates: defaultTemplates,
  targetSegments: 2,
  autoSendCategories: [],
  autoSendDelaySeconds: 30,
  historyTokenBudget: 1500,
  triageWithModel: true,
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
