import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium where it is installed (Playwright's own browsers cannot be downloaded here). */
const systemChromium = '/usr/bin/chromium';

// The list reporter does not print skip reasons, so say once, up front, why the Electron smoke
// test will skip (detection as in test/e2e/electron.spec.ts: no require('electron'), which would
// try to download the binary).
const electronPathFile = 'node_modules/electron/path.txt';
const electronInstalled =
  existsSync(electronPathFile) &&
  existsSync(`node_modules/electron/dist/${readFileSync(electronPathFile, 'utf8').trim()}`);
if (!electronInstalled && process.env.TEST_WORKER_INDEX === undefined) {
  process.stdout.write(
    'Note: the Electron smoke test will be skipped: the Electron binary is not installed on this ' +
      'machine (it cannot be downloaded here); the shell is covered by typecheck and build.\n',
  );
}

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Every test starts its own server with its own data folder and ports, so they can run side by side.
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    // SWITCHBOARD_E2E_COLOR_SCHEME=dark runs the suite (and its screenshots) in the dark theme.
    colorScheme: process.env.SWITCHBOARD_E2E_COLOR_SCHEME === 'dark' ? 'dark' : 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'serve',
      testIgnore: /electron\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: existsSync(systemChromium)
          ? {
              executablePath: systemChromium,
              args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-background-networking',
                '--disable-component-update',
                '--no-first-run',
                '--disable-sync',
              ],
            }
          : {},
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
