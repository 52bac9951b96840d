import { useState, type FormEvent } from 'react';
import type { ConsoleSettings } from '../../../../shared/types';
import { useGoLiveStore } from '../../stores/goLiveStore';
import { SecretBadge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ExactTextField, SecretField } from '../ui/Field';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import { Step } from './Step';
import styles from './GoLiveSection.module.css';

/** Step 1: the Twilio account (SID, auth token, business number), or where it comes from. */
export function TwilioStep({ settings }: { settings: ConsoleSettings }) {
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
        <p className={styles.note} data-testid="golive-twilio-env">
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
      <form className={styles.form} onSubmit={submit} noValidate>
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
