import './SectionedDialog.css';
import type { ReactNode } from 'react';
import { Button } from './ui/Button';
import { Dialog, DialogTitle } from './ui/Dialog';

/**
 * The modal shell Settings and Records share: a title with Close, a nav of sections and the
 * chosen section's heading, in the shared modal `Dialog` (Escape closes it).
 * `name` gives the ids and test ids: `${name}-dialog`, `${name}-close`, `${name}-section-…`.
 */
export function SectionedDialog<Section extends string>({
  name,
  title,
  className,
  isOpen,
  close,
  sections,
  section,
  setSection,
  children,
}: {
  name: string;
  title: string;
  className: string;
  isOpen: boolean;
  close: () => void;
  sections: Array<{ id: Section; label: string }>;
  section: Section;
  setSection: (section: Section) => void;
  children: ReactNode;
}) {
  return (
    <Dialog isOpen={isOpen} onClose={close} className={className} testId={`${name}-dialog`}>
      <div className="settings-header">
        <DialogTitle>{title}</DialogTitle>
        <Button onClick={close} data-testid={`${name}-close`}>
          Close
        </Button>
      </div>
      <div className="settings-body">
        <nav className="settings-nav" aria-label={`${title} sections`}>
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
        <div className="settings-content">
          <h3 className="settings-section-title">
            {sections.find((s) => s.id === section)?.label}
          </h3>
          {children}
        </div>
      </div>
    </Dialog>
  );
}
