import styles from './SignedOut.module.css';

/** Serve mode without a valid token: say how to get in, show nothing else. */
export function SignedOut() {
  return (
    <main className={styles.signedOut} data-testid="signed-out">
      <h1>Switchboard</h1>
      <p>This page isn&apos;t signed in.</p>
      <p>
        Open the link that <code>npm run serve</code> printed in your terminal. It ends in{' '}
        <code>?token=…</code> and works only for this run of Switchboard.
      </p>
    </main>
  );
}
