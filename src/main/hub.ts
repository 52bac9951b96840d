/**
 * A hub (`npm run hub`): the same core as serve mode with its store on PostgreSQL
 * (`DATABASE_URL`), the webhook listener, the workers, and the operator API for consoles on the
 * network, each request and WebSocket signed with `SWITCHBOARD_HUB_TOKEN`. TLS is a reverse
 * proxy's or the tunnel's job; the listener itself speaks plain HTTP.
 *
 * stdout carries exactly one JSON line once ready (as serve mode's); everything meant for a person
 * goes to stderr, and never the database password or the token.
 */
import { configFromEnv, describeDatabaseUrl, hubSettingsFromEnv } from './core/config';
import { describeStartupFailure } from './core/startupFailure';
import { PostgresError } from './core/store/postgres/postgresDb';
import { dataDirOrDefault, printReadyLine, startHeadless } from './headless';

async function main(): Promise<void> {
  const hub = hubSettingsFromEnv();
  const config = { ...configFromEnv(), databaseUrl: hub.databaseUrl };
  const { app, bridge, logFile } = await startHeadless(config, {
    token: hub.token,
    host: hub.operatorHost,
  });
  printReadyLine(app, bridge, { hub: true, database: describeDatabaseUrl(hub.databaseUrl) });
  process.stderr.write(
    `\nSwitchboard hub is running${app.mode === 'demo' ? ' in demo mode (the simulator)' : ''}, ` +
      `its store in PostgreSQL at ${describeDatabaseUrl(hub.databaseUrl)}.\n` +
      `Consoles open ${bridge.url} and sign in with SWITCHBOARD_HUB_TOKEN.\n` +
      'This listener speaks plain HTTP: put a reverse proxy with TLS (or the tunnel) in front of ' +
      'it before consoles reach it over a network.\n' +
      `Backups are PostgreSQL's: use pg_dump or point-in-time recovery. Log: ${logFile}. ` +
      'Press Ctrl+C to stop.\n\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard hub could not start. ${whyNot(error)}\n`);
  process.exit(1);
});

/** The failure in words, with the database password taken out of anything PostgreSQL said. */
function whyNot(error: unknown): string {
  const url = process.env.DATABASE_URL ?? '';
  if (error instanceof PostgresError) {
    return hideSecrets(
      `Could not use the PostgreSQL database at ${describeDatabaseUrl(url)} (DATABASE_URL): ` +
        `${error.message}. Check that the server runs, the address and the credentials.`,
    );
  }
  return hideSecrets(
    describeStartupFailure(error, { dataDir: dataDirOrDefault(), dataDirFromEnv: true }),
  );
}

function hideSecrets(text: string): string {
  let out = text;
  const secrets = [process.env.SWITCHBOARD_HUB_TOKEN, process.env.DATABASE_URL];
  try {
    secrets.push(decodeURIComponent(new URL(process.env.DATABASE_URL ?? '').password));
  } catch {
    // not a URL: nothing more to hide
  }
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[hidden]');
  }
  return out;
}
