import './GoLiveSection.css';
/**
 * Going live in one screen (Settings → Go live): Twilio account, ngrok tunnel (or an own public
 * URL), the number pointed at it, then a test. Secrets are write-only: typed here, shown only as
 * set / not set.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ConsoleSettings, TunnelStatus } from '../../../shared/types';
import { useGoLiveStore } from '../stores/goLiveStore';
import { useTunnelStore } from '../stores/tunnelStore';
import { ExactTextField, InputField, SecretField } from './ui/Field';
import { SaveForm } from './SaveForm';
import { Outcome } from './ui/Outcome';
import { useAction } from './ui/useAction';
import { Button } from './ui/Button';
import { Badge, SecretBadge } from './ui/Badge';
import { usePick } from '../stores/usePick';

function Step({
  n,
  title,
  status,
  children,
}: {
  n: number;
  title: string;
  status?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <li className="golive-step" aria-labelledby={id}>
      <div className="golive-step-head">
        <span className="golive-step-number" aria-hidden="true">
          {n}
        </span>
        <h4 id={id}>{title}</h4>
        {status && <span className="golive-step-status">{status}</span>}
      </div>
      {children}
    </li>
  );
}

function tunnelText(tunnel: TunnelStatus | null): string {
  if (!tunnel) return 'Checking…';
  switch (tunnel.state) {
    case 'idle':
      return 'Not started.';
    case 'connecting':
      return 'Connecting…';
    case 'online':
      return `Online at ${tunnel.url ?? ''}`;
    case 'offline': {
      const reason = tunnel.reason ?? 'Offline.';
      if (tunnel.retrying && tunnel.nextAttemptAt) {
        const at = new Date(tunnel.nextAttemptAt).toLocaleTimeString();
        return `Offline: ${reason} Trying again at ${at}.`;
      }
      return `Offline: ${reason}`;
    }
  }
}

function TwilioStep({ settings }: { settings: ConsoleSettings }) {
  const saveTwilio = useGoLiveStore((s) => s.saveTwilio);
  const clearSecret = useGoLiveStore((s) => s.clearSecret);
  const twilio = settings.twilio;
  const [sid, setSid] = useState(twilio.accountSid ?? '');
  const [token, setToken] = useState('');
  const [number, setNumber] = useState(twilio.phoneNumber ?? '');
  const save = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      const result = await saveTwilio({
        accountSid: sid.trim(),
        phoneNumber: number.trim(),
        ...(token.trim() ? { authToken: token.trim() } : {}),
      });
      setToken('');
      return result.message;
    });
  };
  const status = (
    <>
      Auth token <SecretBadge state={twilio.authToken} testId="golive-secret-twilio-auth-token" />
    </>
  );
  if (!settings.editable.twilio) {
    return (
      <Step n={1} title="Twilio account" status={status}>
        <p className="golive-note" data-testid="golive-twilio-env">
          {settings.secretStore === 'environment'
            ? 'Serve mode reads the Twilio account from the environment: set '
            : 'This computer’s keychain is not available, so the account cannot be saved here. Set '}
          <code>TWILIO_ACCOUNT_SID</code>, <code>TWILIO_AUTH_TOKEN</code> and{' '}
          <code>TWILIO_PHONE_NUMBER</code>, then restart Switchboard.
          {twilio.accountSid && (
            <>
              {' '}
              In use now: <span className="mono">{twilio.accountSid}</span>, {twilio.phoneNumber}.
            </>
          )}
        </p>
      </Step>
    );
  }
  return (
    <Step n={1} title="Twilio account" status={status}>
      <form className="golive-form" onSubmit={submit} noValidate>
        <div className="field-row">
          <ExactTextField
            label="Account SID"
            hint="Twilio Console → Account info. Starts with AC."
            value={sid}
            onChange={setSid}
          />
          <SecretField
            label="Auth token"
            hint={
              twilio.authToken.set
                ? 'Saved. Leave empty to keep it.'
                : 'Kept in the keychain, never shown again.'
            }
            value={token}
            onChange={setToken}
          />
          <ExactTextField
            label="Business number"
            hint="With country code, e.g. +15551234567."
            value={number}
            onChange={setNumber}
            inputMode="tel"
          />
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save Twilio account'}
          </Button>
          {settings.mode === 'live' && twilio.authToken.set && (
            <Button
              disabled={save.busy}
              onClick={() =>
                void save.run(async () => (await clearSecret({ name: 'twilioAuthToken' })).message)
              }
            >
              Back to demo mode
            </Button>
          )}
          <Outcome action={save} testId="golive-twilio" />
        </div>
      </form>
    </Step>
  );
}

function TunnelStep({ settings }: { settings: ConsoleSettings }) {
  const tunnel = useTunnelStore((s) => s.tunnel);
  const startTunnel = useTunnelStore((s) => s.start);
  const stopTunnel = useTunnelStore((s) => s.stop);
  const savePublicAccess = useGoLiveStore((s) => s.savePublicAccess);
  const ngrok = settings.ngrok;
  const [authtoken, setAuthtoken] = useState('');
  const [domain, setDomain] = useState(ngrok.domain ?? '');
  const [ownUrl, setOwnUrl] = useState(ngrok.publicUrl ?? '');
  const action = useAction();
  const running = tunnel?.state === 'online' || tunnel?.state === 'connecting';
  const start = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      if (domain.trim() !== (ngrok.domain ?? '')) {
        await savePublicAccess({ ngrokDomain: domain.trim(), publicUrl: ngrok.publicUrl ?? '' });
      }
      await startTunnel({
        ...(authtoken.trim() ? { authtoken: authtoken.trim() } : {}),
        domain: domain.trim(),
      });
      setAuthtoken('');
    });
  };
  return (
    <Step
      n={2}
      title="Public address (ngrok tunnel)"
      status={
        <>
          Authtoken <SecretBadge state={ngrok.authtoken} testId="golive-secret-ngrok-authtoken" />
        </>
      }
    >
      <p className="golive-note">
        Twilio must reach this computer. The tunnel gives it a public address; get a free authtoken
        at dashboard.ngrok.com → Your Authtoken.
        {settings.secretStore === 'environment' && (
          <>
            {' '}
            In serve mode a token typed here lasts until Switchboard stops; set{' '}
            <code>NGROK_AUTHTOKEN</code> to keep it.
          </>
        )}
      </p>
      <form className="golive-form" onSubmit={start} noValidate>
        <div className="field-row">
          <SecretField
            label="ngrok authtoken"
            hint={ngrok.authtoken.set ? 'Saved. Leave empty to keep it.' : undefined}
            value={authtoken}
            onChange={setAuthtoken}
          />
          <ExactTextField
            label="Reserved domain (optional)"
            hint="Keeps the same address between runs."
            value={domain}
            onChange={setDomain}
            placeholder="example.ngrok.app"
          />
        </div>
        <p
          className={`golive-tunnel golive-tunnel-${tunnel?.state ?? 'idle'}`}
          role="status"
          data-testid="golive-tunnel-state"
        >
          <strong>Tunnel:</strong> {tunnelText(tunnel)}
        </p>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={action.busy}>
            {action.busy ? 'Starting…' : running ? 'Restart tunnel' : 'Start tunnel'}
          </Button>
          {running && (
            <Button disabled={action.busy} onClick={() => void action.run(stopTunnel)}>
              Stop tunnel
            </Button>
          )}
          <Outcome action={action} testId="golive-tunnel" />
        </div>
      </form>
      <details className="golive-own-url">
        <summary>Use my own public URL instead (Cloudflare Tunnel, a server)</summary>
        <SaveForm
          label="Save public URL"
          testId="golive-own-url"
          save={async () =>
            (await savePublicAccess({ ngrokDomain: ngrok.domain ?? '', publicUrl: ownUrl.trim() }))
              .message
          }
        >
          <InputField
            label="Public URL"
            hint="The https address that forwards to this computer’s webhook listener. Empty = use the tunnel."
            type="url"
            value={ownUrl}
            placeholder="https://sms.example.com"
            autoComplete="off"
            onChange={setOwnUrl}
          />
        </SaveForm>
      </details>
    </Step>
  );
}

function NumberStep() {
  const { numbers, listNumbers, connect } = usePick(
    useGoLiveStore,
    'numbers',
    'listNumbers',
    'connect',
  );
  const action = useAction();
  return (
    <Step n={3} title="Business number">
      <p className="golive-note">Point a number’s text messages at this console.</p>
      <div className="form-actions">
        <Button disabled={action.busy} onClick={() => void action.run(listNumbers)}>
          {numbers ? 'Refresh numbers' : 'Show my numbers'}
        </Button>
        <Outcome action={action} testId="golive-numbers" />
      </div>
      {numbers && (
        <ul className="golive-numbers" aria-label="Twilio numbers">
          {numbers.numbers.length === 0 && (
            <li className="muted">This account has no phone numbers yet.</li>
          )}
          {numbers.numbers.map((number) => (
            <li key={number.sid} data-testid="golive-number">
              <div className="golive-number-main">
                <span className="mono">{number.phoneNumber}</span>
                <span className="muted">{number.friendlyName}</span>
                {number.connected ? (
                  <Badge tone="ok">Connected</Badge>
                ) : (
                  <Button
                    variant="primary"
                    disabled={action.busy}
                    aria-label={`Connect ${number.phoneNumber}`}
                    onClick={() =>
                      void action.run(async () => {
                        const changes = await connect(number.sid);
                        return [`${number.phoneNumber} now sends its texts here.`, ...changes].join(
                          ' ',
                        );
                      })
                    }
                  >
                    Connect
                  </Button>
                )}
              </div>
              {number.warning && <p className="golive-warning">{number.warning}</p>}
            </li>
          ))}
        </ul>
      )}
    </Step>
  );
}

/** Where drafts come from: an OpenAI-compatible address (empty = OpenAI) and the model. */
function AiServiceForm({ settings }: { settings: ConsoleSettings }) {
  const saveAi = useGoLiveStore((s) => s.saveAi);
  const [baseUrl, setBaseUrl] = useState(settings.ai.saved.baseUrl ?? '');
  const [model, setModel] = useState(settings.ai.saved.model ?? '');
  return (
    <SaveForm
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

function CheckStep({ settings }: { settings: ConsoleSettings }) {
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
    <Step n={4} title="Test it">
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
        <p
          className={selfTest.ok ? 'golive-ok' : 'golive-bad'}
          data-testid="golive-selftest-result"
        >
          {selfTest.ok ? '✓ ' : '✗ '}
          {selfTest.message}
        </p>
      )}
      {checks && (
        <ul className="golive-checks" aria-label="Credential checks">
          {checks.map((c) => (
            <li
              key={c.service}
              className={c.ok === true ? 'golive-ok' : c.ok === false ? 'golive-bad' : 'muted'}
            >
              <strong>{label[c.service]}:</strong> {c.message}
            </li>
          ))}
        </ul>
      )}
      <details className="golive-own-url">
        <summary>
          AI drafts (optional): OpenAI, or a model on this computer — key{' '}
          <SecretBadge state={settings.ai.apiKey} testId="golive-secret-openai-key" />
        </summary>
        {settings.editable.ai ? (
          <SaveForm
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
          <p className="golive-note">
            Set <code>OPENAI_API_KEY</code> for OpenAI, then restart Switchboard.
          </p>
        )}
        <AiServiceForm settings={settings} />
      </details>
    </Step>
  );
}

/** Settings → Go live: the four steps from demo to real texts, in one screen. */
export function GoLiveSection({ settings }: { settings: ConsoleSettings }) {
  // Pushed changes reach the tunnel store all along; this reads the state as Go live opens.
  const loadTunnel = useTunnelStore((s) => s.load);
  useEffect(() => loadTunnel(), [loadTunnel]);
  return (
    <section className="golive" aria-label="Go live" data-testid="golive-section">
      <p className="settings-intro" data-testid="golive-mode">
        {settings.mode === 'demo'
          ? 'Demo mode: texts go to the built-in simulator, not to real phones. Follow these steps to use your Twilio number.'
          : 'Live: texts go through your Twilio account.'}{' '}
        {settings.secretStore === 'keychain'
          ? 'Secrets are kept in this computer’s keychain and never shown again.'
          : 'Serve mode: secrets come from environment variables.'}
      </p>
      <ol className="golive-steps">
        <TwilioStep settings={settings} />
        <TunnelStep settings={settings} />
        <NumberStep />
        <CheckStep settings={settings} />
      </ol>
    </section>
  );
}
