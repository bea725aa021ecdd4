import { describe, expect, it } from 'vitest';
import {
  findDuplicateCandidates,
  isNewFlag,
  nearIdenticalQuotes,
  normaliseQuote,
  pageWithoutHash,
} from '../../lib/incident/duplicates';
import type { Incident } from '../../lib/incident/schema';
import { sampleRecord } from '../../lib/log/sample';

const QUOTE = 'Dear Ms Patel, your account balance of $12,400 is overdue.';

/** A flagged record created at `created` on `url`, quoting `output`, optionally with a message id. */
function flag(
  n: number,
  created: string,
  fields: { output?: string; url?: string; messageId?: string; status?: Incident['status']; manual?: boolean } = {},
): Incident {
  const base = sampleRecord(n);
  return {
    ...base,
    createdAt: created,
    status: fields.status ?? 'draft',
    evidence: {
      ...base.evidence,
      output: fields.output ?? QUOTE,
      source: fields.manual ? 'manual' : 'selection',
      trigger: fields.manual ? 'manual' : 'button',
      page: { ...base.evidence.page, url: fields.url ?? 'https://chat.example.com/c/42' },
      ...(fields.messageId ? { messageId: { value: fields.messageId, foundBy: 'data-message-id' } } : {}),
    },
  };
}

describe('near-identical quotes', () => {
  it('folds whitespace and case', () => {
    expect(normaliseQuote('  Dear\n\tMs  PATEL ')).toBe('dear ms patel');
    expect(nearIdenticalQuotes('Dear  Ms Patel,\nyour account', 'dear ms patel, YOUR ACCOUNT')).toBe(true);
  });

  it('accepts one quote inside the other when it covers at least 90% of it', () => {
    // 20 characters inside 22: 90.9%.
    expect(nearIdenticalQuotes('abcdefghijklmnopqrst', 'abcdefghijklmnopqrstuv')).toBe(true);
    // 18 inside 20: exactly 90%.
    expect(nearIdenticalQuotes('abcdefghijklmnopqr', 'abcdefghijklmnopqrst')).toBe(true);
    // 17 inside 20: 85%.
    expect(nearIdenticalQuotes('abcdefghijklmnopq', 'abcdefghijklmnopqrst')).toBe(false);
  });

  it('refuses different text of the same length and empty quotes', () => {
    expect(nearIdenticalQuotes('the balance is $12,400', 'the balance is $12,500')).toBe(false);
    expect(nearIdenticalQuotes('   ', '   ')).toBe(false);
  });

  it('ignores the # part of a page address', () => {
    expect(pageWithoutHash('https://a.example/c/1#:~:text=Dear')).toBe('https://a.example/c/1');
    expect(pageWithoutHash('https://a.example/c/1')).toBe('https://a.example/c/1');
  });
});

describe('findDuplicateCandidates', () => {
  const original = flag(1, '2026-05-01T09:00:00.000Z', { status: 'reported', messageId: 'msg-7' });

  it('offers an older open record on the same page with a near-identical quote', () => {
    const again = flag(2, '2026-05-01T09:05:00.000Z', {
      output: `  ${QUOTE.toUpperCase()} `,
      url: 'https://chat.example.com/c/42#:~:text=Dear',
    });
    expect(findDuplicateCandidates(again, [original, again]).map((r) => r.id)).toEqual([original.id]);
  });

  it('matches by message id even when the page address differs', () => {
    const elsewhere = flag(3, '2026-05-01T09:10:00.000Z', {
      url: 'https://chat.example.com/share/9',
      messageId: 'msg-7',
    });
    expect(findDuplicateCandidates(elsewhere, [original])).toEqual([original]);
  });

  it('needs the same message: another page and message id is not a duplicate', () => {
    const other = flag(4, '2026-05-01T09:10:00.000Z', { url: 'https://chat.example.com/c/43', messageId: 'msg-8' });
    expect(findDuplicateCandidates(other, [original])).toEqual([]);
  });

  it('needs a near-identical quote: another sentence of the same message is not a duplicate', () => {
    const part = flag(5, '2026-05-01T09:10:00.000Z', { output: 'your account balance', messageId: 'msg-7' });
    expect(findDuplicateCandidates(part, [original])).toEqual([]);
  });

  it('leaves out declined and merged records, and newer ones', () => {
    const declined = { ...flag(6, '2026-05-01T08:00:00.000Z', { status: 'declined' }), declined: { reason: 'Test' } };
    const merged = { ...flag(7, '2026-05-01T08:10:00.000Z', { status: 'merged' }), mergedInto: original.id };
    const newer = flag(8, '2026-05-01T10:00:00.000Z');
    const again = flag(9, '2026-05-01T09:30:00.000Z');
    expect(findDuplicateCandidates(again, [newer, declined, merged, original])).toEqual([original]);
    // The original is older than every other flag: it is offered as nobody's duplicate.
    expect(findDuplicateCandidates({ ...original, status: 'draft' }, [again, newer])).toEqual([]);
  });

  it('lists several candidates oldest first, contained records included', () => {
    const contained = flag(10, '2026-05-01T08:30:00.000Z', { status: 'contained' });
    const again = flag(11, '2026-05-01T09:30:00.000Z');
    expect(findDuplicateCandidates(again, [original, contained]).map((r) => r.id)).toEqual([contained.id, original.id]);
  });

  it('only looks for duplicates of a new flag: a draft or reported record from a page', () => {
    const later = (fields: Parameters<typeof flag>[2]) => flag(12, '2026-05-01T09:30:00.000Z', fields);
    expect(isNewFlag(later({ status: 'draft' }))).toBe(true);
    expect(isNewFlag(later({ status: 'reported' }))).toBe(true);
    expect(findDuplicateCandidates(later({ status: 'contained' }), [original])).toEqual([]);
    expect(findDuplicateCandidates(later({ manual: true }), [original])).toEqual([]);
    expect(findDuplicateCandidates(later({ status: 'merged' }), [original])).toEqual([]);
  });
});
