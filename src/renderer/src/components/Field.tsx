import { useId, type ReactNode } from 'react';

/** A labelled form field; `children` gets the id to put on the control. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string | undefined;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}

/**
 * A one-line field for text that must stay exactly as typed (IDs, addresses, model names): no
 * autofill, no spelling corrections.
 */
export function ExactTextField({
  label,
  hint,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  hint?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string | undefined;
}) {
  return (
    <Field label={label} hint={hint}>
      {(id) => (
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </Field>
  );
}

/**
 * A short number (hours, days, a count) in the narrow box settings use. `decimal` takes a typed
 * decimal ("2,5" or "2.5", or nothing) instead of the browser's whole-number spinner.
 */
export function ShortNumberField({
  label,
  value,
  onChange,
  testId,
  disabled,
  decimal = false,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  disabled?: boolean | undefined;
  decimal?: boolean;
  placeholder?: string | undefined;
}) {
  return (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          className="input-short"
          {...(decimal
            ? { type: 'text', inputMode: 'decimal' as const }
            : { type: 'number', min: 1 })}
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          disabled={disabled}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
