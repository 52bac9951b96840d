import { useState } from 'react';
import type {
  NotifyChannelKind,
  NotifyChannelSettings,
  NotifyChannelView,
} from '../../../../shared/notify';
import { useNotifyStore } from '../../stores/notifyStore';
import { Button } from '../ui/Button';
import { CheckField, ExactTextField, InputField, SecretField, ShortNumberField } from '../ui/Field';
import { SelectField } from '../ui/Select';
import { blankSettings, kindChoices, secretFields } from './notifyKinds';
import { SaveRow, SettingsForm, useSave } from './settingsForm';

const securityChoices = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS from the start (usually port 465)' },
  { value: 'none', label: 'None (a relay on this computer only)' },
] as const;

/** Adds a channel, or edits one (`channel`); secrets typed here replace the saved ones. */
export function NotifyChannelForm({
  channel,
  onDone,
}: {
  channel?: NotifyChannelView;
  onDone: () => void;
}) {
  const saveChannel = useNotifyStore((state) => state.saveChannel);
  const [name, setName] = useState(channel?.name ?? '');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [settings, setSettings] = useState<NotifyChannelSettings>(channel?.settings ?? blankSettings('slack')); // prettier-ignore
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const save = useSave(async () => {
    await saveChannel({ ...(channel ? { id: channel.id } : {}), name, enabled, settings, secrets });
    onDone();
  });
  const patch = (values: Partial<Record<string, string | number>>) =>
    setSettings({ ...settings, ...values } as NotifyChannelSettings);
  return (
    <SettingsForm save={save}>
      <fieldset data-testid="notify-channel-form">
        <legend>{channel ? `Edit “${channel.name}”` : 'Add a channel'}</legend>
        {!channel && (
          <SelectField
            label="Kind"
            value={settings.kind}
            onChange={(kind: NotifyChannelKind) => setSettings(blankSettings(kind))}
            choices={kindChoices}
            testId="notify-kind"
          />
        )}
        <InputField
          label="Name"
          value={name}
          onChange={setName}
          testId="notify-name"
          placeholder="e.g. Team Slack"
        />
        {settings.kind === 'email' && (
          <>
            <ExactTextField
              label="SMTP server"
              value={settings.host}
              onChange={(host) => patch({ host })}
              placeholder="smtp.example.com"
            />
            <ShortNumberField
              label="Port"
              value={String(settings.port)}
              onChange={(port) => patch({ port: Number(port) })}
              max={65535}
            />
            <SelectField
              label="Security"
              value={settings.security}
              onChange={(security) => patch({ security })}
              choices={securityChoices}
            />
            <ExactTextField
              label="User name"
              value={settings.user}
              onChange={(user) => patch({ user })}
            />
            <ExactTextField
              label="From"
              value={settings.from}
              onChange={(from) => patch({ from })}
              placeholder="switchboard@example.com"
            />
            <ExactTextField
              label="To"
              value={settings.to}
              onChange={(to) => patch({ to })}
              placeholder="you@example.com"
            />
          </>
        )}
        {settings.kind === 'ntfy' && (
          <>
            <ExactTextField
              label="Server"
              value={settings.server}
              onChange={(server) => patch({ server })}
              inputMode="url"
            />
            <ExactTextField
              label="Topic"
              value={settings.topic}
              onChange={(topic) => patch({ topic })}
            />
          </>
        )}
        {secretFields[settings.kind].map(({ field, label, hint }) => (
          <SecretField
            key={field}
            label={channel?.secrets[field] ? `${label} (set; type to replace)` : label}
            hint={hint}
            value={secrets[field] ?? ''}
            onChange={(value) => setSecrets({ ...secrets, [field]: value })}
          />
        ))}
        <CheckField label="On" checked={enabled} onChange={setEnabled} />
      </fieldset>
      <div className="form-actions">
        <SaveRow label={channel ? 'Save channel' : 'Add channel'} save={save} />
        <Button variant="quiet" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </SettingsForm>
  );
}
