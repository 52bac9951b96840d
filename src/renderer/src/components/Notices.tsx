import styles from './Notices.module.css';
import { useAppStore } from '../stores/appStore';
import { Button } from './ui/Button';

/** Things the core told the operator that are not messages (a cancelled schedule, …). */
export function Notices({ conversationId }: { conversationId: number }) {
  const notices = useAppStore((state) => state.notices);
  const dismiss = useAppStore((state) => state.dismissNotice);
  const shown = notices.filter(
    (n) => n.notice.conversationId === undefined || n.notice.conversationId === conversationId,
  );
  if (shown.length === 0) return null;
  return (
    <div className={styles.notices} role="status" data-testid="notices">
      {shown.map(({ id, notice }) => (
        <div key={id} className={`notice notice-${notice.level} ${styles.notice}`}>
          <p>{notice.text}</p>
          <Button variant="quiet" onClick={() => dismiss(id)}>
            Dismiss
          </Button>
        </div>
      ))}
    </div>
  );
}
