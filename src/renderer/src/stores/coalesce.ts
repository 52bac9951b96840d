/**
 * Wraps a reload so that calls made while it runs collapse into one more run after it: never two
 * at once, and the last event of a burst is never missed. Contact and health details reload this
 * way when pushed events arrive in bursts.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let again = false;
  return () => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await run();
      } while (again);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
