/**
 * Electron and its native modules, for scripts/start.mjs and tests.
 *
 * Electron runs a different Node ABI than the Node that runs `npm test`, so better-sqlite3 needs a
 * second build. It goes to .native/electron-<version>/better_sqlite3.node and reaches the app via
 * SWITCHBOARD_SQLITE_BINDING; node_modules/better-sqlite3 is never rebuilt in place, because the
 * tests use that copy. Nothing here calls require('electron'): that would start a download.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function electronVersion(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'));
  return pkg.version;
}

/** The Electron executable, or null when its download never happened (or failed). */
export function electronBinary(root) {
  const dir = join(root, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export function electronSqlitePath(root, version = electronVersion(root)) {
  return join(root, '.native', `electron-${version}`, 'better_sqlite3.node');
}

/** node-gyp as [command, ...args]: the project's, else the one npm bundles, else via npm exec. */
function nodeGyp(root) {
  const script = (base) => join(base, 'node-gyp', 'bin', 'node-gyp.js');
  const candidates = [
    script(join(root, 'node_modules')),
    process.env.npm_execpath &&
      script(join(dirname(process.env.npm_execpath), '..', 'node_modules')),
    script(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules')),
    script(join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules')),
  ].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return [process.execPath, found];
  return [
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    'exec',
    '--yes=false',
    '--',
    'node-gyp',
  ];
}

/** Without these, settings meant for Node builds (e.g. a global `nodedir`) would leak into ours. */
function envForElectronBuild() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source)$/i.test(key)
    ) {
      delete env[key];
    }
  }
  return env;
}

function run(label, command, args, options, logFile) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32' && command.endsWith('.cmd'),
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (error) => {
      log.end();
      reject(error);
    });
    child.on('close', (code) => {
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`${label} exited with code ${code}`));
    });
  });
}

/**
 * Returns the path of the Electron build of better-sqlite3, building it first when missing.
 * Throws with the build log's path when the build fails (e.g. no network for Electron's headers).
 */
export async function ensureElectronSqlite(root, version = electronVersion(root)) {
  const target = electronSqlitePath(root, version);
  if (existsSync(target)) return target;

  mkdirSync(dirname(target), { recursive: true });
  const logFile = join(dirname(target), 'build.log');
  rmSync(logFile, { force: true });
  const work = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-'));
  const source = join(root, 'node_modules', 'better-sqlite3');
  const copy = join(work, 'better-sqlite3');
  try {
    cpSync(source, copy, { recursive: true, filter: (path) => path !== join(source, 'build') });
    const [command, ...prefix] = nodeGyp(root);
    await run(
      'node-gyp',
      command,
      [
        ...prefix,
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        '--dist-url=https://electronjs.org/headers',
        `--arch=${process.arch}`,
      ],
      { cwd: copy, env: envForElectronBuild() },
      logFile,
    );
    // Copy then rename, so an interrupted build never leaves a half-written addon behind.
    copyFileSync(join(copy, 'build', 'Release', 'better_sqlite3.node'), `${target}.partial`);
    renameSync(`${target}.partial`, target);
    return target;
  } catch (error) {
    throw new Error(`${error.message} (details in ${logFile})`, { cause: error });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
