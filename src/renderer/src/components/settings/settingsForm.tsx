/** What every Settings section's form shares: how it saves, the form itself and its Save row. */
import type { FormEvent, ReactNode } from 'react';
import { Button } from '../ui/Button';
import { Outcome } from '../ui/Outcome';
import { useAction } from '../ui/useAction';
import sectioned from '../SectionedDialog.module.css';

/** A form's save: the shared action, plus "Saved." on success and clearing it on the next change. */
export function useSave(run: () => Promise<void>) {
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await run();
      return 'Saved.';
    });
  };
  return { ...action, submit, touched: action.reset };
}

/** A section's form: Save submits it, and any change clears the outcome shown from the last save. */
export function SettingsForm({
  save,
  children,
}: {
  save: ReturnType<typeof useSave>;
  children: ReactNode;
}) {
  return (
    <form className={sectioned.form} onSubmit={save.submit} onChange={save.touched} noValidate>
      {children}
    </form>
  );
}

export function SaveRow({ label, save }: { label: string; save: ReturnType<typeof useSave> }) {
  return (
    <div className="form-actions">
      <Button type="submit" variant="primary" disabled={save.busy}>
        {save.busy ? 'Saving…' : label}
      </Button>
      <Outcome action={save} />
    </div>
  );
}
