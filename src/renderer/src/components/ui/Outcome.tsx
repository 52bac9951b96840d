import type { Action } from './useAction';

/** An action's outcome beside its button: what it did (a live status) or what went wrong (an alert). */
export function Outcome({ action, testId }: { action: Action; testId?: string }) {
  return (
    <>
      <span
        className="form-success"
        role="status"
        data-testid={testId ? `${testId}-done` : undefined}
      >
        {action.done ?? ''}
      </span>
      {action.error && (
        <p className="form-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {action.error}
        </p>
      )}
    </>
  );
}
