import { useEffect, useState } from 'react';
import type { UnsupportedClaim } from '../../../../shared/knowledge';
import type { DraftView } from '../../../../shared/types';
import { api } from '../../api';

/**
 * The prices, times… in the draft that nothing the business said supports: as the core found
 * them when it wrote the draft, and checked again by the core while the operator edits it.
 */
export function useClaimCheck(
  draft: DraftView,
  text: string,
  editing: boolean,
): UnsupportedClaim[] {
  const [checked, setChecked] = useState<UnsupportedClaim[]>(draft.unsupportedClaims);
  useEffect(() => {
    if (!editing || text.trim() === '') return;
    let current = true;
    const timer = setTimeout(() => {
      api.invoke('knowledge:checkClaims', { conversationId: draft.conversationId, text }).then(
        (claims) => current && setChecked(claims),
        () => undefined, // approving checks again in the core
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [draft.conversationId, text, editing]);
  if (!editing) return draft.state === 'ready' ? draft.unsupportedClaims : [];
  return text.trim() === '' ? [] : checked;
}
