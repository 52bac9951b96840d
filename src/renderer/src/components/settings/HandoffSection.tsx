import { useState } from 'react';
import { handoffTopics, type DraftingSettings, type HandoffTopic } from '../../../../shared/types';
import { useSettingsStore } from '../../stores/settingsStore';
import { CheckField, InputField } from '../ui/Field';
import sectioned from '../SectionedDialog.module.css';
import { SaveRow, SettingsForm, useSave } from './settingsForm';
import styles from './HoursSection.module.css';

const topicLabels: Record<HandoffTopic, string> = {
  complaint: 'Complaints',
  urgent: 'Urgent messages',
  money: 'Money (charges, payments, bills)',
  refunds: 'Refunds',
  legal: 'Legal matters',
  health: 'Health (allergies, injuries)',
};

/** What stops an automatic reply and hands the conversation to the operator. */
export function HandoffSection({ drafting }: { drafting: DraftingSettings }) {
  const saveDrafting = useSettingsStore((state) => state.saveDrafting);
  const [topics, setTopics] = useState<HandoffTopic[]>(drafting.handoffTopics);
  const [words, setWords] = useState(drafting.handoffWords.join(', '));
  const save = useSave(() =>
    saveDrafting({
      handoffTopics: topics,
      handoffWords: words.split(',').map((w) => w.trim()).filter(Boolean), // prettier-ignore
    }),
  );
  const toggle = (topic: HandoffTopic, on: boolean) =>
    setTopics(on ? [...topics, topic] : topics.filter((t) => t !== topic));

  return (
    <SettingsForm save={save}>
      <p className={sectioned.intro}>
        Automatic replies (auto-send and the closed-hours reply) stop and wait for you when a
        customer asks for a person, writes again without an answer, when the AI is unsure, or while
        you are typing in that conversation. The thread says why. Also for these topics:
      </p>
      <fieldset>
        <legend>Hand the conversation to me when the message is about</legend>
        <div className={styles.topics}>
          {handoffTopics.map((topic) => (
            <CheckField
              key={topic}
              label={topicLabels[topic]}
              checked={topics.includes(topic)}
              onChange={(on) => toggle(topic, on)}
              testId={`handoff-${topic}`}
            />
          ))}
        </div>
        <InputField
          label="And when it mentions"
          hint="Your own words, separated by commas: manager, insurance, wedding…"
          value={words}
          onChange={setWords}
          testId="handoff-words"
        />
      </fieldset>
      <SaveRow label="Save hand-off rules" save={save} />
    </SettingsForm>
  );
}
