import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export interface ServeReady {
  ready: true;
  mode: 'demo' | 'live';
  webhookUrl: string;
  publicUrl: string;
  operatorUrl: string;
  dataDir: string;
  /** A hub's line only: true, and where its store is (host, port, database; never a password). */
  hub?: true;
  database?: string;
}

// import.meta.url rather than __dirname: the benchmarks load this file as an ES module too.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts `src/main/serve.ts` (or a hub, `src/main/hub.ts`: what `npm run hub` runs) as a child
 * process and resolves once it printed its ready line.
 */
export async function startServeProcess(
  env: Record<string, string>,
  entry: 'serve' | 'hub' = 'serve',
): Promise<{
  child: ChildProcess;
  ready: ServeReady;
  exited: Promise<number | null>;
  /** What the process wrote to stderr so far, its last 20 KB (for a failing test's message). */
  stderr: () => string;
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, `src/main/${entry}.ts`)],
    {
      cwd: repoRoot,
      env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<ServeReady>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as ServeReady;
        if (parsed.ready) resolve(parsed);
      } catch {
        // not the ready line
      }
    });
    void exited.then((code) =>
      reject(new Error(`${entry} exited (${code}) before ready:\n${stderr}`)),
    );
  });
  return { child, ready, exited, stderr: () => stderr };
}
