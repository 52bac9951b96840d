import type { ConversationSummary } from '../../../shared/types';
import { Callout } from './ui/Callout';
import styles from './HeldForYou.module.css';

/**
 * Why a hand-off rule stopped an automatic reply in this conversation (the core's words, from
 * `heldReason`): shown until the operator answers, since nothing goes out by itself meanwhile.
 */
export function HeldForYou({ conversation }: { conversation: ConversationSummary | undefined }) {
  const reason = conversation?.heldReason;
  if (!reason) return null;
  return (
    <Callout tone="warning" className={styles.held} data-testid="held-for-you">
      <strong>Held for you: {reason}.</strong> Nothing is sent automatically here until you answer.
    </Callout>
  );
}
