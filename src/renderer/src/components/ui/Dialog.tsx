/**
 * A modal dialog over React Aria's Modal + Dialog: focus moves in and is kept there, Escape
 * closes it, the page behind is hidden from screen readers and focus returns where it was. The
 * dialog is named by its `DialogTitle`.
 */
import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

export function Dialog({
  isOpen,
  onClose,
  className,
  testId,
  children,
}: {
  isOpen: boolean;
  onClose: () => void;
  /** The dialog box's own class (its size and layout). */
  className: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      className="modal-overlay"
    >
      <Modal className="modal">
        <AriaDialog className={className} data-testid={testId}>
          {/* React Aria leaves Escape to a focused form field (a <select> keeps it); the console's
              dialogs close on Escape from anywhere in them, as the native <dialog> did. */}
          <div
            className="modal-contents"
            onKeyDown={(event) => {
              if (event.key === 'Escape' && !event.defaultPrevented) onClose();
            }}
          >
            {children}
          </div>
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

/** The dialog's name: its heading (level 2). */
export function DialogTitle({ children }: { children: ReactNode }) {
  return <Heading slot="title">{children}</Heading>;
}

/** Whether a modal dialog is open (the page's shortcuts stand aside while one is). */
export function isModalOpen(): boolean {
  return document.querySelector('.modal-overlay') !== null;
}
