import type { Incident } from '../../lib/incident/schema';
import { canonicalJson } from '../../lib/integrity/canonical-json';
import { sha256Hex } from '../../lib/integrity/sha256';
import { sampleRecord } from '../../lib/log/sample';

export const DEVICE_A = '5b0c7a52-7d3e-4a57-9a0e-2f4f1c2b9d11';
export const DEVICE_B = '9e1d4c33-1a2b-4c5d-8e6f-7a8b9c0d1e22';

/** The phrase one record's output holds and no other's, for the search. */
export const UNIQUE_PHRASE = 'refund of 4,200 EUR approved without review';

/** A record with its evidence changed, the hash taken again over the evidence as captured. */
function withEvidence(record: Incident, patch: Partial<Incident['evidence']>): Incident {
  const { hash: _hash, ...unhashed } = { ...record.evidence, ...patch };
  return {
    ...record,
    evidence: { ...unhashed, hash: { algorithm: 'SHA-256', value: sha256Hex(canonicalJson(unhashed)) } },
  };
}

/** Markup a hostile page could put in the flagged text and the page's title: it must stay text. */
export const HOSTILE_MARKUP = '<img src=x onerror="window.__pwned=1"><b>trust me</b>';

/** A record whose quote and title hold markup and whose address is a `javascript:` URL. */
function hostile(index: number, start: number): Incident {
  const record = sampleRecord(index, start);
  return withEvidence(record, {
    output: `Hostile output ${HOSTILE_MARKUP}`,
    page: {
      ...record.evidence.page,
      url: 'javascript:window.__pwned=1',
      title: `<script>window.__pwned=1</script>Click me`,
    },
  });
}

/** A report nobody has assessed yet, due for triage in a day. */
function unassessed(index: number, start: number): Incident {
  const { assessment: _assessment, diagnosis: _diagnosis, ...rest } = sampleRecord(index, start);
  const dueAt = new Date(Date.now() + 86_400_000).toISOString();
  return { ...rest, status: 'reported', triage: { dueAt } };
}

/**
 * The team's records as two devices send them: six from device A and a hostile one, five from device B, one of
 * A's records changed and sent again from B (revision 2), and one report not yet assessed.
 * Detected over the hours before `now`, so the current quarter's review counts them.
 */
export function teamRecords(now = Date.now()): { a: Incident[]; b: Incident[] } {
  const start = now - 14 * 3_600_000;
  const a = Array.from({ length: 6 }, (_, i) => sampleRecord(i, start));
  a[1] = withEvidence(a[1]!, { output: `The assistant said the ${UNIQUE_PHRASE}.` });
  a.push(hostile(12, start));
  const b = Array.from({ length: 5 }, (_, i) => sampleRecord(i + 6, start));
  b.push(unassessed(11, start));
  const first = a[0]!;
  const changedAt = new Date(now - 3_600_000).toISOString();
  b.push({
    ...first,
    revision: 2,
    updatedAt: changedAt,
    whatHappened: 'Seen again on a second laptop.',
    history: [...first.history, { at: changedAt, by: 'Reviewer 2', revision: 2, action: 'Edited' }],
  });
  return { a, b };
}

/** The latest revision of each record, as the receiver keeps it. */
export function latest(records: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const record of records) {
    const held = byId.get(record.id);
    if (!held || held.revision < record.revision) byId.set(record.id, record);
  }
  return [...byId.values()];
}

/** Posts records as one device's batch with a reporter token (none in open mode); throws unless all are accepted. */
export async function sendBatch(url: string, token: string, deviceId: string, records: Incident[]): Promise<void> {
  const response = await fetch(`${url}/v1/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      schemaVersion: 1,
      batchId: crypto.randomUUID(),
      deviceId,
      sentAt: new Date().toISOString(),
      records,
    }),
  });
  const body = (await response.json()) as { accepted?: unknown[] };
  if (!response.ok || body.accepted?.length !== records.length) {
    throw new Error(`Batch not accepted (${response.status}): ${JSON.stringify(body)}`);
  }
}
