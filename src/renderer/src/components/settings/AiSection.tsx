import { useState } from 'react';
import type {
  ConsoleSettings,
  DraftingSettings,
  DraftingStatus,
  TriageCategory,
} from '../../../../shared/types';
import { useSettingsStore } from '../../stores/settingsStore';
import { CheckField, ShortNumberField } from '../ui/Field';
import { SelectField, type Choice } from '../ui/Select';
import { SaveRow, SettingsForm, useSave } from './settingsForm';
import { FromEnvironment, Secret } from './whereFrom';
import sectioned from '../SectionedDialog.module.css';

// Complaints are never auto-sent (the core refuses them), so they are not offered.
const autoSendable: Array<{ id: TriageCategory; label: string }> = [
  { id: 'question', label: 'Questions' },
  { id: 'booking', label: 'Bookings' },
  { id: 'billing', label: 'Billing' },
  { id: 'other', label: 'Other' },
];

const draftLengths: ReadonlyArray<Choice<'1' | '2' | '3'>> = [
  { value: '1', label: '1 text message (160 characters)' },
  { value: '2', label: 'Up to 2 text messages' },
  { value: '3', label: 'Up to 3 text messages' },
];

/** Where drafts come from, and the AI mode's defaults (draft length, auto-send, triage). */
export function AiSection({
  settings,
  drafting,
  status,
}: {
  settings: ConsoleSettings;
  drafting: DraftingSettings;
  status: DraftingStatus;
}) {
  const saveDrafting = useSettingsStore((state) => state.saveDrafting);
  const [targetSegments, setTargetSegments] = useState(drafting.targetSegments);
  const [categories, setCategories] = useState(drafting.autoSendCategories);
  const [delay, setDelay] = useState(String(drafting.autoSendDelaySeconds));
  const [triage, setTriage] = useState(drafting.triageWithModel);
  const save = useSave(async () => {
    const autoSendDelaySeconds = Number(delay);
    if (!Number.isInteger(autoSendDelaySeconds))
      throw new Error('Auto-send delay: type whole seconds, such as 30.');
    await saveDrafting({
      targetSegments,
      autoSendCategories: categories,
      autoSendDelaySeconds,
      triageWithModel: triage,
    });
  });
  const ai = settings.ai;
  return (
    <>
      <section aria-labelledby="ai-provider-title" className={sectioned.group}>
        <h3 id="ai-provider-title">Provider</h3>
        <dl className="facts">
          <div>
            <dt>Drafts come from</dt>
            <dd data-testid="ai-provider">
              {ai.provider === 'offline'
                ? 'Offline suggestions (templates and your past replies)'
                : 'An OpenAI-compatible service'}
            </dd>
          </div>
          <div>
            <dt>Base URL</dt>
            <dd className="mono">
              {ai.baseUrl ?? (ai.provider === 'openai' ? 'api.openai.com' : '—')}
            </dd>
          </div>
          <div>
            <dt>Model</dt>
            <dd className="mono">{ai.model ?? status.model ?? '—'}</dd>
          </div>
          <Secret label="API key" state={ai.apiKey} testId="openai-key" />
        </dl>
        <FromEnvironment vars={ai.envVars} keychain={settings.secretStore === 'keychain'}>
          <p>
            With neither a key nor a service address, drafts come from the offline drafter. Ollama,
            LM Studio and llama.cpp need only the address, which can be saved with the model under{' '}
            <strong>Go live → AI drafts</strong>; <strong>Check credentials</strong> there asks the
            service whether it offers the model.
          </p>
        </FromEnvironment>
      </section>
      <SettingsForm save={save}>
        <fieldset>
          <legend>AI mode defaults</legend>
          <p className="field-hint">
            New conversations start in Draft mode: every reply waits for your decision. Auto-send is
            turned on per conversation, and only sends the kinds of message ticked here.
          </p>
          <SelectField
            label="Draft length"
            value={String(targetSegments) as '1' | '2' | '3'}
            onChange={(value) => setTargetSegments(Number(value))}
            choices={draftLengths}
          />
          <div className="field">
            <span className="field-label" id="autosend-label">
              Auto-send may send replies to
            </span>
            <div className="check-group" role="group" aria-labelledby="autosend-label">
              {autoSendable.map((category) => (
                <CheckField
                  key={category.id}
                  label={category.label}
                  checked={categories.includes(category.id)}
                  onChange={(checked) =>
                    setCategories(
                      checked
                        ? [...categories, category.id]
                        : categories.filter((c) => c !== category.id),
                    )
                  }
                />
              ))}
            </div>
            <p className="field-hint">Complaints always wait for you.</p>
          </div>
          <ShortNumberField
            label="Auto-send countdown (seconds)"
            hint="Time to stop an automatic reply before it goes out."
            min={5}
            max={3600}
            value={delay}
            onChange={setDelay}
          />
          <CheckField
            label="Let the AI model sort messages (question, booking, complaint…); rules are used otherwise"
            checked={triage}
            onChange={setTriage}
          />
        </fieldset>
        <SaveRow label="Save AI settings" save={save} />
      </SettingsForm>
    </>
  );
}
