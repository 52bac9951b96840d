import { TimeZoneField } from './TimeZoneField';
import { useState } from 'react';
import type { DraftingSettings, ReplyTemplates } from '../../../../shared/types';
import { useSettingsStore } from '../../stores/settingsStore';
import { CheckField, Field, InputField } from '../ui/Field';
import sectioned from '../SectionedDialog.module.css';
import { exceptionsToText, rangesToText, textToExceptions, textToRanges } from './openingHoursText';
import { SaveRow, SettingsForm, useSave } from './settingsForm';
import styles from './HoursSection.module.css';

const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Monday first on screen; the settings keep Sunday first, like Date.getDay().
const shownOrder = [1, 2, 3, 4, 5, 6, 0];
const languages: Array<[keyof ReplyTemplates, string]> = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['pt', 'Portuguese'],
  ['fr', 'French'],
  ['de', 'German'],
];

/** A reply per language: English in view, the others one click away. */
function TemplateFields({
  title,
  templates,
  onChange,
  testId,
}: {
  title: string;
  templates: ReplyTemplates;
  onChange: (templates: ReplyTemplates) => void;
  testId: string;
}) {
  const field = ([lang, name]: [keyof ReplyTemplates, string]) => (
    <Field key={lang} label={`${title} (${name})`}>
      {(id) => (
        <textarea
          id={id}
          rows={2}
          value={templates[lang]}
          onChange={(e) => onChange({ ...templates, [lang]: e.target.value })}
          data-testid={`${testId}-${lang}`}
        />
      )}
    </Field>
  );
  return (
    <>
      {field(languages[0]!)}
      <details className={styles.languages}>
        <summary>In the other languages</summary>
        {languages.slice(1).map(field)}
      </details>
    </>
  );
}

/** Opening hours, closed days, the time zone and the automatic reply when closed or away. */
export function HoursSection({ drafting }: { drafting: DraftingSettings }) {
  const saveDrafting = useSettingsStore((state) => state.saveDrafting);
  const [timeZone, setTimeZone] = useState(drafting.openingHours.timeZone);
  const [week, setWeek] = useState(drafting.openingHours.week.map(rangesToText));
  const [closed, setClosed] = useState(exceptionsToText(drafting.openingHours.exceptions));
  const [reply, setReply] = useState(drafting.closedReply);

  const save = useSave(async () => {
    const ranges = week.map(textToRanges);
    const wrongDay = ranges.findIndex((r) => typeof r === 'string');
    if (wrongDay >= 0) throw new Error(`${days[wrongDay]}: ${ranges[wrongDay] as string}.`);
    const exceptions = textToExceptions(closed);
    if (typeof exceptions === 'string') throw new Error(`Closed days: ${exceptions}.`);
    await saveDrafting({
      openingHours: { timeZone, week: ranges as DraftingSettings['openingHours']['week'], exceptions }, // prettier-ignore
      closedReply: reply,
    });
  });

  return (
    <SettingsForm save={save}>
      <p className={sectioned.intro}>
        When you are open. Outside these hours a customer who writes can get one automatic reply per
        closure, with your next opening in their language.
      </p>
      <fieldset>
        <legend>Opening hours</legend>
        <div className={styles.week}>
          {shownOrder.map((day) => (
            <InputField
              key={day}
              label={days[day]!}
              value={week[day]!}
              placeholder="Closed"
              onChange={(text) => setWeek(week.map((t, i) => (i === day ? text : t)))}
              testId={`hours-${days[day]!.toLowerCase()}`}
            />
          ))}
        </div>
        <p className="field-hint">
          Times like 09:00-18:00; several ranges a day with commas (09:00-12:30, 13:30-18:00). Leave
          a day empty when you are closed.
        </p>
        <TimeZoneField
          value={timeZone}
          onChange={setTimeZone}
          hint="Your business’s own clock, whatever the laptop’s says."
          testId="hours-timezone"
        />
        <Field
          label="Closed days"
          hint="One per line: a date (2026-12-25 Christmas) or a period (2026-08-01 to 2026-08-14 Summer break)."
        >
          {(id) => (
            <textarea
              id={id}
              rows={3}
              value={closed}
              onChange={(e) => setClosed(e.target.value)}
              data-testid="hours-closed-days"
            />
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Automatic reply</legend>
        <CheckField
          label="When we are closed, reply once per closure ({nextOpening} is filled in)"
          checked={reply.enabled}
          onChange={(enabled) => setReply({ ...reply, enabled })}
          testId="closed-reply-enabled"
        />
        <TemplateFields
          title="Closed reply"
          templates={reply.templates}
          onChange={(templates) => setReply({ ...reply, templates })}
          testId="closed-reply"
        />
        <TemplateFields
          title="Away reply"
          templates={reply.awayTemplates}
          onChange={(awayTemplates) => setReply({ ...reply, awayTemplates })}
          testId="away-reply"
        />
        <p className="field-hint">
          The away reply goes out while you switch <strong>Away</strong> on in the header. Neither
          goes to a customer who opted out, on top of a reply you sent, or when a hand-off rule
          holds the conversation for you.
        </p>
      </fieldset>
      <SaveRow label="Save opening hours" save={save} />
    </SettingsForm>
  );
}
