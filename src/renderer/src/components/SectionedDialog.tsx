import styles from './SectionedDialog.module.css';
import type { ReactNode } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { SectionedDialogState } from '../stores/sectionedDialog';
import { usePick } from '../stores/usePick';
import { Button } from './ui/Button';
import { Dialog, DialogTitle } from './ui/Dialog';

/**
 * The modal shell Settings and Records share: a title with Close, a nav of sections and the
 * chosen section's heading, in the shared modal `Dialog` (Escape closes it).
 * `name` gives the ids and test ids: `${name}-dialog`, `${name}-close`, `${name}-section-…`.
 * Whether it is open and which section shows live in `store`.
 */
export function SectionedDialog<
  Section extends string,
  State extends SectionedDialogState<Section>,
>({
  name,
  title,
  className,
  store,
  sections,
  children,
}: {
  name: string;
  title: string;
  /** A class of its own beside the shared frame (optional). */
  className?: string;
  store: UseBoundStore<StoreApi<State>>;
  sections: Array<{ id: Section; label: string }>;
  children: ReactNode;
}) {
  const { isOpen, close, section, setSection } = usePick(
    store,
    'isOpen',
    'close',
    'section',
    'setSection',
  );
  return (
    <Dialog
      isOpen={isOpen}
      onClose={close}
      className={[styles.dialog, className].filter(Boolean).join(' ')}
      testId={`${name}-dialog`}
    >
      <div className={styles.header}>
        <DialogTitle>{title}</DialogTitle>
        <Button onClick={close} data-testid={`${name}-close`}>
          Close
        </Button>
      </div>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label={`${title} sections`}>
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={section === s.id ? 'page' : undefined}
                  onClick={() => setSection(s.id)}
                  data-testid={`${name}-section-${s.id}`}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className={styles.content} data-testid={`${name}-content`}>
          <h3 className={styles.sectionTitle}>{sections.find((s) => s.id === section)?.label}</h3>
          {children}
        </div>
      </div>
    </Dialog>
  );
}
