import { useState } from 'react';
import type { NotifyRules } from '../../../../shared/notify';
import { useNotifyStore } from '../../stores/notifyStore';
import { CheckField, ShortNumberField } from '../ui/Field';
import { SaveRow, SettingsForm, useSave } from './settingsForm';

/** When to notify: a customer waiting, a hand-off, a failed send; and whether the text goes along. */
export function NotifyRulesForm({ rules }: { rules: NotifyRules }) {
  const saveRules = useNotifyStore((state) => state.saveRules);
  const [waiting, setWaiting] = useState(rules.waitingMinutes !== null);
  const [minutes, setMinutes] = useState(String(rules.waitingMinutes ?? 15));
  const [handoff, setHandoff] = useState(rules.handoff);
  const [sendFailed, setSendFailed] = useState(rules.sendFailed);
  const [includeBody, setIncludeBody] = useState(rules.includeBody);
  const save = useSave(async () => {
    const waitingMinutes = Number(minutes);
    if (waiting && (!Number.isInteger(waitingMinutes) || waitingMinutes < 1)) {
      throw new Error('Waiting time: type whole minutes, such as 15.');
    }
    await saveRules({ waitingMinutes: waiting ? waitingMinutes : null, handoff, sendFailed, includeBody }); // prettier-ignore
  });
  return (
    <SettingsForm save={save}>
      <fieldset>
        <legend>When to notify</legend>
        <CheckField
          label="A customer has waited for an answer longer than:"
          checked={waiting}
          onChange={setWaiting}
          testId="notify-waiting"
        />
        <ShortNumberField
          label="Minutes"
          value={minutes}
          onChange={setMinutes}
          max={10080}
          disabled={!waiting}
          testId="notify-minutes"
        />
        <CheckField
          label="A hand-off rule stopped auto-replies"
          checked={handoff}
          onChange={setHandoff}
        />
        <CheckField
          label="A reply could not be delivered"
          checked={sendFailed}
          onChange={setSendFailed}
        />
        <CheckField
          label="Include the customer’s message (it passes through the service you notify)"
          checked={includeBody}
          onChange={setIncludeBody}
          testId="notify-include-body"
        />
        <p className="field-hint">
          The customer’s number is always masked (+1 415 ••• ••42). Each cause is notified once.
        </p>
      </fieldset>
      <SaveRow label="Save" save={save} />
    </SettingsForm>
  );
}
