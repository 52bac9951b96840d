import { useState } from 'react';
import type { ConsoleSettings } from '../../../../shared/types';
import { useSettingsStore } from '../../stores/settingsStore';
import { InputField, ShortNumberField } from '../ui/Field';
import { QuietHoursFields } from './QuietHoursFields';
import { SaveRow, SettingsForm, useSave } from './settingsForm';

/** Quiet hours, the cost estimate and the pace of sending. */
export function SendingSection({ settings }: { settings: ConsoleSettings }) {
  const saveSending = useSettingsStore((state) => state.saveSending);
  const initial = settings.sending;
  const [quiet, setQuiet] = useState(initial.quietHours);
  const [price, setPrice] = useState(
    initial.pricePerSegment === null ? '' : String(initial.pricePerSegment),
  );
  const [currency, setCurrency] = useState(initial.currency);
  const [rate, setRate] = useState(String(initial.messagesPerSecond));
  const save = useSave(async () => {
    const pricePerSegment = price.trim() === '' ? null : Number(price);
    if (pricePerSegment !== null && !Number.isFinite(pricePerSegment)) {
      throw new Error('Price per segment: type a number such as 0.0083, or leave it empty.');
    }
    const messagesPerSecond = Number(rate);
    if (!Number.isFinite(messagesPerSecond))
      throw new Error('Messages per second: type a number such as 1.');
    await saveSending({
      quietHours: quiet,
      pricePerSegment,
      currency: currency.trim().toUpperCase(),
      messagesPerSecond,
    });
  });

  return (
    <SettingsForm save={save}>
      <QuietHoursFields quiet={quiet} onChange={setQuiet} />
      <fieldset>
        <legend>Cost estimate</legend>
        <div className="field-row">
          <InputField
            label="Price per segment"
            hint="Leave empty to hide cost estimates."
            type="number"
            inputMode="decimal"
            min={0}
            step={0.0001}
            value={price}
            testId="price-per-segment"
            onChange={setPrice}
          />
          <InputField
            label="Currency"
            className="input-short"
            maxLength={3}
            value={currency}
            onChange={setCurrency}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Pacing</legend>
        <ShortNumberField
          label="Messages per second"
          hint="Per business number. Twilio long codes take about 1 per second."
          min={0.1}
          max={100}
          step={0.1}
          value={rate}
          onChange={setRate}
        />
      </fieldset>
      <SaveRow label="Save sending settings" save={save} />
    </SettingsForm>
  );
}
