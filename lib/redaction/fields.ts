import type { Evidence } from '../incident/schema';

/** Evidence as captured, before its hash is taken. */
export type EvidenceBody = Omit<Evidence, 'hash'>;

/** How a field is searched: as text, or as a URL whose pieces are decoded first. */
export type FieldShape = 'text' | 'url';

/** One string of the evidence, by its dotted path (`selectors.0.exact`). */
export interface EvidenceString {
  field: string;
  shape: FieldShape;
  value: string;
}

const FOUND = ['aiTool', 'prompt', 'model', 'conversationId', 'messageId'] as const;
const PLAIN = ['output', 'containerText', 'inputs', 'toolCalls', 'approvals'] as const;

/**
 * Every string of the evidence that came from the page or the reporter: the output, quote and
 * context, container text, title, URLs, adapter fields and the text-fragment link. Structural
 * values (source, trigger, times, hashes) are not page content and are left out.
 */
export function evidenceStrings(evidence: Partial<EvidenceBody>): EvidenceString[] {
  const out: EvidenceString[] = [];
  const add = (field: string, shape: FieldShape, value: string | undefined) => {
    if (value) out.push({ field, shape, value });
  };
  for (const key of PLAIN) add(key, 'text', evidence[key]);
  add('page.title', 'text', evidence.page?.title);
  add('page.url', 'url', evidence.page?.url);
  add('page.frameUrl', 'url', evidence.page?.frameUrl);
  add('textFragmentLink', 'url', evidence.textFragmentLink);
  for (const key of FOUND) add(`${key}.value`, 'text', evidence[key]?.value);
  (evidence.selectors ?? []).forEach((selector, index) => {
    if (selector.type === 'TextQuoteSelector') {
      add(`selectors.${index}.exact`, 'text', selector.exact);
      add(`selectors.${index}.prefix`, 'text', selector.prefix);
      add(`selectors.${index}.suffix`, 'text', selector.suffix);
    } else if (selector.type === 'CssSelector') add(`selectors.${index}.value`, 'text', selector.value);
  });
  return out;
}

/** The value at a dotted path, when it is a string. */
export function getField(target: unknown, field: string): string | undefined {
  let at: unknown = target;
  for (const part of field.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'string' ? at : undefined;
}

/** Sets the string at a dotted path of a (cloned) evidence object; the path must exist. */
export function setField(target: object, field: string, value: string): void {
  const parts = field.split('.');
  const last = parts.pop()!;
  let at = target as Record<string, unknown>;
  for (const part of parts) at = at[part] as Record<string, unknown>;
  if (typeof at?.[last] !== 'string') throw new Error(`Evidence has no text at ${field}.`);
  at[last] = value;
}

/** The paths a person can redact from, for validating a request. */
export function isEvidenceField(evidence: Partial<EvidenceBody>, field: string): boolean {
  return evidenceStrings(evidence).some((entry) => entry.field === field);
}
