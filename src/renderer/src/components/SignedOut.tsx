import { useState, type FormEvent } from 'react';
import { signInWith, tokenWasRefused } from '../api/accessToken';
import { Button } from './ui/Button';
import { SecretField } from './ui/Field';
import styles from './SignedOut.module.css';

/**
 * Serve mode or a hub without a valid token: say how to get in, show nothing else. Serve mode's
 * link carries its token; a hub's console asks for the hub's token once and keeps it in this
 * tab's sessionStorage (sent as a bearer header, never as a cookie, so no other site's page can
 * act with it).
 */
export function SignedOut() {
  const [token, setToken] = useState('');
  const refused = tokenWasRefused();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (token.trim() !== '') signInWith(token.trim());
  }

  return (
    <main className={styles.signedOut} data-testid="signed-out">
      <h1>Switchboard</h1>
      <p>This page isn&apos;t signed in.</p>
      <p>
        On this computer, open the link that <code>npm run serve</code> printed in your terminal. It
        ends in <code>?token=…</code> and works only for this run of Switchboard.
      </p>
      <form className={styles.form} aria-label="Sign in to the hub" onSubmit={submit}>
        <p>
          On a hub (<code>npm run hub</code>), type its token (<code>SWITCHBOARD_HUB_TOKEN</code>,
          from whoever runs it). This tab remembers it until you close it.
        </p>
        <SecretField label="Hub token" value={token} onChange={setToken} />
        {refused && (
          <p className="form-error" role="alert" data-testid="token-refused">
            That token was not accepted. Check it and try again.
          </p>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" data-testid="hub-sign-in">
            Sign in
          </Button>
        </div>
      </form>
    </main>
  );
}
