import { expect, test } from './fixtures';
import { FAULTY_SENTENCE, readRecords, selectText } from './helpers';
import { clickFlagButton, readyFlagButton } from './ui-hooks';

test.describe('flagging on the demo CRM page', () => {
  test('the floating button flags the selected sentence and the side panel shows it', async ({
    context,
    demo,
    serviceWorker,
    openExtensionPage,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/crm.html`);
    await selectText(page, '[data-testid="faulty-sentence"]');
    expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');

    await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(1);
    const [record] = await readRecords(serviceWorker);
    const quote = record!.evidence.selectors.find((s) => s.type === 'TextQuoteSelector')!;
    expect(quote.exact).toBe(FAULTY_SENTENCE);
    expect(quote.prefix!.length).toBeGreaterThan(10);
    expect(quote.suffix!.length).toBeGreaterThan(10);
    expect(record!.evidence.page.url).toBe(`${demo.url}/crm.html`);
    expect(record!.evidence.page.title).toBe(await page.title());
    expect(Date.parse(record!.evidence.page.capturedAt)).not.toBeNaN();
    expect(record!.evidence.hash.value).toMatch(/^[0-9a-f]{64}$/);
    expect(record!.evidence.trigger).toBe('button');
    expect(record!.revision).toBe(1);
    expect(record!.history).toHaveLength(1);

    const panel = await openExtensionPage('sidepanel.html');
    await expect(panel.getByLabel('Flagged output')).toContainText(FAULTY_SENTENCE);
    await expect(panel.getByRole('list', { name: 'Saved records' }).getByRole('listitem')).toHaveCount(1);
  });

  test('the context-menu handler flags the selection through activeTab injection', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/crm.html`);
    await selectText(page, '[data-testid="faulty-sentence"]');
    await serviceWorker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      const hooks = (
        globalThis as unknown as { flaglineTest: { onContextMenu: (...args: unknown[]) => Promise<unknown> } }
      ).flaglineTest;
      await hooks.onContextMenu(
        { menuItemId: 'flag-ai-output', frameId: 0, editable: false, pageUrl: url, selectionText: 'x' },
        tab,
      );
    }, `${demo.url}/crm.html`);
    const records = await readRecords(serviceWorker);
    expect(records).toHaveLength(1);
    const quote = records[0]!.evidence.selectors[0]!;
    expect(quote.exact).toBe(FAULTY_SENTENCE);
    expect(quote.prefix).not.toBe('');
    expect(records[0]!.evidence.trigger).toBe('context-menu');
  });

  test('a page script cannot forge a flag', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/crm.html`);
    await selectText(page, '[data-testid="faulty-sentence"]');
    await readyFlagButton(serviceWorker, page);
    const attempts = await page.evaluate(() => {
      const tried: string[] = [];
      const message = {
        type: 'cs-bg:flag',
        capture: {
          shownText: 'forged',
          quote: { type: 'TextQuoteSelector', exact: 'forged', prefix: '', suffix: '' },
          source: 'selection',
          page: { url: location.href, title: 'forged' },
          capturedAt: new Date().toISOString(),
        },
      };
      window.postMessage(message, '*');
      tried.push('postMessage');
      document.dispatchEvent(new CustomEvent('cs-bg:flag', { detail: message }));
      tried.push('CustomEvent');
      const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      if (typeof runtime?.sendMessage === 'function') {
        try {
          (runtime.sendMessage as (...a: unknown[]) => void)(message);
        } catch {
          // Expected: a page has no messaging channel to the extension.
        }
      }
      tried.push('runtime.sendMessage');
      // Flagline's hosts are plain divs with closed shadow roots: nothing inside can be reached.
      const roots = [...document.documentElement.children].map((el) => el.shadowRoot);
      tried.push(roots.some((root) => root) ? 'reached a shadow root' : 'no shadow root reachable');
      for (const el of [...document.documentElement.children]) {
        el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        (el as HTMLElement).click();
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }
      tried.push('synthetic clicks on every host');
      return tried;
    });
    expect(attempts).toEqual([
      'postMessage',
      'CustomEvent',
      'runtime.sendMessage',
      'no shadow root reachable',
      'synthetic clicks on every host',
    ]);
    // Then the user flags for real: the only record is theirs, none of the forged attempts left one.
    expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
    await expect.poll(async () => (await readRecords(serviceWorker)).length).toBeGreaterThan(0);
    const records = await readRecords(serviceWorker);
    expect(records).toHaveLength(1);
    expect(records[0]!.evidence.selectors[0]!.exact).toBe(FAULTY_SENTENCE);
  });

  test('flagging never modifies the page text', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/crm.html`);
    const before = await page.evaluate(() => {
      const w = window as unknown as { __mutations: number };
      w.__mutations = 0;
      new MutationObserver((list) => {
        w.__mutations += list.length;
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      return document.body.innerHTML;
    });
    await selectText(page, '[data-testid="faulty-sentence"]');
    expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
    await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(1);
    const after = await page.evaluate(() => ({
      html: document.body.innerHTML,
      mutations: (window as unknown as { __mutations: number }).__mutations,
    }));
    expect(after.html).toBe(before);
    expect(after.mutations).toBe(0);
  });
});
