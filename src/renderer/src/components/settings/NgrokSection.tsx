import type { ConsoleSettings } from '../../../../shared/types';
import { FromEnvironment, Secret } from './whereFrom';
import sectioned from '../SectionedDialog.module.css';

/** The ngrok tunnel's settings (its live state is under Health). */
export function NgrokSection({ settings }: { settings: ConsoleSettings }) {
  const ngrok = settings.ngrok;
  return (
    <section className={sectioned.group} aria-label="ngrok tunnel">
      <p className={sectioned.intro}>
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
