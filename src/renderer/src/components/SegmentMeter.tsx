import { useEffect, useState, type ReactNode } from 'react';
import type { PreSendReport } from '../../../shared/types';
import { api } from '../api';
import { Button } from './ui/Button';
import { Callout } from './ui/Callout';
import { meterText } from './meterText';
import styles from './SegmentMeter.module.css';

/**
 * The core's pre-send checks for `text` (and the attachments going with it), following them with
 * a short debounce (null when there is nothing to send).
 */
export function usePreSendCheck(
  conversationId: number,
  text: string,
  attachmentIds: readonly number[] = noAttachments,
): PreSendReport | null {
  const [checked, setChecked] = useState<PreSendReport | null>(null);
  const ids = attachmentIds.join(',');
  const empty = text === '' && attachmentIds.length === 0;
  // A stale answer never overwrites a newer one.
  useEffect(() => {
    if (empty) return;
    let current = true;
    const attached = ids === '' ? [] : ids.split(',').map(Number);
    const timer = setTimeout(() => {
      api.invoke('messages:check', { conversationId, body: text, attachmentIds: attached }).then(
        (report) => current && setChecked(report),
        () => undefined, // sending (Send, Approve) will say what is wrong
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [conversationId, text, ids, empty]);
  // Keep the last answer while a newer one is on its way, so the counter does not flicker; an
  // empty box has nothing to check, and an old answer must not linger once the text is gone.
  return empty ? null : checked;
}

const noAttachments: readonly number[] = [];

/**
 * Segments, encoding, cost and what would stop the text, for the composer and for drafts.
 * The test ids are given as they are, since the e2e tests know them.
 */
export function SegmentMeter({
  id,
  report,
  idle,
  warnUnicode,
  onUseFix,
  testIds,
}: {
  id: string;
  report: PreSendReport | null;
  /** What the meter says before there is a report. */
  idle: ReactNode;
  /** Whether a Unicode text gets its warning (and the look-alike fix). */
  warnUnicode: boolean;
  onUseFix: (text: string) => void;
  testIds: { meter: string; warning: string; fix: string };
}) {
  const segments = report?.segments;
  const words = report ? meterText(report) : null;
  // Encoding matters only where the text is billed per segment (SMS), not on WhatsApp.
  const perSegment = report?.billing.per === 'segment';
  return (
    <>
      <div className={styles.meter} id={id} aria-live="polite" data-testid={testIds.meter}>
        {words ? (
          <>
            <span>{words.count}</span>
            {words.cost !== null && <span>{words.cost}</span>}
          </>
        ) : (
          idle
        )}
      </div>
      {words?.note && (
        <p className={styles.note} data-testid={`${testIds.meter}-note`}>
          {words.note}
        </p>
      )}
      {segments && perSegment && segments.encoding === 'UCS-2' && warnUnicode && (
        <Callout tone="warning" data-testid={testIds.warning}>
          {segments.nonGsmCharacters.map((c) => `“${c}”`).join(' ')}{' '}
          {segments.nonGsmCharacters.length === 1 ? 'makes' : 'make'} this a Unicode text, which
          fits only 70 characters per segment.
          {report.lookalikeFix && (
            <Button
              variant="quiet"
              className={styles.fix}
              onClick={() => onUseFix(report.lookalikeFix!.text)}
              data-testid={testIds.fix}
            >
              Replace look-alike characters ({report.lookalikeFix.segments}{' '}
              {report.lookalikeFix.segments === 1 ? 'segment' : 'segments'})
            </Button>
          )}
        </Callout>
      )}
      {report?.media && (
        <p className={styles.media} data-testid="media-notice">
          {report.media.notice}
        </p>
      )}
      {report?.verdict === 'blocked' &&
        report.problems
          .filter((p) => p.code !== 'empty')
          .map((p) => (
            <Callout key={p.code} tone="problem" role="alert">
              {p.message}
            </Callout>
          ))}
    </>
  );
}
