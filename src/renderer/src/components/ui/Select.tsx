/**
 * A choice from a short list. Native `<select>` on purpose: on a desktop it is the most familiar
 * and accessible control there is (type-ahead, the system's own list), and the end-to-end tests
 * drive it as one (`selectOption`). React Aria's Select would replace it with a button and a
 * popover list for no gain here. Values are strings; a caller with numbers converts at the edge.
 */
import type { SelectHTMLAttributes } from 'react';
import { Field } from './Field';

export interface Choice<V extends string> {
  value: V;
  label: string;
}

type SelectAttributes = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>;

export function Select<V extends string>({
  value,
  onChange,
  choices,
  testId,
  ...select
}: SelectAttributes & {
  value: V;
  onChange: (value: V) => void;
  choices: ReadonlyArray<Choice<V>>;
  testId?: string | undefined;
}) {
  return (
    <select
      value={value}
      // The options are exactly `choices`, so the chosen value is one of them.
      onChange={(event) => onChange(event.target.value as V)}
      data-testid={testId}
      {...select}
    >
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}

/** A labelled `Select` (label, list, optional hint). */
export function SelectField<V extends string>({
  label,
  hint,
  ...props
}: Parameters<typeof Select<V>>[0] & { label: string; hint?: string | undefined }) {
  return (
    <Field label={label} hint={hint}>
      {(id) => <Select id={id} {...props} />}
    </Field>
  );
}
