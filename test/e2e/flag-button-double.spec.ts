import { flagByCommand, quoteOf, selectSubstring, type EvidenceRecord } from './capture-helpers';
import { expect, test } from './fixtures';
import { FAULTY_SENTENCE, readRecords, selectText } from './helpers';
import { readyFlagButton, uiView } from './ui-hooks';

test.describe('the flag button while a flag is on its way', () => {
  test('a double click on "Flag AI output" makes one record', async ({ context, demo, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(`${demo.url}/crm.html`);
    await selectText(page, '[data-testid="faulty-sentence"]');
    const { rect } = await readyFlagButton(serviceWorker, page);
    await page.mouse.dblclick(rect!.x + rect!.width / 2, rect!.y + rect!.height / 2);
    await expect.poll(async () => (await uiView(serviceWorker, page, 'flagButton'))?.said ?? '').toContain('Flagged');

    // A flag made afterwards lands after anything the second click could have started.
    await selectSubstring(page, '[data-testid="ai-summary"] h2', 'Customer summary');
    const later = await flagByCommand(page, serviceWorker);
    expect(quoteOf(later).exact).toBe('Customer summary');

    const records = (await readRecords(serviceWorker)) as unknown as EvidenceRecord[];
    expect(records.filter((r) => quoteOf(r).exact === FAULTY_SENTENCE)).toHaveLength(1);
    expect(records).toHaveLength(2);
  });
});
