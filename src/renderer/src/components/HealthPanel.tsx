import styles from './HealthPanel.module.css';
import { useState } from 'react';
import type {
  CredentialCheck,
  DeadJob,
  DraftingStatus,
  Health,
  LiveEventsHealth,
  TunnelStatus,
} from '../../../shared/types';
import { errorMessage } from '../api';
import { formatBytes, longTime, messageTime } from '../format';
import { useHealthStore } from '../stores/healthStore';
import { useTunnelStore } from '../stores/tunnelStore';
import { NotifyTrouble } from './NotifyTrouble';
import { Button } from './ui/Button';
import { Card } from './ui/Card';
import { usePick } from '../stores/usePick';

const jobNames: Record<string, string> = { send: 'Send', draft: 'Draft', notify: 'Notification' };

function aiLabel(ai: DraftingStatus | null): string {
  if (!ai) return '…';
  if (ai.provider === 'offline') return 'Offline suggestions';
  return [ai.model ?? 'default model', ai.endpoint].filter(Boolean).join(' at ');
}

/** The tunnel in a few words. Older cores send no tunnel state (then it is null). */
function tunnelLabel(health: Health, tunnel: TunnelStatus | null): string {
  switch (tunnel?.state) {
    case 'online':
      return 'Online';
    case 'connecting':
      return 'Connecting…';
    case 'offline':
      return tunnel.retrying ? 'Offline, retrying' : 'Offline';
    case 'idle':
    case undefined:
      if (health.mode === 'demo') return 'Not needed (demo)';
      return health.publicUrl !== health.webhookUrl ? 'Off (own public URL)' : 'Off';
  }
}

/** A hub's link to the other hub processes' live events, in a few words. */
function liveEventsLabel(live: LiveEventsHealth): string {
  if (live.connected) return 'Live';
  return `Paused since ${messageTime(live.since)}, reconnecting: their changes show when you reopen a view`;
}

function checkLabel(check: CredentialCheck | null | undefined): string | null {
  if (!check || check.ok === null) return null;
  return `${check.ok ? 'Reachable' : check.message} (checked ${messageTime(check.checkedAt)})`;
}

function DeadJobRow({ job }: { job: DeadJob }) {
  const retry = useHealthStore((state) => state.retry);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = `${jobNames[job.kind] ?? job.kind} job ${job.id}`;
  return (
    <li className={styles.deadJob} data-testid="dead-job">
      <div className={styles.top}>
        <span className={styles.name}>{name}</span>
        <Button
          variant="quiet"
          disabled={busy}
          aria-label={`Retry ${name}`}
          onClick={() => {
            setBusy(true);
            setError(null);
            retry(job.id)
              .catch((failure: unknown) => setError(errorMessage(failure)))
              .finally(() => setBusy(false));
          }}
          data-testid="dead-job-retry"
        >
          Retry
        </Button>
      </div>
      <p className={styles.detail}>
        Gave up after {job.attempts} {job.attempts === 1 ? 'attempt' : 'attempts'} ·{' '}
        <time dateTime={new Date(job.updatedAt).toISOString()} title={longTime(job.updatedAt)}>
          {messageTime(job.updatedAt)}
        </time>
      </p>
      {job.lastError && <p className={styles.error}>{job.lastError}</p>}
      {error && (
        <p className="delivery-problem" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function Facts({ health, ai }: { health: Health; ai: DraftingStatus | null }) {
  const twilioCheck = checkLabel(health.reachability?.twilio);
  const aiCheck = checkLabel(health.reachability?.ai);
  const tunnel = useTunnelStore((s) => s.tunnel);
  const ownPublicUrl = health.publicUrl !== health.webhookUrl;
  return (
    <dl className="facts">
      <div>
        <dt>Mode</dt>
        <dd data-testid="health-mode">
          {health.mode === 'demo' ? 'Demo (simulator)' : 'Live (Twilio)'}
        </dd>
      </div>
      <div>
        <dt>Tunnel</dt>
        <dd
          data-testid="health-tunnel"
          className={tunnel?.state === 'offline' ? 'delivery-problem' : undefined}
        >
          {tunnelLabel(health, tunnel)}
        </dd>
      </div>
      {tunnel?.state === 'offline' && tunnel.reason && (
        <div>
          <dt className="visually-hidden">Why the tunnel is offline</dt>
          <dd className="fact-note delivery-problem" data-testid="health-tunnel-reason">
            {tunnel.reason}
          </dd>
        </div>
      )}
      <div>
        <dt>Public URL</dt>
        <dd className="mono truncate" title={health.publicUrl} data-testid="health-public-url">
          {health.publicUrl}
        </dd>
      </div>
      {ownPublicUrl && (
        <div>
          <dt>Webhook listener</dt>
          <dd className="mono truncate" title={health.webhookUrl}>
            {health.webhookUrl}
          </dd>
        </div>
      )}
      {twilioCheck && (
        <div>
          <dt>Twilio</dt>
          <dd>{twilioCheck}</dd>
        </div>
      )}
      <div>
        <dt>Last webhook</dt>
        <dd data-testid="health-last-webhook">
          {health.lastWebhookAt === null ? (
            'None received yet'
          ) : (
            <time
              dateTime={new Date(health.lastWebhookAt).toISOString()}
              title={longTime(health.lastWebhookAt)}
            >
              {messageTime(health.lastWebhookAt)}
            </time>
          )}
        </dd>
      </div>
      <div>
        <dt>Database</dt>
        <dd data-testid="health-database">{formatBytes(health.databaseBytes)}</dd>
      </div>
      {health.liveEvents && (
        <div>
          <dt>Other hub processes</dt>
          <dd
            data-testid="health-live-events"
            className={health.liveEvents.connected ? undefined : 'delivery-problem'}
            title={health.liveEvents.problem ?? undefined}
          >
            {liveEventsLabel(health.liveEvents)}
          </dd>
        </div>
      )}
      <div>
        <dt>AI drafts</dt>
        <dd className="truncate" title={aiLabel(ai)} data-testid="health-ai">
          {aiLabel(ai)}
        </dd>
      </div>
      {aiCheck && (
        <div>
          <dt>AI service</dt>
          <dd>{aiCheck}</dd>
        </div>
      )}
    </dl>
  );
}

/** Is the pipeline working: webhooks arriving, the queue moving, nothing stuck. */
export function HealthPanel() {
  const { health, queue, dead, ai, error } = usePick(
    useHealthStore,
    'health',
    'queue',
    'dead',
    'ai',
    'error',
  );

  return (
    <Card name="health" title="Health" className="health">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {queue && (
        <dl className="stats" aria-label="Work queue" data-testid="queue-summary">
          <div>
            <dt>Waiting</dt>
            <dd data-testid="queue-waiting">{queue.queued}</dd>
          </div>
          <div>
            <dt>Running</dt>
            <dd data-testid="queue-running">{queue.running}</dd>
          </div>
          <div className={queue.dead > 0 ? 'stat-problem' : undefined}>
            <dt>Failed</dt>
            <dd data-testid="queue-dead">{queue.dead}</dd>
          </div>
        </dl>
      )}
      {dead.length > 0 && (
        <ul className={styles.deadJobs} aria-label="Failed jobs" data-testid="dead-jobs">
          {dead.map((job) => (
            <DeadJobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
      <NotifyTrouble failures={health?.notifications} />
      {health && <Facts health={health} ai={ai} />}
    </Card>
  );
}
