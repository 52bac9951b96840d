import { Button } from './ui/Button';
import { Callout } from './ui/Callout';

/** The core asked to confirm a send (quiet hours): its sentence, and Send anyway. */
export function SendAnyway({
  message,
  onConfirm,
  className,
  testId,
  disabled = false,
  small = false,
}: {
  message: string;
  onConfirm: () => void;
  /** The caller's layout for the box. */
  className?: string | undefined;
  testId: string;
  disabled?: boolean;
  small?: boolean;
}) {
  return (
    <Callout as="div" tone="warning" className={className} role="alert" data-testid={testId}>
      <p>{message}</p>
      <Button
        variant="primary"
        size={small ? 'small' : 'normal'}
        disabled={disabled}
        onClick={onConfirm}
      >
        Send anyway
      </Button>
    </Callout>
  );
}
