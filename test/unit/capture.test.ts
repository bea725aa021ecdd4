import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureSelection } from '../../lib/page/capture/capture-selection';
import { stripSecretParams } from '../../lib/shared/secret-url';

const redactUrl = (href: string) => stripSecretParams(href).url;
import { QUOTE_CONTEXT } from '../../lib/shared/limits';
import { CapturePayloadSchema, type CapturePayload } from '../../lib/capture/schema';

const NOW = new Date('2025-03-04T05:06:07.000Z');

/** Parses fixture markup and moves it into the live document (no string-to-HTML sinks). */
function mount(html: string): void {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)));
}

function byId<T extends HTMLElement = HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`Fixture has no #${id}`);
  return el as T;
}

/** The first text node inside the element with `id`. */
function textOf(doc: Document, id: string): Text {
  const node = byId(doc, id).firstChild;
  if (!(node instanceof Text)) throw new Error(`#${id} does not start with text`);
  return node;
}

/** Selects from `startNode[startOffset]` to `endNode[endOffset]` as the user would. */
function selectRange(doc: Document, startNode: Node, startOffset: number, endNode: Node, endOffset: number): void {
  const range = doc.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = doc.getSelection();
  if (!selection) throw new Error('No selection object');
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Selects the substring `needle` of the first text node of `#id`. */
function selectIn(doc: Document, id: string, needle: string): void {
  const node = textOf(doc, id);
  const start = node.data.indexOf(needle);
  if (start < 0) throw new Error(`"${needle}" is not in #${id}`);
  selectRange(doc, node, start, node, start + needle.length);
}

function selectInField(doc: Document, id: string, needle: string): void {
  const field = byId<HTMLTextAreaElement | HTMLInputElement>(doc, id);
  const start = field.value.indexOf(needle);
  if (start < 0) throw new Error(`"${needle}" is not in #${id}`);
  field.focus();
  field.setSelectionRange(start, start + needle.length);
}

interface Expected {
  exact: string;
  prefixEndsWith: string;
  suffixStartsWith: string;
  source: CapturePayload['source'];
}

interface Case {
  name: string;
  html: string;
  select: (doc: Document) => void;
  expected: Expected | null;
}

const TEXTAREA_VALUE = 'Line one of the draft.\nThe refund is 500 EUR, approved by policy.\nLine three.';
const INPUT_VALUE = 'Customer 4411 owes nothing';

const cases: Case[] = [
  {
    name: 'a sentence inside a paragraph',
    html: '<article><p id="p">The assistant said hello. The invoice total is 1,200 EUR. Please pay today.</p></article>',
    select: (doc) => selectIn(doc, 'p', 'The invoice total is 1,200 EUR.'),
    expected: {
      exact: 'The invoice total is 1,200 EUR.',
      prefixEndsWith: 'The assistant said hello. ',
      suffixStartsWith: ' Please pay today.',
      source: 'selection',
    },
  },
  {
    name: 'a selection spanning two elements',
    html: '<section><p id="a">First answer: ship it.</p><p id="b">Second answer: wait.</p></section>',
    select: (doc) => {
      const a = textOf(doc, 'a');
      const b = textOf(doc, 'b');
      selectRange(doc, a, a.data.indexOf('ship'), b, 'Second'.length);
    },
    expected: {
      exact: 'ship it.Second',
      prefixEndsWith: 'First answer: ',
      suffixStartsWith: ' answer: wait.',
      source: 'selection',
    },
  },
  {
    name: 'a selection inside a <textarea>',
    html: `<p>Before the field.</p><textarea id="field">${TEXTAREA_VALUE}</textarea>`,
    select: (doc) => selectInField(doc, 'field', 'The refund is 500 EUR'),
    expected: {
      exact: 'The refund is 500 EUR',
      prefixEndsWith: 'Line one of the draft.\n',
      suffixStartsWith: ', approved by policy.',
      source: 'text-field',
    },
  },
  {
    name: 'a selection inside an <input>',
    html: `<form><input id="field" type="text" value="${INPUT_VALUE}"></form>`,
    select: (doc) => selectInField(doc, 'field', '4411'),
    expected: { exact: '4411', prefixEndsWith: 'Customer ', suffixStartsWith: ' owes nothing', source: 'text-field' },
  },
  {
    name: 'nothing selected',
    html: '<p id="p">Nothing to see here.</p>',
    select: (doc) => doc.getSelection()?.removeAllRanges(),
    expected: null,
  },
  {
    name: 'a collapsed selection (caret only)',
    html: '<p id="p">Caret in the middle.</p>',
    select: (doc) => selectRange(doc, textOf(doc, 'p'), 5, textOf(doc, 'p'), 5),
    expected: null,
  },
  {
    name: 'a focused <textarea> with only a caret',
    html: `<textarea id="field">${TEXTAREA_VALUE}</textarea>`,
    select: (doc) => {
      const field = byId<HTMLTextAreaElement>(doc, 'field');
      field.focus();
      field.setSelectionRange(4, 4);
    },
    expected: null,
  },
  {
    name: 'a whitespace-only selection inside a <textarea>',
    html: '<textarea id="field">a    b</textarea>',
    select: (doc) => {
      const field = byId<HTMLTextAreaElement>(doc, 'field');
      field.focus();
      field.setSelectionRange(1, 5);
    },
    expected: null,
  },
  {
    name: 'a whitespace-only selection',
    html: '<p id="p">alpha     beta</p>',
    select: (doc) => selectIn(doc, 'p', '     '),
    expected: null,
  },
];

beforeEach(() => {
  document.getSelection()?.removeAllRanges();
  document.body.replaceChildren();
  document.title = 'Support chat';
});

afterEach(() => {
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  document.getSelection()?.removeAllRanges();
  document.body.replaceChildren();
});

describe('captureSelection', () => {
  it.each(cases)('$name', ({ html, select, expected }) => {
    mount(html);
    select(document);
    const fieldsBefore = Array.from(document.querySelectorAll('textarea, input'), (el) => ({
      el: el as HTMLTextAreaElement | HTMLInputElement,
      value: (el as HTMLTextAreaElement | HTMLInputElement).value,
      selection: [
        (el as HTMLTextAreaElement | HTMLInputElement).selectionStart,
        (el as HTMLTextAreaElement | HTMLInputElement).selectionEnd,
      ],
    }));
    const bodyBefore = document.body.textContent;

    const capture = captureSelection(window, NOW);

    // Reads only: neither the page text nor any form field (value or selection) changes.
    expect(document.body.textContent).toBe(bodyBefore);
    for (const field of fieldsBefore) {
      expect(field.el.value).toBe(field.value);
      expect([field.el.selectionStart, field.el.selectionEnd]).toEqual(field.selection);
    }

    if (expected === null) {
      expect(capture).toBeNull();
      return;
    }
    expect(capture).not.toBeNull();
    if (!capture) return;
    expect(capture.quote.type).toBe('TextQuoteSelector');
    expect(capture.quote.exact).toBe(expected.exact);
    expect(capture.shownText).toBe(expected.exact);
    expect(capture.quote.prefix.endsWith(expected.prefixEndsWith)).toBe(true);
    expect(capture.quote.suffix.startsWith(expected.suffixStartsWith)).toBe(true);
    expect(capture.quote.prefix.length).toBeLessThanOrEqual(QUOTE_CONTEXT);
    expect(capture.quote.suffix.length).toBeLessThanOrEqual(QUOTE_CONTEXT);
    expect(capture.source).toBe(expected.source);
    expect(capture.capturedAt).toBe(NOW.toISOString());
    expect(capture.page.title).toBe('Support chat');
    expect(capture.page.frameUrl).toBeUndefined();
    expect(CapturePayloadSchema.safeParse(capture).success).toBe(true);
  });

  it('keeps the text of the enclosing block as context for a page selection', () => {
    mount('<ul><li id="msg">Reply: the refund is approved.</li><li>Another message.</li></ul>');
    selectIn(document, 'msg', 'approved');
    expect(captureSelection(window, NOW)?.containerText).toBe('Reply: the refund is approved.');
  });

  it('does not copy a text field into containerText (the quote is the field content)', () => {
    mount(`<textarea id="field">${TEXTAREA_VALUE}</textarea>`);
    selectInField(document, 'field', 'refund');
    const capture = captureSelection(window, NOW);
    expect(capture?.source).toBe('text-field');
    expect(capture?.containerText).toBeUndefined();
  });

  it('bounds the prefix and suffix to the context window', () => {
    const before = 'x'.repeat(200);
    const after = 'y'.repeat(200);
    mount(`<p id="p">${before}TARGET${after}</p>`);
    selectIn(document, 'p', 'TARGET');
    const capture = captureSelection(window, NOW);
    expect(capture?.quote.prefix).toBe('x'.repeat(QUOTE_CONTEXT));
    expect(capture?.quote.suffix).toBe('y'.repeat(QUOTE_CONTEXT));
  });

  it('records the page language and a redacted page URL', () => {
    const originalPath = window.location.pathname + window.location.search + window.location.hash;
    document.documentElement.lang = 'fr-CA';
    window.history.replaceState(null, '', '/chat/7?session=abc123&tab=summary');
    try {
      mount('<p id="p">Le remboursement est approuvé.</p>');
      selectIn(document, 'p', 'approuvé');
      const capture = captureSelection(window, NOW);
      expect(capture?.page.lang).toBe('fr-CA');
      const url = new URL(capture?.page.url ?? '');
      expect(url.pathname).toBe('/chat/7');
      expect(url.searchParams.has('session')).toBe(false);
      expect(url.searchParams.get('tab')).toBe('summary');
      expect(capture?.page.url).not.toContain('abc123');
      expect(CapturePayloadSchema.safeParse(capture).success).toBe(true);
    } finally {
      document.documentElement.removeAttribute('lang');
      window.history.replaceState(null, '', originalPath);
    }
  });
});

describe('stripSecretParams: what the page script removes from a URL before it leaves the page', () => {
  it.each([
    ['author', 'https://blog.example.com/p?author=ann'],
    ['keyword', 'https://shop.example.com/s?keyword=boots'],
    ['postcode', 'https://maps.example.com/?postcode=SW1A1AA'],
  ])('keeps %s, a harmless name that merely contains a secret word', (_name, url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it.each([
    ['access token', 'https://app.example.com/a?access_token=SECRET&x=1', 'https://app.example.com/a?x=1'],
    ['api key', 'https://app.example.com/a?api_key=SECRET&page=2', 'https://app.example.com/a?page=2'],
    ['key', 'https://app.example.com/a?key=SECRET', 'https://app.example.com/a'],
    ['OAuth code', 'https://app.example.com/cb?code=SECRET&state=xyz', 'https://app.example.com/cb?state=xyz'],
    ['session', 'https://app.example.com/a?session=SECRET&lang=en', 'https://app.example.com/a?lang=en'],
    ['signature', 'https://cdn.example.com/f.pdf?signature=SECRET&v=3', 'https://cdn.example.com/f.pdf?v=3'],
    ['upper-case name', 'https://app.example.com/a?TOKEN=SECRET&q=hi', 'https://app.example.com/a?q=hi'],
    ['repeated param', 'https://app.example.com/a?token=S1&token=S2&q=hi', 'https://app.example.com/a?q=hi'],
    ['camelCase apiKey', 'https://app.example.com/a?apiKey=SECRET&q=hi', 'https://app.example.com/a?q=hi'],
    ['AWS signature', 'https://s3.example.com/f?X-Amz-Signature=SECRET&v=1', 'https://s3.example.com/f?v=1'],
    ['session id', 'https://app.example.com/a?sessionId=SECRET&q=hi', 'https://app.example.com/a?q=hi'],
  ])('removes a %s parameter and keeps the others', (_name, input, expected) => {
    const out = redactUrl(input);
    expect(out).toBe(expected);
    expect(out).not.toContain('SECRET');
    expect(out).not.toMatch(/S1|S2/);
  });

  it.each([
    ['plain query', 'https://app.example.com/search?q=refund&page=2'],
    ['no query', 'https://app.example.com/accounts'],
    ['route fragment', 'https://crm.example.com/app#/accounts/7'],
    ['route fragment with a query', 'https://crm.example.com/app?view=list#/accounts/7'],
  ])('leaves a URL with a %s unchanged', (_name, input) => {
    expect(redactUrl(input)).toBe(input);
  });

  it('drops a fragment that carries an access_token and keeps the rest', () => {
    const out = redactUrl('https://app.example.com/cb?view=1#access_token=SECRET&token_type=bearer');
    expect(out).toBe('https://app.example.com/cb?view=1');
    expect(out).not.toContain('SECRET');
  });

  it('keeps #/accounts/7 while removing a secret query parameter', () => {
    expect(redactUrl('https://crm.example.com/app?token=SECRET#/accounts/7')).toBe(
      'https://crm.example.com/app#/accounts/7',
    );
  });

  it('returns a string that is not a URL as given', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('captureSelection: selectors and adapters', () => {
  it('records position and container selectors and the adapter context with how each was found', () => {
    mount(
      '<div data-message-author-role="user">Is it refundable?</div>' +
        '<div data-message-author-role="assistant" data-message-id="a9" data-message-model-slug="gpt-4o">' +
        '<p id="p">Yes, it is always refundable.</p></div>',
    );
    selectIn(document, 'p', 'always refundable');
    const capture = captureSelection(window, NOW)!;
    expect(capture.css).toBe('[data-message-id="a9"]');
    expect(capture.position).toEqual({ start: 28, end: 45 });
    expect(capture.context?.prompt).toEqual({
      value: 'Is it refundable?',
      foundBy: 'chatgpt:previous [data-message-author-role="user"]',
    });
    expect(capture.context?.model).toEqual({ value: 'gpt-4o', foundBy: 'chatgpt:turn:data-message-model-slug' });
    expect(capture.context?.messageId?.value).toBe('a9');
    expect(capture.containerText).toBe('Yes, it is always refundable.');
    expect(CapturePayloadSchema.safeParse(capture).success).toBe(true);
  });

  it('marks a selection inside a contenteditable editor as the editor source', () => {
    mount('<div class="ql-editor" contenteditable="true"><p id="p">Quill says the parcel was delivered.</p></div>');
    selectIn(document, 'p', 'the parcel was delivered');
    const capture = captureSelection(window, NOW)!;
    expect(capture.source).toBe('editor');
    expect(capture.containerText).toBe('Quill says the parcel was delivered.');
  });

  it('keeps the form around a text field as its container', () => {
    mount(`<form id="f"><label>AI reply</label><textarea id="field">${TEXTAREA_VALUE}</textarea></form>`);
    selectInField(document, 'field', 'refund');
    const capture = captureSelection(window, NOW)!;
    expect(capture.source).toBe('text-field');
    expect(capture.containerText?.startsWith('AI reply')).toBe(true);
    expect(capture.css).toBe('#field');
  });
});
