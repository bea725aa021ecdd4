// Where code runs decides what it may import. Page code is injected into every enabled web page
// (small, no framework, no storage, no schemas); the domain is pure (no browser, storage or UI);
// the UI reads and asks the background to write; the background never renders. A path-resolving
// rule, so relative and `@/` imports are judged alike. Type-only imports are erased at build time
// and may cross any boundary.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Each layer: the files it covers, and what they may not import (repo folders or packages). */
export const LAYERS = [
  {
    name: 'page',
    files: ['lib/page/', 'entrypoints/flag.content.ts', 'entrypoints/capture.ts', 'entrypoints/anchor.ts'],
    allowFolders: ['lib/page/', 'lib/shared/'],
    denyPackages: ['zod', 'dexie', 'dexie-react-hooks', 'react', 'react-dom', 'zustand'],
    why: 'page code runs in every enabled page: it imports only page code, with no schemas, storage or UI framework',
  },
  {
    name: 'domain',
    files: ['lib/assessment/', 'lib/review/', 'lib/integrity/'],
    allowFolders: [
      'lib/assessment/',
      'lib/review/',
      'lib/integrity/',
      'lib/shared/',
      // Schemas and pure helpers the domain reads: none touches storage or a browser API.
      'lib/incident/schema.ts',
      'lib/incident/lifecycle.ts',
      'lib/incident/corrective-actions.ts',
      'lib/incident/due-state.ts',
      'lib/capture/schema.ts',
      'lib/log/envelope.ts',
      'lib/log/safe-json.ts',
      'lib/log/pace.ts',
      'lib/log/filter.ts',
      'lib/log/csv.ts',
      // Pure readings of a record the review counts by: corrective actions, due state, lifecycle.
      'lib/incident/corrective-actions.ts',
      'lib/incident/due-state.ts',
      'lib/incident/lifecycle.ts',
    ],
    denyPackages: ['dexie', 'dexie-react-hooks', 'react', 'react-dom', 'zustand', 'wxt', '#imports'],
    why: 'the domain is pure: no browser API, storage or UI',
  },
  {
    name: 'ui',
    files: ['components/', 'lib/ui/', 'entrypoints/sidepanel/', 'entrypoints/options/'],
    denyFolders: ['lib/background/', 'lib/page/'],
    why: 'the UI asks the background through messages and never runs page or background code',
  },
  {
    name: 'background',
    files: ['lib/background/', 'entrypoints/background.ts'],
    denyFolders: ['components/', 'lib/ui/'],
    denyPackages: ['react', 'react-dom', 'zustand', 'dexie-react-hooks'],
    why: 'the background renders nothing',
  },
];

const rel = (file) => path.relative(ROOT, file).split(path.sep).join('/');
const strip = (file) => file.replace(/\.(ts|tsx|mjs|js)$/, '');
const covers = (prefixes, file) =>
  prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : strip(file) === strip(p)));
const packageOf = (spec) =>
  spec.startsWith('@') && !spec.startsWith('@/') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

/** The repo path an import points at, or null for a package. */
export function target(fromFile, spec) {
  if (spec.startsWith('@/')) return spec.slice(2);
  if (spec.startsWith('.')) return rel(path.resolve(path.dirname(fromFile), spec));
  return null;
}

/** Why `spec` may not be imported by `file` (repo-relative), or null when it may. */
export function violation(file, spec) {
  const layer = LAYERS.find((l) => covers(l.files, file));
  if (!layer) return null;
  const to = target(path.join(ROOT, file), spec);
  if (to === null) return layer.denyPackages?.includes(packageOf(spec)) ? layer.why : null;
  if (layer.allowFolders && !covers(layer.allowFolders, to)) return layer.why;
  if (layer.denyFolders && covers(layer.denyFolders, to)) return layer.why;
  return null;
}

export const layersRule = {
  meta: { type: 'problem', schema: [], messages: { cross: '"{{spec}}": {{why}}.' } },
  create(context) {
    const file = rel(context.filename);
    const check = (node, source, typeOnly) => {
      if (typeOnly || typeof source?.value !== 'string') return;
      const why = violation(file, source.value);
      if (why) context.report({ node, messageId: 'cross', data: { spec: source.value, why } });
    };
    return {
      ImportDeclaration: (n) =>
        check(
          n,
          n.source,
          n.importKind === 'type' || (n.specifiers.length > 0 && n.specifiers.every((s) => s.importKind === 'type')),
        ),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source, n.exportKind === 'type'),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ImportExpression: (n) => check(n, n.source, false),
    };
  },
};

export default { rules: { layers: layersRule } };
