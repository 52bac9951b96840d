import type { DraftView, PreSendReport } from '../../../../shared/types';
import { SegmentMeter } from '../SegmentMeter';

/** The draft's meter: what it says while writing, and when a Unicode draft is worth a warning. */
export function DraftMeter({
  draft,
  report,
  editing,
  onUseFix,
}: {
  draft: DraftView;
  report: PreSendReport | null;
  editing: boolean;
  onUseFix: (text: string) => void;
}) {
  const segments = report?.segments;
  // While typing, always say why the text is Unicode. A draft as written only gets the warning
  // when it costs something: a one-segment reply with an en dash is not worth a yellow box.
  const fix = report?.lookalikeFix;
  const warn =
    segments?.encoding === 'UCS-2' &&
    (editing ||
      segments.segments > 1 ||
      (fix !== null && fix !== undefined && fix.segments < segments.segments));
  return (
    <SegmentMeter
      id={`draft-meter-${draft.id}`}
      report={report}
      idle={
        draft.state === 'generating' ? (
          <span>{draft.text.length > 0 ? `${draft.text.length} characters so far` : ''}</span>
        ) : null
      }
      warnUnicode={warn}
      onUseFix={onUseFix}
      testIds={{
        meter: 'draft-meter',
        warning: 'draft-encoding-warning',
        fix: 'draft-replace-lookalikes',
      }}
    />
  );
}
