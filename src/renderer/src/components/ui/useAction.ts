import { useCallback, useRef, useState } from 'react';
import type { CommandError } from '../../../../shared/contract';
import { errorMessage, OperatorError } from '../../api';

/** Why an action failed: the core's kind when it said one, else `unexpected` (a bug, a dropped link). */
export type ActionErrorKind = CommandError['kind'] | 'unexpected';

export interface ActionState {
  busy: boolean;
  /** What to tell the operator after it worked (empty string = worked, nothing to say). */
  done: string | null;
  /** The sentence to show when it failed. */
  error: string | null;
  /** The kind of the failure, kept so a caller can react to e.g. `needs-confirmation`. */
  errorKind: ActionErrorKind | null;
}

export interface Action extends ActionState {
  /** Runs `action` unless one is already running; resolves with whether it worked. */
  run(action: () => Promise<string | null | void>): Promise<boolean>;
  /** Clears a shown outcome (the operator changed the form after it). */
  reset(): void;
}

const idle: ActionState = { busy: false, done: null, error: null, errorKind: null };

/**
 * One action's busy / done / error, the one way every button of the console runs a command. The
 * stores let the core's `OperatorError` through untouched, so the kind survives to here.
 */
export function useAction(): Action {
  const [state, setState] = useState<ActionState>(idle);
  // A ref, not the state: two clicks in one frame both see the state from before the first.
  const running = useRef(false);
  const run = useCallback(async (action: () => Promise<string | null | void>) => {
    if (running.current) return false;
    running.current = true;
    setState({ ...idle, busy: true });
    try {
      const done = await action();
      setState({ ...idle, done: done ?? '' });
      return true;
    } catch (failure) {
      setState({
        ...idle,
        error: errorMessage(failure),
        errorKind: failure instanceof OperatorError ? failure.kind : 'unexpected',
      });
      return false;
    } finally {
      running.current = false;
    }
  }, []);
  const reset = useCallback(
    () => setState((s) => (s.done !== null || s.error !== null ? idle : s)),
    [],
  );
  return { ...state, run, reset };
}
