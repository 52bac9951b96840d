import { useState } from 'react';
import { languageName } from '../../format';
import { useTranslationStore } from '../../stores/translationStore';
import { ExactTextField } from '../ui/Field';
import { SaveRow, SettingsForm, useSave } from './settingsForm';
import sectioned from '../SectionedDialog.module.css';

/** Settings → Languages: the languages the operator reads; others get a translation. */
export function LanguagesSection() {
  const { languages, save: saveLanguages } = useTranslationStore();
  const [typed, setTyped] = useState((languages ?? ['en']).join(', '));
  const save = useSave(async () => {
    await saveLanguages(typed.split(/[\s,]+/).filter(Boolean));
  });
  return (
    <SettingsForm save={save}>
      <p className={sectioned.intro}>
        A customer’s message in another language shows <strong>Translate</strong>, and a draft in
        the customer’s language shows what it says in the first language here. Translation uses the
        AI model (Settings → AI drafts); each one is kept, so it is shown again without the model.
      </p>
      <fieldset>
        <legend>Languages you read</legend>
        <ExactTextField
          label="Two-letter codes, your main language first"
          value={typed}
          onChange={setTyped}
          placeholder="en, es"
        />
        <p className="field-hint" data-testid="languages-read">
          {(languages ?? []).map((code) => languageName(code)).join(', ')}
        </p>
      </fieldset>
      <SaveRow label="Save languages" save={save} />
    </SettingsForm>
  );
}
