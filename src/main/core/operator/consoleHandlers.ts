import type {
  AccountSaveResult,
  AppMode,
  ConsentChange,
  ConsoleSettings,
  ContactDetails,
  DraftingStatus,
} from '../../../shared/types';
import type { AppConfig } from '../config';
import { readAccountSettings, saveAccountSettings } from '../configSources';
import {
  secretEnvVars,
  SecretStoreError,
  type SecretName,
  type SecretStore,
} from '../golive/secrets';
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
import { indexSearchBacklog } from '../store/search';
import { setSetting } from '../store/settings';
import { Superseded, type Readers } from '../threads/readerPool';
import { CommandFailure, type CommandHandlers } from './service';

export interface ConsoleHandlerDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  /** Where secrets and account settings come from; only whether a secret is set leaves here. */
  config: Pick<AppConfig, 'twilio' | 'openai' | 'ngrokAuthtoken' | 'publicUrl' | 'ngrokDomain'>;
  draftingStatus: DraftingStatus;
  /** The mode the running core chose at start. */
  mode: AppMode;
  /** Keychain (desktop) or environment (serve mode); secrets go in, only set / not set comes out. */
  secrets: SecretStore;
  /** Desktop only: restarts the core so saved credentials take effect. */
  restart?: (() => void) | undefined;
  /** Searches run on a reader thread: at a million messages they are too long for this one. */
  readers: Readers;
}

type ConsoleCommands =
  | 'contacts:get'
  | 'contacts:update'
  | 'settings:get'
  | 'settings:saveSending'
  | 'settings:saveTwilio'
  | 'settings:saveSecret'
  | 'settings:clearSecret'
  | 'settings:savePublicAccess'
  | 'settings:saveAi'
  | 'search:messages';

const secretLabels: Record<SecretName, string> = {
  twilioAuthToken: 'Twilio auth token',
  openaiApiKey: 'OpenAI API key',
  ngrokAuthtoken: 'ngrok authtoken',
};

/** Why a secret cannot be kept here, as one sentence that says what to do instead. */
function cannotStore(secrets: SecretStore, envVars: string[]): CommandFailure {
  if (secrets.kind === 'environment') {
    return new CommandFailure(
      `Switchboard is running in serve mode, which cannot keep secrets: set ${envVars.join(', ')} ` +
        'in the environment instead, then restart Switchboard.',
    );
  }
  return new CommandFailure(
    'This computer’s keychain is not available, so Switchboard cannot keep secrets safely. ' +
      'Unlock or set up the keychain (on Linux: a Secret Service such as GNOME Keyring), then try again.',
  );
}

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

  const { secrets } = deps;
  const isSet = (name: SecretName) => ({
    set: Boolean(secrets.get(name)),
    envVar: secretEnvVars[name],
  });
  const settings = (): ConsoleSettings => {
    const stored = readAccountSettings(db);
    return {
      sending: readSendingSettings(db),
      secretStore: secrets.kind,
      canStoreSecrets: secrets.canStore(),
      mode: deps.mode,
      twilio: {
        accountSid: config.twilio?.accountSid ?? stored.twilioAccountSid,
        phoneNumber: config.twilio?.phoneNumber ?? stored.twilioPhoneNumber,
        authToken: isSet('twilioAuthToken'),
        envVars: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'],
      },
      ai: {
        provider: deps.draftingStatus.provider,
        baseUrl: displayUrl(config.openai.baseUrl),
        model: deps.draftingStatus.model,
        apiKey: isSet('openaiApiKey'),
        saved: { baseUrl: displayUrl(stored.aiBaseUrl ?? undefined), model: stored.aiModel },
        envVars: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'SWITCHBOARD_MODEL'],
      },
      ngrok: {
        authtoken: isSet('ngrokAuthtoken'),
        domain: stored.ngrokDomain ?? config.ngrokDomain ?? null,
        publicUrl: displayUrl(stored.publicUrl ?? config.publicUrl),
        envVars: ['NGROK_AUTHTOKEN', 'SWITCHBOARD_PUBLIC_URL'],
      },
      editable: {
        sending: true,
        twilio: secrets.canStore(),
        ai: secrets.canStore(),
        // The authtoken may live in memory for this run; domain and public URL are not secret.
        ngrok: true,
      },
    };
  };

  /** After a save: in effect now, restarting by itself (desktop), or restart by hand (serve). */
  const saved = (what: string, needsRestart: boolean): AccountSaveResult => {
    if (!needsRestart) return { settings: settings(), restart: 'none', message: `${what} saved.` };
    if (deps.restart) {
      // After this answer has left: the restart closes this core.
      setTimeout(deps.restart, 0);
      return {
        settings: settings(),
        restart: 'restarting',
        message: `${what} saved. Switchboard is restarting to use it; the console reconnects by itself.`,
      };
    }
    return {
      settings: settings(),
      restart: 'required',
      message: `${what} saved. Restart Switchboard to use it.`,
    };
  };
  const keep = (name: SecretName, value: string | null) => {
    try {
      if (value === null) secrets.clear(name);
      else secrets.set(name, value);
    } catch (error) {
      if (error instanceof SecretStoreError) throw new CommandFailure(error.message);
      throw error;
    }
  };
  const auditAccount = (action: string, fields: string[]) =>
    // Which fields changed, never their values.
    audit(db, { actor: 'operator', action, details: { fields }, now: now() });

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

    'settings:saveTwilio': ({ accountSid, phoneNumber, authToken }) => {
      if (!secrets.canStore()) {
        throw cannotStore(secrets, [
          'TWILIO_ACCOUNT_SID',
          'TWILIO_AUTH_TOKEN',
          'TWILIO_PHONE_NUMBER',
        ]);
      }
      if (!authToken && !secrets.get('twilioAuthToken')) {
        throw new CommandFailure(
          'Paste the Auth Token too (Twilio Console → Account info), then save.',
          'invalid',
        );
      }
      if (authToken) keep('twilioAuthToken', authToken);
      db.transaction(() => {
        saveAccountSettings(
          db,
          { twilioAccountSid: accountSid, twilioPhoneNumber: phoneNumber },
          now(),
        );
        auditAccount('settings.twilio_changed', ['accountSid', 'phoneNumber', ...(authToken ? ['authToken'] : [])]); // prettier-ignore
      })();
      return saved('Twilio account', true);
    },

    'settings:saveSecret': ({ name, value }) => {
      if (!secrets.canStore()) {
        // The one exception: a tunnel may run on an authtoken typed for this session.
        if (name === 'ngrokAuthtoken' && secrets.kind === 'environment') {
          secrets.set(name, value);
          return {
            settings: settings(),
            restart: 'none',
            message:
              'ngrok authtoken kept until Switchboard stops. To keep it, set NGROK_AUTHTOKEN.',
          };
        }
        throw cannotStore(secrets, [secretEnvVars[name]]);
      }
      keep(name, value);
      auditAccount('settings.secret_changed', [name]);
      // The tunnel reads its authtoken when it starts; the carrier and the drafter are built at start.
      return saved(secretLabels[name], name !== 'ngrokAuthtoken');
    },

    'settings:clearSecret': ({ name }) => {
      if (!secrets.canStore() && !(name === 'ngrokAuthtoken' && secrets.kind === 'environment')) {
        throw cannotStore(secrets, [secretEnvVars[name]]);
      }
      keep(name, null);
      auditAccount('settings.secret_cleared', [name]);
      const result = saved(secretLabels[name], name !== 'ngrokAuthtoken');
      return { ...result, message: result.message.replace(' saved.', ' removed.') };
    },

    'settings:savePublicAccess': ({ ngrokDomain, publicUrl }) => {
      const before = readAccountSettings(db);
      const url = publicUrl.replace(/\/+$/, '') || null;
      db.transaction(() => {
        saveAccountSettings(db, { ngrokDomain: ngrokDomain || null, publicUrl: url }, now());
        auditAccount('settings.public_access_changed', ['ngrokDomain', 'publicUrl']);
      })();
      // The domain is used when the tunnel next starts; signatures follow a new URL after a restart.
      return saved('Public address', url !== before.publicUrl);
    },

    'settings:saveAi': ({ baseUrl, model }) => {
      const before = readAccountSettings(db);
      // The form shows a saved address without its credentials or query: the same address sent
      // back unchanged keeps them.
      const url = baseUrl.replace(/\/+$/, '');
      const aiBaseUrl =
        url === ''
          ? null
          : url === displayUrl(before.aiBaseUrl ?? undefined)
            ? before.aiBaseUrl
            : url;
      const aiModel = model === '' ? null : model;
      db.transaction(() => {
        saveAccountSettings(db, { aiBaseUrl, aiModel }, now());
        auditAccount('settings.ai_changed', ['baseUrl', 'model']);
      })();
      // The drafter is built at start.
      const changed = aiBaseUrl !== before.aiBaseUrl || aiModel !== before.aiModel;
      return saved('AI service', changed);
    },

    // This handler runs on the writer connection: it indexes what waits in the backlog (a write,
    // usually nothing or a few messages) so the read that follows, on a reader thread, misses no
    // stored message. A newer search replaces one still waiting its turn there.
    'search:messages': async (input) => {
      indexSearchBacklog(db);
      try {
        return await deps.readers.query('search', input, { latestIn: 'search' });
      } catch (error) {
        if (error instanceof Superseded) throw new CommandFailure(error.message, 'superseded');
        throw error;
      }
    },
  };
}
