// The benchmark's run: every row group in turn, one printed table, and the table as JSON.
// `--quick` (or BENCH_QUICK=1) runs each group on small inputs with few runs, to check that the
// benchmark works, not how fast anything is. Nothing here fails on a figure: goals are reported.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { format, resolveConfig } from 'prettier';
import { anchoringRows } from './anchoring';
import { flagRows } from './flag';
import { CHROMIUM_PATH } from './lib/browser';
import { ROOT } from './lib/paths';
import { cells, markdown, type Row } from './lib/rows';
import { pageLoadRows } from './page-load';
import { panelRows } from './panel';
import { recordRows } from './records';
import { receiverRows } from './receiver';
import { bundleRows, injectedScriptRows } from './size';
import { syncRows } from './sync';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
  .map(Number);

const GROUPS: Array<[number, string, () => Row[] | Promise<Row[]>]> = [
  [1, 'page script sizes', () => injectedScriptRows()],
  [2, 'describe and re-anchor', () => anchoringRows(quick)],
  [3, 'flag latency', () => flagRows(quick)],
  [4, 'page load on an enabled site', () => pageLoadRows(quick)],
  [5, 'records at scale', () => recordRows(quick)],
  [6, 'sync', () => syncRows(quick)],
  [7, 'extension pages', async () => [...(await panelRows(quick)), ...bundleRows()]],
  [8, 'team receiver', () => receiverRows(quick)],
];

function machine() {
  const chromium = (() => {
    try {
      return execFileSync(CHROMIUM_PATH, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    chromium,
  };
}

const started = Date.now();
const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
const rows: Row[] = [];
const failures: string[] = [];
const timings: Record<string, number> = {};
for (const [group, name, measure] of GROUPS) {
  if (only && !only.includes(group)) continue;
  const t0 = Date.now();
  process.stdout.write(`› ${group}. ${name}… `);
  try {
    const got = await measure();
    rows.push(...got);
    timings[name] = Math.round((Date.now() - t0) / 1000);
    console.log(`${got.length} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push(`${group}. ${name}: ${message}`);
    console.log('FAILED');
  }
}

// `--only` in a full run replaces those groups' rows in the last results and keeps the others.
const outFile = quick ? path.join(ROOT, 'test-results/bench-quick.json') : path.join(ROOT, 'bench/results.json');
if (only && existsSync(outFile)) {
  const previous = (JSON.parse(readFileSync(outFile, 'utf8')) as { rows: Row[] }).rows;
  rows.unshift(...previous.filter((r) => !only.includes(r.group)));
  rows.sort((a, b) => a.group - b.group);
}

const result = {
  mode: quick ? 'quick' : 'full',
  ranAt: new Date().toISOString(),
  seconds: Math.round((Date.now() - started) / 1000),
  machine: { ...machine(), loadAverageAtStart: loadAtStart },
  secondsPerGroup: timings,
  rows,
  failures,
};
console.table(cells(rows));
for (const r of rows.filter((x) => x.note)) console.log(`  ${r.group}. ${r.what}: ${r.note}`);
// A quick run only checks that the benchmark works: it must not replace the figures of a full run.
const out = outFile;
mkdirSync(path.dirname(out), { recursive: true });
/** Written as the project's formatter would, so the format check passes on committed results. */
async function writeFormatted(file: string, text: string): Promise<void> {
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(text, { ...options, filepath: file }));
}
await writeFormatted(out, JSON.stringify(result));
if (!quick) await writeFormatted(path.join(ROOT, 'bench/results.md'), `${markdown(rows)}\n`);
console.log(`\nWritten to ${path.relative(ROOT, out)} (${result.seconds} s, ${result.machine.cpus} CPUs).`);
if (failures.length) {
  console.error(`\n✖ ${failures.length} row group(s) could not be measured:\n${failures.join('\n')}`);
  process.exit(1);
}
