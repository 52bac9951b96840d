/** `SaveForm`: a small form whose one button saves its fields, with the outcome beside the button. */
import type { FormEvent, ReactNode } from 'react';
import { Button } from './ui/Button';
import { Outcome } from './ui/Outcome';
import { useAction } from './ui/useAction';

export function SaveForm({
  label,
  testId,
  save,
  children,
  className,
  primary = false,
}: {
  label: string;
  /** The form's own class (its layout). */
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
        <Button
          type="submit"
          variant={primary ? 'primary' : 'secondary'}
          disabled={action.busy}
          data-testid={`${testId}-save`}
        >
          {label}
        </Button>
        <Outcome action={action} testId={testId} />
      </div>
    </form>
  );
}
