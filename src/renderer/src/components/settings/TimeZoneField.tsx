import { Field } from '../ui/Field';

/** Every IANA zone the browser knows, offered while typing (none on an engine without the list). */
const zones =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** A time zone, typed, with the known zones offered as suggestions ("America/New_York"). */
export function TimeZoneField({
  value,
  onChange,
  hint,
  testId,
}: {
  value: string;
  onChange: (zone: string) => void;
  hint?: string;
  testId?: string;
}) {
  return (
    <Field label="Time zone" hint={hint}>
      {(id) => (
        <>
          <input
            id={id}
            list={`${id}-zones`}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
            data-testid={testId}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
