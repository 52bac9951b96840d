/**
 * `npm run store:copy -- --from <sqlite file or postgres URL> --to <postgres URL or sqlite file>`:
 * copies a whole store (a laptop's history to a hub, or back), prints progress per table and a
 * table of row counts on both sides. Exit 0 when every count matches, 1 when one does not, 2 when
 * the copy could not run. A URL's password is never printed.
 */
import { parseArgs } from 'node:util';
import { copyStore, type CopyProgress } from './core/store/copy/copyStore';
import { formatCounts, maskLocation } from './core/store/copy/report';

const print = (line: string) => process.stdout.write(`${line}\n`);

function usage(): never {
  process.stderr.write(
    'Usage: npm run store:copy -- --from <sqlite file or postgres URL> --to <postgres URL or sqlite file> [--batch <rows>]\n',
  );
  process.exit(2);
}

/** One line per table when it starts and ends, and every 50,000 rows in between. */
function progressPrinter(): (progress: CopyProgress) => void {
  let table = '';
  let lastPrinted = 0;
  return ({ table: name, copied, total }) => {
    const line = `${name}: ${copied.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
    if (name !== table) {
      table = name;
      lastPrinted = copied;
      print(line);
    } else if (copied === total || copied - lastPrinted >= 50_000) {
      lastPrinted = copied;
      print(line);
    }
  };
}

function main(): number {
  let values: { from?: string; to?: string; batch?: string };
  try {
    values = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' } },
    }).values;
  } catch {
    usage();
  }
  const { from, to } = values;
  if (!from || !to) usage();
  const batchRows = values.batch === undefined ? undefined : Number(values.batch);
  if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows > 0)) usage();
  print(`Copying ${maskLocation(from)} → ${maskLocation(to)}`);
  try {
    const result = copyStore({
      from,
      to,
      ...(batchRows ? { batchRows } : {}),
      onProgress: progressPrinter(),
    });
    if (result.rebuilt.length > 0) print(`Rebuilt search indexes: ${result.rebuilt.join(', ')}`);
    print('');
    print(formatCounts(result.tables));
    print('');
    print(result.matches ? 'Every table matches.' : 'Some tables do not match (✗).');
    return result.matches ? 0 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A driver's message may quote the location it was given: never with its password.
    const masked = [from, to].reduce(
      (text, location) => text.split(location).join(maskLocation(location)),
      message,
    );
    process.stderr.write(`The copy stopped: ${masked}\n`);
    return 2;
  }
}

process.exitCode = main();
