/**
 * The console's form fields: a label, the control and an optional hint, linked by id. `Field`
 * takes any control; the others are the kinds of input the console asks for again and again.
 */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

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

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

/** A labelled `<input>` holding a string; any other input attribute passes through. */
export function InputField({
  label,
  hint,
  value,
  onChange,
  testId,
  ...input
}: InputAttributes & {
  label: string;
  hint?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  testId?: string | undefined;
}) {
  return (
    <Field label={label} hint={hint}>
      {(id) => (
        <input
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
          {...input}
        />
      )}
    </Field>
  );
}

type FieldProps = {
  label: string;
  hint?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string | undefined;
};

/**
 * A one-line field for text that must stay exactly as typed (IDs, addresses, model names): no
 * autofill, no spelling corrections.
 */
export function ExactTextField(
  props: FieldProps & {
    /** The on-screen keyboard to offer (`tel` for a phone number). */
    inputMode?: 'tel' | 'url' | undefined;
  },
) {
  return <InputField {...props} autoComplete="off" spellCheck={false} />;
}

/**
 * A secret typed once (a token, an API key): masked, never autofilled, and empty after saving;
 * Switchboard only ever shows whether one is stored (`SecretBadge`), never its value.
 */
export function SecretField(props: Omit<FieldProps, 'placeholder'>) {
  return <InputField {...props} type="password" autoComplete="off" />;
}

/**
 * A short number (hours, days, a count, a rate) in the narrow box settings use: at least 1 unless
 * `min` says otherwise. `decimal` takes a typed decimal ("2,5" or "2.5", or nothing) instead of
 * the browser's spinner.
 */
export function ShortNumberField({
  decimal = false,
  min = 1,
  max,
  step,
  ...props
}: FieldProps & {
  testId?: string | undefined;
  disabled?: boolean | undefined;
  decimal?: boolean;
  min?: number;
  max?: number;
  step?: number;
}) {
  return (
    <InputField
      {...props}
      className="input-short"
      {...(decimal
        ? { type: 'text', inputMode: 'decimal' as const }
        : { type: 'number', min, max, step })}
    />
  );
}

/** A checkbox with its sentence beside it, the whole line clickable. */
export function CheckField({
  label,
  checked,
  onChange,
  testId,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string | undefined;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
      />
      <span>{label}</span>
    </label>
  );
}
