import { describe, expect, it } from 'vitest';
import { engineOf } from '../../src/main/core/store/database';
import { PostgresDb } from '../../src/main/core/store/postgres/postgresDb';
import { describeOnEngines, freshPostgresUrl, storeEngines } from '../support/storeEngines';

const byEngineText = (engine: string, sqlite: string, postgres: string) =>
  engine === 'sqlite' ? sqlite : postgres;

// The seam every repository stands on: the same calls mean the same on both engines.
describeOnEngines('the store connection', ({ name, open }) => {
  const withTable = () => {
    const db = open();
    db.exec(`CREATE TABLE seam_probe (
      id INTEGER PRIMARY KEY, body TEXT NOT NULL, at BIGINT NOT NULL, flag INTEGER NOT NULL DEFAULT 0
    )`);
    return db;
  };

  it('knows its engine', () => {
    expect(engineOf(open())).toBe(name);
  });

  it('reads integers as numbers and comparisons as 1/0, as SQLite does', () => {
    const db = withTable();
    db.prepare('INSERT INTO seam_probe (id, body, at) VALUES (?, ?, ?)').run(
      1,
      'hi',
      1_796_300_066_272,
    );
    const row = db
      .prepare('SELECT id, at, at > 0 AS positive, COUNT(*) AS n FROM seam_probe GROUP BY id, at')
      .get();
    expect(row).toEqual({ id: 1, at: 1_796_300_066_272, positive: 1, n: 1 });
  });

  it('takes named parameters, and keeps camelCase aliases', () => {
    const db = withTable();
    const insert = db.prepare('INSERT INTO seam_probe (id, body, at) VALUES (?, ?, ?)');
    for (let i = 1; i <= 3; i++) insert.run(i, `b${i}`, i * 10);
    const rows = db
      .prepare(
        `SELECT id AS messageId FROM seam_probe
         WHERE (CAST(@from AS BIGINT) IS NULL OR at >= @from) AND body <> '?' ORDER BY id`,
      )
      .all({ from: 20 });
    expect(rows).toEqual([{ messageId: 2 }, { messageId: 3 }]);
  });

  it('commits a transaction that returns and rolls back one that throws, savepoints included', () => {
    const db = withTable();
    const insert = db.prepare('INSERT INTO seam_probe (id, body, at) VALUES (?, ?, ?)');
    db.transaction(() => {
      insert.run(1, 'kept', 1);
      expect(() =>
        db.transaction(() => {
          insert.run(2, 'undone', 2);
          throw new Error('inner');
        })(),
      ).toThrow('inner');
      expect(db.inTransaction).toBe(true);
    })();
    expect(() =>
      db.transaction(() => {
        insert.run(3, 'undone too', 3);
        insert.run(1, 'duplicate id', 4);
      })(),
    ).toThrow();
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT body FROM seam_probe ORDER BY id').all()).toEqual([{ body: 'kept' }]);
  });

  it('reads bytes back as a Buffer', () => {
    const db = open();
    db.exec(
      byEngineText(name, 'CREATE TABLE seam_bytes (v BLOB)', 'CREATE TABLE seam_bytes (v BYTEA)'),
    );
    const bytes = Buffer.from(new Float32Array([1.5, -2]).buffer);
    db.prepare('INSERT INTO seam_bytes (v) VALUES (?)').run(bytes);
    const row = db.prepare('SELECT v FROM seam_bytes').get() as { v: Buffer };
    expect(Buffer.isBuffer(row.v)).toBe(true);
    expect(row.v.readFloatLE(4)).toBe(-2);
  });

  it('streams a large result with iterate', () => {
    const db = withTable();
    const insert = db.prepare('INSERT INTO seam_probe (id, body, at) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= 2_500; i++) insert.run(i, `b${i}`, i);
    })();
    let count = 0;
    let last = 0;
    for (const row of db.prepare('SELECT id FROM seam_probe ORDER BY id').iterate()) {
      last = (row as { id: number }).id;
      count += 1;
    }
    expect({ count, last }).toEqual({ count: 2_500, last: 2_500 });
    // The connection is usable afterwards (the cursor and its transaction are gone).
    expect(db.prepare('SELECT COUNT(*) AS n FROM seam_probe').get()).toEqual({ n: 2_500 });
  });
});

const postgres = storeEngines.find((engine) => engine.name === 'postgres')!;
describe.skipIf(postgres.skip !== undefined)(
  `a PostgreSQL connection that gave up waiting${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`,
  () => {
    it('never takes the late answer for the next question', () => {
      const db = new PostgresDb(freshPostgresUrl(), 100);
      try {
        expect(() => db.prepare('SELECT pg_sleep(0.5) AS slept').get()).toThrow(/did not answer/);
        db.answerTimeoutMs = 30_000;
        // The sleep's answer comes first on the port, while this question waits behind it.
        expect(db.prepare('SELECT 2 AS two').get()).toEqual({ two: 2 });
        expect(db.prepare('SELECT 3 AS three').get()).toEqual({ three: 3 });
      } finally {
        db.close();
      }
    });
  },
);
