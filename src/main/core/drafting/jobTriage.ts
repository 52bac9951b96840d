/** The draft job, step 2: should we draft at all, and the message's category and urgency. */
import type { Logger } from '../log';
import type { DraftSubject } from '../store/draftContext';
import type { Drafter } from './drafter';
import type { Triage } from './triage';

/** Why no draft is written for this message, or null when one is. */
export function skipReason(subject: DraftSubject): string | null {
  if (subject.contact.optedOut) return 'opted out';
  if (subject.newerInbound) return 'a newer message will be answered';
  if (subject.aiMode === 'off') return 'AI is off for this conversation';
  return null;
}

/**
 * The model's triage, asked alongside the generation (it never delays the draft); the rules'
 * answer when the drafter has none, the operator turned it off, or it fails.
 */
export function triageAlongside(args: {
  drafter: Drafter;
  withModel: boolean;
  body: string;
  rules: Triage;
  signal: AbortSignal;
  log: Logger;
}): Promise<Triage> {
  const { drafter, rules } = args;
  if (!drafter.triage || !args.withModel) return Promise.resolve(rules);
  return drafter.triage(args.body, args.signal).catch((error: unknown) => {
    args.log.info(
      { err: error instanceof Error ? error.message : String(error) },
      'model triage failed; using rules',
    );
    return rules;
  });
}
