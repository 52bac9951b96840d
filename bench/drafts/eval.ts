/**
 * `npm run eval:drafts`: draft quality, measured. Runs the labelled set (`cases.json`, customer
 * messages to the salon in `business.json`) through the real core — the customer texts the
 * simulator, the inbound goes through the webhook, the queue and the draft job like any text —
 * once with the offline drafter and, when an endpoint is given, once with the model, then prints
 * per category: facts covered, what the drafts must not say, invented facts caught by the check,
 * hand-offs when they should and should not fire (and what auto-send would have sent that needed
 * a person: a ready draft nothing held), length in segments, latency.
 *
 *   npm run eval:drafts                                   # the offline drafter only
 *   npm run eval:drafts -- --base-url http://127.0.0.1:11434/v1 --model llama3.1   # and a model
 *   OPENAI_API_KEY=… npm run eval:drafts -- --base-url https://api.openai.com/v1 --model gpt-4o-mini
 *   options: --only offline|model  --cases <n> (the first n of each category, for a quick look)
 *            --json <file> (the outcomes, for comparing runs)
 *
 * The key comes from the environment only and is never printed.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCases, summarize, type CaseOutcome, type EvalCase } from './score';
import { runDrafter, type DrafterChoice } from './evalRun';

export interface EvalOptions {
  baseUrl?: string;
  model?: string;
  only?: 'offline' | 'model';
  perCategory?: number;
}

export interface EvalReport {
  drafter: string;
  outcomes: CaseOutcome[];
  table: ReturnType<typeof summarize>;
}

/** The first `perCategory` cases of each category, in file order (all when not given). */
export function pickCases(cases: EvalCase[], perCategory?: number): EvalCase[] {
  if (!perCategory) return cases;
  const seen = new Map<string, number>();
  return cases.filter((c) => {
    const key = `${c.category}/${c.language}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count <= perCategory;
  });
}

export async function evaluate(options: EvalOptions): Promise<EvalReport[]> {
  const cases = pickCases(loadCases(), options.perCategory);
  const drafters: DrafterChoice[] = [];
  if (options.only !== 'model') drafters.push({ kind: 'offline' });
  if (options.baseUrl && options.only !== 'offline') {
    drafters.push({ kind: 'model', baseUrl: options.baseUrl, model: options.model });
  }
  const reports: EvalReport[] = [];
  for (const drafter of drafters) {
    const { label, outcomes } = await runDrafter(drafter, cases);
    reports.push({ drafter: label, outcomes, table: summarize(cases, outcomes) });
  }
  return reports;
}

const columns: Array<[string, keyof ReturnType<typeof summarize>[number]]> = [
  ['category', 'category'],
  ['cases', 'cases'],
  ['drafts', 'drafts'],
  ['facts covered', 'factsCovered'],
  ['said what it must not', 'saidForbidden'],
  ['invented facts caught', 'inventedCaught'],
  ['flags as written', 'flaggedAsWritten'],
  ['hand-off when it should', 'handoffWhenShould'],
  ['would auto-send what needs a person', 'autoReplyWhenShouldNot'],
  ['hand-off when it should not', 'handoffWhenShouldNot'],
  ['segments (avg)', 'segmentsAverage'],
  ['latency p50 ms', 'latencyMedianMs'],
];

/** A Markdown table, so it pastes into BENCHMARKS.md as printed. */
export function formatReport(report: EvalReport): string {
  const lines = [
    `### ${report.drafter}`,
    '',
    `| ${columns.map(([title]) => title).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...report.table.map((row) => `| ${columns.map(([, key]) => String(row[key])).join(' | ')} |`),
  ];
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      model: { type: 'string' },
      only: { type: 'string' },
      cases: { type: 'string' },
      json: { type: 'string' },
    },
  });
  if (values.only && values.only !== 'offline' && values.only !== 'model') {
    throw new Error('--only takes "offline" or "model"');
  }
  if (values.only === 'model' && !values['base-url']) {
    throw new Error('--only model needs --base-url <an OpenAI-compatible endpoint>');
  }
  const reports = await evaluate({
    baseUrl: values['base-url'],
    model: values.model,
    only: values.only as EvalOptions['only'],
    perCategory: values.cases ? Number(values.cases) : undefined,
  });
  for (const report of reports) process.stdout.write(`${formatReport(report)}\n\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify(reports, null, 2));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
