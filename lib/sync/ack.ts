import { z } from 'zod';
import { refKey, type Ack } from './contract';

/** Over-long words from an endpoint are cut to this, not refused. */
const MAX_MESSAGE = 2_000;
const cut = (max: number) => z.string().overwrite((text) => text.slice(0, max));

/**
 * The acknowledgement as the extension reads it: the contract's shape, but tolerant of what does
 * not change its meaning. Unknown fields are ignored and long messages cut; a list item without a
 * usable id and revision cannot acknowledge anything, so it fails the answer.
 */
const Ref = z.object({ id: z.string().min(1).max(100), revision: z.int().min(1) });
const LenientAckSchema = z.object({
  accepted: z.array(Ref).optional(),
  duplicate: z.array(Ref).optional(),
  conflict: z.array(Ref.extend({ storedHash: cut(128).optional(), sentHash: cut(128).optional() })).optional(),
  rejected: z
    .array(
      Ref.extend({ code: cut(100).optional().default('rejected'), message: cut(MAX_MESSAGE).optional().default('') }),
    )
    .optional(),
  dryRun: z.boolean().optional(),
});

const LISTS = ['accepted', 'duplicate', 'conflict', 'rejected'] as const;

/** Parses a body as an acknowledgement, or returns undefined when it is not one. */
export function readAck(raw: string): Ack | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = LenientAckSchema.safeParse(json);
  // An object with none of the lists is some other answer (`{"ok":true}`), not an acknowledgement.
  if (!parsed.success || !LISTS.some((list) => Array.isArray(parsed.data[list]))) return undefined;
  const { conflict, ...rest } = parsed.data;
  return {
    ...rest,
    conflict: conflict?.map((c) => ({ ...c, storedHash: c.storedHash ?? '', sentHash: c.sentHash ?? '' })),
  };
}

/** What an acknowledgement says of each record of a batch, by outbox key. */
export interface AckVerdicts {
  stored: Set<string>;
  conflict: Map<string, { storedHash: string; sentHash: string }>;
  rejected: Map<string, string>;
  /** Keys of the batch the answer does not mention: not stored. */
  unanswered: string[];
}

/**
 * Sorts a 2xx answer by record. Only a record the answer names as accepted or duplicate counts
 * as stored; a record named as rejected wins over any other mention; names outside the batch
 * are ignored (a confused endpoint must not acknowledge what it was not sent).
 */
export function verdicts(keys: readonly string[], ack: Ack): AckVerdicts {
  const inBatch = new Set(keys);
  const rejected = new Map<string, string>();
  for (const r of ack.rejected ?? []) {
    if (inBatch.has(refKey(r))) rejected.set(refKey(r), r.message ? `${r.message} (${r.code})` : `Refused (${r.code})`);
  }
  const conflict = new Map<string, { storedHash: string; sentHash: string }>();
  for (const c of ack.conflict ?? []) {
    const key = refKey(c);
    if (inBatch.has(key) && !rejected.has(key)) conflict.set(key, { storedHash: c.storedHash, sentHash: c.sentHash });
  }
  const stored = new Set<string>();
  for (const ref of [...(ack.accepted ?? []), ...(ack.duplicate ?? [])]) {
    const key = refKey(ref);
    if (inBatch.has(key) && !rejected.has(key) && !conflict.has(key)) stored.add(key);
  }
  const unanswered = keys.filter((key) => !stored.has(key) && !rejected.has(key) && !conflict.has(key));
  return { stored, conflict, rejected, unanswered };
}
