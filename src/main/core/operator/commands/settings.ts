/** The Settings screen: sending, the Twilio account, secrets, public access, the AI service. */
import type { AccountSaveResult } from '../../../../shared/types';
import { readAccountSettings, saveAccountSettings } from '../../configSources';
import { Refusal } from '../../domain/refusal';
import { secretEnvVars, type SecretName, type SecretStore } from '../../golive/secrets';
import {
  readSendingSettings,
  SENDING_SETTINGS_KEY,
  sendingSettingsSchema,
} from '../../sendingSettings';
import { audit } from '../../store/audit';
import { setSetting } from '../../store/settings';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';
import { displayUrl, readConsoleSettings, type SettingsViewDeps } from './settingsView';

const secretLabels: Record<SecretName, string> = {
  twilioAuthToken: 'Twilio auth token',
  openaiApiKey: 'OpenAI API key',
  ngrokAuthtoken: 'ngrok authtoken',
};

const fieldNames: Record<string, string> = {
  quietHours: 'Quiet hours',
  'quietHours.timeZone': 'Quiet hours time zone',
  'quietHours.start': 'Quiet hours start',
  'quietHours.end': 'Quiet hours end',
  pricePerSegment: 'Price per segment',
  currency: 'Currency',
  messagesPerSecond: 'Messages per second',
};

/** Why a secret cannot be kept here, as one sentence that says what to do instead. */
function cannotStore(secrets: SecretStore, envVars: string[]): Refusal {
  if (secrets.kind === 'environment') {
    return new Refusal(
      `Switchboard is running in serve mode, which cannot keep secrets: set ${envVars.join(', ')} ` +
        'in the environment instead, then restart Switchboard.',
    );
  }
  return new Refusal(
    'This computer’s keychain is not available, so Switchboard cannot keep secrets safely. ' +
      'Unlock or set up the keychain (on Linux: a Secret Service such as GNOME Keyring), then try again.',
  );
}

type SettingsDeps = SettingsViewDeps & Pick<HandlerDeps, 'now' | 'restart'>;

/** After a save: in effect now, restarting by itself (desktop), or restart by hand (serve). */
function savedResult(deps: SettingsDeps, what: string, needsRestart: boolean): AccountSaveResult {
  const settings = readConsoleSettings(deps);
  if (!needsRestart) return { settings, restart: 'none', message: `${what} saved.` };
  if (deps.restart) {
    // After this answer has left: the restart closes this core.
    setTimeout(deps.restart, 0);
    return {
      settings,
      restart: 'restarting',
      message: `${what} saved. Switchboard is restarting to use it; the console reconnects by itself.`,
    };
  }
  return {
    settings,
    restart: 'required',
    message: `${what} saved. Restart Switchboard to use it.`,
  };
}

export function settingsCommands(deps: SettingsDeps): NamespaceCommands<'settings'> {
  const { db, now, secrets } = deps;
  const settings = () => readConsoleSettings(deps);
  const saved = (what: string, needsRestart: boolean) => savedResult(deps, what, needsRestart);
  // A secret store that fails says why in words (SecretStoreError is a Refusal).
  const keep = (name: SecretName, value: string | null) =>
    value === null ? secrets.clear(name) : secrets.set(name, value);
  const auditAccount = (action: string, fields: string[]) =>
    // Which fields changed, never their values.
    audit(db, { actor: 'operator', action, details: { fields }, now: now() });

  return {
    'settings:get': settings,

    'settings:saveSending': (patch) => {
      const merged = sendingSettingsSchema.safeParse({ ...readSendingSettings(db), ...patch });
      if (!merged.success) {
        const issue = merged.error.issues[0];
        const where = fieldNames[issue?.path.join('.') ?? ''] ?? 'Sending settings';
        throw new Refusal(`${where}: ${issue?.message ?? 'not valid'}.`, 'invalid');
      }
      db.transaction(() => {
        setSetting(db, SENDING_SETTINGS_KEY, merged.data, now());
        auditAccount('settings.sending_changed', Object.keys(patch));
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
        throw new Refusal(
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
  };
}
