/**
 * npm start: the desktop app when Electron can run here, otherwise the same console in the
 * browser (serve mode). Each fallback says why in one plain sentence.
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronVersion, ensureElectronSqlite } from './electronNative.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Runs a long-lived child and exits with it. Ctrl+C reaches the child straight from the terminal
 * (same process group), so SIGINT is only held here, not re-sent: a second SIGINT would cut the
 * child's clean shutdown short. SIGTERM and SIGHUP are addressed to us alone and are passed on.
 */
function runUntilExit(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
  });
}

/**
 * The same steps as `npm run serve` (build the renderer, run src/main/serve.ts), run from here
 * rather than through npm: npm hands SIGTERM to a `sh -c` that dies without passing it on, which
 * would leave the server running.
 */
function startInBrowser(reason) {
  console.log(`${reason} so Switchboard is starting in your browser instead.\n`);
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    console.error('The console could not be built (see the errors above).');
    process.exit(build.status ?? 1);
  }
  runUntilExit(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/main/serve.ts'],
    {
      cwd: root,
    },
  );
}

/** Electron's own installer, once; without network it fails within a second. */
function tryInstallingElectron() {
  console.log('Electron is not installed yet; trying to download it…');
  spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: 5 * 60_000,
  });
  return electronBinary(root);
}

async function main() {
  const binary = electronBinary(root) ?? tryInstallingElectron();
  if (!binary) {
    startInBrowser("Electron isn't available on this machine (its download failed),");
    return;
  }

  const version = electronVersion(root);
  let sqliteBinding;
  try {
    console.log(
      `Preparing the database driver for Electron ${version} (built once, may take a minute)…`,
    );
    sqliteBinding = await ensureElectronSqlite(root, version);
  } catch (error) {
    console.error(`The database driver could not be built for Electron: ${error.message}`);
    startInBrowser("Switchboard's database driver could not be built for Electron,");
    return;
  }

  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    console.error('The desktop app could not be built (see the errors above).');
    process.exit(build.status ?? 1);
  }

  runUntilExit(binary, [root], {
    cwd: root,
    env: { ...process.env, SWITCHBOARD_SQLITE_BINDING: sqliteBinding },
  });
}

main().catch((error) => {
  console.error(`Switchboard could not start: ${error.message}`);
  process.exit(1);
});
