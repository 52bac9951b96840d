import { useState, type FormEvent } from 'react';
import type { ConsoleSettings, TunnelStatus } from '../../../../shared/types';
import { useGoLiveStore } from '../../stores/goLiveStore';
import { useTunnelStore } from '../../stores/tunnelStore';
import { SaveForm } from '../SaveForm';
import { SecretBadge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ExactTextField, InputField, SecretField } from '../ui/Field';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import { Step } from './Step';
import styles from './GoLiveSection.module.css';

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

/** Step 2: the public address, through the ngrok tunnel or a URL of one's own. */
export function TunnelStep({ settings }: { settings: ConsoleSettings }) {
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
      <p className={styles.note}>
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
      <form className={styles.form} onSubmit={start} noValidate>
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
          className={[styles.tunnel, styles[tunnel?.state ?? 'idle']].filter(Boolean).join(' ')}
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
      <details className={styles.ownUrl}>
        <summary>Use my own public URL instead (Cloudflare Tunnel, a server)</summary>
        <SaveForm
          className={styles.form}
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
