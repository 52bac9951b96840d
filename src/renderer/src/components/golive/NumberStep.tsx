import { useGoLiveStore } from '../../stores/goLiveStore';
import { usePick } from '../../stores/usePick';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import { Step } from './Step';
import styles from './GoLiveSection.module.css';

/** Step 3: the account's numbers, and Connect to point one's texts at this console. */
export function NumberStep() {
  const { numbers, listNumbers, connect } = usePick(
    useGoLiveStore,
    'numbers',
    'listNumbers',
    'connect',
  );
  const action = useAction();
  return (
    <Step n={3} title="Business number">
      <p className={styles.note}>Point a number’s text messages at this console.</p>
      <div className="form-actions">
        <Button disabled={action.busy} onClick={() => void action.run(listNumbers)}>
          {numbers ? 'Refresh numbers' : 'Show my numbers'}
        </Button>
        <Outcome action={action} testId="golive-numbers" />
      </div>
      {numbers && (
        <ul className={styles.numbers} aria-label="Twilio numbers">
          {numbers.numbers.length === 0 && (
            <li className="muted">This account has no phone numbers yet.</li>
          )}
          {numbers.numbers.map((number) => (
            <li key={number.sid} data-testid="golive-number">
              <div className={styles.numberMain}>
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
              {number.warning && <p className={styles.warning}>{number.warning}</p>}
            </li>
          ))}
        </ul>
      )}
    </Step>
  );
}
