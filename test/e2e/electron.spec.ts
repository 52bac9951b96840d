/**
 * The Electron shell, end to end: runs only where an Electron binary is installed. Detection reads
 * node_modules/electron/path.txt; require('electron') would try to download the binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = resolve(import.meta.dirname, '../..');
const electronDir = join(root, 'node_modules/electron');

function installedElectron(): string | null {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const executablePath = installedElectron();
const version = (
  JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }
).version;
const sqliteBinding = join(root, '.native', `electron-${version}`, 'better_sqlite3.node');

const noElectron =
  'Electron binary not installed on this machine (it cannot be downloaded here); the Electron shell is covered by typecheck and build.';
test.skip(executablePath === null, noElectron);
test.skip(
  !existsSync(sqliteBinding),
  'No Electron build of better-sqlite3 yet (.native/): run npm start once to build it.',
);

test.beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  expect(build.status, build.stderr).toBe(0);
});

test('the desktop window runs the console on the sandboxed bridge', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-electron-'));
  const app = await electron.launch({
    executablePath: executablePath!,
    args: [root],
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_SQLITE_BINDING: sqliteBinding,
      SWITCHBOARD_WEBHOOK_PORT: '0',
    },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('demo-badge')).toHaveText('Demo mode');

    // The page gets the operator API and nothing of Node or Electron.
    const exposed = await window.evaluate(() => {
      const page = globalThis as {
        switchboard?: { invoke?: unknown };
        require?: unknown;
        process?: unknown;
      };
      return {
        bridge: typeof page.switchboard?.invoke,
        require: typeof page.require,
        process: typeof page.process,
      };
    });
    expect(exposed).toEqual({ bridge: 'function', require: 'undefined', process: 'undefined' });

    await window.getByRole('textbox', { name: 'Customer number' }).fill('+1 415 555 0100');
    await window.getByRole('textbox', { name: 'Customer message' }).fill('Hello from Electron');
    await window.getByRole('button', { name: 'Text the business' }).click();
    await expect(window.getByTestId('conversation-row')).toContainText('Hello from Electron');
    await expect(window).toHaveTitle('(1) Switchboard');

    await window.getByRole('textbox', { name: 'Customer number' }).fill('hello');
    await window.getByRole('button', { name: 'Text the business' }).click();
    await expect(window.getByTestId('simulator-error')).toContainText('not a phone number');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
