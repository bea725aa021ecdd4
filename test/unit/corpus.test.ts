import { afterEach, describe, expect, it } from 'vitest';
import { captureSelection } from '../../lib/page/capture/capture-selection';
import { fieldsOf, loadCorpus, writeExpected, type CorpusCase, type CorpusFields } from '../fixtures/real/corpus';

/**
 * Real saved pages of the AI tools (test/fixtures/real): each case selects text as a reviewer
 * would and checks every field the capture records against what the page itself shows.
 * `npm run corpus:expected` rewrites expected.json from the current code, for review.
 */
const UPDATE = process.env.UPDATE_CORPUS === '1';

function mount(html: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)));
}

function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

/** Selects `select` (through `until`) inside the first element matching `within`. */
function selectText({ within, select, until }: CorpusCase): void {
  const el = document.querySelector(within);
  if (!el) throw new Error(`no ${within}`);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const full = nodes.map((n) => n.data).join('');
  const start = full.indexOf(select);
  if (start < 0) throw new Error(`"${select}" not in ${within}`);
  const end = until ? full.indexOf(until, start) + until.length : start + select.length;
  const point = (offset: number): [Text, number] => {
    let at = 0;
    for (const node of nodes) {
      if (offset <= at + node.data.length) return [node, offset - at];
      at += node.data.length;
    }
    throw new Error('offset out of range');
  };
  const range = document.createRange();
  range.setStart(...point(start));
  range.setEnd(...point(end));
  document.getSelection()!.removeAllRanges();
  document.getSelection()!.addRange(range);
}

function capture(c: CorpusCase): CorpusFields {
  setUrl(c.url);
  selectText(c);
  const payload = captureSelection(window);
  if (!payload) throw new Error(`nothing captured for ${c.name}`);
  return fieldsOf({ ...payload.context, quote: payload.quote.exact, containerText: payload.containerText });
}

afterEach(() => {
  document.getSelection()?.removeAllRanges();
  document.body.replaceChildren();
});

describe.each(loadCorpus())('real page $tool/$name', { timeout: 120_000 }, (page) => {
  if (UPDATE) {
    it('regenerates expected.json', () => {
      mount(page.html);
      writeExpected(page, page.cases.map(capture));
    });
    return;
  }
  it.each(page.cases)('$name: every field as the page shows it', (c) => {
    mount(page.html);
    expect(capture(c)).toEqual(c.expected);
  });
});
