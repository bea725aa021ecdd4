import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/integrity/canonical-json';

describe('canonicalJson', () => {
  it('serialises objects the same whatever the key insertion order', () => {
    const a = { b: 1, a: 2, c: { y: true, x: null } };
    const b = { c: { x: null, y: true }, a: 2, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":2,"b":1,"c":{"x":null,"y":true}}');
  });

  it('sorts keys by UTF-16 code unit, not by insertion or integer-key order', () => {
    // Object.keys would list "9" and "10" first (integer-like keys); the canonical order is code units.
    const value = { b: 1, é: 2, B: 3, a: 4, '10': 5, '9': 6 };
    expect(canonicalJson(value)).toBe('{"10":5,"9":6,"B":3,"a":4,"b":1,"é":2}');
  });

  it('handles nested arrays and objects, keeping array order', () => {
    const value = { z: [{ b: 1, a: [3, 2, 1] }, [[]], {}], a: { d: [null, 'x', false], c: 0.5 } };
    expect(canonicalJson(value)).toBe('{"a":{"c":0.5,"d":[null,"x",false]},"z":[{"a":[3,2,1],"b":1},[[]],{}]}');
  });

  it('is the same as JSON.stringify for a value without key-order differences', () => {
    const value = { a: [1, 'two', { b: null }], c: 'text', d: -0.25 };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('drops undefined object members, as JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('writes undefined array items as null, as JSON.stringify does', () => {
    expect(canonicalJson([1, undefined, 3])).toBe('[1,null,3]');
  });

  it.each([
    ['null', null, 'null'],
    ['true', true, 'true'],
    ['zero', 0, '0'],
    ['negative zero', -0, '0'],
    ['a fraction', -12.5, '-12.5'],
    ['a large number', 1e21, '1e+21'],
    ['a string with quotes and a newline', 'say "hi"\n', '"say \\"hi\\"\\n"'],
  ])('serialises %s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN inside an object', { a: { b: Number.NaN } }],
    ['Infinity inside an array', [1, Number.POSITIVE_INFINITY]],
  ])('throws on a non-finite number: %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson(value)).toThrow(/non-finite/);
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
  ])('throws on a top-level value JSON cannot represent: %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('keeps unicode strings as their characters (keys and values)', () => {
    const value = { 名前: 'Zoë — 日本語 ✓ 🚩', emoji: '👩🏽‍💻' };
    const text = canonicalJson(value);
    expect(text).toBe('{"emoji":"👩🏽‍💻","名前":"Zoë — 日本語 ✓ 🚩"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('escapes lone surrogates so the output is well-formed', () => {
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });

  it('distinguishes values that differ only in a nested field', () => {
    expect(canonicalJson({ a: { b: [1, 2] } })).not.toBe(canonicalJson({ a: { b: [2, 1] } }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});
