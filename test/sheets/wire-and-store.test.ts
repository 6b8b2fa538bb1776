/** The pieces the server and the sidebar share: the wire format and the UTF-8 chunking of settings. */
import { CHUNK_BYTES, splitUtf8 } from '../../sheets-addon/server/settings-store';
import { decode, encode } from '../../sheets-addon/shared/wire';
import { asSheetText, needsTextGuard } from '../../sheets-addon/server/cell-text';

describe('wire', () => {
  test('dates survive the trip, nested anywhere; everything else is plain JSON', () => {
    const value = {
      asOf: '2024-03-01',
      grid: [[new Date(Date.UTC(2024, 2, 31)), 1, 'x', null, true]],
      deep: { at: new Date('2024-01-02T03:04:05.678Z') },
    };
    expect(decode(encode(value))).toEqual(value);
    expect(decode(encode([new Date(Number.NaN)]))).toEqual([null]);
    // a void result travels as null; a look-alike object that is not exactly a tag stays an object
    expect(encode(undefined)).toBe('null');
    expect(decode(encode({ $date: '2024-01-01', other: 1 }))).toEqual({
      $date: '2024-01-01',
      other: 1,
    });
    expect(typeof encode(value)).toBe('string');
  });
});

describe('settings chunks', () => {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

  test('pieces never exceed the byte budget and never split a character', () => {
    const text = `${'a'.repeat(7)}商务谈判😀${'b'.repeat(5)}`;
    for (const max of [4, 5, 8, 9, 10]) {
      const parts = splitUtf8(text, max);
      expect(parts.join('')).toBe(text);
      for (const p of parts) {
        expect(bytes(p)).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
    }
  });

  test('a budget under the 9 KB property limit, and an empty string is one empty piece', () => {
    expect(CHUNK_BYTES).toBeLessThan(9 * 1024);
    expect(splitUtf8('', CHUNK_BYTES)).toEqual(['']);
    const chinese = '阶段'.repeat(5000);
    const parts = splitUtf8(chinese, CHUNK_BYTES);
    expect(parts.join('')).toBe(chinese);
    expect(Math.max(...parts.map(bytes))).toBeLessThanOrEqual(CHUNK_BYTES);
  });
});

describe('text guard', () => {
  test.each([
    ['=SUM(A1)', true],
    ['+1 555 0100', true],
    ['-', true],
    ['@risk', true],
    ['00123', true],
    ['2024-03', true],
    ['3/15/2024', true],
    ['Mar 2024', true],
    ['TRUE', true],
    ['12%', true],
    ["'quoted", true],
    ['$1,234', true],
    ['Acme', false],
    ['FY2025 Q1', false],
    ['Q1 2024', false],
    ['May Department Stores', false],
    ['商务谈判', false],
  ])('%s -> guarded %s', (text, guarded) => {
    expect(needsTextGuard(text)).toBe(guarded);
    expect(asSheetText(text)).toBe(guarded ? `'${text}` : text);
  });
  test('an empty string stays empty', () => expect(asSheetText('')).toBe(''));
});
