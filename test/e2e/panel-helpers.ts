import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { nextLink, recordHash, type ChainLink } from '../../lib/integrity/chain';
import { canonicalJson } from '../../lib/integrity/canonical-json';
import { sha256Hex } from '../../lib/integrity/sha256';
import type { Incident } from '../../lib/incident/schema';
import { exportJsonParts } from '../../lib/log/export';
import { sampleRecord, sampleRecords } from '../../lib/log/sample';
import { expect } from './fixtures';

/** A path segment far wider than any side panel, with no place a browser would break it. */
export const LONG_SEGMENT = 'a'.repeat(600);
/** The long record's quote as the page's source had it: indented, with runs of spaces. */
export const LONG_QUOTE = `\n        The model   wrote\n        ${'x'.repeat(400)}\n\n        and a second   paragraph.`;

/** A valid record whose URL and quote are very long, detected in 2026-Q1 after the sample records. */
export function longRecord(index: number): Incident {
  const base = sampleRecord(index);
  const unhashed = {
    output: LONG_QUOTE,
    source: 'selection' as const,
    trigger: 'button' as const,
    selectors: [{ type: 'TextQuoteSelector' as const, exact: LONG_QUOTE, prefix: `${'p'.repeat(60)} `, suffix: ' s' }],
    page: {
      ...base.evidence.page,
      url: `https://crm.example.com/${LONG_SEGMENT}?q=${LONG_SEGMENT}`,
      title: 'Long page',
    },
  };
  return {
    ...base,
    status: 'reported',
    assessment: undefined,
    diagnosis: undefined,
    evidence: { ...unhashed, hash: { algorithm: 'SHA-256', value: sha256Hex(canonicalJson(unhashed)) } },
  };
}

/** Writes a valid export file of `count` sample records, and the long record when asked. */
export async function recordsFile(file: string, count: number, withLong = false): Promise<string> {
  const records = [...sampleRecords(count), ...(withLong ? [longRecord(count)] : [])];
  const links: ChainLink[] = [];
  for (const record of records) links.push(nextLink(links.at(-1), record, recordHash(record), record.createdAt));
  writeFileSync(file, (await exportJsonParts(records, links, { scope: 'all', extensionVersion: 'test' })).join(''));
  return file;
}

/** Imports a file from the log view and waits until it is in. */
export async function importRecords(panel: Page, file: string, count: number): Promise<void> {
  await showView(panel, 'Log');
  await panel.getByLabel('Import JSON').setInputFiles(file);
  await expect(panel.getByText(`Import complete: ${count} added`)).toBeVisible({ timeout: 60_000 });
}

/** Switches the side panel to one of its views. */
export async function showView(panel: Page, name: 'Current' | 'Log' | 'Review'): Promise<void> {
  await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
  await expect(
    panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }),
  ).toHaveAttribute('aria-current', 'page');
}

/** How far the document is wider than its viewport: 0 when nothing scrolls sideways. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
