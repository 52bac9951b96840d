const storageKey = 'switchboard.accessToken';
const refusedKey = 'switchboard.accessTokenRefused';

/**
 * Serve mode opens the console at `/?token=…`. Keep the token for this tab only (sessionStorage)
 * and take it out of the address bar at once, so it does not end up in history, bookmarks or a
 * screenshot. A reload finds it in sessionStorage; a fresh link (new server run) replaces it.
 */
export function takeAccessToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(storageKey, fromUrl);
    window.sessionStorage.removeItem(refusedKey);
    url.searchParams.delete('token');
    window.history.replaceState(
      window.history.state,
      '',
      `${url.pathname}${url.search}${url.hash}`,
    );
    return fromUrl;
  }
  return window.sessionStorage.getItem(storageKey);
}

/**
 * A hub's token typed on the sign-in screen (SignedOut.tsx): kept for this tab only, like the
 * link's. The console then starts again with it (the transport takes its token once, at load).
 */
export function signInWith(token: string): void {
  window.sessionStorage.setItem(storageKey, token);
  window.sessionStorage.removeItem(refusedKey);
  window.location.reload();
}

/** The listener refused the token (a new run of serve mode, a hub's token changed): drop it. */
export function forgetRefusedToken(): void {
  if (window.sessionStorage.getItem(storageKey) === null) return;
  window.sessionStorage.removeItem(storageKey);
  window.sessionStorage.setItem(refusedKey, '1');
}

/** Whether the last token this tab tried was refused (the sign-in screen says so). */
export function tokenWasRefused(): boolean {
  return window.sessionStorage.getItem(refusedKey) !== null;
}
