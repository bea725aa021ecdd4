// Prints the size of every script Flagline injects into web pages and fails above the budgets:
// the always-present scripts at most 15 KB minified, everything injected together under 48 KB, and
// no React. Both figures are printed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/setup.mjs';

const OUT = path.join(ROOT, '.output', process.argv[2] ?? 'chrome-mv3');
const ALWAYS_BUDGET = 15 * 1024;
// 48 KB: the on-demand capture and anchoring scripts now carry the real-page adapters and the
// sliced, bounded anchoring passes; they load only while flagging or when a page has records.
const TOTAL_BUDGET = 48 * 1024;
// Strings that only appear when React (or ReactDOM) is bundled.
const REACT_MARKERS = ['react.element', 'react.transitional.element', '__reactFiber', 'ReactCurrentOwner'];
// Strings that only appear when Dexie or Zod is bundled: neither belongs in a page script.
const HEAVY_MARKERS = { Dexie: ['DexieError', 'Dexie.'], Zod: ['$ZodType', 'ZodError'] };

if (!existsSync(OUT)) {
  console.error(`✖ ${path.relative(ROOT, OUT)} does not exist: run "npm run build" first.`);
  process.exit(1);
}
const contentDir = path.join(OUT, 'content-scripts');
const files = [
  ...readdirSync(contentDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `content-scripts/${f}`, kind: 'always on enabled sites' })),
  // Unlisted scripts the background injects: capture on a flag, anchor where a page has records.
  ...['capture.js', 'anchor.js']
    .filter((f) => existsSync(path.join(OUT, f)))
    .map((f) => ({ file: f, kind: 'injected on demand' })),
];

let failed = false;
let total = 0;
let always = 0;
const rows = files.map(({ file, kind }) => {
  const code = readFileSync(path.join(OUT, file));
  total += code.length;
  if (kind.startsWith('always')) always += code.length;
  const heavy = Object.entries(HEAVY_MARKERS).find(([, markers]) => markers.some((m) => code.includes(m)))?.[0];
  const react = REACT_MARKERS.some((marker) => code.includes(marker)) ? 'React' : heavy;
  const over = kind.startsWith('always') && code.length > ALWAYS_BUDGET;
  if (react || over) failed = true;
  return {
    script: file,
    kind,
    'minified KB': (code.length / 1024).toFixed(1),
    'gzip KB': (gzipSync(code).length / 1024).toFixed(1),
    budget: kind.startsWith('always') ? `${ALWAYS_BUDGET / 1024} KB` : '',
    verdict: react ? `FAIL: contains ${react}` : over ? 'FAIL: over budget' : 'ok',
  };
});
console.table(rows);
const totalOver = total > TOTAL_BUDGET;
console.log(
  `Always present on enabled sites: ${(always / 1024).toFixed(1)} KB minified (budget ${ALWAYS_BUDGET / 1024} KB)` +
    (always > ALWAYS_BUDGET ? ' FAIL' : ' ok'),
);
console.log(
  `Injected into a page, all together: ${(total / 1024).toFixed(1)} KB minified (budget ${TOTAL_BUDGET / 1024} KB)` +
    (totalOver ? ' FAIL' : ' ok'),
);
if (failed || totalOver) process.exit(1);
