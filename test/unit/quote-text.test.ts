import { describe, expect, it } from 'vitest';
import { normaliseWhitespace, oneLine } from '../../lib/ui/text';

describe('normaliseWhitespace', () => {
  it("collapses the page's source indentation and runs of spaces", () => {
    expect(normaliseWhitespace('\n        Their renewal   is at risk\n        because\tContoso  ')).toBe(
      'Their renewal is at risk because Contoso',
    );
  });

  it('keeps paragraph breaks as one blank line', () => {
    const text = '  First paragraph\n    goes on.\n\n      \n   Second   one.\r\n\r\nThird.';
    expect(normaliseWhitespace(text)).toBe('First paragraph goes on.\n\nSecond one.\n\nThird.');
  });

  it('leaves clean text alone and gives nothing for blank text', () => {
    expect(normaliseWhitespace('Already clean.')).toBe('Already clean.');
    expect(normaliseWhitespace(' \n\t ')).toBe('');
  });
});

describe('oneLine', () => {
  it('collapses every break and truncates with an ellipsis', () => {
    expect(oneLine('a\n\n  b   c', 10)).toBe('a b c');
    expect(oneLine('word '.repeat(10), 12)).toBe('word word w…');
    expect(oneLine('word '.repeat(10), 11)).toBe('word word…');
  });
});
