import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './support/tempDir';

/**
 * The layer table, the cycle rule and the length rules are only worth something if they bite:
 * each probe below is a file the linter sees at a path inside the app (it never exists on disk,
 * except for the cycle, which needs two real files) and must be refused by the right rule.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repo });

async function rulesBroken(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repo, path) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

/** A function of `lines` statements: over the length limit when `lines` is over 120. */
const longFunction = (lines: number) =>
  `export function tooLong(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(lines)}  return n;\n}\n`;

describe('the linter enforces the layers', { timeout: 120_000 }, () => {
  it('refuses an import the layer table does not allow (store/ reaching up to operator/)', async () => {
    const code = `import { createOperatorService } from '../operator/service';\nexport const probe = createOperatorService;\n`;
    expect(await rulesBroken('src/main/core/store/probe.ts', code)).toEqual([
      'import-x/no-restricted-paths',
    ]);
  });

  it('refuses the carrier behind the interface in messaging/ (Twilio is the carrier’s business)', async () => {
    const code = `import { createTwilioCarrier } from '../carriers/twilioCarrier';\nexport const probe = createTwilioCarrier;\n`;
    expect(await rulesBroken('src/main/core/messaging/probe.ts', code)).toEqual([
      'import-x/no-restricted-paths',
    ]);
  });

  it('refuses better-sqlite3 outside store/', async () => {
    const code = `import Database from 'better-sqlite3';\nexport const probe = Database;\n`;
    expect(await rulesBroken('src/main/core/messaging/probe.ts', code)).toEqual([
      'no-restricted-imports',
    ]);
    // …and lets the store have it.
    expect(await rulesBroken('src/main/core/store/probe.ts', code)).toEqual([]);
  });

  it('keeps the contract free of the app, and the renderer on the contract', async () => {
    const fromMain = `import { createApp } from '../main/core/app';\nexport const probe = createApp;\n`;
    expect(await rulesBroken('src/shared/probe.ts', fromMain)).toContain(
      'import-x/no-restricted-paths',
    );
    const fromRenderer = `import { createApp } from '../../main/core/app';\nexport const probe = createApp;\n`;
    expect(await rulesBroken('src/renderer/src/probe.ts', fromRenderer)).toContain(
      'import-x/no-restricted-paths',
    );
  });

  it('refuses a function over the length limit in the core', async () => {
    expect(await rulesBroken('src/main/core/domain/probe.ts', longFunction(125))).toEqual([
      'max-lines-per-function',
    ]);
    expect(await rulesBroken('src/main/core/domain/probe.ts', longFunction(110))).toEqual([]);
  });

  it('reports nothing for a file that keeps to its layer', async () => {
    const code = [
      `import type { Db } from '../store/database';`,
      `import { getSetting } from '../store/settings';`,
      `import { movesForward } from '../domain/deliveryStatus';`,
      `import type { Carrier } from '../carriers/carrier';`,
      `export const probe = (db: Db, carrier: Carrier) => [getSetting(db, 'x'), movesForward, carrier];`,
      '',
    ].join('\n');
    expect(await rulesBroken('src/main/core/messaging/probe.ts', code)).toEqual([]);
  });

  describe('import cycles', () => {
    const temp = makeTempDir('switchboard-lint-');
    afterAll(() => temp.cleanup());

    it('refuses two modules that import each other', async () => {
      // The cycle rule follows imports on disk, so this probe is two real files, in a folder of
      // its own laid out like the app (the config's rules are scoped to src/).
      const folder = join(temp.path, 'src/main/core/messaging');
      mkdirSync(folder, { recursive: true });
      writeFileSync(
        join(folder, 'first.ts'),
        `import { second } from './second';\nexport const first = () => second() + 1;\n`,
      );
      writeFileSync(
        join(folder, 'second.ts'),
        `import { first } from './first';\nexport const second = () => first() - 1;\n`,
      );
      const linter = new ESLint({
        cwd: temp.path,
        overrideConfigFile: join(repo, 'eslint.config.js'),
      });
      const [result] = await linter.lintFiles([join(folder, 'first.ts')]);
      expect(result!.messages.map((m) => m.ruleId)).toEqual(['import-x/no-cycle']);
    });
  });
});
