import { useEffect, useState } from 'react';
import { useRecordsStore } from '../../stores/recordsStore';
import { CheckField } from '../ui/Field';
import { LoadFailed } from '../ui/LoadFailed';
import { SaveRow, SettingsForm, useSave } from './settingsForm';

/**
 * Privacy: whether Twilio keeps its copy of what customers send. The setting lives with the
 * records settings (`records:saveSettings`, `media.deleteCarrierCopy`), off by default.
 */
export function PrivacySection() {
  const settings = useRecordsStore((state) => state.settings);
  const settingsError = useRecordsStore((state) => state.settingsError);
  const loadSettings = useRecordsStore((state) => state.loadSettings);
  useEffect(() => {
    if (!settings) void loadSettings();
  }, [settings, loadSettings]);
  if (settingsError && !settings) {
    return <LoadFailed error={settingsError} onRetry={() => void loadSettings()} />;
  }
  if (!settings) return <p className="muted">Loading settings…</p>;
  return <PrivacyForm deleteCarrierCopy={settings.media.deleteCarrierCopy} />;
}

function PrivacyForm({ deleteCarrierCopy }: { deleteCarrierCopy: boolean }) {
  const saveSettings = useRecordsStore((state) => state.saveSettings);
  const [on, setOn] = useState(deleteCarrierCopy);
  const save = useSave(() => saveSettings({ media: { deleteCarrierCopy: on } }));
  return (
    <SettingsForm save={save}>
      <fieldset>
        <legend>Pictures and files customers send</legend>
        <CheckField
          label="Delete Twilio's copy once ours is safe"
          checked={on}
          onChange={setOn}
          testId="delete-carrier-copy"
        />
        <p className="field-hint">
          Once a picture or file a customer sent is kept on this computer, Switchboard asks Twilio
          to delete its copy, so only this computer and your backups have it from then on
          (attachments kept before you turn this on stay at Twilio).
        </p>
      </fieldset>
      <SaveRow label="Save privacy" save={save} />
    </SettingsForm>
  );
}
