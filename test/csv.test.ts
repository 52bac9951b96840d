/**
 * The CSV reader and writer (records/csv.ts, on csv-parse and csv-stringify): what the libraries
 * are set to do for us, beyond records.test.ts's round trip.
 */
import { describe, expect, it } from 'vitest';
import { csvRow, CsvSyntaxError, parseCsv, readCsv } from '../src/main/core/records/csv';

const streamed = async (text: string) => {
  const records = [];
  for await (const record of readCsv(text)) records.push(record);
  return records;
};

const syntaxError = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { line: error.line, message: error.message };
    throw error;
  }
  throw new Error('no syntax error');
};

describe('CSV writing', () => {
  it('quotes a lone CR or LF, not only CRLF, so a row never breaks in two', () => {
    expect(csvRow(['a\rb', 'c\nd', 'e\r\nf'])).toBe('"a\rb","c\nd","e\r\nf"\r\n');
  });

  it('writes booleans and objects as words and JSON', () => {
    expect(csvRow([true, false, { a: 1 }])).toBe('true,false,"{""a"":1}"\r\n');
  });
});

describe('CSV reading', () => {
  const text = 'name,notes\r\n\r\nAda,"two\r\nlines"\r\n\r\n"Bob",x\nCy,"a\nb\nc"\rDee,y';
  const expected = [
    { line: 1, fields: ['name', 'notes'] },
    { line: 3, fields: ['Ada', 'two\r\nlines'] },
    { line: 6, fields: ['Bob', 'x'] },
    { line: 7, fields: ['Cy', 'a\nb\nc'] },
    { line: 10, fields: ['Dee', 'y'] },
  ];

  it('numbers records by the line they start on, whatever the line ends', async () => {
    expect(parseCsv(text)).toEqual(expected);
    expect(await streamed(text)).toEqual(expected);
  });

  it('reads a file larger than one chunk the same, even with characters cut between chunks', async () => {
    // 64 KiB chunks: rows of multi-byte characters put a cut inside a character somewhere.
    const row = (i: number) =>
      `Zoë ${i} 👋,"+1 415 555 ${String(i).padStart(4, '0')}","a\nnote ü"\r\n`;
    const big = 'name,number,notes\r\n' + Array.from({ length: 6000 }, (_, i) => row(i)).join('');
    expect(Buffer.byteLength(big)).toBeGreaterThan(3 * 64 * 1024);
    const records = await streamed(big);
    expect(records).toEqual(parseCsv(big));
    expect(records).toHaveLength(6001);
    // And one cut for certain: the first chunk ends one byte into the 👋.
    const cut = 'a,b\n' + 'x'.repeat(64 * 1024 - 6) + ',👋\nlast,row\n';
    expect(Buffer.from(cut).subarray(64 * 1024 - 1, 64 * 1024 + 3)).toEqual(Buffer.from('👋'));
    expect(await streamed(cut)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x'.repeat(64 * 1024 - 6), '👋'] },
      { line: 3, fields: ['last', 'row'] },
    ]);
    expect(records[2999]).toEqual({
      line: 2 + 2 * 2998,
      fields: ['Zoë 2998 👋', '+1 415 555 2998', 'a\nnote ü'],
    });
  });

  it('says in plain words what is wrong, and on which line', async () => {
    expect(syntaxError(() => parseCsv('a\n\n"b\nc'))).toEqual({
      line: 3,
      message: 'Line 3: a quoted field is never closed.',
    });
    expect(syntaxError(() => parseCsv('a\n"b\nc"d'))).toEqual({
      line: 3,
      message: 'Line 3: text after a closing quote.',
    });
    expect(syntaxError(() => parseCsv('a\nO"Brien,1'))).toMatchObject({ line: 2 });
    await expect(streamed('a\n\n"b\nc')).rejects.toMatchObject({ name: 'CsvSyntaxError', line: 3 });
  });
});
