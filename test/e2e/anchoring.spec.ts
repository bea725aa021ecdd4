import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { flagByCommand, quoteOf, selectSubstring } from './capture-helpers';
import { readRecords } from './helpers';
import { clickAt, clickFlagButton, uiView } from './ui-hooks';

/** The text under Flagline's highlights, read from the page's own highlight registry. */
function highlighted(page: Page, name = 'flagline'): Promise<string> {
  return page.evaluate((n) => {
    const highlight = CSS.highlights.get(n);
    if (!highlight) return '';
    return [...(highlight as unknown as Set<AbstractRange>)]
      .filter((r) => r.startContainer.isConnected)
      .map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return range.toString();
      })
      .join('');
  }, name);
}

/** The summary and marker labels Flagline shows in its own (closed) shadow root. */
async function markers(page: Page, worker: Worker): Promise<{ status: string; labels: string[] }> {
  const view = await uiView(worker, page, 'markers');
  return { status: view?.status ?? '', labels: view?.marks.map((m) => m.label) ?? [] };
}

/** The page's markup, head and body: Flagline's own host on <html> is outside both. */
function pageMarkup(page: Page): Promise<string> {
  return page.evaluate(() => `${document.head.outerHTML}${document.body.outerHTML}`);
}

test.describe('finding flagged output again', () => {
  test('a flag is highlighted at once and again after a reload, with a marker that opens its record', async ({
    context,
    demo,
    serviceWorker,
    openExtensionPage,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/chatgpt.html`);
    const quote = 'every store accepts returns without a receipt';
    await selectSubstring(page, '#answer', quote);
    expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
    await expect.poll(() => highlighted(page)).toBe(quote);

    const [first] = await readRecords(serviceWorker);
    // A second, newer flag on the same page: the side panel shows the newest unless asked otherwise.
    await selectSubstring(page, 'main', 'Can I return a blender');
    await flagByCommand(page, serviceWorker);

    await page.reload();
    await expect.poll(async () => (await markers(page, serviceWorker)).labels).toEqual(['exact', 'exact']);
    expect(await highlighted(page)).toContain(quote);
    expect((await markers(page, serviceWorker)).status).toBe('Flagline: 2 flagged here');

    const mark = (await uiView(serviceWorker, page, 'markers'))!.marks.find((m) => m.id === first!.id)!;
    await clickAt(page, mark.rect);
    const request = () =>
      serviceWorker.evaluate(async () => (await chrome.storage.session.get('openRecordRequest'))['openRecordRequest']);
    await expect.poll(async () => ((await request()) as { id?: string } | undefined)?.id).toBe(first!.id);
    // The side panel (opened by the click, or by the reviewer later) shows that record, as text.
    const panel = await openExtensionPage('sidepanel.html');
    await expect(panel.getByLabel('Flagged output').first()).toContainText(quote);
    const evidence = panel.locator('dl').first();
    await expect(evidence).toContainText('ChatGPT');
    await expect(evidence).toContainText('gpt-4o');
    await expect(evidence).toContainText('Can I return a blender without a receipt?');
    await expect(panel.getByRole('link', { name: 'Open the page at the quote' })).toHaveAttribute(
      'href',
      /capture\/chatgpt\.html#:~:text=/,
    );
  });

  test('highlights never change the DOM of a page whose script re-renders the content', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/rerender.html`);
    await expect(page.locator('body')).toHaveAttribute('data-renders', 'done');
    const before = await pageMarkup(page);
    const quote = 'your insurance covers flood damage';
    await selectSubstring(page, '#answer', quote);
    await flagByCommand(page, serviceWorker);
    await expect.poll(() => highlighted(page)).toBe(quote);
    expect(await pageMarkup(page)).toBe(before);

    // On a fresh load the script replaces the answer's nodes several times after the first
    // highlight: the observer redraws on the new nodes, and the markup stays the page's own.
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-renders', 'done');
    await expect.poll(() => highlighted(page)).toBe(quote);
    expect(await pageMarkup(page)).toBe(before);
    const htmlChildren = await page.evaluate(() => [...document.documentElement.children].map((el) => el.localName));
    // Flagline's own hosts are plain divs on <html>, outside head and body.
    expect(htmlChildren.filter((n) => n !== 'head' && n !== 'body').every((n) => n === 'div')).toBe(true);
  });

  test('a streamed answer anchors when it arrives', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/streaming.html`);
    await expect(page.locator('body')).toHaveAttribute('data-stream', 'done');
    const quote = 'late fees are waived for every customer';
    await selectSubstring(page, '#answer', quote);
    const record = await flagByCommand(page, serviceWorker);
    expect(record.evidence.model?.value).toBe('gpt-4o-mini');
    expect(record.evidence.prompt?.value).toBe('When is the payment due?');

    await page.reload();
    await expect.poll(() => highlighted(page)).toBe(quote);
    await expect(page.locator('body')).toHaveAttribute('data-stream', 'done');
    expect((await markers(page, serviceWorker)).status).toBe('Flagline: 1 flagged here');
  });

  test('an edited quote is found fuzzily and a removed one is orphaned, never misplaced', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const url = `${demo.url}/capture/plain.html`;
    const page = await context.newPage();
    await page.goto(url);
    const quote = 'It also said the contract renews automatically, which it does not.';
    await selectSubstring(page, '#two', quote);
    const record = await flagByCommand(page, serviceWorker);
    expect(quoteOf(record).exact).toBe(quote);

    const original = await (await page.request.get(url)).text();
    let served = original.replace('renews automatically', 'renews each year automatically');
    await context.route(url, (route) => route.fulfill({ body: served, contentType: 'text/html' }));
    await page.reload();
    await expect.poll(async () => (await markers(page, serviceWorker)).labels).toEqual(['fuzzy']);
    expect(await highlighted(page, 'flagline-fuzzy')).toContain('renews each year automatically');
    expect(await highlighted(page)).toBe('');

    served = original.replace(quote, 'The contract ends in June.').replace('It also said', 'Never mind');
    await page.reload();
    await expect
      .poll(async () => (await markers(page, serviceWorker)).status)
      .toBe('Flagline: 0 flagged here, 1 not found');
    expect(await highlighted(page)).toBe('');
    expect(await highlighted(page, 'flagline-fuzzy')).toBe('');
  });
});
