/**
 * The fuzz table: 100,000 generated cases per target (the same targets as test/fuzz.test.ts),
 * counting exceptions other than the typed validation outcomes and broken round-trips.
 * `npx tsx bench/faults/fuzz.ts [--cases 100000] [--seed 1414]`. Figures only; never fails.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { allTargets } from '../../test/support/fuzzTargets';

export interface FuzzRow {
  target: string;
  cases: number;
  exceptions: number;
  firstException: string | null;
  seconds: number;
}

export async function runFuzz(cases: number, seed: number): Promise<FuzzRow[]> {
  const rows: FuzzRow[] = [];
  for (const target of allTargets) {
    let exceptions = 0;
    let firstException: string | null = null;
    let ran = 0;
    const started = performance.now();
    await fc.check(
      fc.asyncProperty(target.arbitrary, async (input) => {
        ran += 1;
        try {
          await target.run(input);
        } catch (error) {
          exceptions += 1;
          firstException ??= `${String(error)} on ${JSON.stringify(input).slice(0, 120)}`;
        }
        return true;
      }),
      { seed, numRuns: cases },
    );
    rows.push({ target: target.name, cases: ran, exceptions, firstException, seconds: (performance.now() - started) / 1000 }); // prettier-ignore
  }
  return rows;
}

export function fuzzTable(rows: FuzzRow[]): string {
  const lines = [
    '| target | cases | exceptions (other than typed validation) | time (s) |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.target} | ${r.cases.toLocaleString('en-US')} | ${r.exceptions} | ${r.seconds.toFixed(1)} |`), // prettier-ignore
  ];
  for (const r of rows) if (r.firstException) lines.push(`first surprise in ${r.target}: ${r.firstException}`); // prettier-ignore
  return lines.join('\n');
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(fuzzTable(await runFuzz(option('cases', 100_000), option('seed', 1414))));
}
