import { useCallback, useEffect, useState } from 'react';
import { renderTemplate } from '../../../shared/templates';
import {
  consentMethods,
  type ConsentMethod,
  type ConversationSummary,
  type TemplateList,
  type TemplateView,
} from '../../../shared/types';
import { api } from '../api';
import { shortTime } from '../format';
import { useContactStore } from '../stores/contactStore';
import { SendAnyway } from './SendAnyway';
import styles from './TemplatePicker.module.css';
import { Badge } from './ui/Badge';
import { Button } from './ui/Button';
import { Callout } from './ui/Callout';
import { InputField } from './ui/Field';
import { Select } from './ui/Select';
import { useAction, type Action } from './ui/useAction';

export const consentMethodLabels: Record<ConsentMethod, string> = {
  'customer-wrote-first': 'They wrote to us first',
  'web-form': 'Opted in on a web form',
  'in-person': 'Agreed in person',
  other: 'Other',
};
export const consentChoices = consentMethods.map((value) => ({
  value,
  label: consentMethodLabels[value],
}));

/** The consent WhatsApp asks for before the business writes first: say it is missing, record it. */
function ConsentPrompt({
  problem,
  contactId,
  onRecorded,
}: {
  problem: string;
  contactId: number;
  onRecorded: () => void;
}) {
  const [method, setMethod] = useState<ConsentMethod>('customer-wrote-first');
  const action = useAction();
  const record = () =>
    action.run(async () => {
      await api.invoke('contacts:recordConsent', { contactId, method });
      onRecorded();
      await useContactStore.getState().refresh();
    });
  return (
    <Callout as="div" tone="warning" className={styles.consent} data-testid="template-consent">
      <p>{problem}</p>
      <div className={styles.row}>
        <label htmlFor="template-consent-method">How they agreed</label>
        <Select
          id="template-consent-method"
          value={method}
          onChange={setMethod}
          choices={consentChoices}
          testId="template-consent-method"
        />
        <Button
          size="small"
          onClick={() => void record()}
          disabled={action.busy}
          data-testid="template-consent-record"
        >
          Record consent
        </Button>
      </div>
      {action.error && <p role="alert">{action.error}</p>}
    </Callout>
  );
}

/** One template in the list: approved ones selectable, the others with their status and why not. */
function TemplateOption({
  template,
  selected,
  onSelect,
}: {
  template: TemplateView;
  selected: boolean;
  onSelect: () => void;
}) {
  const tone = template.usable ? 'ok' : template.approval === 'rejected' ? 'danger' : 'caution';
  return (
    <li
      className={`${styles.option}${template.usable ? '' : ` ${styles.unusable}`}`}
      data-testid="template-option"
    >
      <label className={styles.optionHead}>
        <input
          type="radio"
          name="template"
          checked={selected}
          disabled={!template.usable}
          onChange={onSelect}
        />
        <span className={styles.name}>{template.name.replace(/_/g, ' ')}</span>
        <Badge tone={tone}>
          {template.usable ? 'Approved' : template.approvalText.split(':')[0]}
        </Badge>
      </label>
      {template.whyNot && <p className={styles.whyNot}>{template.whyNot}</p>}
    </li>
  );
}

/**
 * WhatsApp templates in the composer: the cached list (shown offline too) with each one's
 * approval, the chosen one's variables (filled from the contact and the business profile,
 * editable), a live preview, Send; "Suggest a template" asks the drafter for one (a draft).
 */
export function TemplatePicker({ conversation }: { conversation: ConversationSummary }) {
  const conversationId = conversation.id;
  const [list, setList] = useState<TemplateList | null>(null);
  const [sid, setSid] = useState<string | null>(null);
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [draftId, setDraftId] = useState<number | undefined>(undefined);
  // Once one is chosen, the list folds to it (the thread keeps its room); "Other templates" opens it.
  const [browsing, setBrowsing] = useState(true);
  const loading = useAction();
  const sending = useAction();
  const suggesting = useAction();

  const load = useCallback(
    (command: 'templates:list' | 'templates:refresh') =>
      loading.run(async () => {
        const next = await api.invoke(command, { conversationId });
        setList(next);
        // The first time, nothing is cached yet: fetch from the carrier by itself.
        if (command === 'templates:list' && next.fetchedAt === null)
          setList(await api.invoke('templates:refresh', { conversationId }));
      }),
    [conversationId, loading.run], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // Consent recorded or withdrawn in the contact panel changes what may be sent: ask again.
  const consentKey = useContactStore((state) => {
    const consent = state.details?.whatsappConsent;
    return consent ? `${consent.recordedAt}:${consent.withdrawnAt ?? ''}` : '';
  });
  useEffect(() => void load('templates:list'), [load, consentKey]);

  const choose = (template: TemplateView, values?: Record<string, string>, draft?: number) => {
    setSid(template.sid);
    setVariables(values ?? list?.filled[template.sid] ?? {});
    setDraftId(draft);
    setBrowsing(false);
    sending.reset();
  };
  const template = list?.templates.find((t) => t.sid === sid);
  const missing = template ? template.placeholders.filter((key) => !variables[key]?.trim()) : [];
  const send = (confirmQuietHours = false) =>
    sending.run(async () => {
      if (!template) return;
      await api.invoke('templates:send', {
        conversationId,
        templateSid: template.sid,
        variables,
        confirmQuietHours,
        ...(draftId ? { draftId } : {}),
      });
      setSid(null);
      setDraftId(undefined);
      setBrowsing(true);
      return `Sent “${template.name.replace(/_/g, ' ')}”.`;
    });
  const suggest = () =>
    suggesting.run(async () => {
      const draft = await api.invoke('templates:suggest', { conversationId });
      const proposed = list?.templates.find((t) => t.sid === draft.template?.sid);
      if (proposed) choose(proposed, draft.template?.variables ?? {}, draft.id);
    });

  return (
    <div className={styles.picker} data-testid="template-picker">
      <PickerHead
        fetchedAt={list?.fetchedAt ?? null}
        loading={loading.busy}
        suggesting={suggesting.busy}
        canSuggest={Boolean(list?.templates.some((t) => t.usable))}
        onRefresh={() => void load('templates:refresh')}
        onSuggest={() => void suggest()}
      />
      {[loading.error, suggesting.error].map(
        (problem, index) =>
          problem && (
            <p key={index} className="form-error" role="alert">
              {problem}
            </p>
          ),
      )}
      {list?.consent?.problem && (
        <ConsentPrompt
          problem={list.consent.problem}
          contactId={conversation.contact.id}
          onRecorded={() => void load('templates:list')}
        />
      )}
      {list && list.templates.length === 0 && !loading.busy && (
        <p className={styles.whyNot}>
          No templates in your Twilio account yet. Create one in the Twilio Console (Content
          Template Builder), submit it to WhatsApp, then Refresh.
        </p>
      )}
      <ul className={styles.options} aria-label="Templates">
        {list?.templates
          .filter((t) => browsing || t.sid === sid)
          .map((t) => (
            <TemplateOption
              key={t.sid}
              template={t}
              selected={t.sid === sid}
              onSelect={() => choose(t)}
            />
          ))}
      </ul>
      {!browsing && (
        <Button
          size="small"
          variant="quiet"
          className={styles.other}
          onClick={() => setBrowsing(true)}
          data-testid="template-browse"
        >
          Other templates
        </Button>
      )}
      {template && (
        <TemplateForm
          template={template}
          variables={variables}
          onChange={(key, value) => {
            setVariables({ ...variables, [key]: value });
            sending.reset();
          }}
          fromDraft={draftId !== undefined}
        />
      )}
      <SendBar
        template={template}
        missing={missing}
        sending={sending}
        blocked={Boolean(list?.consent?.problem)}
        onSend={(confirm) => void send(confirm)}
      />
    </div>
  );
}

/** Send template, with what holds it back (a blank variable, quiet hours to confirm, a refusal). */
function SendBar({
  template,
  missing,
  sending,
  blocked,
  onSend,
}: {
  template: TemplateView | undefined;
  missing: string[];
  sending: Action;
  blocked: boolean;
  onSend: (confirmQuietHours: boolean) => void;
}) {
  const confirmation = sending.errorKind === 'needs-confirmation' ? sending.error : null;
  return (
    <>
      {confirmation && (
        <SendAnyway
          message={confirmation}
          onConfirm={() => onSend(true)}
          testId="template-confirm"
          small
        />
      )}
      {sending.error && !confirmation && (
        <p className="form-error" role="alert" data-testid="template-error">
          {sending.error}
        </p>
      )}
      {sending.done && (
        <p className={styles.done} role="status">
          {sending.done}
        </p>
      )}
      {template && (
        <div className={styles.actions}>
          <span className={styles.whyNot}>
            {missing.length > 0 ? `Fill in ${missing.map((k) => `{{${k}}}`).join(', ')}` : ''}
          </span>
          <Button
            variant="primary"
            onClick={() => onSend(false)}
            disabled={sending.busy || missing.length > 0 || blocked}
            data-testid="template-send"
          >
            Send template
          </Button>
        </div>
      )}
    </>
  );
}

/** The picker's title row: when the list was fetched, Refresh, and Suggest a template. */
function PickerHead(props: {
  fetchedAt: number | null;
  loading: boolean;
  suggesting: boolean;
  canSuggest: boolean;
  onRefresh: () => void;
  onSuggest: () => void;
}) {
  const fetched = props.fetchedAt
    ? `List from ${shortTime(props.fetchedAt)}`
    : props.loading
      ? 'Fetching…'
      : 'Not fetched yet';
  return (
    <div className={styles.head}>
      <strong>WhatsApp templates</strong>
      <span className={styles.fetched} data-testid="templates-fetched">
        {fetched}
      </span>
      <Button size="small" variant="quiet" onClick={props.onRefresh} disabled={props.loading}>
        Refresh
      </Button>
      <Button
        size="small"
        onClick={props.onSuggest}
        disabled={props.suggesting || !props.canSuggest}
        data-testid="template-suggest"
      >
        {props.suggesting ? 'Asking…' : 'Suggest a template'}
      </Button>
    </div>
  );
}

/** The chosen template's variables and the text the customer will receive. */
function TemplateForm({
  template,
  variables,
  onChange,
  fromDraft,
}: {
  template: TemplateView;
  variables: Record<string, string>;
  onChange: (key: string, value: string) => void;
  fromDraft: boolean;
}) {
  return (
    <div className={styles.form}>
      {fromDraft && (
        <p className={styles.whyNot}>
          Proposed by the drafter: check the values, then send (or reject the draft above).
        </p>
      )}
      <div className={styles.fields}>
        {template.placeholders.map((key) => (
          <InputField
            key={key}
            label={`{{${key}}}`}
            value={variables[key] ?? ''}
            onChange={(value) => onChange(key, value)}
            placeholder={template.samples[key] ? `e.g. ${template.samples[key]}` : ''}
            maxLength={1024}
            testId={`template-var-${key}`}
          />
        ))}
      </div>
      <p className={styles.preview} data-testid="template-preview">
        {renderTemplate(template.body, variables)}
      </p>
    </div>
  );
}
