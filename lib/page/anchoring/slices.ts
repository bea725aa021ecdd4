import { isSkipped, type TextModel } from './text-model';

/**
 * Work split into slices with the main thread given back to the page in between, so Flagline never
 * makes a task long enough to freeze the tab. The clock also keeps Flagline's own accounting of its
 * longest slice, which tests and the benchmark read: a long-task observer sees the whole task,
 * including whatever the page did in it, while this sees only Flagline's part.
 */
export interface SliceClock {
  /** Gives the main thread back when the current slice has used its time; `step` names the work just done. */
  check(step?: string): Promise<void>;
  /** Ends the last slice; returns the stats. */
  finish(): SliceStats;
}

export interface SliceStats {
  /** The longest stretch Flagline held the main thread, in ms. */
  longestSliceMs: number;
  slices: number;
  /** The step that ended the longest slice: where to look when it grows. */
  longestStep: string;
  /** Wall time from start to finish, yields included. */
  totalMs: number;
}

/** A slice aims at this many ms: well under the 50 ms of a long task, even on a loaded machine. */
export const SLICE_MS = 8;

type Scheduler = { yield?: () => Promise<void> };

/** Yields to the page: `scheduler.yield()` where it exists (keeps our place in line), else a task. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function createClock(sliceMs = SLICE_MS, pause: () => Promise<void> = yieldToPage): SliceClock {
  const now = () => performance.now();
  const begun = now();
  let start = begun;
  let longest = 0;
  let slices = 1;
  let longestStep = '';
  const note = (elapsed: number, step: string) => {
    if (elapsed > longest) [longest, longestStep] = [elapsed, step];
  };
  return {
    async check(step = '') {
      const elapsed = now() - start;
      if (elapsed < sliceMs) return;
      note(elapsed, step);
      await pause();
      slices++;
      start = now();
    },
    finish() {
      note(now() - start, 'end');
      return { longestSliceMs: longest, longestStep, slices, totalMs: now() - begun };
    },
  };
}

/** The text model plus the index of each text node, for container spans without a scan. */
export interface IndexedModel extends TextModel {
  index: Map<Text, number>;
}

/**
 * Builds the same text model as `buildTextModel`, in slices. The page may change between slices;
 * the pass checks every range it draws against the text it matched, so a change only costs a retry.
 */
export async function buildTextModelSliced(root: Node, clock: SliceClock): Promise<IndexedModel> {
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  const index = new Map<Text, number>();
  let length = 0;
  const stack: Node[] = [root];
  for (let step = 1; stack.length; step++) {
    if (step % 512 === 0) await clock.check('text model');
    const node = stack.pop()!;
    if (node.nodeType === 3) {
      const data = (node as Text).data;
      if (!data) continue;
      index.set(node as Text, nodes.length);
      nodes.push(node as Text);
      starts.push(length);
      parts.push(data);
      length += data.length;
      continue;
    }
    if (node.nodeType === 1 && isSkipped(node as Element)) continue;
    const shadow = (node as Element).shadowRoot;
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
    // The shadow tree is read before the light children, as `buildTextModel` does.
    if (shadow) for (let child = shadow.lastChild; child; child = child.previousSibling) stack.push(child);
  }
  return { text: parts.join(''), nodes, starts, index };
}

/** The `[start, end)` span of the model covered by the text inside `el`, or null when it has none. */
export function containerSpan(model: IndexedModel, el: Element): { start: number; end: number } | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let first: number | undefined;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = model.index.get(n as Text);
    if (i !== undefined) {
      first = i;
      break;
    }
  }
  if (first === undefined) return null;
  let last = first;
  // The last text node inside `el`: walk back from the end of its subtree.
  walker.currentNode = el;
  for (let n: Node | null = el.lastChild; n; n = n.lastChild ?? null) walker.currentNode = n;
  for (let n: Node | null = walker.currentNode; n && n !== el; n = walker.previousNode()) {
    const i = model.index.get(n as Text);
    if (i !== undefined) {
      last = Math.max(last, i);
      break;
    }
  }
  return { start: model.starts[first]!, end: model.starts[last]! + model.nodes[last]!.data.length };
}
