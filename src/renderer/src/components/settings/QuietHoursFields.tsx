import type { ConsoleSettings } from '../../../../shared/types';
import { CheckField, Field, InputField } from '../ui/Field';

type QuietHours = ConsoleSettings['sending']['quietHours'];

/** Quiet hours: on or off, from and until, in which time zone (typed, with the zones offered). */
export function QuietHoursFields({
  quiet,
  onChange,
}: {
  quiet: QuietHours;
  onChange: (quiet: QuietHours) => void;
}) {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (
    <fieldset>
      <legend>Quiet hours</legend>
      <CheckField
        label="Ask me to confirm before texting a customer during quiet hours"
        checked={quiet.enabled}
        onChange={(enabled) => onChange({ ...quiet, enabled })}
        testId="quiet-enabled"
      />
      <div className="field-row">
        <InputField
          label="From"
          type="time"
          value={quiet.start}
          onChange={(start) => onChange({ ...quiet, start })}
        />
        <InputField
          label="Until"
          type="time"
          value={quiet.end}
          onChange={(end) => onChange({ ...quiet, end })}
        />
        <Field label="Time zone">
          {(id) => (
            <>
              <input
                id={id}
                list={`${id}-zones`}
                value={quiet.timeZone}
                onChange={(e) => onChange({ ...quiet, timeZone: e.target.value })}
                autoComplete="off"
              />
              <datalist id={`${id}-zones`}>
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
    </fieldset>
  );
}
