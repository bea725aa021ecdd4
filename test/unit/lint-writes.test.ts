// @vitest-environment node
// The lint rule that keeps extension pages from writing the database: run ESLint's API on snippets
// as if they were files in components/ and entrypoints/.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: process.cwd(),
    // Lint the snippets without type information (the rules under test need none): the probe file
    // exists only in memory, where TypeScript's project cannot see it, and under CI=true
    // typescript-eslint parses a project's files from disk, not the text given here.
    overrideConfig: [
      {
        files: ['components/LintProbe.tsx', 'entrypoints/**/*.{ts,tsx}'],
        languageOptions: { parserOptions: { projectService: false, project: null } },
        rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
      },
    ],
  });
});

async function messages(code: string, filePath = 'components/LintProbe.tsx'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const WRITES = 'Only the background writes';

describe('extension pages may not write the database', () => {
  it.each([
    ["import { getDb } from '@/lib/db';\nexport const db = getDb;", 'no-restricted-imports'],
    [
      "import { updateIncident } from '@/lib/incident/update';\nexport const u = updateIncident;",
      'no-restricted-imports',
    ],
    ["import { saveWorkflow } from '@/lib/workflows/store';\nexport const s = saveWorkflow;", 'no-restricted-imports'],
    [
      "import { saveStep } from '@/lib/incident/lifecycle-actions';\nexport const s = saveStep;",
      'no-restricted-imports',
    ],
    ["import { redactText } from '@/lib/incident/redact';\nexport const r = redactText;", 'no-restricted-imports'],
    [
      "import { importExportText } from '../lib/log/import';\nexport const i = importExportText;",
      'no-restricted-imports',
    ],
    ["import { setSyncSecrets } from '@/lib/sync/secrets';\nexport const s = setSyncSecrets;", 'no-restricted-imports'],
    ["import Dexie from 'dexie';\nexport const d = Dexie;", 'no-restricted-imports'],
    ['export const f = (db: any) => db.workflows.delete("w1");', 'no-restricted-syntax'],
    ['export const f = (db: any) => db.incidents.put({});', 'no-restricted-syntax'],
    ['export const f = (db: any) => db.outbox.where("id").equals("x").delete();', 'no-restricted-syntax'],
    ['export const f = (db: any) => db.incidents.bulkPut([]);', 'no-restricted-syntax'],
    ['export const f = (db: any) => db.transaction("rw", db.incidents, () => 1);', 'no-restricted-syntax'],
  ])('refuses %s', async (code, rule) => {
    const found = await messages(code.replace(': any', ''));
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${rule}: .*${WRITES}`)));
  });

  it('applies to page entrypoints too, but not to the background entrypoint', async () => {
    const code = "import { getDb } from '@/lib/db';\nexport const db = getDb;";
    expect(await messages(code, 'entrypoints/sidepanel/main.tsx')).toContainEqual(expect.stringContaining(WRITES));
    expect(await messages(code, 'entrypoints/background.ts')).toEqual([]);
  });

  it('lets pages read, use the pure parts of write modules, and delete from their own maps', async () => {
    const code = [
      "import { useLiveQuery } from 'dexie-react-hooks';",
      "import { STEP_FIELDS, describeError } from '@/lib/incident/lifecycle-actions';",
      "import { MIN_REDACTION } from '@/lib/incident/redact';",
      "import { allWorkflows } from '@/lib/ui/reads';",
      "import { send } from '@/lib/messaging/client';",
      'const seen = new Map<string, number>();',
      "seen.delete('x');",
      'export const all = [useLiveQuery, STEP_FIELDS, describeError, MIN_REDACTION, allWorkflows, send];',
    ].join('\n');
    expect(await messages(code)).toEqual([]);
  });
});
