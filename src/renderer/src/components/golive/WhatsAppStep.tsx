import { useEffect, useState } from 'react';
import type { WhatsAppSetup } from '../../../../shared/types';
import { useGoLiveStore } from '../../stores/goLiveStore';
import { usePick } from '../../stores/usePick';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Callout } from '../ui/Callout';
import { ExactTextField } from '../ui/Field';
import { Outcome } from '../ui/Outcome';
import { Tab, TabList, TabPanel, Tabs } from '../ui/Tabs';
import { useAction } from '../ui/useAction';
import { Step } from './Step';
import styles from './GoLiveSection.module.css';

type Route = 'sandbox' | 'sender';

/** A value to paste elsewhere, with a Copy button that says when it worked. */
function CopyValue({ value, label, testId }: { value: string; label: string; testId: string }) {
  const copy = useAction();
  return (
    <div className={styles.copyRow}>
      <code className={styles.copyValue} data-testid={testId}>
        {value}
      </code>
      <Button
        size="small"
        aria-label={`Copy ${label}`}
        onClick={() =>
          void copy.run(async () => {
            await navigator.clipboard.writeText(value);
            return 'Copied.';
          })
        }
      >
        Copy
      </Button>
      <Outcome action={copy} />
    </div>
  );
}

/** The sandbox: the join message customers send first, and where its URL is pasted by hand. */
function SandboxPanel({ setup }: { setup: WhatsAppSetup }) {
  const chooseSandbox = useGoLiveStore((s) => s.chooseSandbox);
  const { sandbox } = setup;
  const [code, setCode] = useState(sandbox.joinCodeFrom === 'operator' ? (sandbox.joinCode ?? '') : ''); // prettier-ignore
  const save = useAction();
  return (
    <div data-testid="golive-whatsapp-sandbox">
      <p className={styles.note}>
        Twilio’s shared test number <span className="mono">{sandbox.phoneNumber}</span> reaches only
        people who joined it: each customer first sends the join message below to that number on
        WhatsApp. Joining lasts {sandbox.participantDays} days; after that they send it again.
      </p>
      {sandbox.joinMessage ? (
        <CopyValue
          value={sandbox.joinMessage}
          label="the join message"
          testId="golive-whatsapp-join"
        />
      ) : (
        <Callout tone="warning">Type the join code Twilio shows on the sandbox page.</Callout>
      )}
      {sandbox.joinCodeFrom !== 'account' && (
        <div className={styles.form}>
          <ExactTextField
            label="Join code"
            hint="Twilio console → Messaging → Try it out → Send a WhatsApp message: “join <two words>”."
            value={code}
            onChange={setCode}
            placeholder="join silver-lantern"
          />
        </div>
      )}
      <div className="form-actions">
        {/* A code the account told needs no saving once the sandbox is in use. */}
        {(setup.choice !== 'sandbox' || sandbox.joinCodeFrom !== 'account') && (
          <Button
            variant={setup.choice === 'sandbox' ? 'secondary' : 'primary'}
            disabled={save.busy}
            onClick={() => void save.run(async () => (await chooseSandbox(code.trim() || undefined)).join(' '))} // prettier-ignore
          >
            {setup.choice === 'sandbox' ? 'Save join code' : 'Use the sandbox'}
          </Button>
        )}
        {setup.choice === 'sandbox' && <Badge tone="ok">In use</Badge>}
        <Outcome action={save} testId="golive-whatsapp-sandbox" />
      </div>
      <h5 className={styles.subhead}>Where its messages go</h5>
      {setup.demo ? (
        <p className={styles.note}>
          Demo mode: the simulated sandbox already sends its messages here. With a real account,
          paste this address in Twilio’s console (no API can set it):
        </p>
      ) : (
        <p className={styles.note}>
          Twilio offers no API to set the sandbox’s address, so paste it in Twilio’s console:
        </p>
      )}
      <CopyValue value={setup.webhookUrl} label="the webhook URL" testId="golive-whatsapp-url" />
      <ol className={styles.consoleSteps}>
        {sandbox.consoleSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}

/** Approved senders from Twilio's Senders API, each with Connect to point its webhook here. */
function SenderPanel({ setup }: { setup: WhatsAppSetup }) {
  const connect = useGoLiveStore((s) => s.connectWhatsAppSender);
  const action = useAction();
  if (setup.senders === null) {
    return (
      <Callout tone="warning" data-testid="golive-whatsapp-senders">
        Twilio did not let Switchboard read this account’s WhatsApp senders. In Twilio’s console
        open Messaging → Senders → WhatsApp senders, pick yours, and set its webhook URL to{' '}
        <span className="mono">{setup.webhookUrl}</span> (POST).
      </Callout>
    );
  }
  return (
    <div data-testid="golive-whatsapp-senders">
      <p className={styles.note}>
        A number Meta approved for your business. Connect points its incoming messages here, and
        Switchboard keeps it pointed when the tunnel address changes.
      </p>
      <Outcome action={action} testId="golive-whatsapp-sender" />
      <ul className={styles.numbers} aria-label="WhatsApp senders">
        {setup.senders.length === 0 && (
          <li className="muted">
            No approved WhatsApp sender on this account yet. Register one in Twilio’s console
            (Messaging → Senders → WhatsApp senders), or use the sandbox meanwhile.
          </li>
        )}
        {setup.senders.map((sender) => (
          <li key={sender.sid} data-testid="golive-whatsapp-sender">
            <div className={styles.numberMain}>
              <span className="mono">{sender.phoneNumber}</span>
              <span className="muted">
                {sender.name} · {sender.status.toLowerCase()}
              </span>
              {sender.connected ? (
                <Badge tone="ok">Connected</Badge>
              ) : (
                <Button
                  variant="primary"
                  disabled={action.busy}
                  aria-label={`Connect WhatsApp sender ${sender.phoneNumber}`}
                  onClick={() => void action.run(async () => (await connect(sender.sid)).join(' '))}
                >
                  Connect
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Step 4: WhatsApp through the Twilio sandbox or an approved sender (optional). */
export function WhatsAppStep() {
  const { whatsapp, loadWhatsApp } = usePick(useGoLiveStore, 'whatsapp', 'loadWhatsApp');
  const load = useAction();
  // The tab the operator picked, else the route in use, else the sandbox (the way to start).
  const [picked, setPicked] = useState<Route | null>(null);
  const route: Route = picked ?? whatsapp?.choice ?? 'sandbox';
  useEffect(() => {
    void load.run(loadWhatsApp);
    // Once as the step opens; Refresh asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadWhatsApp]);
  return (
    <Step
      n={4}
      title="WhatsApp (optional)"
      status={whatsapp?.choice && <Badge tone="ok">{whatsapp.choice === 'sandbox' ? 'Sandbox' : 'Sender'}</Badge>} // prettier-ignore
    >
      <p className={styles.note}>
        Customers who write on WhatsApp reach you through the same Twilio account. Try it with
        Twilio’s sandbox, or connect your approved WhatsApp sender.
      </p>
      <Outcome action={load} testId="golive-whatsapp" />
      {whatsapp && (
        <Tabs selected={route} onSelect={setPicked}>
          <TabList label="How WhatsApp reaches you" className={`${styles.routeTabs}`}>
            <Tab id="sandbox" className={`${styles.routeTab}`} testId="golive-whatsapp-tab-sandbox">
              Twilio sandbox
            </Tab>
            <Tab id="sender" className={`${styles.routeTab}`} testId="golive-whatsapp-tab-sender">
              Approved sender
            </Tab>
          </TabList>
          <TabPanel id="sandbox" className={`${styles.routePanel}`}>
            <SandboxPanel setup={whatsapp} />
          </TabPanel>
          <TabPanel id="sender" className={`${styles.routePanel}`}>
            <SenderPanel setup={whatsapp} />
          </TabPanel>
        </Tabs>
      )}
    </Step>
  );
}
