import { useAppStore } from '../stores/appStore';
import { SimulatorPanel } from './SimulatorPanel';

function QueueSummary() {
  const queue = useAppStore((state) => state.queue);
  if (!queue) return null;
  return (
    <section className="card" aria-labelledby="queue-title" data-testid="queue-summary">
      <h2 id="queue-title" className="card-title">
        Work queue
      </h2>
      <dl className="stats">
        <div>
          <dt>Waiting</dt>
          <dd>{queue.queued}</dd>
        </div>
        <div>
          <dt>Running</dt>
          <dd>{queue.running}</dd>
        </div>
        <div className={queue.dead > 0 ? 'stat-problem' : undefined}>
          <dt>Failed</dt>
          <dd>{queue.dead}</dd>
        </div>
      </dl>
    </section>
  );
}

export function SidePanel() {
  const simulator = useAppStore((state) => state.info?.simulator.enabled ?? false);
  return (
    <aside className="pane side-panel" aria-label="Tools" data-testid="side-panel">
      {simulator && <SimulatorPanel />}
      <QueueSummary />
    </aside>
  );
}
