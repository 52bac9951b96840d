import { useState } from 'react';
import type { ConsentMethod, ContactDetails } from '../../../shared/types';
import { api } from '../api';
import { shortTime } from '../format';
import { useContactStore } from '../stores/contactStore';
import { consentChoices } from './TemplatePicker';
import { Button } from './ui/Button';
import { Select } from './ui/Select';
import { useAction } from './ui/useAction';

/**
 * The contact's agreement to WhatsApp messages the business starts (a template after the window,
 * or to someone who never wrote): how and when it was given, who recorded it; record or withdraw.
 */
export function WhatsAppConsent({ details }: { details: ContactDetails }) {
  const consent = details.whatsappConsent ?? null;
  const [method, setMethod] = useState<ConsentMethod>('customer-wrote-first');
  const action = useAction();
  const change = (command: () => Promise<unknown>) =>
    action.run(async () => {
      await command();
      await useContactStore.getState().refresh();
    });
  const contactId = details.id;
  return (
    <>
      <dt>WhatsApp consent</dt>
      <dd data-testid="whatsapp-consent">
        {consent?.active ? (
          <>
            <span className="consent-in">{consent.methodText}</span>
            <span className="card-hint">
              {' '}
              · {shortTime(consent.recordedAt)}, recorded by {consent.recordedBy}
            </span>{' '}
            <Button
              size="small"
              variant="quiet"
              disabled={action.busy}
              onClick={() =>
                void change(() => api.invoke('contacts:withdrawConsent', { contactId }))
              }
              data-testid="whatsapp-consent-withdraw"
            >
              Withdraw
            </Button>
          </>
        ) : (
          <>
            <span className="consent-out">
              {consent ? `Withdrawn ${shortTime(consent.withdrawnAt ?? 0)}` : 'Not recorded'}
            </span>
          </>
        )}
      </dd>
      {!consent?.active && (
        <div className="fact-note consent-record">
          <Select
            aria-label="How they agreed"
            value={method}
            onChange={setMethod}
            choices={consentChoices}
            testId="whatsapp-consent-method"
          />
          <Button
            size="small"
            disabled={action.busy}
            onClick={() =>
              void change(() => api.invoke('contacts:recordConsent', { contactId, method }))
            }
            data-testid="whatsapp-consent-record"
          >
            Record consent
          </Button>
        </div>
      )}
      {action.error && (
        <p className="fact-note form-error" role="alert">
          {action.error}
        </p>
      )}
    </>
  );
}
