// `npm run bench`: times describing a selection and finding it again on a page of about 1 MB of
// text, for Flagline's anchoring, @apache-annotator/dom and dom-anchor-text-quote, in the same run
// of the system Chromium, and prints the times and their ratios to Flagline's. Measures only:
// nothing here asserts a time.
/* global document, performance -- the evaluated function runs in the page. */
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import path from 'node:path';
import { ROOT } from './lib/setup.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TARGET_BYTES = 1_000_000;

/** Bundles one library into a script that sets `globalThis[name]`. */
async function bundle(name, contents) {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.ts`, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    alias: { '@': ROOT },
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

const scripts = await Promise.all([
  bundle(
    'flagline',
    `import { describeRange } from '${path.join(ROOT, 'lib/anchoring/describe.ts')}';
     import { anchorAll } from '${path.join(ROOT, 'lib/anchoring/anchor.ts')}';
     globalThis.flagline = { describeRange, anchorAll };`,
  ),
  bundle(
    'apache',
    `import { describeTextQuote, createTextQuoteSelectorMatcher } from '@apache-annotator/dom';
     globalThis.apache = { describeTextQuote, createTextQuoteSelectorMatcher };`,
  ),
  bundle('dtq', `import * as dtq from 'dom-anchor-text-quote'; globalThis.dtq = dtq;`),
]);

/** About 1 MB of varied prose in paragraphs, articles and list items. */
function pageHtml() {
  const words = 'account renewal contract invoice refund policy customer supplier quarter model review draft'.split(
    ' ',
  );
  const parts = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    let sentence = '';
    for (let w = 0; w < 80; w++)
      sentence += `${words[(i * 7 + w * 13) % words.length]}${(i + w) % 9 === 0 ? '. ' : ' '}`;
    const text = `Paragraph ${i}: ${sentence}`;
    size += text.length;
    parts.push(i % 10 === 0 ? `<article id="a${i}"><p>${text}</p></article>` : `<p>${text}</p>`);
  }
  const quote = 'The assistant promised a full refund to the wrong customer without any receipt at all.';
  parts.splice(Math.floor(parts.length * 0.9), 0, `<article id="target"><p id="q">${quote}</p></article>`);
  return { html: `<!doctype html><html><body>${parts.join('')}</body></html>`, quote };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
const page = await browser.newPage();
const { html, quote } = pageHtml();
await page.setContent(html);
for (const script of scripts) await page.addScriptTag({ content: script });

const results = await page.evaluate(async (quote) => {
  const RUNS = 5;
  async function time(fn) {
    await fn(); // Warm-up run, not counted.
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const ok = await fn();
      samples.push(performance.now() - start);
      if (!ok) return { ms: NaN, ok: false };
    }
    samples.sort((a, b) => a - b);
    return { ms: samples[Math.floor(RUNS / 2)], ok: true };
  }
  const node = document.getElementById('q').firstChild;
  const range = document.createRange();
  range.setStart(node, 0);
  range.setEnd(node, quote.length);
  const body = document.body;
  const container = document.getElementById('target');
  const { flagline, apache, dtq } = globalThis;

  const ours = flagline.describeRange(document, range, container);
  const target = { id: 'x', quote: ours.quote, position: ours.position, css: ours.css?.value };
  const apacheSel = await apache.describeTextQuote(range, body);
  const dtqSel = dtq.fromRange(body, range);
  const firstMatch = async (selector) => {
    for await (const match of apache.createTextQuoteSelectorMatcher(selector)(body)) return match;
    return null;
  };
  const rows = {
    describe: {
      flagline: await time(() => flagline.describeRange(document, range, container)),
      '@apache-annotator/dom': await time(() => apache.describeTextQuote(range, body)),
      'dom-anchor-text-quote': await time(() => dtq.fromRange(body, range)),
    },
    're-anchor (exact)': {
      flagline: await time(() => flagline.anchorAll(document, [target])[0].label === 'exact'),
      '@apache-annotator/dom': await time(async () => !!(await firstMatch(apacheSel))),
      'dom-anchor-text-quote': await time(() => !!dtq.toRange(body, dtqSel)),
    },
  };
  // The quote edited on the page, as after a regenerated answer: exact matching fails.
  node.data = quote.replace('full refund', 'partial refund');
  rows['re-anchor (edited, fuzzy)'] = {
    flagline: await time(() => flagline.anchorAll(document, [target])[0].label === 'fuzzy'),
    '@apache-annotator/dom': await time(async () => !!(await firstMatch(apacheSel))),
    'dom-anchor-text-quote': await time(() => !!dtq.toRange(body, dtqSel, { hint: ours.position.start })),
  };
  return { rows, textLength: body.textContent.length };
}, quote);
await browser.close();

console.log(
  `Page text: ${(results.textLength / 1_000_000).toFixed(2)} MB, Chromium, median of 5 runs after a warm-up.`,
);
const table = [];
for (const [task, libs] of Object.entries(results.rows)) {
  const base = libs.flagline.ms;
  for (const [lib, r] of Object.entries(libs)) {
    table.push({
      task,
      library: lib,
      'ms (median)': r.ok ? r.ms.toFixed(1) : 'no match',
      'ratio to Flagline': r.ok && libs.flagline.ok ? `${(r.ms / base).toFixed(2)}×` : '–',
    });
  }
}
console.table(table);
