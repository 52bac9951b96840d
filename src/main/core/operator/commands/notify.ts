/** Settings → Notifications: the channels that reach the operator away, and when they are used. */
import {
  notifyRequiredSecrets,
  notifySecretFields,
  type NotifySettingsView,
} from '../../../../shared/notify';
import { Refusal } from '../../domain/refusal';
import {
  channelView,
  mergeChannelSecrets,
  readChannels,
  readChannelSecrets,
  readRules,
  RULES_KEY,
  secretKeyOf,
  writeChannels,
} from '../../notify/settings';
import { audit } from '../../store/audit';
import { forgetChannelDeliveries } from '../../store/notifications';
import { setSetting } from '../../store/settings';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

const fieldLabels: Record<string, string> = {
  password: 'password',
  webhookUrl: 'webhook address',
  token: 'access token',
  userKey: 'user key',
  appToken: 'app token',
};

export function notifyCommands(
  deps: Pick<HandlerDeps, 'db' | 'now' | 'secrets' | 'notifier'>,
): NamespaceCommands<'notify'> {
  const { db, now, secrets, notifier } = deps;
  const view = (): NotifySettingsView => ({
    channels: readChannels(db).map((channel) => channelView(channel, secrets)),
    rules: readRules(db),
    secretStore: secrets.kind,
    canStoreSecrets: secrets.canStore(),
  });
  // Which fields changed, never their values.
  const auditChange = (action: string, details: Record<string, unknown>) =>
    audit(db, { actor: 'operator', action, details, now: now() });

  return {
    'notify:get': view,

    'notify:saveChannel': ({ id, name, enabled, settings, secrets: typed }) => {
      const channels = readChannels(db);
      const existing = id === undefined ? undefined : channels.find((c) => c.id === id);
      if (id !== undefined && !existing) {
        throw new Refusal('That channel was removed meanwhile: add it again.', 'invalid');
      }
      const channelId = existing?.id ?? Math.max(0, ...channels.map((c) => c.id)) + 1;
      const saved = existing && existing.settings.kind === settings.kind ? readChannelSecrets(secrets, channelId) : {}; // prettier-ignore
      const merged = mergeChannelSecrets(settings.kind, saved, typed);
      const missing = notifyRequiredSecrets[settings.kind].filter((field) => !merged[field]);
      if (missing.length > 0) {
        throw new Refusal(
          `Paste the ${missing.map((f) => fieldLabels[f] ?? f).join(' and the ')} too, then save.`,
          'invalid',
        );
      }
      // The secret first: a keychain that refuses leaves the settings as they were.
      if (Object.keys(merged).length > 0)
        secrets.set(secretKeyOf(channelId), JSON.stringify(merged));
      else secrets.clear(secretKeyOf(channelId));
      const next = { id: channelId, name, enabled, settings };
      db.transaction(() => {
        writeChannels(db, existing ? channels.map((c) => (c.id === channelId ? next : c)) : [...channels, next], now()); // prettier-ignore
        auditChange('settings.notify_channel_saved', {
          channelId,
          kind: settings.kind,
          secrets: notifySecretFields[settings.kind].filter((f) => f in typed),
        });
      })();
      notifier.reload();
      return view();
    },

    'notify:removeChannel': ({ id }) => {
      const channels = readChannels(db);
      if (!channels.some((c) => c.id === id)) return view();
      secrets.clear(secretKeyOf(id));
      db.transaction(() => {
        writeChannels(
          db,
          channels.filter((c) => c.id !== id),
          now(),
        );
        forgetChannelDeliveries(db, id);
        auditChange('settings.notify_channel_removed', { channelId: id });
      })();
      notifier.reload();
      return view();
    },

    'notify:test': ({ id }) => notifier.test(id),

    'notify:saveRules': (rules) => {
      db.transaction(() => {
        setSetting(db, RULES_KEY, rules, now());
        auditChange('settings.notify_rules_changed', { fields: Object.keys(rules) });
      })();
      notifier.reload();
      return view();
    },
  };
}
