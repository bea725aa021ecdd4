import { describe, expect, it } from 'vitest';
import { quoteLink } from '@/components/record/EvidenceCard';
import { matchQuote } from '@/lib/page/anchoring/match';
import { normalise, Normaliser } from '@/lib/page/anchoring/normalize';
import { anchorPass } from '@/lib/page/anchoring/pass';
import { createClock } from '@/lib/page/anchoring/slices';
import { buildTextModel } from '@/lib/page/anchoring/text-model';
import { createHost, isOwnNode, markOwn, ownUi } from '@/lib/page/ui/own-ui';
import { equalSnapshots, sameSelection, takeSnapshot } from '@/lib/page/ui/selection-snapshot';
import type { Incident } from '@/lib/incident/schema';
import { globMatches, urlMatches } from '@/lib/workflows/match';

/** Parses fixture markup and moves it into the live document (no string-to-HTML sinks). */
function mount(html: string): void {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)));
}

describe('workflow patterns from a file cannot stall the matcher', () => {
  it('a pattern with many stars against a long URL answers at once', () => {
    const url = `https://crm.example.com/${'a'.repeat(200)}`;
    // As a regular expression (`.*a.*a…b`) this took seconds to minutes; here it is one scan per piece.
    const pattern = `https://crm.example.com/*a*a*a*a*a*a*a*a*a*a*b`;
    const started = performance.now();
    expect(urlMatches(pattern, url)).toBe(false);
    expect(urlMatches(pattern.replace(/b$/, 'a'), url)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('matches stars like the glob it is', () => {
    expect(globMatches('/accounts/*/notes*', '/Accounts/42/notes?x=1')).toBe(true);
    expect(globMatches('/a*b*c', '/axxbyyc')).toBe(true);
    expect(globMatches('/a*b*c', '/axxcyyb')).toBe(false);
    expect(globMatches('*.example.com', 'crm.example.com')).toBe(true);
    expect(globMatches('ab*ba', 'aba')).toBe(false); // Prefix and suffix may not overlap.
    expect(globMatches('*', '')).toBe(true);
  });
});

describe('links from files are rebuilt, never trusted', () => {
  const record = (overrides: Partial<Incident['evidence']>) =>
    ({
      evidence: {
        source: 'selection',
        page: { url: 'https://crm.example.com/accounts/7', title: 'Account', capturedAt: '2025-01-01T00:00:00Z' },
        selectors: [{ type: 'TextQuoteSelector', exact: 'renews automatically', prefix: '', suffix: '' }],
        textFragmentLink: 'https://evil.example/phish#:~:text=renews',
        ...overrides,
      },
    }) as unknown as Incident;

  it('links to the record page, at its quote, whatever the file says', () => {
    expect(quoteLink(record({}))).toBe('https://crm.example.com/accounts/7#:~:text=renews%20automatically');
  });

  it('gives no link for a field value or a page that is not a web page', () => {
    expect(quoteLink(record({ source: 'text-field' }))).toBeUndefined();
    const page = { url: 'javascript:alert(1)', title: '', capturedAt: '2025-01-01T00:00:00Z' };
    expect(quoteLink(record({ page } as Partial<Incident['evidence']>))).toBeUndefined();
  });
});

describe("Flagline's nodes are known by reference, not by name", () => {
  it("reads text inside a page's own <flagline-ui>, and skips Flagline's own host", () => {
    mount('<p id="a">The refund is <flagline-ui>not</flagline-ui> approved.</p>');
    const { host, root } = createHost(document);
    const inner = document.createElement('span');
    inner.textContent = 'Flag AI output';
    root.append(inner);
    markOwn(root);
    document.body.append(host); // Even inside the body, Flagline's host is never page text.
    const model = buildTextModel(document.body);
    expect(model.text).toBe('The refund is not approved.');
    expect(isOwnNode(host) && isOwnNode(inner)).toBe(true);
    expect(isOwnNode(document.querySelector('flagline-ui')!)).toBe(false);
    expect(host.localName).toBe('div');
    expect(host.shadowRoot).toBeNull(); // Closed: the page cannot reach inside.
    expect(ownUi().roots.get(host)).toBe(root);
    host.remove();
  });
});

describe('the selection the button was shown for', () => {
  it('tells a swapped selection and rewritten words from the original', () => {
    mount('<p id="a">The refund was approved.</p><p id="b">All correct.</p>');
    const a = document.querySelector('#a')!.firstChild as Text;
    getSelection()!.setBaseAndExtent(a, 0, a, a.data.length);
    const snapshot = takeSnapshot(window)!;
    expect(snapshot.text).toBe('The refund was approved.');
    expect(sameSelection(window, snapshot)).toBe(true);

    a.replaceData(4, 6, 'refusal');
    expect(sameSelection(window, snapshot)).toBe(false);

    const b = document.querySelector('#b')!.firstChild as Text;
    getSelection()!.setBaseAndExtent(b, 0, b, b.data.length);
    expect(sameSelection(window, snapshot)).toBe(false);
    expect(equalSnapshots(null, snapshot)).toBe(false);
  });
});

describe('bounded re-anchoring', () => {
  const filler = (n: number) =>
    Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} about the account review and the quarter.</p>`).join('');

  it('normalises in pieces exactly as in one go', () => {
    const text = '  Contoso\u00a0 Pharma \u201creported\u201d   the\u2011same ﬁle.\n\n';
    const n = new Normaliser();
    for (let i = 0; i < text.length; i += 3) n.feed(text, i, Math.min(text.length, i + 3));
    const pieces = n.finish(text.length);
    const whole = normalise(text);
    expect(pieces.text).toBe(whole.text);
    expect(Array.from(pieces.map)).toEqual(Array.from(whole.map));
  });

  it('finds what matchQuote finds, giving the page the thread back between slices', async () => {
    const quote = 'It also said the contract renews automatically, which it does not.';
    mount(`${filler(200)}<section id="s"><p>${quote}</p></section>${filler(200)}`);
    const pause: Array<number> = [];
    const clock = createClock(0, async () => void pause.push(1));
    const exact = { id: 'e', quote: { exact: quote, prefix: '', suffix: '' }, css: '#s' };
    const edited = {
      id: 'f',
      quote: { exact: quote.replace('renews', 'renewed'), prefix: '', suffix: '' },
      position: { start: 0, end: 10 },
    };
    const gone = {
      id: 'o',
      quote: { exact: 'Nothing like this sentence is anywhere on the page.', prefix: '', suffix: '' },
    };
    const pass = await anchorPass(document, [exact, edited, gone], { clock });
    expect(pass.results.map((r) => r.label)).toEqual(['exact', 'fuzzy', 'orphaned']);
    expect(pass.results[0]!.ranges.map((r) => r.toString()).join('')).toBe(quote);
    expect(pass.stats.slices).toBeGreaterThan(3);
    expect(pause.length).toBe(pass.stats.slices - 1);
    const text = buildTextModel(document.body).text;
    expect(matchQuote(text, { ...edited.quote, hint: 0 })?.label).toBe('fuzzy');
  });

  it('caps the fuzzy work of a pass: what the budget does not reach stays orphaned', async () => {
    const quote = 'It also said the contract renews automatically, which it does not.';
    mount(`${filler(400)}<p>${quote.replace('renews', 'renewed')}</p>`);
    const target = { id: 'f', quote: { exact: quote, prefix: '', suffix: '' }, position: { start: 0, end: 10 } };
    const starved = await anchorPass(document, [target], { fuzzyBudget: 10_000 });
    expect(starved.results[0]!.label).toBe('orphaned');
    expect(starved.stats.budgetExhausted).toBe(true);
    expect(starved.stats.fuzzyWork).toBeLessThanOrEqual(10_000);
    const fed = await anchorPass(document, [target]);
    expect(fed.results[0]!.label).toBe('fuzzy');
    expect(fed.stats.budgetExhausted).toBe(false);
    // A record the caller no longer retries fuzzily is not searched at all.
    const skipped = await anchorPass(document, [target], { fuzzy: () => false });
    expect(skipped.results[0]!.label).toBe('orphaned');
    expect(skipped.stats.fuzzyWork).toBe(0);
  });
});
