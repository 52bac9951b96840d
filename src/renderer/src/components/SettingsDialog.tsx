import { useState, type FormEvent, type ReactNode } from 'react';
import type {
  ConsoleSettings,
  DraftingSettings,
  DraftingStatus,
  SecretState,
  TriageCategory,
} from '../../../shared/types';
import { useSettingsStore, type SettingsSection } from '../stores/settingsStore';
import { usePick } from '../stores/usePick';
import { GoLiveSection } from './GoLiveSection';
import { SectionedDialog } from './SectionedDialog';
import { CheckField, Field, InputField } from './ui/Field';
import { Button } from './ui/Button';
import { Outcome } from './ui/Outcome';
import { useAction } from './ui/useAction';
import { SecretBadge } from './ui/Badge';
import { SelectField, type Choice } from './ui/Select';
import { LoadFailed } from './ui/LoadFailed';

const sections: Array<{ id: SettingsSection; label: string }> = [
  { id: 'golive', label: 'Go live' },
  { id: 'sending', label: 'Sending' },
  { id: 'profile', label: 'Business profile' },
  { id: 'ai', label: 'AI drafts' },
  { id: 'twilio', label: 'Twilio' },
  { id: 'ngrok', label: 'ngrok' },
];

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

/** A form's save: the shared action, plus "Saved." on success and clearing it on the next change. */
function useSave(run: () => Promise<void>) {
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await run();
      return 'Saved.';
    });
  };
  return { ...action, submit, touched: action.reset };
}

/** A section's form: Save submits it, and any change clears the outcome shown from the last save. */
function SettingsForm({
  save,
  children,
}: {
  save: ReturnType<typeof useSave>;
  children: ReactNode;
}) {
  return (
    <form className="settings-form" onSubmit={save.submit} onChange={save.touched} noValidate>
      {children}
    </form>
  );
}

function SaveRow({ label, save }: { label: string; save: ReturnType<typeof useSave> }) {
  return (
    <div className="form-actions">
      <Button type="submit" variant="primary" disabled={save.busy}>
        {save.busy ? 'Saving…' : label}
      </Button>
      <Outcome action={save} />
    </div>
  );
}

function Secret({ label, state, testId }: { label: string; state: SecretState; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <SecretBadge state={state} testId={`secret-${testId}`} />{' '}
        <span className="muted">
          from <code>{state.envVar}</code>
        </span>
      </dd>
    </div>
  );
}

/** Where settings that cannot be saved here yet come from, said plainly. */
/**
 * Where these values come from. The desktop app keeps them in the system keychain and edits them
 * under Go live; serve mode reads environment variables at start.
 */
function FromEnvironment({
  vars,
  keychain,
  children,
}: {
  vars: string[];
  keychain: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="settings-note" data-testid="settings-env-note">
      {keychain ? (
        <p>
          Change these under <strong>Go live</strong>. Secrets are kept in your system keychain and
          are never shown here, only whether they are set. An environment variable (
          {vars.map((name, index) => (
            <span key={name}>
              {index > 0 && ', '}
              <code>{name}</code>
            </span>
          ))}
          ) still wins when it is set.
        </p>
      ) : (
        <p>
          These come from environment variables read when Switchboard starts:{' '}
          {vars.map((name, index) => (
            <span key={name}>
              {index > 0 && ', '}
              <code>{name}</code>
            </span>
          ))}
          . Set them, then restart Switchboard. Secret values are never shown here, only whether
          they are set.
        </p>
      )}
      {children}
    </div>
  );
}

type QuietHours = ConsoleSettings['sending']['quietHours'];

/** Quiet hours: on or off, from and until, in which time zone (typed, with the zones offered). */
function QuietHoursFields({
  quiet,
  onChange,
}: {
  quiet: QuietHours;
  onChange: (quiet: QuietHours) => void;
}) {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (
    <fieldset>
      <legend>Quiet hours</legend>
      <CheckField
        label="Ask me to confirm before texting a customer during quiet hours"
        checked={quiet.enabled}
        onChange={(enabled) => onChange({ ...quiet, enabled })}
        testId="quiet-enabled"
      />
      <div className="field-row">
        <InputField
          label="From"
          type="time"
          value={quiet.start}
          onChange={(start) => onChange({ ...quiet, start })}
        />
        <InputField
          label="Until"
          type="time"
          value={quiet.end}
          onChange={(end) => onChange({ ...quiet, end })}
        />
        <Field label="Time zone">
          {(id) => (
            <>
              <input
                id={id}
                list={`${id}-zones`}
                value={quiet.timeZone}
                onChange={(e) => onChange({ ...quiet, timeZone: e.target.value })}
                autoComplete="off"
              />
              <datalist id={`${id}-zones`}>
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
    </fieldset>
  );
}

function SendingSection({ settings }: { settings: ConsoleSettings }) {
  const saveSending = useSettingsStore((state) => state.saveSending);
  const initial = settings.sending;
  const [quiet, setQuiet] = useState(initial.quietHours);
  const [price, setPrice] = useState(
    initial.pricePerSegment === null ? '' : String(initial.pricePerSegment),
  );
  const [currency, setCurrency] = useState(initial.currency);
  const [rate, setRate] = useState(String(initial.messagesPerSecond));
  const save = useSave(async () => {
    const pricePerSegment = price.trim() === '' ? null : Number(price);
    if (pricePerSegment !== null && !Number.isFinite(pricePerSegment)) {
      throw new Error('Price per segment: type a number such as 0.0083, or leave it empty.');
    }
    const messagesPerSecond = Number(rate);
    if (!Number.isFinite(messagesPerSecond))
      throw new Error('Messages per second: type a number such as 1.');
    await saveSending({
      quietHours: quiet,
      pricePerSegment,
      currency: currency.trim().toUpperCase(),
      messagesPerSecond,
    });
  });

  return (
    <SettingsForm save={save}>
      <QuietHoursFields quiet={quiet} onChange={setQuiet} />
      <fieldset>
        <legend>Cost estimate</legend>
        <div className="field-row">
          <InputField
            label="Price per segment"
            hint="Leave empty to hide cost estimates."
            type="number"
            inputMode="decimal"
            min={0}
            step={0.0001}
            value={price}
            testId="price-per-segment"
            onChange={setPrice}
          />
          <InputField
            label="Currency"
            className="input-short"
            maxLength={3}
            value={currency}
            onChange={setCurrency}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Pacing</legend>
        <InputField
          label="Messages per second"
          hint="Per business number. Twilio long codes take about 1 per second."
          className="input-short"
          type="number"
          min={0.1}
          max={100}
          step={0.1}
          value={rate}
          onChange={setRate}
        />
      </fieldset>
      <SaveRow label="Save sending settings" save={save} />
    </SettingsForm>
  );
}

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

function ProfileSection({ drafting }: { drafting: DraftingSettings }) {
  const saveDrafting = useSettingsStore((state) => state.saveDrafting);
  const [profile, setProfile] = useState(drafting.profile);
  const save = useSave(() => saveDrafting({ profile }));
  return (
    <SettingsForm save={save}>
      <p className="settings-intro">
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

function AiSection({
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
      <section aria-labelledby="ai-provider-title" className="settings-group">
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
          <InputField
            label="Auto-send countdown (seconds)"
            hint="Time to stop an automatic reply before it goes out."
            className="input-short"
            type="number"
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

function TwilioSection({ settings }: { settings: ConsoleSettings }) {
  const twilio = settings.twilio;
  const demo = twilio.accountSid === null;
  return (
    <section className="settings-group" aria-label="Twilio account">
      {demo && (
        <p className="settings-intro">
          Demo mode: texts go to the built-in simulator, not to real phones. Set all three variables
          below to go live.
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Account SID</dt>
          <dd className="mono" data-testid="twilio-account-sid">
            {twilio.accountSid ?? 'Not set'}
          </dd>
        </div>
        <div>
          <dt>Business number</dt>
          <dd className="mono">{twilio.phoneNumber ?? 'Not set'}</dd>
        </div>
        <Secret label="Auth token" state={twilio.authToken} testId="twilio-auth-token" />
      </dl>
      <FromEnvironment vars={twilio.envVars} keychain={settings.secretStore === 'keychain'} />
    </section>
  );
}

function NgrokSection({ settings }: { settings: ConsoleSettings }) {
  const ngrok = settings.ngrok;
  return (
    <section className="settings-group" aria-label="ngrok tunnel">
      <p className="settings-intro">
        Twilio must reach this computer to deliver texts: through an ngrok tunnel, or through a
        public URL of your own. The tunnel’s state is shown under Health.
      </p>
      <dl className="facts">
        <Secret label="Authtoken" state={ngrok.authtoken} testId="ngrok-authtoken" />
        <div>
          <dt>Reserved domain</dt>
          <dd>{ngrok.domain ?? 'Not configurable yet'}</dd>
        </div>
        <div>
          <dt>Public URL</dt>
          <dd className="mono">{ngrok.publicUrl ?? 'None'}</dd>
        </div>
      </dl>
      <FromEnvironment vars={ngrok.envVars} keychain={settings.secretStore === 'keychain'} />
    </section>
  );
}

/** The Settings screen, a modal dialog opened from the header; Escape closes it. */
export function SettingsDialog() {
  const {
    section,
    status,
    error,
    load,
    console: consoleSettings,
    drafting,
  } = usePick(useSettingsStore, 'section', 'status', 'error', 'load', 'console', 'drafting');

  const ready = status === 'ready' && consoleSettings && drafting;
  return (
    <SectionedDialog
      name="settings"
      title="Settings"
      className="settings-dialog"
      store={useSettingsStore}
      sections={sections}
    >
      {status === 'loading' && <p className="muted">Loading settings…</p>}
      {status === 'error' && <LoadFailed error={error} onRetry={() => void load()} />}
      {ready && section === 'golive' && <GoLiveSection settings={consoleSettings} />}
      {ready && section === 'sending' && <SendingSection settings={consoleSettings} />}
      {ready && section === 'profile' && <ProfileSection drafting={drafting.settings} />}
      {ready && section === 'ai' && (
        <AiSection
          settings={consoleSettings}
          drafting={drafting.settings}
          status={drafting.status}
        />
      )}
      {ready && section === 'twilio' && <TwilioSection settings={consoleSettings} />}
      {ready && section === 'ngrok' && <NgrokSection settings={consoleSettings} />}
    </SectionedDialog>
  );
}
