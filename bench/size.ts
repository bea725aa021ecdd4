// Rows 1 and 7 (sizes): the bytes Flagline injects into pages against Hypothesis's in-page
// bundle, and every bundle of the production build. Sizes are of the files as built (minified);
// gzip is level 9 of Node's zlib, the same for ours and the peer's.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BENCH, ROOT } from './lib/paths';
import { atMost, row, type Row } from './lib/rows';

const BUILD = path.join(ROOT, '.output/chrome-mv3');
const HYPOTHESIS = path.join(BENCH, 'node_modules/hypothesis/build/scripts/annotator.bundle.js');
/** Scripts the background injects on demand: capture on a flag, anchor where a page has records. */
const ON_DEMAND = ['capture.js', 'anchor.js'];

interface Size {
  min: number;
  gzip: number;
}

function sizeOf(files: readonly string[]): Size {
  let min = 0;
  let gzip = 0;
  for (const file of files) {
    const code = readFileSync(file);
    min += code.length;
    gzip += gzipSync(code, { level: 9 }).length;
  }
  return { min: min / 1024, gzip: gzip / 1024 };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

export function injectedScriptRows(): Row[] {
  if (!existsSync(BUILD)) throw new Error(`No build at ${BUILD}: run "npm run build" first.`);
  const contentDir = path.join(BUILD, 'content-scripts');
  const always = readdirSync(contentDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(contentDir, f));
  const onDemand = ON_DEMAND.map((f) => path.join(BUILD, f)).filter((f) => existsSync(f));
  const ours = sizeOf(always);
  const together = sizeOf([...always, ...onDemand]);
  const peer = sizeOf([HYPOTHESIS]);
  const peerName = 'hypothesis annotator.bundle.js';
  const note = `${always.map((f) => path.basename(f)).join(', ')}; while flagging also ${onDemand
    .map((f) => path.basename(f))
    .join(', ')}`;
  return [
    row({
      group: 1,
      what: 'page script always present, minified',
      unit: 'KB',
      ours: ours.min,
      peer: { name: peerName, value: peer.min },
      goal: atMost('≤ 15 KB', ours.min, 15),
      note,
    }),
    row({
      group: 1,
      what: 'page script always present, gzipped',
      unit: 'KB',
      ours: ours.gzip,
      peer: { name: peerName, value: peer.gzip },
    }),
    row({
      group: 1,
      what: 'page scripts all together while flagging, minified',
      unit: 'KB',
      ours: together.min,
      peer: { name: peerName, value: peer.min },
    }),
    row({
      group: 1,
      what: 'page scripts all together while flagging, gzipped',
      unit: 'KB',
      ours: together.gzip,
      peer: { name: peerName, value: peer.gzip },
    }),
  ];
}

/** Every script and style sheet of the production build, minified, with its gzip size in the note. */
export function bundleRows(): Row[] {
  return filesUnder(BUILD)
    .filter((f) => /\.(js|css)$/.test(f))
    .sort()
    .map((file) => {
      const size = sizeOf([file]);
      return row({
        group: 7,
        // Without the content hash, so a row keeps its name from one build to the next.
        what: `bundle ${path.relative(BUILD, file).replace(/-[\w-]{8}\.(js|css)$/, '.$1')}, minified`,
        unit: 'KB',
        ours: size.min,
        note: `${size.gzip.toFixed(1)} KB gzipped`,
      });
    });
}
