import { TimeZoneField } from './TimeZoneField';
import type { ConsoleSettings } from '../../../../shared/types';
import { CheckField, InputField } from '../ui/Field';

type QuietHours = ConsoleSettings['sending']['quietHours'];

/** Quiet hours: on or off, from and until, in which time zone (typed, with the zones offered). */
export function QuietHoursFields({
  quiet,
  onChange,
}: {
  quiet: QuietHours;
  onChange: (quiet: QuietHours) => void;
}) {
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
        <TimeZoneField
          value={quiet.timeZone}
          onChange={(timeZone) => onChange({ ...quiet, timeZone })}
        />
      </div>
    </fieldset>
  );
}
