import type { FlaglineDb } from '../db';
import { evidenceStrings } from '../redaction/fields';
import { inApplyOrder, replayMasks, SCREENSHOT_FIELD, type MaskedSpan } from '../redaction/evidence';
import { withLinkDirective } from '../redaction/share';
import { revisionTables, writeRevisions } from './persist';
import { IncidentSchema, type Evidence, type Incident } from './schema';
import { changedPaths } from './update';

/** Shortest text a reviewer may redact: a single character would mask it everywhere. */
export const MIN_REDACTION = 2;

function decoded(piece: string): string {
  try {
    return decodeURIComponent(piece.replace(/\+/g, ' '));
  } catch {
    return piece;
  }
}

/**
 * Where `text` occurs in the evidence: every occurrence in text fields, and every URL piece whose
 * decoded form holds it (a name in `?customer=Maria%20Gonzalez`). The kind is the reviewer's.
 */
export function occurrences(evidence: Evidence, text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  for (const { field, shape, value } of evidenceStrings(evidence)) {
    if (shape === 'url') {
      const piece = /[^/?&=#,;]+/g;
      for (let m = piece.exec(value); m; m = piece.exec(value)) {
        if (decoded(m[0]).includes(text)) {
          spans.push({ field, start: m.index, end: m.index + m[0].length, kind: 'reviewer', by: 'reviewer' });
        }
      }
      continue;
    }
    for (let at = value.indexOf(text); at >= 0; at = value.indexOf(text, at + text.length)) {
      spans.push({ field, start: at, end: at + text.length, kind: 'reviewer', by: 'reviewer' });
    }
  }
  return spans;
}

/**
 * Writes a new revision whose evidence is `change(evidence)`, keeping the capture hash: the
 * evidence may only lose content, recorded in `evidence.masked`. Earlier revisions of the record
 * still waiting in the outbox are dropped, so what was masked is not sent after all; one already
 * in a request cannot be called back.
 */
async function reviseEvidence(
  db: FlaglineDb,
  id: string,
  change: (evidence: Evidence) => { evidence: Evidence; note: string; screenshotId?: string },
  meta: { by: string; action: string; now?: Date },
): Promise<Incident> {
  return db.transaction('rw', [...revisionTables(db), db.screenshots], async () => {
    const current = await db.incidents.get(id);
    if (!current) throw new Error(`Record ${id} does not exist.`);
    const at = (meta.now ?? new Date()).toISOString();
    const revision = current.revision + 1;
    const { evidence, note, screenshotId } = change(structuredClone(current.evidence));
    const proposed = IncidentSchema.parse({ ...current, evidence, revision, updatedAt: at });
    const next: Incident = {
      ...proposed,
      history: [
        ...current.history,
        { at, by: meta.by, revision, action: meta.action, changed: changedPaths(current, proposed), note },
      ],
    };
    await writeRevisions(db, [next], new Date(at));
    await db.outbox
      .where('id')
      .equals(id)
      .filter((entry) => entry.revision < revision && entry.state !== 'leased')
      .delete();
    if (screenshotId) await db.screenshots.delete(screenshotId);
    return next;
  });
}

/**
 * The reviewer's own redaction: every occurrence of `text` in the evidence becomes `[redacted]`,
 * as a new revision. The history names the fields and how many spans, never the text.
 */
export async function redactText(
  db: FlaglineDb,
  id: string,
  text: string,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  if (text.trim().length < MIN_REDACTION) throw new Error(`Select at least ${MIN_REDACTION} characters to redact.`);
  return reviseEvidence(
    db,
    id,
    (evidence) => {
      const found = inApplyOrder(occurrences(evidence, text));
      if (!found.length) throw new Error('That text is not in the evidence (it may be redacted already).');
      const spans = withLinkDirective(evidence.textFragmentLink, found, 'reviewer');
      const fields = [...new Set(spans.map((span) => span.field.split('.')[0]))];
      return {
        evidence: { ...replayMasks(evidence, spans), masked: [...(evidence.masked ?? []), ...spans] },
        note: `${spans.length} span${spans.length === 1 ? '' : 's'} masked in ${fields.join(', ')}.`,
      };
    },
    { ...meta, action: 'Redacted evidence' },
  );
}

/** Deletes the screenshot of a record: a revision that records the deletion, and the image gone from the database. */
export async function deleteScreenshot(
  db: FlaglineDb,
  id: string,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  return reviseEvidence(
    db,
    id,
    (evidence) => {
      const shot = evidence.screenshot;
      if (!shot) throw new Error('This record has no screenshot.');
      const span: MaskedSpan = { field: SCREENSHOT_FIELD, start: 0, end: 0, kind: 'screenshot', by: 'reviewer' };
      return {
        evidence: { ...replayMasks(evidence, [span]), masked: [...(evidence.masked ?? []), span] },
        note: `Screenshot deleted (SHA-256 ${shot.sha256.slice(0, 16)}…, ${shot.bytes} bytes).`,
        screenshotId: shot.id,
      };
    },
    { ...meta, action: 'Deleted the screenshot' },
  );
}
