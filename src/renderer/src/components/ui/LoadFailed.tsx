import { Button } from './Button';

/**
 * Something could not be loaded: what went wrong and a Try again. `inline` is the small form
 * inside a panel or dialog; `notice` the bar across a pane (the inbox, the thread).
 */
export function LoadFailed({
  error,
  onRetry,
  look = 'inline',
  testId,
}: {
  error: string | null;
  onRetry: () => void;
  look?: 'inline' | 'notice';
  /** The Try again button's test id. */
  testId?: string;
}) {
  return (
    <div className={look === 'notice' ? 'notice notice-error' : 'form-error'} role="alert">
      <p>{error}</p>
      <Button
        variant={look === 'notice' ? 'primary' : 'quiet'}
        onClick={onRetry}
        data-testid={testId}
      >
        Try again
      </Button>
    </div>
  );
}
