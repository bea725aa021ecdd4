#!/usr/bin/env node
// `npm run verify -- <file>`: says whether an exported incident file is intact and, if not, which
// record changed. It runs the extension's own verifier (lib/integrity/verify.ts) through tsx, so
// the terminal and the options page can never disagree. Exit codes: 0 intact, 1 not intact,
// 2 the file could not be read.
import { readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run verify -- <flagline-incidents-YYYY-MM-DD.json>');
  process.exit(2);
}
let bytes;
try {
  bytes = readFileSync(file);
} catch (error) {
  console.error(`Cannot read ${file}: ${error.message}`);
  process.exit(2);
}
register();
const { verifyExportText, describeVerification } = await import('../lib/integrity/verify.ts');
const result = verifyExportText(bytes.toString('utf8'), bytes.length);
console.log(`${file}: ${describeVerification(result)}`);
if (!result.ok) {
  for (const problem of result.problems) console.log(`  - ${problem.message}`);
}
process.exit(result.ok ? 0 : 1);
