import type {
  ConsentChange,
  ConsoleSettings,
  ContactDetails,
  DraftingStatus,
} from '../../../shared/types';
import type { AppConfig } from '../config';
import type { EventBus } from '../events';
import {
  readSendingSettings,
  SENDING_SETTINGS_KEY,
  sendingSettingsSchema,
} from '../sendingSettings';
import { audit } from '../store/audit';
import {
  getContactRecord,
  listConsentAudit,
  listContactConversationIds,
  updateContactDetails,
  type ConsentAuditRow,
} from '../store/contactHistory';
import { getConversationSummary } from '../store/conversations';
import type { Db } from '../store/database';
import { searchMessages } from '../store/search';
import { setSetting } from '../store/settings';
import { CommandFailure, type CommandHandlers } from './service';

export interface ConsoleHandlerDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  /** Where secrets and account settings come from; only whether a secret is set leaves here. */
  config: Pick<AppConfig, 'twilio' | 'openai' | 'ngrokAuthtoken' | 'publicUrl'>;
  draftingStatus: DraftingStatus;
}

type ConsoleCommands =
  'contacts:get' | 'contacts:update' | 'settings:get' | 'settings:saveSending' | 'search:messages';

/** How a consent change happened, in the operator's words (from the audit entry's details). */
function describeConsent(row: ConsentAuditRow): ConsentChange {
  let details: { via?: unknown; keyword?: unknown } = {};
  try {
    details = JSON.parse(row.details) as typeof details;
  } catch {
    // A damaged entry still says when and which way; only the "how" is lost.
  }
  const keyword = typeof details.keyword === 'string' ? details.keyword : null;
  const via = typeof details.via === 'string' ? details.via : null;
  let how: string;
  if (keyword && via === 'keyword') how = `texted ${keyword}`;
  else if (keyword && via?.startsWith('OptOutType=')) how = `texted ${keyword} (carrier opt-out)`;
  else how = via ?? (row.actor === 'operator' ? 'changed by the operator' : 'recorded');
  const actor = row.actor === 'customer' || row.actor === 'operator' ? row.actor : 'system';
  return { at: row.at, optedOut: row.action === 'contact.opted_out', actor, via: how };
}

const fieldNames: Record<string, string> = {
  quietHours: 'Quiet hours',
  'quietHours.timeZone': 'Quiet hours time zone',
  'quietHours.start': 'Quiet hours start',
  'quietHours.end': 'Quiet hours end',
  pricePerSegment: 'Price per segment',
  currency: 'Currency',
  messagesPerSecond: 'Messages per second',
};

/** A base URL to show: never its credentials or query (some local servers take a key there). */
function displayUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return null;
  }
}

/**
 * The operator console's commands: the contact panel, the Settings screen (everything except
 * drafting, which has its own commands) and search.
 */
export function createConsoleHandlers(
  deps: ConsoleHandlerDeps,
): Pick<CommandHandlers, ConsoleCommands> {
  const { db, events, now, config } = deps;

  const contactDetails = (contactId: number): ContactDetails => {
    const record = getContactRecord(db, contactId);
    if (!record) throw new CommandFailure('That contact no longer exists.');
    return {
      ...record,
      consentHistory: listConsentAudit(db, contactId).map(describeConsent),
      conversationIds: listContactConversationIds(db, contactId),
    };
  };

  const settings = (): ConsoleSettings => ({
    sending: readSendingSettings(db),
    secretStore: 'environment',
    twilio: {
      accountSid: config.twilio?.accountSid ?? null,
      phoneNumber: config.twilio?.phoneNumber ?? null,
      authToken: { set: Boolean(config.twilio?.authToken), envVar: 'TWILIO_AUTH_TOKEN' },
      envVars: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'],
    },
    ai: {
      provider: deps.draftingStatus.provider,
      baseUrl: displayUrl(config.openai.baseUrl),
      model: deps.draftingStatus.model,
      apiKey: { set: Boolean(config.openai.apiKey), envVar: 'OPENAI_API_KEY' },
      envVars: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'SWITCHBOARD_MODEL'],
    },
    ngrok: {
      authtoken: { set: Boolean(config.ngrokAuthtoken), envVar: 'NGROK_AUTHTOKEN' },
      domain: null,
      publicUrl: displayUrl(config.publicUrl),
      envVars: ['NGROK_AUTHTOKEN', 'SWITCHBOARD_PUBLIC_URL'],
    },
    editable: { sending: true, twilio: false, ai: false, ngrok: false },
  });

  return {
    'contacts:get': ({ contactId }) => contactDetails(contactId),

    'contacts:update': ({ contactId, name, notes, tags }) => {
      const fields = {
        // An emptied name goes back to showing the number.
        ...(name !== undefined ? { name: name === '' ? null : name } : {}),
        ...(notes !== undefined ? { notes } : {}),
        ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
      };
      const changed = db.transaction(() => {
        if (!updateContactDetails(db, { contactId, ...fields, now: now() })) return false;
        // Which fields, not their values: notes may hold what a customer confided.
        audit(db, {
          actor: 'operator',
          action: 'contact.updated',
          subjectType: 'contact',
          subjectId: contactId,
          details: { fields: Object.keys(fields) },
          now: now(),
        });
        return true;
      })();
      if (!changed) throw new CommandFailure('That contact no longer exists.');
      const details = contactDetails(contactId);
      for (const conversationId of details.conversationIds) {
        const summary = getConversationSummary(db, conversationId);
        if (summary) events.emit('conversation:updated', summary);
      }
      return details;
    },

    'settings:get': settings,

    'settings:saveSending': (patch) => {
      const merged = sendingSettingsSchema.safeParse({ ...readSendingSettings(db), ...patch });
      if (!merged.success) {
        const issue = merged.error.issues[0];
        const where = fieldNames[issue?.path.join('.') ?? ''] ?? 'Sending settings';
        throw new CommandFailure(`${where}: ${issue?.message ?? 'not valid'}.`, 'invalid');
      }
      db.transaction(() => {
        setSetting(db, SENDING_SETTINGS_KEY, merged.data, now());
        audit(db, {
          actor: 'operator',
          action: 'settings.sending_changed',
          details: { fields: Object.keys(patch) },
          now: now(),
        });
      })();
      return settings();
    },

    'search:messages': ({ query, limit }) => searchMessages(db, { query, limit }),
  };
}
