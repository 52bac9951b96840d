import type { NotifyFailure } from '../../../shared/notify';
import { messageTime } from '../format';
import { useSettingsStore } from '../stores/settingsStore';
import { Button } from './ui/Button';
import { Callout } from './ui/Callout';
import styles from './NotifyTrouble.module.css';

const causes: Record<NotifyFailure['kind'], string> = {
  waiting: 'a customer waiting',
  handoff: 'a hand-off',
  'send-failed': 'a failed send',
};

const tries = (n: number) => (n === 1 ? '1 try' : `${n} tries`);

/** Health: notifications that could not be delivered (yet), each with what failed and what to do. */
export function NotifyTrouble({ failures }: { failures: NotifyFailure[] | undefined }) {
  const open = useSettingsStore((state) => state.open);
  if (!failures || failures.length === 0) return null;
  return (
    <Callout tone="problem" as="div" className={styles.trouble} data-testid="notify-trouble">
      <strong>Notifications not delivered</strong>
      <ul className={styles.list}>
        {failures.map((f) => (
          <li key={`${f.channelId}-${f.at}`} data-testid="notify-failure">
            {f.channelName} ({causes[f.kind]}, {messageTime(f.at)}):{' '}
            {f.state === 'retrying'
              ? `retrying after ${tries(f.attempts)}. `
              : `gave up after ${tries(f.attempts)}. `}
            {f.error}
          </li>
        ))}
      </ul>
      <Button size="small" onClick={() => open('notify')}>
        Open notification settings
      </Button>
    </Callout>
  );
}
