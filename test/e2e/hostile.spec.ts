import { SELECTION_CHANGED } from '../../lib/page/ui/selection-snapshot';
import { NOT_VISIBLE } from '../../lib/page/ui/visibility';
import { flagByCommand, quoteOf, selectSubstring } from './capture-helpers';
import { expect, test } from './fixtures';
import { readRecords, type StoredRecord } from './helpers';
import { clickAt, clickFlagButton, readyFlagButton, uiView } from './ui-hooks';

/**
 * Hostile pages (test/fixtures/demo/hostile/): each tries to make the evidence say something the
 * user did not flag, or to flag without the user. Each test also shows what the user gets instead:
 * a working flag, or a message saying why not.
 */
test.describe('a hostile page cannot change the evidence', () => {
  for (const mode of ['selection', 'text', 'late'] as const) {
    test(`a page that swaps the ${mode === 'late' ? 'text after the click' : mode} is refused`, async ({
      context,
      demo,
      serviceWorker,
    }) => {
      const page = await context.newPage();
      await page.goto(`${demo.url}/hostile/swap.html?mode=${mode}`);
      await selectSubstring(page, '#answer', 'The refund of 400 EUR was approved without a receipt.');
      expect(await clickFlagButton(serviceWorker, page)).toBe(SELECTION_CHANGED);
      await expect(page.locator('body')).toHaveAttribute('data-swapped', mode);
      // The refusal is shown only once the decision is made: nothing was saved.
      expect(await readRecords(serviceWorker)).toHaveLength(0);

      // Selecting again on a page that behaves gives a normal flag.
      await page.goto(`${demo.url}/hostile/swap.html?mode=none`);
      await selectSubstring(page, '#answer', 'The refund of 400 EUR was approved without a receipt.');
      expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
      await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(1);
      const [record] = await readRecords(serviceWorker);
      expect(record!.evidence.selectors[0]!.exact).toBe('The refund of 400 EUR was approved without a receipt.');
    });
  }

  test('a page defining flagline-ui cannot remove the button or hide words from the quote', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/hostile/impostor.html`);
    const quote = 'The refund is not approved for customers without a receipt.';
    await selectSubstring(page, '#answer', quote);
    expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
    await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(1);
    const [record] = await readRecords(serviceWorker);
    // The page's own <flagline-ui> holds "not": page text, kept in the quote.
    expect(record!.evidence.selectors[0]!.exact).toBe(quote);

    await page.reload();
    await expect
      .poll(async () => (await uiView(serviceWorker, page, 'markers'))?.status)
      .toBe('Flagline: 1 flagged here');
  });

  test('hiding Flagline for the screenshot touches no page element', async ({ context, demo, serviceWorker }) => {
    // Screenshots are off by default; on here, so the flag goes through the hiding step.
    await serviceWorker.evaluate(() => chrome.storage.local.set({ captureScreenshot: true }));
    const page = await context.newPage();
    await page.goto(`${demo.url}/hostile/screenshot.html`);
    const quote = 'Your account was charged twice and no refund will be issued.';
    await selectSubstring(page, '#answer', quote);
    const record = await flagByCommand(page, serviceWorker);
    expect(quoteOf(record).exact).toBe(quote);
    // The step ran: a picture was kept, or the browser refused one (no real shortcut, no activeTab).
    const [first] = (record as unknown as StoredRecord & { history: { note?: string }[] }).history;
    expect(record.evidence.screenshot ? 'taken' : first?.note).toMatch(
      /^(taken|No screenshot: the browser refused to take one of this tab\.)$/,
    );
    // The screenshot step ran (and hid Flagline's own UI) before the record was saved; the page's
    // look-alike elements were never touched, so it never learnt the moment.
    expect(await page.locator('#watch-ui').getAttribute('style')).toBeNull();
    expect(await page.locator('#watch-marks').getAttribute('style')).toBeNull();
    expect(await page.locator('body').getAttribute('data-signal')).toBeNull();
    await expect(page.locator('#answer')).toHaveText(quote);
  });
});

test.describe('a hostile page cannot make the user flag', () => {
  for (const mode of ['opacity', 'cover'] as const) {
    test(`a click on a button the page made invisible (${mode}) flags nothing and says why`, async ({
      context,
      demo,
      serviceWorker,
    }) => {
      const page = await context.newPage();
      await page.goto(`${demo.url}/hostile/clickjack.html?mode=${mode}`);
      await expect(page.locator('body')).toHaveAttribute('data-hidden', mode);
      let rect = null;
      await expect
        .poll(async () => {
          const view = await uiView(serviceWorker, page, 'flagButton');
          rect = view?.shown ? view.rect : null;
          return !!rect;
        })
        .toBe(true);
      // The user's real click lands where the (hidden) button is.
      await clickAt(page, rect!);
      await expect.poll(async () => (await uiView(serviceWorker, page, 'flagButton'))?.said).toBe(NOT_VISIBLE);
      expect(await readRecords(serviceWorker)).toHaveLength(0);
    });
  }

  test('a focus moved by the page does not let Enter flag; a focus moved by the user does', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/hostile/focus.html`);
    const quote = 'The warranty covers accidental water damage for ten years.';
    await selectSubstring(page, '#answer', quote);
    await readyFlagButton(serviceWorker, page);
    await expect.poll(async () => Number(await page.locator('body').getAttribute('data-tries'))).toBeGreaterThan(2);
    expect((await uiView(serviceWorker, page, 'flagButton'))?.focused).toBe(false);
    await page.keyboard.press('Enter');
    // Then the user flags with the mouse: the only record is that one, Enter left none.
    expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
    await expect.poll(async () => (await readRecords(serviceWorker)).length).toBeGreaterThan(0);
    expect(await readRecords(serviceWorker)).toHaveLength(1);

    // On a quiet page the user tabs to the button and presses Enter: that counts.
    const plain = await context.newPage();
    await plain.goto(`${demo.url}/capture/plain.html`);
    await selectSubstring(plain, '#two', 'It also said the contract renews automatically, which it does not.');
    await readyFlagButton(serviceWorker, plain);
    await expect
      .poll(async () => {
        await plain.keyboard.press('Tab');
        return (await uiView(serviceWorker, plain, 'flagButton'))?.focused;
      })
      .toBe(true);
    await plain.keyboard.press('Enter');
    await expect.poll(async () => (await uiView(serviceWorker, plain, 'flagButton'))?.said).toContain('Flagged');
    await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(2);
  });
});

test.describe('what a page can learn about its flags', () => {
  test('only the highlighted words: no record ids, no counts, no reachable marker root', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/plain.html`);
    const quote = 'It also said the contract renews automatically, which it does not.';
    await selectSubstring(page, '#two', quote);
    const record = await flagByCommand(page, serviceWorker);
    await expect
      .poll(async () => (await uiView(serviceWorker, page, 'markers'))?.status)
      .toBe('Flagline: 1 flagged here');
    const seen = await page.evaluate(() => {
      const extra = [...document.documentElement.children].filter((el) => el !== document.head && el !== document.body);
      const highlights = [...(CSS.highlights as unknown as Map<string, Set<AbstractRange>>)].map(([name, set]) => ({
        name,
        text: [...set]
          .map((r) => {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            range.setEnd(r.endContainer, r.endOffset);
            return range.toString();
          })
          .join(''),
      }));
      return {
        hosts: extra.map((el) => ({ tag: el.localName, shadow: !!el.shadowRoot, attributes: el.getAttributeNames() })),
        markup: document.documentElement.outerHTML,
        highlights,
      };
    });
    // Flagline's hosts: plain divs, closed roots, no attribute but their own inline style.
    expect(seen.hosts.length).toBeGreaterThan(0);
    for (const host of seen.hosts) expect(host).toEqual({ tag: 'div', shadow: false, attributes: ['style'] });
    expect(seen.markup).not.toContain(record.id);
    expect(seen.markup).not.toContain('flagged here');
    // The documented exposure: the page's highlight registry shows which of its words are flagged.
    expect(seen.highlights).toEqual([
      { name: 'flagline', text: quote },
      { name: 'flagline-fuzzy', text: '' },
    ]);
  });
});
