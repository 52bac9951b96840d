import type { ConsoleSettings } from '../../../../shared/types';
import { FromEnvironment, Secret } from './whereFrom';
import sectioned from '../SectionedDialog.module.css';

/** The Twilio account in use (edited under Go live). */
export function TwilioSection({ settings }: { settings: ConsoleSettings }) {
  const twilio = settings.twilio;
  const demo = twilio.accountSid === null;
  return (
    <section className={sectioned.group} aria-label="Twilio account">
      {demo && (
        <p className={sectioned.intro}>
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
