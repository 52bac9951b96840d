import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temp folder, started
 * with `pg_ctl` on a private Unix socket inside that folder (and a free loopback port, which the
 * server needs even when it listens on no address), removed afterwards. PostgreSQL refuses to run
 * as root, so as root every server command runs as the `postgres` user through `runuser`.
 */
export interface PostgresCluster {
  /** A connection string for `database` (user `postgres`, trust auth, over the private socket). */
  url: (database?: string) => string;
  stop: () => void;
}

/** Where Debian puts the server binaries (they are not on PATH), newest version first. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.SWITCHBOARD_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return found ? found.replace(/\/initdb$/, '') : undefined;
}

const asRoot = process.getuid?.() === 0;

/**
 * `pg_ctl start` leaves the server running with whatever output it was given, so its output goes
 * to a log file (`-l`) and this call never waits on a pipe the server holds open.
 */
function runServerCommand(bin: string, args: string[]): void {
  const [command, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', bin, ...args]]
    : [bin, args];
  execFileSync(command, argv, { stdio: 'ignore' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPostgresCluster(
  binDir: string,
  options: {
    /** Commit durably (fsync on), as a real server does: for benchmarks of durable answers. */
    durable?: boolean;
  } = {},
): Promise<PostgresCluster> {
  const root = mkdtempSync(join(tmpdir(), 'sbpg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  const port = await freePort();
  const stop = () => {
    try {
      runServerCommand(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not started, or already gone: the folder is removed either way.
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    runServerCommand(join(binDir, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    // No TCP listener at all (listen_addresses=''); fsync off: a test cluster is thrown away
    // (unless a benchmark asks for durable commits).
    const fsync = options.durable ? 'on' : 'off';
    const serverOptions = `-k ${root} -p ${port} -c listen_addresses='' -c fsync=${fsync} -c max_connections=200`;
    runServerCommand(join(binDir, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      log,
      '-o',
      serverOptions,
      '-w',
      'start',
    ]);
  } catch (error) {
    const output = existsSync(log) ? readFileSync(log, 'utf8').slice(-2_000) : '';
    stop();
    throw new Error(`Could not start a test PostgreSQL cluster: ${String(error)}\n${output}`);
  }
  return {
    url: (database = 'postgres') =>
      `postgres://postgres@${encodeURIComponent(root)}:${port}/${database}`,
    stop,
  };
}
