import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPaths } from '../src/main/core/dataPaths';

describe('the data folder layout', () => {
  it('keeps every file where earlier releases put it, so an update finds the operator’s data', () => {
    const dir = join('/', 'home', 'ada', '.config', 'Switchboard');
    const paths = dataPaths(dir);
    expect(paths).toMatchObject({
      dataDir: dir,
      database: join(dir, 'switchboard.db'),
      backups: join(dir, 'backups'),
      exports: join(dir, 'exports'),
      logs: join(dir, 'logs'),
      logFile: join(dir, 'logs', 'switchboard.log'),
      secretsFile: join(dir, 'secrets.bin'),
      pendingRestore: join(dir, 'restore-pending.db'),
    });
    expect(paths.rejectedRestore('20261203-060000-000')).toBe(
      join(dir, 'restore-rejected-20261203-060000-000.db'),
    );
    expect(paths.beforeRestore('20261203-060000-000')).toBe(
      join(dir, 'before-restore-20261203-060000-000'),
    );
  });
});
