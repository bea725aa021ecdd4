import { expect, test } from './fixtures';
import { flagByCommand, quoteOf, selectSubstring } from './capture-helpers';

test.describe('capture sources', () => {
  test('a selection spanning several elements keeps quote, context, position and container', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/plain.html`);
    const quote = await selectSubstring(page, '#notes', 'Contoso Pharma', undefined, 'the contract renews');
    expect(quote).toMatch(/^Contoso Pharma approved .* last week\.\s+It also said the contract renews$/);
    const record = await flagByCommand(page, serviceWorker);
    expect(record.evidence.source).toBe('selection');
    expect(quoteOf(record).exact).toBe(quote);
    expect(quoteOf(record).prefix).toContain('The assistant wrote that ');
    expect(record.evidence.containerText).toContain('which it does not.');
    expect(record.evidence.selectors.map((s) => s.type)).toEqual([
      'TextQuoteSelector',
      'TextPositionSelector',
      'CssSelector',
    ]);
    expect(record.evidence.selectors.find((s) => s.type === 'CssSelector')!.value).toBe('#notes');
    expect(record.evidence.textFragmentLink).toMatch(/#:~:text=.*Contoso%20Pharma/);
    expect(record.evidence.extensionVersion).toMatch(/^\d+\.\d+\.\d+/);
    // Chrome allows captureVisibleTab only with activeTab (granted by the real menu or shortcut, not by
    // this test's direct call) or <all_urls>: without either the flag is still saved, without a picture.
    expect(record.evidence.screenshot).toBeUndefined();
  });

  test('a textarea and an input are read from their value, never written', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/fields.html`);
    const original = await page.locator('#draft').inputValue();
    await page.locator('#draft').evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      const start = el.value.indexOf('your refund');
      el.setSelectionRange(start, el.value.indexOf(' Kind'));
    });
    const area = await flagByCommand(page, serviceWorker);
    expect(area.evidence.source).toBe('text-field');
    expect(quoteOf(area).exact).toBe('your refund of 400 EUR has been approved without a receipt.');
    expect(quoteOf(area).prefix).toBe('Dear customer, ');
    expect(area.evidence.containerText).toContain('AI draft reply');
    expect(await page.locator('#draft').inputValue()).toBe(original);

    await page.locator('#subject').evaluate((el: HTMLInputElement) => {
      el.focus();
      el.setSelectionRange(0, 15);
    });
    const input = await flagByCommand(page, serviceWorker);
    expect(quoteOf(input).exact).toBe('Refund approved');
    expect(quoteOf(input).suffix).toBe(' for order 7781');
    expect(await page.locator('#subject').inputValue()).toBe('Refund approved for order 7781');
  });

  for (const [name, selector, quote] of [
    ['contenteditable', '#plain-editor', 'the warranty covers water damage'],
    ['ProseMirror-like', '.ProseMirror', 'the invoice is already paid in full'],
    ['Quill-like', '.ql-editor', 'your flight was cancelled by the airline'],
    ['CKEditor-like', '.ck-editor__editable', 'the deadline moved to next Friday'],
  ] as const) {
    test(`a ${name} editor`, async ({ context, demo, serviceWorker }) => {
      const page = await context.newPage();
      await page.goto(`${demo.url}/capture/editors.html`);
      const before = await page.locator(selector).innerHTML();
      await selectSubstring(page, selector, quote);
      const record = await flagByCommand(page, serviceWorker);
      expect(record.evidence.source).toBe('editor');
      expect(quoteOf(record).exact).toBe(quote);
      expect(record.evidence.containerText).toContain(quote);
      expect(await page.locator(selector).innerHTML()).toBe(before);
    });
  }

  test('text inside an open shadow root', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/shadow.html`);
    await selectSubstring(page, '#inner', 'the policy covers theft abroad', '#answer');
    const record = await flagByCommand(page, serviceWorker);
    expect(record.evidence.source).toBe('shadow-root');
    expect(quoteOf(record).exact).toBe('the policy covers theft abroad');
    expect(quoteOf(record).prefix).toContain('The widget claims ');
    expect(record.evidence.containerText).toContain('The widget claims the policy covers theft abroad.');
  });

  test('a same-origin iframe records its frame URL', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/capture/frame.html`);
    const frame = page.frameLocator('#assistant');
    await frame.locator('#frame-answer').waitFor();
    await frame.locator('#frame-answer').evaluate((el) => {
      const node = el.querySelector('p')!.firstChild as Text;
      const start = node.data.indexOf('shipping');
      window.getSelection()!.setBaseAndExtent(node, start, node, node.data.length);
    });
    const record = await flagByCommand(page, serviceWorker);
    expect(quoteOf(record).exact).toBe('shipping is free worldwide.');
    expect(record.evidence.page.url).toBe(`${demo.url}/capture/frame.html`);
    expect(record.evidence.page.frameUrl).toBe(`${demo.url}/capture/frame-inner.html`);
    expect(record.evidence.containerText).toBe('The framed assistant says shipping is free worldwide.');
  });
});

const adapters = [
  {
    tool: 'ChatGPT',
    file: 'chatgpt.html',
    quote: 'every store accepts returns without a receipt',
    prompt: 'Can I return a blender without a receipt?',
    model: 'gpt-4o',
    container: 'Yes, every store accepts returns without a receipt for 90 days.',
    ids: { messageId: 'a-1', conversationId: '68a1c2d3-0000-4000-8000-0000000000c1' },
  },
  {
    tool: 'Claude',
    file: 'claude.html',
    quote: 'unenforceable in every jurisdiction',
    prompt: 'Is clause 7 enforceable?',
    model: 'Claude Sonnet 4.5',
    container: 'Clause 7 is unenforceable in every jurisdiction.',
    ids: {},
  },
  {
    tool: 'Gemini',
    file: 'gemini.html',
    quote: 'standard VAT rate of 25 percent',
    prompt: 'What is the VAT rate for books?',
    // The mode menu ("2.5 Flash", "Fast") is the composer's setting, not the turn's model.
    model: undefined,
    container: 'Books carry the standard VAT rate of 25 percent.',
    ids: { messageId: 'r_9f8e7d' },
  },
  {
    tool: 'Microsoft Copilot',
    file: 'copilot.html',
    quote: 'leave without notice at any time',
    prompt: 'Summarise the tenancy agreement.',
    model: 'GPT-5',
    container: 'The tenant may leave without notice at any time.',
    ids: { messageId: 'cp-2' },
  },
  {
    tool: 'CRM/help-desk AI draft',
    file: 'crm-draft.html',
    quote: 'refunded you twice and closed your account',
    prompt: 'Draft a reply offering a replacement.',
    model: 'HelpBot 3',
    container: 'We have refunded you twice and closed your account.',
    ids: {},
  },
];

test.describe('site adapters', () => {
  for (const a of adapters) {
    test(`${a.tool}: quote, container, prompt, model and ids`, async ({ context, demo, serviceWorker }) => {
      const page = await context.newPage();
      await page.goto(`${demo.url}/capture/${a.file}`);
      await selectSubstring(page, '#answer', a.quote);
      const record = await flagByCommand(page, serviceWorker);
      const e = record.evidence;
      expect(quoteOf(record).exact).toBe(a.quote);
      expect(e.containerText).toBe(a.container);
      expect(e.aiTool?.value).toBe(a.tool);
      expect(e.prompt?.value).toBe(a.prompt);
      expect(e.prompt?.foundBy).toBeTruthy();
      expect(e.model?.value).toBe(a.model);
      if (a.model) expect(e.model?.foundBy).toBeTruthy();
      for (const [field, value] of Object.entries(a.ids)) {
        expect(e[field as 'messageId' | 'conversationId']?.value).toBe(value);
      }
    });
  }
});
