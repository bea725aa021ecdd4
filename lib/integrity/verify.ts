import { z } from 'zod';
import { ChainLinkSchema, EXPORT_KIND, EXPORT_SCHEMA_VERSION } from '../log/envelope';
import { parseUntrustedJson } from '../log/safe-json';
import { canonicalJson } from './canonical-json';
import { GENESIS, recordHash, type ChainLink } from './chain';
import { sha256Hex } from './sha256';
import { runAtOnce, runPaced, type Pacer } from '../log/pace';

/** Why a file failed verification; `id` names the record where one is to blame. */
export interface VerifyProblem {
  kind: 'unreadable' | 'chain-broken' | 'record-changed' | 'record-unchained' | 'count-mismatch';
  message: string;
  id?: string;
  revision?: number;
}

/** The verdict on an export file: intact, or what is wrong with it. */
export type VerifyResult =
  { ok: true; records: number; links: number } | { ok: false; problems: VerifyProblem[]; changedIds: string[] };

// Only what verification needs: the record bodies are hashed exactly as they are in the file.
const VerifiableSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
  count: z.int().min(0),
  records: z.array(z.record(z.string(), z.unknown())),
  chain: z.object({ links: z.array(ChainLinkSchema) }),
});

const fail = (problems: VerifyProblem[]): VerifyResult => ({
  ok: false,
  problems,
  changedIds: [...new Set(problems.flatMap((p) => (p.id && p.kind !== 'chain-broken' ? [p.id] : [])))],
});

/** A short reason why a file is not a verifiable export, or undefined when its header is right. */
export function headerProblem(value: unknown): string | undefined {
  const head = value as { kind?: unknown; schemaVersion?: unknown } | null;
  if (head === null || typeof head !== 'object' || Array.isArray(head) || head.kind !== EXPORT_KIND) {
    return 'This is not a Flagline incident export (its "kind" is not "flagline-incidents").';
  }
  if (head.schemaVersion !== EXPORT_SCHEMA_VERSION) {
    return `Export schema version ${JSON.stringify(head.schemaVersion)} is not supported; this version of Flagline reads version ${EXPORT_SCHEMA_VERSION}.`;
  }
  return undefined;
}

/** Checks each link's own hash and its tie to the previous link, from the first link on. */
export function chainProblems(links: readonly ChainLink[]): VerifyProblem[] {
  return runAtOnce(chainSteps(links));
}

/** How many links or records are checked between chances to pause. */
const STEP = 128;

function* chainSteps(links: readonly ChainLink[]): Generator<void, VerifyProblem[]> {
  let previous: ChainLink | undefined;
  for (const [index, link] of links.entries()) {
    if (index % STEP === STEP - 1) yield;
    const where = `link ${link.seq} (record ${link.id}, revision ${link.revision})`;
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (link.seq !== expectedSeq) {
      return [{ kind: 'chain-broken', message: `The chain is broken: link ${expectedSeq} is missing.` }];
    }
    const prevHash = previous?.hash ?? GENESIS;
    if (link.prevHash !== prevHash) {
      return [
        { kind: 'chain-broken', message: `The chain is broken at ${where}: it does not follow the link before.` },
      ];
    }
    const { hash, ...body } = link;
    if (sha256Hex(canonicalJson(body)) !== hash) {
      return [{ kind: 'chain-broken', message: `The chain is broken at ${where}: the link was changed.` }];
    }
    previous = link;
  }
  return [];
}

/**
 * Verifies a parsed export: the chain is whole from its first link, and every record's hash is
 * the `recordHash` of the link written for that revision. A record edited after export no longer
 * matches its link, and is named.
 */
export function verifyExport(value: unknown): VerifyResult {
  return runAtOnce(verifySteps(value));
}

/** `verifyExport` in steps, giving the page back whenever `pace` says so (import in the side panel). */
export function verifyExportPaced(value: unknown, pace: Pacer): Promise<VerifyResult> {
  return runPaced(verifySteps(value), pace);
}

function* verifySteps(value: unknown): Generator<void, VerifyResult> {
  const header = headerProblem(value);
  if (header) return fail([{ kind: 'unreadable', message: header }]);
  const parsed = VerifiableSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(file)';
    return fail([{ kind: 'unreadable', message: `The file is not a complete export: ${path}: ${issue?.message}.` }]);
  }
  const { records, chain, count } = parsed.data;
  const problems = yield* chainSteps(chain.links);
  const hashesOf = new Map<string, Set<string>>();
  for (const link of chain.links) {
    const key = `${link.id}:${link.revision}`;
    hashesOf.set(key, (hashesOf.get(key) ?? new Set()).add(link.recordHash));
  }
  if (count !== records.length) {
    problems.push({ kind: 'count-mismatch', message: `The file says ${count} records but holds ${records.length}.` });
  }
  for (const [index, record] of records.entries()) {
    if (index % STEP === STEP - 1) yield;
    const id = typeof record.id === 'string' ? record.id : `records[${index}]`;
    const revision = typeof record.revision === 'number' ? record.revision : undefined;
    const known = hashesOf.get(`${String(record.id)}:${String(record.revision)}`);
    if (!known) {
      problems.push({
        kind: 'record-unchained',
        id,
        revision,
        message: `Record ${id} (revision ${revision ?? '?'}) has no link in the chain: it was added or its id or revision changed.`,
      });
    } else if (!known.has(recordHash(record))) {
      problems.push({
        kind: 'record-changed',
        id,
        revision,
        message: `Record ${id} (revision ${revision}) was changed: it no longer matches its hash in the chain.`,
      });
    }
  }
  return problems.length ? fail(problems) : { ok: true, records: records.length, links: chain.links.length };
}

/** Verifies an export file's text, refusing hostile files the way import does. */
export function verifyExportText(text: string, byteLength?: number): VerifyResult {
  const parsed = parseUntrustedJson(text, byteLength);
  if (!parsed.ok) return fail([{ kind: 'unreadable', message: parsed.message }]);
  return verifyExport(parsed.value);
}

/** One paragraph that says whether a file is intact and, if not, why. */
export function describeVerification(result: VerifyResult): string {
  if (result.ok) {
    return `Intact: ${result.records} record${result.records === 1 ? '' : 's'} match a whole chain of ${result.links} link${result.links === 1 ? '' : 's'}.`;
  }
  // A file edited wholesale could name thousands of records; the first few say enough.
  const shown = result.problems.slice(0, 5).map((p) => p.message);
  const more = result.problems.length - shown.length;
  return `Not intact. ${shown.join(' ')}${more > 0 ? ` And ${more} more problem${more === 1 ? '' : 's'}.` : ''}`;
}
