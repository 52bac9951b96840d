/**
 * Fuzzing the parsers that take text from outside (webhooks, CSV files, the search box, typed
 * numbers) with fast-check: seeded and small so the suite stays fast; `npm run bench:faults`
 * runs 100,000 cases per target. A failure prints the shrunk input and the seed to replay it.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { allTargets } from './support/fuzzTargets';

const SEED = 1414;
const RUNS = 2_000;

describe('fuzzing: no exception other than the typed outcomes, round-trips hold', () => {
  for (const target of allTargets) {
    it(target.name, async () => {
      await fc.assert(
        fc.asyncProperty(target.arbitrary, async (input) => {
          await target.run(input);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});
