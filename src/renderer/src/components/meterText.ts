import type { PreSendReport } from '../../../shared/types';
import { formatCost } from '../format';

/**
 * What the meter under a text says, from the core's report: segments and encoding where the
 * channel bills per segment (SMS), the length against the channel's limit and "1 message" where
 * it bills per message (WhatsApp), "MMS · billed as 1 message" for an SMS carrying a picture, the estimate on the right and the channel's note below.
 */
export function meterText(report: PreSendReport): {
  count: string;
  cost: string | null;
  note: string | null;
} {
  const { segments, billing } = report;
  const cost = report.cost === null ? null : `≈ ${formatCost(report.cost)}`;
  if (billing.per === 'message') {
    const length = billing.length.toLocaleString('en-US');
    const max = billing.maxLength.toLocaleString('en-US');
    return {
      count: `${length} / ${max} characters · 1 ${billing.label} message`,
      cost: cost === null ? null : `${cost} per message`,
      note: billing.note,
    };
  }
  if (report.media?.mms) {
    // An MMS is one message whatever its length: segments do not count.
    return {
      count: `${segments.characters} characters · MMS · billed as 1 message`,
      cost,
      note: billing.note,
    };
  }
  const unit = segments.segments === 1 ? 'segment' : 'segments';
  return {
    count: `${segments.characters} characters · ${segments.segments} ${unit} · ${segments.encoding}`,
    cost,
    note: billing.note,
  };
}
