import { uuidv7 } from 'uuidv7';
import { textFragmentLink } from '../shared/fragment-link';
import type { DetectorLevel } from '../redaction/detect';
import { protectEvidence } from '../redaction/evidence';
import { redactUrl } from '../redaction/url';
import type { CapturePayload, FlagTrigger } from '../capture/schema';
import type { Screenshot } from '../capture/screenshot-types';
import type { FlaglineDb } from '../db';
import { revisionTables, writeRevisions } from './persist';
import { canonicalJson } from '../integrity/canonical-json';
import { sha256Hex } from '../integrity/sha256';
import {
  EvidenceSchema,
  INCIDENT_SCHEMA_VERSION,
  IncidentSchema,
  type Evidence,
  type Incident,
  type Person,
} from './schema';

export type UnhashedEvidence = Omit<Evidence, 'hash'>;

/** SHA-256 over the canonical JSON of the evidence, so any later edit is detectable. */
export function hashEvidence(evidence: UnhashedEvidence): Evidence['hash'] {
  return { algorithm: 'SHA-256', value: sha256Hex(canonicalJson(evidence)) };
}

/**
 * Turns a validated capture into the evidence group of a record. Everything that came from the
 * page goes through the detectors before anything is stored or hashed: the quote and its context,
 * the container text, title, URLs (values as well as secret-named parameters), the adapter fields
 * and the text-fragment link. Secrets always; personal data too when `levels` says so (the strict
 * level). A field's value is not page text, so a text fragment could not find it: no link then.
 */
export function evidenceFromCapture(
  capture: CapturePayload,
  trigger: FlagTrigger,
  levels: readonly DetectorLevel[] = ['secrets'],
): UnhashedEvidence {
  const url = redactUrl(capture.page.url, []).url;
  const frameUrl = capture.page.frameUrl ? redactUrl(capture.page.frameUrl, []).url : undefined;
  const quote = { ...capture.quote };
  const raw: UnhashedEvidence = {
    output: capture.shownText,
    source: capture.source,
    trigger,
    selectors: [
      quote,
      ...(capture.position ? [{ type: 'TextPositionSelector' as const, ...capture.position }] : []),
      ...(capture.css ? [{ type: 'CssSelector' as const, value: capture.css }] : []),
    ],
    page: { url, title: capture.page.title, frameUrl, lang: capture.page.lang, capturedAt: capture.capturedAt },
    containerText: capture.containerText,
    ...(capture.context ?? {}),
  };
  const evidence = withDetections(raw, levels);
  if (capture.source === 'text-field') return evidence;
  // Built from the masked URL and quote: a link's few context words could hold part of a value
  // (two words of a phone number) that no detector would recognise on its own.
  const masked = evidence.selectors[0] as typeof quote;
  const link = textFragmentLink(evidence.page.frameUrl ?? evidence.page.url, masked);
  return withDetections({ ...evidence, textFragmentLink: link }, levels);
}

/** Masks the evidence for `levels` and records what was masked (count and positions). */
export function withDetections(raw: UnhashedEvidence, levels: readonly DetectorLevel[]): UnhashedEvidence {
  const { evidence, detected } = protectEvidence(raw, levels);
  if (!detected.length) return evidence;
  const all = [...(raw.detected ?? []), ...detected];
  return { ...evidence, redactions: all.length, detected: all };
}

/** Display name used in history entries for a reporter. */
export function actorName(reporter: Person): string {
  return reporter.name || reporter.email || 'Reporter (unnamed)';
}

/**
 * Creates revision 1 of a draft record from evidence and writes it in one transaction. The
 * record is validated against the schema before anything is written.
 */
export async function createDraft(
  db: FlaglineDb,
  input: {
    evidence: UnhashedEvidence;
    reporter: Person;
    now?: Date;
    description?: string;
    screenshot?: Screenshot;
    /** Said in the first history entry: whether a screenshot was taken and, if not, why. */
    note?: string;
  },
): Promise<Incident> {
  const now = (input.now ?? new Date()).toISOString();
  // Hash what is stored: validate (trim, drop unknown keys) first, then hash the result.
  const clean = EvidenceSchema.omit({ hash: true }).parse(input.evidence);
  const evidence: Evidence = { ...clean, hash: hashEvidence(clean) };
  const record = IncidentSchema.parse({
    schemaVersion: INCIDENT_SCHEMA_VERSION,
    id: uuidv7(),
    revision: 1,
    createdAt: now,
    updatedAt: now,
    status: 'draft',
    timeline: { detectedAt: evidence.page.capturedAt },
    reporter: input.reporter,
    evidence,
    ...(input.description?.trim() ? { whatHappened: input.description.trim() } : {}),
    history: [
      {
        at: now,
        by: actorName(input.reporter),
        revision: 1,
        action: `Flagged (${evidence.trigger})`,
        ...(input.note ? { note: input.note } : {}),
      },
    ],
  } satisfies Incident);
  // The screenshot the evidence references is written with the record, or not at all.
  await db.transaction('rw', [...revisionTables(db), db.screenshots], async () => {
    if (await db.incidents.get(record.id)) throw new Error(`Record ${record.id} already exists.`);
    if (input.screenshot) await db.screenshots.put({ ...input.screenshot, recordId: record.id });
    await writeRevisions(db, [record], new Date(now));
  });
  return record;
}
