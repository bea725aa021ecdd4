import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { flagDemoSentence } from './helpers';

const NAME = 'CRM account summaries';
const CONTACTS = ['Dana Reyes', 'Security on call', 'Legal'];

/** Collects console errors and uncaught exceptions of a page, to assert there were none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const registryOf = (page: Page) => page.getByRole('region', { name: 'Workflow registry' });

test('the workflow registry adds, edits, exports, removes and imports a workflow', async ({ openExtensionPage }) => {
  const page = await openExtensionPage('options.html');
  const errors = watchErrors(page);
  const registry = registryOf(page);
  await expect(registry.getByText('No workflows registered.')).toBeVisible();

  // Add, from the keyboard: the form opens with its first field focused.
  await registry.getByRole('button', { name: 'Add workflow' }).focus();
  await page.keyboard.press('Enter');
  const addForm = registry.getByRole('form', { name: 'Add workflow' });
  await expect(addForm.getByLabel('Name')).toBeFocused();
  await page.keyboard.type(NAME);
  await addForm.getByLabel('Accountable owner').fill('Dana Reyes');
  await addForm.getByLabel('Fallback process').fill('Account manager writes the summary by hand');
  await addForm.getByLabel('Review standard').fill('Account manager reads every summary before it is sent');
  await addForm.getByLabel('Escalation contacts').fill(CONTACTS.join('\n'));
  await addForm.getByLabel('URL patterns').fill('http://127.0.0.1/*');

  // An invalid pattern is reported beside its field, and nothing is saved.
  await addForm.getByLabel('URL patterns').fill('http://127.0.0.1/*\n127.0.0.1');
  await addForm.getByRole('button', { name: 'Save workflow' }).click();
  const patterns = addForm.getByLabel('URL patterns');
  await expect(patterns).toHaveAttribute('aria-invalid', 'true');
  await expect(patterns).toBeFocused();
  await expect(patterns).toHaveAccessibleDescription(/Line 2: Use a pattern like/);
  await patterns.fill('http://127.0.0.1/*');
  await addForm.getByRole('button', { name: 'Save workflow' }).click();

  await expect(addForm).toBeHidden();
  await expect(registry.getByRole('status')).toHaveText(`Added ${NAME}.`);
  const rows = registry.getByRole('list', { name: 'Workflows' }).getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(NAME);
  await expect(rows.first()).toContainText('Owner: Dana Reyes');
  await expect(rows.first()).toContainText('http://127.0.0.1/*');

  // Edit the owner; an empty Name is refused with an error tied to the field.
  await registry.getByRole('button', { name: `Edit ${NAME}` }).click();
  const editForm = registry.getByRole('form', { name: `Edit ${NAME}` });
  await expect(editForm.getByLabel('Escalation contacts')).toHaveValue(CONTACTS.join('\n'));
  await editForm.getByLabel('Accountable owner').fill('Sam Ortiz');
  await editForm.getByLabel('Name').fill('');
  await editForm.getByRole('button', { name: 'Save workflow' }).click();
  const name = editForm.getByLabel('Name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription('Name is required');
  await expect(name).toBeFocused();
  await expect(editForm.getByText('Name is required')).toBeVisible();

  const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="workflows-heading"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await name.fill(NAME);
  await editForm.getByRole('button', { name: 'Save workflow' }).click();
  await expect(editForm).toBeHidden();
  await expect(registry.getByRole('button', { name: `Edit ${NAME}` })).toBeFocused();
  await expect(rows.first()).toContainText('Owner: Sam Ortiz');
  await expect(registry.getByRole('status')).toHaveText(`Saved ${NAME}.`);

  // Export the registry as a versioned JSON file.
  const downloading = page.waitForEvent('download');
  await registry.getByRole('button', { name: 'Export registry' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^flagline-workflows-\d{4}-\d{2}-\d{2}\.json$/);
  const file = await download.path();
  const exported = JSON.parse(await readFile(file, 'utf8'));
  expect(exported).toMatchObject({
    kind: 'flagline-workflows',
    schemaVersion: 1,
    workflows: [
      {
        name: NAME,
        owner: 'Sam Ortiz',
        fallbackProcess: 'Account manager writes the summary by hand',
        escalationPath: CONTACTS,
        urlPatterns: ['http://127.0.0.1/*'],
      },
    ],
  });

  // Remove asks first; Cancel keeps the workflow and returns focus to Remove.
  await registry.getByRole('button', { name: `Remove ${NAME}` }).click();
  await expect(registry.getByText('Remove?')).toBeVisible();
  await expect(registry.getByRole('button', { name: `Cancel removing ${NAME}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(registry.getByRole('button', { name: `Remove ${NAME}` })).toBeFocused();
  await expect(rows).toHaveCount(1);

  await registry.getByRole('button', { name: `Remove ${NAME}` }).click();
  await registry.getByRole('button', { name: `Yes, remove ${NAME}` }).click();
  await expect(registry.getByText('No workflows registered.')).toBeVisible();
  await expect(registry.getByRole('status')).toHaveText(`Removed ${NAME}.`);

  // Import the exported file into a fresh options page.
  const fresh = await openExtensionPage('options.html');
  const freshErrors = watchErrors(fresh);
  const freshRegistry = registryOf(fresh);
  await expect(freshRegistry.getByText('No workflows registered.')).toBeVisible();
  const picker = freshRegistry.getByLabel('Import registry (JSON)');
  await picker.setInputFiles(file);
  await expect(freshRegistry.getByRole('status')).toContainText('1 added, 0 updated');
  const freshRows = freshRegistry.getByRole('list', { name: 'Workflows' }).getByRole('listitem');
  await expect(freshRows).toHaveCount(1);
  await expect(freshRows.first()).toContainText('Owner: Sam Ortiz');
  // The first page sees the import through its live query.
  await expect(rows).toHaveCount(1);

  // The same file again updates rather than duplicates.
  await picker.setInputFiles(file);
  await expect(freshRegistry.getByRole('status')).toContainText('0 added, 1 updated');
  await expect(freshRows).toHaveCount(1);

  // A broken file is refused whole, with the reason, and changes nothing.
  const broken = { ...exported, workflows: [{ ...exported.workflows[0], owner: '' }] };
  await picker.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  const alert = freshRegistry.getByRole('alert');
  await expect(alert).toContainText('Nothing was imported from broken.json.');
  await expect(alert).toContainText('workflows.0.owner: Accountable owner is required');
  await expect(freshRows.first()).toContainText('Owner: Sam Ortiz');

  await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not json') });
  await expect(alert).toContainText('The file is not JSON.');

  expect(errors).toEqual([]);
  expect(freshErrors).toEqual([]);
});

/** Registers a workflow through the options page's registry form. */
async function addWorkflow(page: Page, name: string, pattern: string): Promise<void> {
  const registry = registryOf(page);
  await registry.getByRole('button', { name: 'Add workflow' }).click();
  const form = registry.getByRole('form', { name: 'Add workflow' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Accountable owner').fill(`${name} owner`);
  await form.getByLabel('Fallback process').fill('Done by hand');
  await form.getByLabel('URL patterns').fill(pattern);
  await form.getByRole('button', { name: 'Save workflow' }).click();
  await expect(registry.getByRole('status')).toHaveText(`Added ${name}.`);
}

test('the side panel picks from the registry kept in Settings: the most specific workflow is suggested, "I don\'t know" is offered and a new workflow proposes the page', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  // The registry is managed on the options page; a site-wide workflow comes first by name.
  const options = await openExtensionPage('options.html');
  await addWorkflow(options, 'A CRM assistant', 'http://127.0.0.1/*');
  await addWorkflow(options, 'CRM account summaries', 'http://127.0.0.1/crm.html');
  await addWorkflow(options, 'Mail drafts', 'http://127.0.0.1/mail/*');

  const page = await context.newPage();
  await flagDemoSentence(page, demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  const errors = watchErrors(panel);
  // The workflow is part of the optional assessment under the quick report.
  await panel.getByText('Assess now (optional)').click();
  const picker = panel.getByLabel('Workflow', { exact: true });
  await expect(picker).toBeVisible();
  // The panel keeps only the picker: the registry itself is not there.
  await expect(panel.getByRole('region', { name: 'Workflow registry' })).toHaveCount(0);

  await expect(picker.locator('option:checked')).toHaveText('CRM account summaries');
  await expect(picker).toHaveAccessibleDescription(/Suggested: CRM account summaries, matches this page\./);
  await expect(picker).toHaveAccessibleDescription(/Owner: CRM account summaries owner\./);

  // "I don't know" is a choice of its own, which a reviewer settles later.
  await picker.selectOption({ label: 'I don’t know — a reviewer will pick it' });
  await expect(picker).toHaveValue('unknown');
  await expect(picker).toHaveAccessibleDescription(/A reviewer will pick the workflow later\./);

  // A new workflow made here proposes the page's own address, not the whole site.
  await panel.getByRole('button', { name: 'New workflow' }).click();
  await expect(panel.getByLabel('Pages it runs on')).toHaveValue(`${demo.url}/crm.html`);
  await panel.getByLabel('Workflow name').fill('CRM page notes');
  await panel.getByLabel('Accountable owner').fill('Sam Ortiz');
  await panel.getByLabel('Fallback process', { exact: true }).fill('Notes written by hand');
  await panel.getByRole('button', { name: 'Save workflow' }).click();
  await expect(picker.locator('option:checked')).toHaveText('CRM page notes');
  const row = registryOf(options).getByRole('listitem').filter({ hasText: 'CRM page notes' });
  await expect(row).toContainText(`${demo.url}/crm.html`);
  expect(errors).toEqual([]);
});
