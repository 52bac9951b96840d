import { useEffect, useState } from 'react';
import type { NotifyChannelView } from '../../../../shared/notify';
import { useNotifyStore } from '../../stores/notifyStore';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Callout } from '../ui/Callout';
import { LoadFailed } from '../ui/LoadFailed';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import { kindLabels, secretFields } from './notifyKinds';
import { NotifyChannelForm } from './NotifyChannelForm';
import { NotifyRulesForm } from './NotifyRulesForm';
import sectioned from '../SectionedDialog.module.css';
import styles from './NotifySection.module.css';

function ChannelRow({ channel, onEdit }: { channel: NotifyChannelView; onEdit: () => void }) {
  const { test, removeChannel } = useNotifyStore();
  const action = useAction();
  const secretState = secretFields[channel.settings.kind]
    .map(({ field, label }) => `${label}: ${channel.secrets[field] ? 'set' : 'not set'}`)
    .join(' · ');
  return (
    <li className={styles.channel} data-testid="notify-channel" data-channel-id={channel.id}>
      <div className={styles.channelHead}>
        <strong>{channel.name}</strong>
        <span className="muted">{kindLabels[channel.settings.kind]}</span>
        <Badge tone={channel.enabled ? 'ok' : 'neutral'}>{channel.enabled ? 'On' : 'Off'}</Badge>
      </div>
      <p className={`${styles.secrets} muted`}>{secretState}</p>
      <div className="form-actions">
        <Button
          size="small"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              const result = await test(channel.id);
              if (!result.ok) throw new Error(result.message);
              return result.message;
            })
          }
          data-testid="notify-test"
        >
          {action.busy ? 'Sending…' : 'Test'}
        </Button>
        <Button size="small" variant="quiet" onClick={onEdit}>
          Edit
        </Button>
        <Button size="small" variant="quiet" onClick={() => void removeChannel(channel.id)}>
          Remove
        </Button>
        <Outcome action={action} testId="notify-test" />
      </div>
    </li>
  );
}

/** Settings → Notifications: reach the operator away from the laptop. */
export function NotifySection() {
  const { view, error, load } = useNotifyStore();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  useEffect(() => void load(), [load]);
  if (error && !view) return <LoadFailed error={error} onRetry={() => void load()} />;
  if (!view) return <p className="muted">Loading…</p>;
  const channel = view.channels.find((c) => c.id === editing);
  return (
    <>
      <section className={sectioned.group} aria-labelledby="notify-channels-title">
        <h3 id="notify-channels-title">Channels</h3>
        <p className={sectioned.intro}>
          Where Switchboard reaches you when you are away from this computer. Desktop notifications
          stay as they are. A channel that fails is retried and shown under Health.
        </p>
        {view.secretStore === 'environment' && (
          <Callout tone="warning" className={styles.warning}>
            Serve mode keeps the webhook addresses, tokens and passwords typed here until
            Switchboard stops; the channels themselves are kept.
          </Callout>
        )}
        {view.channels.length === 0 ? (
          <p className={`${styles.empty} muted`} data-testid="notify-empty">
            No channels yet.
          </p>
        ) : (
          <ul className={styles.channels}>
            {view.channels.map((c) => (
              <ChannelRow key={c.id} channel={c} onEdit={() => setEditing(c.id)} />
            ))}
          </ul>
        )}
        {editing === null && (
          <Button onClick={() => setEditing('new')} data-testid="notify-add">
            Add a channel
          </Button>
        )}
      </section>
      <div className={styles.forms}>
        {editing !== null && (
          <NotifyChannelForm
            key={editing}
            {...(channel ? { channel } : {})}
            onDone={() => setEditing(null)}
          />
        )}
        <NotifyRulesForm rules={view.rules} />
      </div>
    </>
  );
}
