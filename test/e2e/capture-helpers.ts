import { expect, type Page, type Worker } from '@playwright/test';
import { readRecords, type StoredRecord } from './helpers';

export interface EvidenceRecord extends Omit<StoredRecord, 'evidence'> {
  evidence: Omit<StoredRecord['evidence'], 'selectors' | 'page'> & {
    source: string;
    selectors: Array<{
      type: string;
      exact?: string;
      prefix?: string;
      suffix?: string;
      value?: string;
      start?: number;
    }>;
    page: StoredRecord['evidence']['page'] & { frameUrl?: string };
    prompt?: { value: string; foundBy: string };
    model?: { value: string; foundBy: string };
    aiTool?: { value: string; foundBy: string };
    messageId?: { value: string; foundBy: string };
    conversationId?: { value: string; foundBy: string };
    textFragmentLink?: string;
    extensionVersion?: string;
    screenshot?: { id: string; sha256: string; bytes: number };
  };
}

/**
 * Selects the substring `text` inside the element `selector` (in a shadow root when `shadowHost`
 * is given), or from `text` to the end of `until`; returns the selected text.
 */
export async function selectSubstring(
  page: Page,
  selector: string,
  text: string,
  shadowHost?: string,
  until?: string,
): Promise<string> {
  return page.evaluate(
    ({ selector, text, shadowHost, until }) => {
      const root: ParentNode = shadowHost ? document.querySelector(shadowHost)!.shadowRoot! : document;
      const el = root.querySelector(selector)!;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const full = nodes.map((n) => n.data).join('');
      const start = full.indexOf(text);
      if (start < 0) throw new Error(`"${text}" not in ${selector}`);
      const end = until ? full.indexOf(until, start) + until.length : start + text.length;
      const point = (offset: number) => {
        let at = 0;
        for (const node of nodes) {
          if (offset <= at + node.data.length) return [node, offset - at] as const;
          at += node.data.length;
        }
        throw new Error('offset out of range');
      };
      const [sn, so] = point(start);
      const [en, eo] = point(end);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.setBaseAndExtent(sn, so, en, eo);
      return full.slice(start, end);
    },
    { selector, text, shadowHost, until },
  );
}

/** Runs the keyboard command's handler (the capture script in every frame) and returns the new record. */
export async function flagByCommand(page: Page, worker: Worker): Promise<EvidenceRecord> {
  const before = (await readRecords(worker)).length;
  await worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    const hooks = (globalThis as unknown as { flaglineTest: { onCommand: (...a: unknown[]) => Promise<unknown> } })
      .flaglineTest;
    await hooks.onCommand('flag-selection', tab);
  }, page.url());
  await expect.poll(async () => (await readRecords(worker)).length).toBe(before + 1);
  const records = (await readRecords(worker)) as unknown as EvidenceRecord[];
  return records.sort((a, b) => String(a['createdAt']).localeCompare(String(b['createdAt']))).at(-1)!;
}

/** The TextQuoteSelector of a record. */
export function quoteOf(record: EvidenceRecord) {
  return record.evidence.selectors.find((s) => s.type === 'TextQuoteSelector')!;
}
