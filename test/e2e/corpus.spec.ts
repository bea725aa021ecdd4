import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fieldsOf, loadCorpus, type CorpusCase, type CorpusPage } from '../fixtures/real/corpus';
import { quoteOf, selectSubstring, type EvidenceRecord } from './capture-helpers';
import { expect, test } from './fixtures';
import { readRecords } from './helpers';
import { clickFlagButton } from './ui-hooks';

/**
 * Real saved pages of the AI tools, served at the tools' own addresses (Chromium never leaves the
 * machine: every request is answered here or refused), flagged with the floating button through
 * the built extension, the stored record read back from IndexedDB and compared field by field.
 */
async function serve(context: BrowserContext, page: CorpusPage, c: CorpusCase): Promise<void> {
  const target = new URL(c.url);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === target.origin && url.pathname === target.pathname) {
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page.html });
    } else if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') {
      await route.fallback();
    } else {
      await route.abort();
    }
  });
}

const POLYFILL = readFileSync('node_modules/text-fragments-polyfill/src/text-fragment-utils.js', 'utf8');

/**
 * What the text-fragment link finds in the page, by the WICG reference polyfill's matching
 * algorithm: the text of each range, whitespace collapsed.
 */
async function fragmentMatches(tab: Page, link: string): Promise<string[]> {
  await tab.addScriptTag({
    type: 'module',
    content: `${POLYFILL}\nwindow.textFragmentsForTest = { getFragmentDirectives, parseFragmentDirectives, processTextFragmentDirective };`,
  });
  await tab.waitForFunction(() => 'textFragmentsForTest' in window);
  return tab.evaluate((href) => {
    type Utils = Record<string, (...args: unknown[]) => unknown>;
    const tf = (window as unknown as { textFragmentsForTest: Utils }).textFragmentsForTest;
    const parsed = tf.parseFragmentDirectives!(tf.getFragmentDirectives!(new URL(href).hash)) as { text?: unknown[] };
    const [directive] = parsed.text ?? [];
    const ranges = directive ? (tf.processTextFragmentDirective!(directive) as Range[]) : [];
    return ranges.map((r) => r.toString().replace(/\s+/g, ' ').trim());
  }, link);
}

for (const page of loadCorpus()) {
  test.describe(`real page ${page.tool}/${page.name}`, () => {
    for (const c of page.cases) {
      test(`${c.name}: every field as the page shows it`, async ({ context, serviceWorker }) => {
        await serve(context, page, c);
        const tab = await context.newPage();
        await tab.goto(c.url);
        const before = (await readRecords(serviceWorker)).length;
        await selectSubstring(tab, c.within, c.select, undefined, c.until);
        // The button lives in a closed shadow root: clicked with the real mouse where it is shown.
        expect(await clickFlagButton(serviceWorker, tab)).toContain('Flagged');
        await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(before + 1);
        const record = (await readRecords(serviceWorker)).at(-1) as unknown as EvidenceRecord;
        const e = record.evidence;
        expect(fieldsOf({ ...e, quote: quoteOf(record).exact ?? '', containerText: e.containerText })).toEqual(
          c.expected,
        );
        // The link reopens the page at this quote: the browser's matching finds it, first.
        const [first] = await fragmentMatches(tab, e.textFragmentLink!);
        expect(first).toBe(c.expected.quote.replace(/\s+/g, ' ').trim());
      });
    }
  });
}
