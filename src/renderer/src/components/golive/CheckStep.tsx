import { useState } from 'react';
import type { ConsoleSettings } from '../../../../shared/types';
import { useGoLiveStore } from '../../stores/goLiveStore';
import { usePick } from '../../stores/usePick';
import { SaveForm } from '../SaveForm';
import { SecretBadge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ExactTextField, SecretField } from '../ui/Field';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import { Step } from './Step';
import styles from './GoLiveSection.module.css';

/** Where drafts come from: an OpenAI-compatible address (empty = OpenAI) and the model. */
function AiServiceForm({ settings }: { settings: ConsoleSettings }) {
  const saveAi = useGoLiveStore((s) => s.saveAi);
  const [baseUrl, setBaseUrl] = useState(settings.ai.saved.baseUrl ?? '');
  const [model, setModel] = useState(settings.ai.saved.model ?? '');
  return (
    <SaveForm
      className={styles.form}
      label="Save service"
      testId="golive-ai-service"
      save={async () => (await saveAi({ baseUrl: baseUrl.trim(), model: model.trim() })).message}
    >
      <div className="field-row">
        <ExactTextField
          label="Service address (optional)"
          hint="Empty for OpenAI. Ollama: http://localhost:11434/v1"
          value={baseUrl}
          onChange={setBaseUrl}
          placeholder="https://api.openai.com/v1"
        />
        <ExactTextField
          label="Model (optional)"
          hint="Its name at that service. Empty: the default."
          value={model}
          onChange={setModel}
          placeholder="gpt-4o-mini, llama3.2…"
        />
      </div>
    </SaveForm>
  );
}

/** Step 5: a test text and the credential checks; the optional AI drafts service below them. */
export function CheckStep({ settings }: { settings: ConsoleSettings }) {
  const { selfTest, checks, runSelfTest, checkCredentials, saveSecret } = usePick(
    useGoLiveStore,
    'selfTest',
    'checks',
    'runSelfTest',
    'checkCredentials',
    'saveSecret',
  );
  const test = useAction();
  const check = useAction();
  const [apiKey, setApiKey] = useState('');
  const label = { twilio: 'Twilio', ai: 'AI drafts', ngrok: 'ngrok' } as const;
  return (
    <Step n={5} title="Test it">
      <div className="form-actions">
        <Button variant="primary" disabled={test.busy} onClick={() => void test.run(runSelfTest)}>
          {test.busy ? 'Sending…' : 'Send a test'}
        </Button>
        <Button disabled={check.busy} onClick={() => void check.run(checkCredentials)}>
          {check.busy ? 'Checking…' : 'Check credentials'}
        </Button>
      </div>
      <Outcome action={test} testId="golive-selftest" />
      <Outcome action={check} testId="golive-checks" />
      {selfTest && (
        <>
          <p className={selfTest.ok ? styles.ok : styles.bad} data-testid="golive-selftest-result">
            {selfTest.ok ? '✓ ' : '✗ '}
            <strong>SMS route:</strong> {selfTest.message}
          </p>
          <p
            className={selfTest.whatsapp.ok ? styles.ok : styles.bad}
            data-testid="golive-selftest-whatsapp"
          >
            {selfTest.whatsapp.ok ? '✓ ' : '✗ '}
            <strong>WhatsApp route:</strong> {selfTest.whatsapp.message}
          </p>
        </>
      )}
      {checks && (
        <ul className={styles.checks} aria-label="Credential checks">
          {checks.map((c) => (
            <li
              key={c.service}
              className={c.ok === true ? styles.ok : c.ok === false ? styles.bad : 'muted'}
            >
              <strong>{label[c.service]}:</strong> {c.message}
            </li>
          ))}
        </ul>
      )}
      <details className={styles.ownUrl}>
        <summary>
          AI drafts (optional): OpenAI, or a model on this computer — key{' '}
          <SecretBadge state={settings.ai.apiKey} testId="golive-secret-openai-key" />
        </summary>
        {settings.editable.ai ? (
          <SaveForm
            className={styles.form}
            label="Save API key"
            testId="golive-openai"
            save={async () => {
              const result = await saveSecret({ name: 'openaiApiKey', value: apiKey });
              setApiKey('');
              return result.message;
            }}
          >
            <SecretField
              label="OpenAI API key"
              hint="Ollama and LM Studio need no key: fill in the service address below."
              value={apiKey}
              onChange={setApiKey}
            />
          </SaveForm>
        ) : (
          <p className={styles.note}>
            Set <code>OPENAI_API_KEY</code> for OpenAI, then restart Switchboard.
          </p>
        )}
        <AiServiceForm settings={settings} />
      </details>
    </Step>
  );
}
