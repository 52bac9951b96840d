import styles from './AiModeSelect.module.css';
import { useState } from 'react';
import type { AiMode, ConversationSummary } from '../../../shared/types';
import { api, errorMessage } from '../api';
import { useConversationsStore } from '../stores/conversationsStore';
import { Select } from './ui/Select';

const modes: Array<{ value: AiMode; label: string }> = [
  { value: 'off', label: 'Off' },
  { value: 'draft', label: 'Draft' },
  { value: 'auto', label: 'Auto-send' },
];

const explanation =
  'Off: no drafts. Draft: a reply is drafted and waits for you. ' +
  'Auto-send: allowed categories go out after a countdown you can stop.';

/** The conversation's AI mode, in the thread header. */
export function AiModeSelect({ conversation }: { conversation: ConversationSummary }) {
  const apply = useConversationsStore((state) => state.apply);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function change(mode: AiMode) {
    setSaving(true);
    setError(null);
    try {
      apply(await api.invoke('conversations:setAiMode', { conversationId: conversation.id, mode }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <span className={styles.aiMode} title={explanation}>
      <label htmlFor="ai-mode-select">AI</label>
      <Select
        id="ai-mode-select"
        aria-label="AI mode"
        value={conversation.aiMode ?? 'draft'}
        disabled={saving}
        onChange={(mode) => void change(mode)}
        choices={modes}
        testId="ai-mode-select"
      />
      {error && (
        <span className={styles.error} role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
