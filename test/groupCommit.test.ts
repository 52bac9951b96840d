import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/main/core/store/database';
import { PostgresError } from '../src/main/core/store/postgres/postgresDb';
import { GroupCommitter } from '../src/main/core/webhooks/groupCommit';

describe('group commit', () => {
  const setup = () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v TEXT UNIQUE)');
    const insert = (v: string) => (d: Db) =>
      d.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
    const values = () =>
      (db.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);
    return { db, committer: new GroupCommitter(db), insert, values };
  };

  it('commits work submitted in the same turn of the event loop and answers each', async () => {
    const { committer, insert, values } = setup();
    const results = await Promise.all(['a', 'b', 'c'].map((v) => committer.submit(insert(v))));
    expect(results).toEqual([1, 1, 1]);
    expect(values()).toEqual(['a', 'b', 'c']);
  });

  it('fails a bad item alone and still commits the rest of its batch', async () => {
    const { committer, insert, values } = setup();
    const outcomes = await Promise.allSettled([
      committer.submit(insert('a')),
      committer.submit(insert('a')), // violates UNIQUE
      committer.submit(insert('b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(values()).toEqual(['a', 'b']);
  });

  it('rolls back all of a failing item, not just its last statement', async () => {
    const { committer, values } = setup();
    const twoSteps = committer.submit((d) => {
      d.prepare("INSERT INTO t (v) VALUES ('x')").run();
      throw new Error('second step failed');
    });
    const other = committer.submit((d) => d.prepare("INSERT INTO t (v) VALUES ('y')").run());
    await expect(twoSteps).rejects.toThrow('second step failed');
    await other;
    expect(values()).toEqual(['y']);
  });

  it('refuses work once closed, after committing what was pending', async () => {
    const { committer, insert, values } = setup();
    const pending = committer.submit(insert('last'));
    committer.close();
    await pending;
    expect(values()).toEqual(['last']);
    await expect(committer.submit(insert('late'))).rejects.toThrow(/closing/);
  });

  it('runs a batch again when PostgreSQL aborted it as a deadlock with another hub process', async () => {
    const { committer, insert, values } = setup();
    let collisions = 2;
    const colliding = committer.submit((d) => {
      d.prepare("INSERT INTO t (v) VALUES ('c')").run();
      // What PostgresDb throws when the server picked this transaction as a deadlock's victim.
      if (collisions-- > 0) throw new PostgresError('deadlock detected', '40P01', undefined);
      return 'stored';
    });
    const neighbour = committer.submit(insert('n'));
    await expect(colliding).resolves.toBe('stored');
    await expect(neighbour).resolves.toBe(1);
    expect(values()).toEqual(['c', 'n']);
  });
});
