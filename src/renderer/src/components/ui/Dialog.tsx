/**
 * A modal dialog over React Aria's Modal + Dialog: focus moves in and is kept there, Escape
 * closes it, the page behind is hidden from screen readers and focus returns where it was. The
 * dialog is named by its `DialogTitle`.
 */
import { useEffect, type ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import styles from './Dialog.module.css';

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
  useEscapeAnywhere(isOpen, onClose);
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      className={styles.overlay}
    >
      <Modal className="modal">
        <AriaDialog className={className} data-testid={testId}>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

/**
 * Escape closes the open dialog wherever the focus is, as the native <dialog> did. React Aria
 * listens inside the dialog only, and the focus can be outside it: on the page's body after the
 * focused button turned disabled while it saved, or in a <select> that keeps its Escape.
 */
function useEscapeAnywhere(isOpen: boolean, onClose: () => void) {
  useEffect(() => {
    if (!isOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [isOpen, onClose]);
}

/** The dialog's name: its heading (level 2). */
export function DialogTitle({ children }: { children: ReactNode }) {
  return <Heading slot="title">{children}</Heading>;
}

/** Whether a modal dialog is open (the page's shortcuts stand aside while one is). */
export function isModalOpen(): boolean {
  return document.querySelector(`.${styles.overlay}`) !== null;
}
