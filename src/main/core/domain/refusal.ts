import type { CommandError } from '../../../shared/contract';

/** The kinds of refusal a handler may give; the transport-only kinds are not among them. */
export type RefusalKind = Extract<
  CommandError['kind'],
  'failed' | 'invalid' | 'needs-confirmation' | 'superseded'
>;

/**
 * A refusal the operator should read: `message` is one plain sentence saying what is wrong and
 * what to do. Thrown wherever the decision is made (a handler, drafting, records, going live);
 * the operator service turns it into the contract's `CommandError` in one place. Anything else
 * thrown by a command is a fault: logged with its stack and shown as "failed unexpectedly".
 */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    readonly kind: RefusalKind = 'failed',
  ) {
    super(message);
  }
}
