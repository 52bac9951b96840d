import type { NotifyFailure } from '../../../shared/notify';
import { messageTime } from '../format';
import { useSettingsStore } from '../stores/settingsStore';
import { Button } from './ui/Button';
import { Callout } from './ui/Callout';

const causes: Record<NotifyFailure['kind'], string> = {
  waiting: 'a customer waiting',
  handoff: 'a hand-off',
  'send-failed': 'a failed send',
};

/** Health: notifications that could not be delivered (yet), each with what failed and what to do. */
export function NotifyTrouble({ failures }: { failures: NotifyFailure[] | undefined }) {
  const open = useSettingsStore((state) => state.open);
  if (!failures || failures.length === 0) return null;
  return (
    <Callout tone="problem" as="div" data-testid="notify-trouble">
      <strong>Notifications not delivered</strong>
      <ul>
        {failures.map((f) => (
          <li key={`${f.channelId}-${f.at}`} data-testid="notify-failure">
            {f.channelName} ({causes[f.kind]}, {messageTime(f.at)}):{' '}
            {f.state === 'retrying'
              ? `retrying after ${f.attempts} tries. `
              : `gave up after ${f.attempts} tries. `}
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
