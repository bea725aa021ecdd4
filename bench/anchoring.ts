// Row 2: describing a selection and finding it again on pages of about 1 MB and 5 MB of text,
// exact and after an edit (fuzzy), for Flagline's anchoring, @apache-annotator/dom and
// dom-anchor-text-quote, in one page of the system Chromium. Each call starts in a task of its
// own; its time is the median of the runs, and the longest task it causes is read from the Long
// Tasks API (which reports tasks of 50 ms and more, the threshold of the goal).
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import path from 'node:path';
import { CHROMIUM_PATH, NAME_SHIM } from './lib/browser';
import { proseHtml } from './lib/pages';
import { BENCH, ROOT } from './lib/paths';
import { atMost, row, type Row } from './lib/rows';

const APACHE = '@apache-annotator/dom';
const DTQ = 'dom-anchor-text-quote';

/** Bundles one library into a script that sets `globalThis[name]`. */
async function bundle(name: string, contents: string, resolveDir: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir, sourcefile: `${name}.ts`, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    alias: { '@': ROOT },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

function libraries(): Promise<string[]> {
  return Promise.all([
    bundle(
      'flagline',
      `import { describeRange } from '${path.join(ROOT, 'lib/page/anchoring/selectors.ts')}';
       import { anchorAll } from '${path.join(ROOT, 'lib/page/anchoring/anchor.ts')}';
       globalThis.flagline = { describeRange, anchorAll };`,
      ROOT,
    ),
    bundle(
      'apache',
      `import { describeTextQuote, createTextQuoteSelectorMatcher } from '${APACHE}';
       globalThis.apache = { describeTextQuote, createTextQuoteSelectorMatcher };`,
      BENCH,
    ),
    bundle('dtq', `import * as dtq from '${DTQ}'; globalThis.dtq = dtq;`, BENCH),
  ]);
}

/** Per task, per library: median ms and longest long task (null: none of 50 ms or more). */
type Measured = Record<string, Record<string, { ms: number | null; longestTask: number | null }>>;

/** Runs in the page (library names spelt out: nothing from this module's scope goes there). */
async function measureInPage(runs: number): Promise<{ rows: Measured; textLength: number }> {
  const longTasks: PerformanceEntry[] = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  async function time(fn: () => unknown) {
    await nextTask();
    await fn(); // Warm-up run, not counted.
    const samples: number[] = [];
    const windows: Array<[number, number]> = [];
    for (let i = 0; i < runs; i++) {
      await nextTask();
      const start = performance.now();
      const ok = await fn();
      const end = performance.now();
      if (!ok) return { ms: null, longestTask: null };
      samples.push(end - start);
      windows.push([start, end]);
    }
    // Long-task entries are delivered after their task: give the observer a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inWindows = longTasks.filter((t) =>
      windows.some(([s, e]) => t.startTime < e && t.startTime + t.duration > s),
    );
    samples.sort((a, b) => a - b);
    return {
      ms: samples[Math.floor(samples.length / 2)]!,
      longestTask: inWindows.length ? Math.max(...inWindows.map((t) => t.duration)) : null,
    };
  }
  const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const { flagline, apache, dtq } = g;
  const quoteNode = document.getElementById('q')!.firstChild as Text;
  const quote = quoteNode.data;
  const range = document.createRange();
  range.setStart(quoteNode, 0);
  range.setEnd(quoteNode, quote.length);
  const body = document.body;
  const container = document.getElementById('target');
  const ours = flagline.describeRange(document, range, container);
  const target = { id: 'x', quote: ours.quote, position: ours.position, css: ours.css?.value };
  const label = async () => (await flagline.anchorAll(document, [target]))[0].label;
  const apacheSel = await apache.describeTextQuote(range, body);
  const dtqSel = dtq.fromRange(body, range);
  const firstMatch = async (selector: unknown) => {
    for await (const match of apache.createTextQuoteSelectorMatcher(selector)(body)) return match;
    return null;
  };
  const rows: Measured = {
    describe: {
      flagline: await time(() => !!flagline.describeRange(document, range, container)),
      ['@apache-annotator/dom']: await time(async () => !!(await apache.describeTextQuote(range, body))),
      ['dom-anchor-text-quote']: await time(() => !!dtq.fromRange(body, range)),
    },
    're-anchor, exact': {
      flagline: await time(async () => (await label()) === 'exact'),
      ['@apache-annotator/dom']: await time(async () => !!(await firstMatch(apacheSel))),
      ['dom-anchor-text-quote']: await time(() => !!dtq.toRange(body, dtqSel)),
    },
  };
  // The quote edited on the page, as after a regenerated answer: exact matching fails.
  quoteNode.data = quote.replace('full refund', 'partial refund');
  rows['re-anchor, edited (fuzzy)'] = {
    flagline: await time(async () => (await label()) === 'fuzzy'),
    ['@apache-annotator/dom']: await time(async () => !!(await firstMatch(apacheSel))),
    ['dom-anchor-text-quote']: await time(
      () => !!dtq.toRange(body, dtqSel, ours.position ? { hint: ours.position.start } : {}),
    ),
  };
  return { rows, textLength: body.textContent!.length };
}

async function measurePage(page: Page, scripts: string[], bytes: number, runs: number) {
  await page.setContent(proseHtml(bytes));
  await page.evaluate(NAME_SHIM);
  for (const script of scripts) await page.addScriptTag({ content: script });
  return page.evaluate(measureInPage, runs);
}

function rowsFor(mb: string, measured: Measured, runs: number): Row[] {
  const out: Row[] = [];
  for (const [task, libs] of Object.entries(measured)) {
    const peers = [APACHE, DTQ].map((name) => ({ name, ...libs[name]! }));
    const fastest = peers.filter((p) => p.ms !== null).sort((a, b) => a.ms! - b.ms!)[0];
    const other = peers.find((p) => p !== fastest);
    const ours = libs['flagline']!;
    const exact = task === 're-anchor, exact';
    const fuzzy = task.includes('fuzzy');
    const noMatch = peers.filter((p) => p.ms === null).map((p) => `${p.name}: no match`);
    const others = other && other.ms !== null ? [`${other.name}: ${other.ms.toFixed(1)} ms`] : [];
    out.push(
      row({
        group: 2,
        what: `${task}, ${mb} (median of ${runs})`,
        unit: 'ms',
        ours: ours.ms,
        peer: fastest ? { name: `fastest, ${fastest.name}`, value: fastest.ms } : undefined,
        goal: exact ? { text: '≥ 3× faster than fastest peer', met: null } : undefined,
        note: [...others, ...noMatch].join('; ') || undefined,
      }),
    );
    const last = out[out.length - 1]!;
    if (last.goal) last.goal.met = last.ratio === null || last.ratio === undefined ? null : last.ratio >= 3;
    const longestPeer = peers.filter((p) => p.ms !== null);
    out.push(
      row({
        group: 2,
        what: `${task}, ${mb}: longest main-thread task`,
        unit: 'ms',
        ours: ours.longestTask,
        shown: ours.ms === null ? undefined : ours.longestTask === null ? '< 50 ms' : undefined,
        goal: fuzzy ? atMost('no task > 50 ms', ours.ms === null ? null : (ours.longestTask ?? 0), 50) : undefined,
        note:
          longestPeer
            .map((p) => `${p.name}: ${p.longestTask === null ? '< 50' : p.longestTask.toFixed(0)} ms`)
            .join('; ') || undefined,
      }),
    );
  }
  return out;
}

export async function anchoringRows(quick: boolean): Promise<Row[]> {
  const scripts = await libraries();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
  try {
    const page = await browser.newPage();
    const sizes: Array<[string, number, number]> = quick
      ? [['0.1 MB', 100_000, 1]]
      : [
          ['1 MB', 1_000_000, 5],
          ['5 MB', 5_000_000, 3],
        ];
    const out: Row[] = [];
    for (const [label, bytes, runs] of sizes) {
      const { rows, textLength } = await measurePage(page, scripts, bytes, runs);
      const mb = `${(textLength / 1_000_000).toFixed(label === '0.1 MB' ? 2 : 1)} MB of text`;
      out.push(...rowsFor(mb, rows, runs));
    }
    return out;
  } finally {
    await browser.close();
  }
}
