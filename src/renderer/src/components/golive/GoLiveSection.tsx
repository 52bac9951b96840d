import styles from './GoLiveSection.module.css';
/**
 * Going live in one screen (Settings → Go live): Twilio account, ngrok tunnel (or an own public
 * URL), the number pointed at it, WhatsApp (sandbox or approved sender), then a test. Secrets are write-only: typed here, shown only as
 * set / not set.
 */
import { useEffect } from 'react';
import type { ConsoleSettings } from '../../../../shared/types';
import { useTunnelStore } from '../../stores/tunnelStore';
import { CheckStep } from './CheckStep';
import { NumberStep } from './NumberStep';
import { TunnelStep } from './TunnelStep';
import { TwilioStep } from './TwilioStep';
import { WhatsAppStep } from './WhatsAppStep';
import sectioned from '../SectionedDialog.module.css';

/** Settings → Go live: the steps from demo to real texts, in one screen. */
export function GoLiveSection({ settings }: { settings: ConsoleSettings }) {
  // Pushed changes reach the tunnel store all along; this reads the state as Go live opens.
  const loadTunnel = useTunnelStore((s) => s.load);
  useEffect(() => loadTunnel(), [loadTunnel]);
  return (
    <section className="golive" aria-label="Go live" data-testid="golive-section">
      <p className={sectioned.intro} data-testid="golive-mode">
        {settings.mode === 'demo'
          ? 'Demo mode: texts go to the built-in simulator, not to real phones. Follow these steps to use your Twilio number.'
          : 'Live: texts go through your Twilio account.'}{' '}
        {settings.secretStore === 'keychain'
          ? 'Secrets are kept in this computer’s keychain and never shown again.'
          : 'Serve mode: secrets come from environment variables.'}
      </p>
      <ol className={styles.steps}>
        <TwilioStep settings={settings} />
        <TunnelStep settings={settings} />
        <NumberStep />
        <WhatsAppStep />
        <CheckStep settings={settings} />
      </ol>
    </section>
  );
}
