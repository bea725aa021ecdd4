import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureSelection } from '../../lib/page/capture/capture-selection';

/**
 * Flag latency must not grow with the page: the capture reads the selection's neighbourhood, not
 * the whole document. These tests count the nodes whose children or text the capture reads.
 */
/** A small budget keeps these DOM tests quick; the code path is the one the default budget takes. */
const BUDGET = 1_000;
const NOW = new Date('2026-01-01T00:00:00Z');

function readNodesDuring(run: () => void): Set<Node> {
  const read = new Set<Node>();
  const children = Object.getOwnPropertyDescriptor(Node.prototype, 'childNodes')!;
  const data = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'data')!;
  vi.spyOn(Node.prototype, 'childNodes', 'get').mockImplementation(function (this: Node) {
    read.add(this);
    return children.get!.call(this);
  });
  vi.spyOn(CharacterData.prototype, 'data', 'get').mockImplementation(function (this: CharacterData) {
    read.add(this);
    return data.get!.call(this) as string;
  });
  try {
    run();
  } finally {
    vi.restoreAllMocks();
  }
  return read;
}

/** `count` paragraphs of filler in `parent`, built with DOM calls (no markup strings). */
function filler(parent: Element, count: number): void {
  for (let i = 0; i < count; i++) {
    const p = document.createElement('p');
    p.append(`Paragraph ${i} of a very long page that nobody flagged.`);
    parent.append(p);
  }
}

function selectWord(el: Element, word: string): void {
  const text = el.firstChild as Text;
  const start = text.data.indexOf(word);
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + word.length);
  document.getSelection()!.removeAllRanges();
  document.getSelection()!.addRange(range);
}

afterEach(() => {
  document.getSelection()?.removeAllRanges();
  document.body.replaceChildren();
});

describe('capture work is bounded by the selection, not the page', () => {
  it('reads a fraction of a page far bigger than the budget, and still quotes with context', () => {
    const page = document.createElement('main');
    filler(page, BUDGET); // 2 nodes per paragraph: twice the budget.
    const answer = document.createElement('article');
    answer.setAttribute('data-message-author-role', 'assistant');
    const p = document.createElement('p');
    p.append('The refund was approved without a receipt, which policy forbids.');
    answer.append(p);
    page.insertBefore(answer, page.children[BUDGET / 2]!);
    filler(page, BUDGET);
    document.body.append(page);
    const total = document.body.querySelectorAll('*').length * 2;
    selectWord(p, 'approved without a receipt');

    let capture: ReturnType<typeof captureSelection> = null;
    const read = readNodesDuring(() => (capture = captureSelection(window, NOW, BUDGET)));

    expect(capture!.quote.exact).toBe('approved without a receipt');
    expect(capture!.quote.prefix).toBe('The refund was ');
    // On a page this big the position is left out: counting it would mean reading everything before.
    expect(capture!.position).toBeUndefined();
    expect(read.size).toBeLessThan(BUDGET + 100);
    expect(read.size).toBeLessThan(total / 3);
  });

  it('reads no more of a huge message than its capped container text needs', () => {
    const answer = document.createElement('div');
    answer.setAttribute('data-message-author-role', 'assistant');
    filler(answer, 3 * BUDGET);
    document.body.append(answer);
    const target = answer.children[10]!;
    selectWord(target, 'very long page');

    let capture: ReturnType<typeof captureSelection> = null;
    const read = readNodesDuring(() => (capture = captureSelection(window, NOW, BUDGET)));

    expect(capture!.quote.exact).toBe('very long page');
    expect(capture!.containerText!.length).toBeLessThanOrEqual(4_000);
    expect(capture!.containerText!.startsWith('Paragraph 0 of a very long page')).toBe(true);
    expect(read.size).toBeLessThan(BUDGET + 1_000);
  });

  it('keeps the page-wide position on a page within the budget', () => {
    filler(document.body, 50);
    const p = document.body.children[20]!;
    selectWord(p, 'nobody');
    const capture = captureSelection(window, NOW, BUDGET)!;
    const before = document.body.textContent!.indexOf('Paragraph 20 ');
    expect(capture.position?.start).toBe(before + 'Paragraph 20 of a very long page that '.length);
  });
});
