import { ESLint } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers, { violation } from '../../scripts/lint/layers.mjs';

describe('where code runs decides what it may import', () => {
  it.each([
    ['lib/page/ui/flag-button.ts', 'zod'],
    ['lib/page/ui/flag-button.ts', 'dexie'],
    ['lib/page/ui/flag-button.ts', '@/lib/db'],
    ['lib/page/anchoring/pass.ts', '../../incident/update'],
    ['entrypoints/capture.ts', '@/lib/sync/engine'],
    ['lib/assessment/rules.ts', 'dexie'],
    ['lib/assessment/rules.ts', 'wxt/browser'],
    ['lib/review/compute.ts', '../db'],
    ['components/log/LogView.tsx', '@/lib/background/sync'],
    ['components/record/EvidenceCard.tsx', '@/lib/page/anchoring/selectors'],
    ['lib/background/router.ts', 'react'],
    ['lib/background/router.ts', '../../components/app/SidePanelApp'],
  ])('%s may not import %s', (file, spec) => {
    expect(violation(file, spec)).toBeTruthy();
  });

  it.each([
    ['lib/page/anchoring/selectors.ts', '../../shared/limits'],
    ['lib/page/capture/capture-selection.ts', '../anchoring/selectors'],
    ['entrypoints/anchor.ts', '@/lib/page/ui/highlights'],
    ['lib/assessment/rules.ts', 'zod'],
    ['lib/review/compute.ts', '../log/filter'],
    ['components/record/EvidenceCard.tsx', '@/lib/shared/fragment-link'],
    ['lib/background/router.ts', '../incident/update'],
    ['lib/sync/engine.ts', 'dexie'],
  ])('%s may import %s', (file, spec) => {
    expect(violation(file, spec)).toBeNull();
  });

  it('reports value imports across a boundary and lets type-only imports through', async () => {
    const eslint = new ESLint({
      cwd: path.resolve(import.meta.dirname, '../..'),
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { flagline: layers },
          rules: { 'flagline/layers': 'error' },
        },
      ],
    });
    const code = [
      "import type { Incident } from '../../incident/schema';",
      "import { getDb } from '../../db';",
      'export const x = (i: Incident) => getDb() && i;',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'lib/page/ui/example.ts' });
    expect(result!.messages.map((m) => [m.line, m.ruleId])).toEqual([[2, 'flagline/layers']]);
  });
});
