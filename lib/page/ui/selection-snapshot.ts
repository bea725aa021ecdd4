/**
 * What the user selected when Flagline's button appeared. The page sees the user's pointerdown on
 * the button's host and could swap the selection or the words under it before the capture runs;
 * comparing against this snapshot makes such a swap a refusal instead of a record of words the
 * user never selected.
 */
export interface SelectionSnapshot {
  /** The selection as the user sees it (`Selection.toString()` or the field's selected value). */
  text: string;
  /** Every character of the DOM range, hidden ones included: catches text slipped in unseen. */
  raw: string;
  range?: { startContainer: Node; startOffset: number; endContainer: Node; endOffset: number };
  field?: { el: HTMLInputElement | HTMLTextAreaElement; start: number; end: number };
}

export const SELECTION_CHANGED = 'The page changed the selection; select it again.';

function focusedField(doc: Document): HTMLInputElement | HTMLTextAreaElement | null {
  const active = doc.activeElement;
  return active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement ? active : null;
}

/** The current selection of `win`, or null when nothing is selected. */
export function takeSnapshot(win: Window): SelectionSnapshot | null {
  const field = focusedField(win.document);
  if (field && field.selectionStart !== null && field.selectionEnd !== null) {
    const { selectionStart: start, selectionEnd: end } = field;
    if (end > start) {
      const text = field.value.slice(start, end);
      return { text, raw: text, field: { el: field, start, end } };
    }
  }
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  const text = selection.toString();
  if (!text.trim()) return null;
  const { startContainer, startOffset, endContainer, endOffset } = range;
  return { text, raw: range.toString(), range: { startContainer, startOffset, endContainer, endOffset } };
}

/** True when the selection of `win` is still exactly `snapshot`: same boundaries, same words. */
export function sameSelection(win: Window, snapshot: SelectionSnapshot): boolean {
  return equalSnapshots(takeSnapshot(win), snapshot);
}

/** True when two snapshots are of the same selection with the same words. */
export function equalSnapshots(now: SelectionSnapshot | null, snapshot: SelectionSnapshot | null): boolean {
  if (!now || !snapshot || now.text !== snapshot.text || now.raw !== snapshot.raw) return false;
  if (snapshot.field) {
    const f = now.field;
    return !!f && f.el === snapshot.field.el && f.start === snapshot.field.start && f.end === snapshot.field.end;
  }
  const a = now.range;
  const b = snapshot.range;
  return (
    !!a &&
    !!b &&
    a.startContainer === b.startContainer &&
    a.startOffset === b.startOffset &&
    a.endContainer === b.endContainer &&
    a.endOffset === b.endOffset
  );
}

/**
 * A flag the button asked for, handed to the capture script injected into the same isolated world.
 * The capture checks the selection against it synchronously, in the same task as it reads the
 * page, and marks it refused when the page changed something meanwhile.
 */
export interface PendingFlag {
  snapshot: SelectionSnapshot;
  at: number;
  refused?: string;
}

const PENDING = Symbol.for('flagline.pending-flag');
/** A pending flag older than this is stale (a lost reply): a later menu or shortcut flag ignores it. */
const PENDING_TTL = 30_000;

export function setPendingFlag(snapshot: SelectionSnapshot): PendingFlag {
  const pending: PendingFlag = { snapshot, at: Date.now() };
  (globalThis as { [PENDING]?: PendingFlag })[PENDING] = pending;
  return pending;
}

/** Takes (and clears) the pending flag of this frame, if a fresh one exists. */
export function takePendingFlag(): PendingFlag | undefined {
  const scope = globalThis as { [PENDING]?: PendingFlag };
  const pending = scope[PENDING];
  scope[PENDING] = undefined;
  return pending && Date.now() - pending.at < PENDING_TTL ? pending : undefined;
}
