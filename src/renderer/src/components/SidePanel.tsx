import styles from './SidePanel.module.css';
import { useAppStore } from '../stores/appStore';
import { ContactPanel } from './ContactPanel';
import { HealthPanel } from './HealthPanel';
import { SimulatorPanel } from './SimulatorPanel';

/** The right column: who the open conversation is with, the simulator (demo), and health. */
export function SidePanel() {
  const simulator = useAppStore((state) => state.info?.simulator.enabled ?? false);
  return (
    <aside className={`pane ${styles.sidePanel}`} aria-label="Tools" data-testid="side-panel">
      <ContactPanel />
      {simulator && <SimulatorPanel />}
      <HealthPanel />
    </aside>
  );
}
