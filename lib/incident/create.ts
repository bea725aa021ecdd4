import { uuidv7 } from 'uuidv7';
import { redactUrl } from '../capture/describe';
import { redactSecrets } from '../capture/redact';
import type { CapturePayload, FlagTrigger } from '../capture/schema';
import type { Screenshot } from '../capture/screenshot';
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
 * Turns a validated capture into the evidence group of a record. Secrets go before anything is
 * stored or hashed: secret-looking URL parameters on every path (the background may build a
 * capture from the browser's own URL), and credentials in the captured text.
 */
export function evidenceFromCapture(capture: CapturePayload, trigger: FlagTrigger): UnhashedEvidence {
  let redactions = 0;
  const mask = (text: string) => {
    const masked = redactSecrets(text);
    redactions += masked.count;
    return masked.text;
  };
  const maskFound = <T extends { value: string }>(found: T | undefined) =>
    found ? { ...found, value: mask(found.value) } : undefined;
  const quote = {
    ...capture.quote,
    exact: mask(capture.quote.exact),
    prefix: mask(capture.quote.prefix),
    suffix: mask(capture.quote.suffix),
  };
  const context = capture.context
    ? { ...capture.context, prompt: maskFound(capture.context.prompt), model: maskFound(capture.context.model) }
    : {};
  const evidence: UnhashedEvidence = {
    output: mask(capture.shownText),
    source: capture.source,
    trigger,
    selectors: [
      quote,
      ...(capture.position ? [{ type: 'TextPositionSelector' as const, ...capture.position }] : []),
      ...(capture.css ? [{ type: 'CssSelector' as const, value: capture.css }] : []),
    ],
    page: {
      url: redactUrl(capture.page.url),
      title: capture.page.title,
      frameUrl: capture.page.frameUrl ? redactUrl(capture.page.frameUrl) : undefined,
      lang: capture.page.lang,
      capturedAt: capture.capturedAt,
    },
    containerText: capture.containerText === undefined ? undefined : mask(capture.containerText),
    ...context,
  };
  return redactions ? { ...evidence, redactions } : evidence;
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
  input: { evidence: UnhashedEvidence; reporter: Person; now?: Date; description?: string; screenshot?: Screenshot },
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
