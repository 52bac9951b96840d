import { useState } from 'react';
import type { DraftingSettings } from '../../../../shared/types';
import { useSettingsStore } from '../../stores/settingsStore';
import { Field } from '../ui/Field';
import { SaveRow, SettingsForm, useSave } from './settingsForm';
import sectioned from '../SectionedDialog.module.css';

const profileFields: Array<{
  key: keyof DraftingSettings['profile'];
  label: string;
  long?: boolean;
  hint?: string;
}> = [
  { key: 'name', label: 'Business name' },
  { key: 'hours', label: 'Opening hours' },
  { key: 'address', label: 'Address' },
  { key: 'services', label: 'Services and prices', long: true },
  { key: 'policies', label: 'Policies', long: true, hint: 'Cancellations, deposits, refunds…' },
  { key: 'tone', label: 'Tone', hint: 'For example "warm and brief" or "formal".' },
  {
    key: 'signOff',
    label: 'Sign-off',
    hint: 'Added to drafts when it fits, e.g. "– Ana at Bella Salon".',
  },
];

/** The business as drafts describe it: name, hours, services, tone… */
export function ProfileSection({ drafting }: { drafting: DraftingSettings }) {
  const saveDrafting = useSettingsStore((state) => state.saveDrafting);
  const [profile, setProfile] = useState(drafting.profile);
  const save = useSave(() => saveDrafting({ profile }));
  return (
    <SettingsForm save={save}>
      <p className={sectioned.intro}>
        AI drafts and offline suggestions use this to answer like your business does.
      </p>
      {profileFields.map((field) => (
        <Field key={field.key} label={field.label} hint={field.hint}>
          {(id) =>
            field.long ? (
              <textarea
                id={id}
                rows={3}
                value={profile[field.key]}
                onChange={(e) => setProfile({ ...profile, [field.key]: e.target.value })}
              />
            ) : (
              <input
                id={id}
                value={profile[field.key]}
                onChange={(e) => setProfile({ ...profile, [field.key]: e.target.value })}
                data-testid={`profile-${field.key}`}
              />
            )
          }
        </Field>
      ))}
      <SaveRow label="Save business profile" save={save} />
    </SettingsForm>
  );
}
