/** Each notification channel kind in words: its name, what to paste, and where to find it. */
import type { NotifyChannelKind, NotifyChannelSettings } from '../../../../shared/notify';
import type { Choice } from '../ui/Select';

export const kindLabels: Record<NotifyChannelKind, string> = {
  email: 'Email (SMTP)',
  slack: 'Slack',
  discord: 'Discord',
  teams: 'Microsoft Teams',
  ntfy: 'ntfy',
  pushover: 'Pushover',
};

export const kindChoices: ReadonlyArray<Choice<NotifyChannelKind>> = (
  Object.keys(kindLabels) as NotifyChannelKind[]
).map((value) => ({ value, label: kindLabels[value] }));

/** The secret fields, labelled, with where the operator finds each. */
export const secretFields: Record<
  NotifyChannelKind,
  ReadonlyArray<{ field: string; label: string; hint: string }>
> = {
  email: [{ field: 'password', label: 'Password', hint: 'Many providers want an app password here.' }], // prettier-ignore
  slack: [{ field: 'webhookUrl', label: 'Webhook URL', hint: 'Slack → Apps → Incoming Webhooks → Add New Webhook (https://hooks.slack.com/services/…).' }], // prettier-ignore
  discord: [{ field: 'webhookUrl', label: 'Webhook URL', hint: 'Channel settings → Integrations → Webhooks → Copy Webhook URL.' }], // prettier-ignore
  teams: [{ field: 'webhookUrl', label: 'Webhook URL', hint: 'The channel’s Workflows → “Post to a channel when a webhook request is received”.' }], // prettier-ignore
  ntfy: [{ field: 'token', label: 'Access token (optional)', hint: 'Only for a protected topic (tk_…).' }], // prettier-ignore
  pushover: [
    { field: 'userKey', label: 'User key', hint: 'On your Pushover dashboard, top right.' },
    { field: 'appToken', label: 'App token', hint: 'Create an application at pushover.net/apps/build.' }, // prettier-ignore
  ],
};

/** A new channel's settings, before the operator fills them in. */
export function blankSettings(kind: NotifyChannelKind): NotifyChannelSettings {
  switch (kind) {
    case 'email':
      return { kind, host: '', port: 587, security: 'starttls', user: '', from: '', to: '' };
    case 'ntfy':
      return { kind, server: 'https://ntfy.sh', topic: '' };
    default:
      return { kind };
  }
}
