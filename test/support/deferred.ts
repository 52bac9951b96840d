/** A promise with its resolve function outside: tests await these instead of sleeping. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Resolves when `check` passes, re-checking each time `subscribe` signals a change (an event, a
 * state change callback). Never polls on a timer.
 */
export function when(
  check: () => boolean,
  subscribe: (onChange: () => void) => () => void,
): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const off = subscribe(() => {
      if (check()) {
        off();
        resolve();
      }
    });
  });
}
