import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
const ROOT = process.cwd();
const out = await build({ stdin: { contents: `import { anchorPass } from '${ROOT}/lib/anchoring/pass.ts'; import { Normaliser } from '${ROOT}/lib/anchoring/normalize.ts'; globalThis.anchorPass = anchorPass; globalThis.Normaliser = Normaliser;`, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'iife', alias: { '@': ROOT }, logLevel: 'silent', define: { 'import.meta.env': '{}' } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
const page = await browser.newPage();
await page.setContent(readFileSync('test/fixtures/demo/hostile/big.html', 'utf8'));
await page.addScriptTag({ content: out.outputFiles[0].text });
console.log(await page.evaluate(() => { const text = document.body.textContent; const n = new globalThis.Normaliser(); const times = []; for (let f = 0; f < text.length; f += 100000) { const t = performance.now(); n.feed(text, f, Math.min(text.length, f + 100000)); times.push(Math.round(performance.now() - t)); } const t = performance.now(); n.finish(text.length); times.push('fin ' + Math.round(performance.now() - t)); return times.join(' '); }));
const r = await page.evaluate(async () => {
  const words = 'zebra quantum lattice obsidian marmalade gondola saffron trapeze velvet nebula'.split(' ');
  const targets = [{ id: 'real', quote: { exact: document.getElementById('answer').textContent, prefix: '', suffix: '' }, css: 'body' }];
  for (let i = 0; i < 30; i++) { let exact = ''; for (let w = 0; exact.length < 600; w++) exact += `${words[(i * 3 + w * 7) % words.length]} ${i} `; targets.push({ id: 'o' + i, quote: { exact, prefix: 'x before ', suffix: ' after' }, position: { start: i * 150000, end: i * 150000 + 600 }, css: 'body' }); }
  const t = performance.now();
  const res = await globalThis.anchorPass(document, targets);
  return { stats: res.stats, labels: res.results.map(r => r.label).join(','), wall: performance.now() - t };
});
console.log(JSON.stringify(r, null, 1));
await browser.close();
