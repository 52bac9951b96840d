const storageKey = 'switchboard.accessToken';

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
