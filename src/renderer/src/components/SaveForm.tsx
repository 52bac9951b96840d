/**
 * Saving a small form and saying how it went: `useAction` keeps one action's busy / done / error,
 * `Outcome` shows it beside the button, `SaveForm` is a form whose one button saves its fields.
 */
import { useState, type FormEvent, type ReactNode } from 'react';

/** One action's outcome next to its button: busy, a plain result, or what to do about an error. */
export function useAction() {
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: string | null }>({
    busy: false,
    error: null,
    done: null,
  });
  const run = async (action: () => Promise<string | null | void>) => {
    setState({ busy: true, error: null, done: null });
    try {
      const done = await action();
      setState({ busy: false, error: null, done: done ?? null });
    } catch (error) {
      setState({
        busy: false,
        error: error instanceof Error ? error.message : String(error),
        done: null,
      });
    }
  };
  return { ...state, run };
}

export function Outcome({
  action,
  testId,
}: {
  action: ReturnType<typeof useAction>;
  testId: string;
}) {
  return (
    <>
      <span className="form-success" role="status" data-testid={`${testId}-done`}>
        {action.done ?? ''}
      </span>
      {action.error && (
        <p className="form-error" role="alert" data-testid={`${testId}-error`}>
          {action.error}
        </p>
      )}
    </>
  );
}

/** A small form whose one button saves what its fields hold; the outcome shows beside the button. */
export function SaveForm({
  label,
  testId,
  save,
  children,
  className = 'golive-form',
  primary = false,
}: {
  label: string;
  /** The form's own class (its layout); Go live's by default. */
  className?: string;
  /** The screen's main action (a filled button) rather than one of several. */
  primary?: boolean;
  testId: string;
  /** Resolves with what to tell the operator; a thrown error is shown as the outcome. */
  save: () => Promise<string>;
  children: ReactNode;
}) {
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(save);
  };
  return (
    <form className={className} onSubmit={submit} noValidate>
      {children}
      <div className="form-actions">
        <button
          type="submit"
          className={primary ? 'button-primary' : 'button-secondary'}
          disabled={action.busy}
          data-testid={`${testId}-save`}
        >
          {label}
        </button>
        <Outcome action={action} testId={testId} />
      </div>
    </form>
  );
}
