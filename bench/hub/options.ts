/** The hub benchmark's options: `--name value` on the command line, or env BENCH_<NAME>. */
export interface Options {
  rounds: number;
  /** Full-speed requests per entry of `concurrency`. */
  requests: number;
  /** Full speed runs once per entry: requests in flight over all processes. */
  concurrency: number[];
  maxSeconds: number;
  rate: number;
  seconds: number;
  warmup: number;
  /** How many hub processes, one target per entry. */
  hubs: number[];
  targets: Array<'naive' | 'hub'>;
}

function wholeNumbers(text: string, name: string, max = Infinity): number[] {
  return text.split(',').map((value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`--${name} takes whole numbers from 1${max < Infinity ? ` to ${max}` : ''}`);
    }
    return n;
  });
}

export function readOptions(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2);
    args.set(key!, inline ?? argv[++i] ?? '');
  }
  const pick = (name: string, fallback: string) =>
    args.get(name) ?? process.env[`BENCH_${name.replace(/-/g, '_').toUpperCase()}`] ?? fallback;
  const one = (name: string, fallback: number, min = 1) => {
    const value = Number(pick(name, String(fallback)));
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be ≥ ${min}`);
    return Math.round(value);
  };
  const targets = pick('targets', 'naive,hub')
    .split(',')
    .map((t) => t.trim());
  for (const t of targets) {
    if (t !== 'naive' && t !== 'hub') throw new Error(`unknown target "${t}" (naive or hub)`);
  }
  return {
    rounds: one('rounds', 1),
    requests: one('requests', 4000),
    concurrency: wholeNumbers(pick('concurrency', '64,256'), 'concurrency'),
    maxSeconds: one('max-seconds', 30),
    rate: one('rate', 300),
    seconds: one('seconds', 10),
    warmup: one('warmup', 500, 0),
    hubs: wholeNumbers(pick('hubs', '1,2,3'), 'hubs', 8),
    targets: targets as Options['targets'],
  };
}
