import type { BrowserContext } from '@playwright/test';
import { fieldsOf, loadCorpus, type CorpusCase, type CorpusPage } from '../fixtures/real/corpus';
import { quoteOf, selectSubstring, type EvidenceRecord } from './capture-helpers';
import { expect, test } from './fixtures';
import { readRecords } from './helpers';

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

for (const page of loadCorpus()) {
  test.describe(`real page ${page.tool}/${page.name}`, () => {
    for (const c of page.cases) {
      test(`${c.name}: every field as the page shows it`, async ({ context, serviceWorker }) => {
        await serve(context, page, c);
        const tab = await context.newPage();
        await tab.goto(c.url);
        const before = (await readRecords(serviceWorker)).length;
        await selectSubstring(tab, c.within, c.select, undefined, c.until);
        await tab.getByRole('button', { name: 'Flag AI output' }).click();
        await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(before + 1);
        const record = (await readRecords(serviceWorker)).at(-1) as unknown as EvidenceRecord;
        const e = record.evidence;
        expect(fieldsOf({ ...e, quote: quoteOf(record).exact ?? '', containerText: e.containerText })).toEqual(
          c.expected,
        );
      });
    }
  });
}
