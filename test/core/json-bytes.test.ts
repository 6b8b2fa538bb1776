/**
 * JsonBytes (core/json-bytes.ts) and the UTF-8 writer under it (core/bytes.ts):
 * the bytes are exactly the UTF-8 of what JSON.stringify writes, for strings
 * (ASCII, quotes, backslashes, control characters, any Unicode, lone
 * surrogates), numbers (-0, 1e21, tiny and huge), dates and every cell kind;
 * and the issue JSON written as bytes equals JSON.stringify of the DataIssue objects.
 */
import fc from 'fast-check';
import type { CellValue } from '../../core/cells';
import { putUtf8, utf8Bytes } from '../../core/bytes';
import { JsonBytes } from '../../core/json-bytes';
import {
  runForecast,
  writeDealsJson,
  writeIssuesJson,
  type ForecastResult,
} from '../../core/engine';
import { isoDates, jsonWritten, recordText } from '../engine/helpers';

const decoder = new TextDecoder();

/** What one JsonBytes wrote through put, as bytes (chunks taken along the way joined). */
function bytesOf(put: (out: JsonBytes) => void, chunk = 16): Buffer {
  const out = new JsonBytes(chunk, 4);
  put(out);
  return Buffer.from(out.take());
}

const expected = (v: unknown): Buffer => Buffer.from(JSON.stringify(v, isoDates) ?? 'null', 'utf8');

/** Strings with the characters JSON escapes and UTF-8 encodes differently. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '\\',
      '\n',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      'é',
      '中',
      '😀',
      '\ud800',
      '\udc00',
      'a',
      ' ',
    ),
  }),
);

describe('JsonBytes', () => {
  it('writes strings as JSON.stringify does, as UTF-8', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        expect(bytesOf((o) => o.string(s)).equals(expected(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('writes numbers as JSON.stringify does (null for NaN and the infinities)', () => {
    const special = [
      0,
      -0,
      1e21,
      -1e21,
      1e-7,
      5e-324,
      Number.MAX_VALUE,
      0.1 + 0.2,
      123456789.123,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (const v of special) expect(bytesOf((o) => o.number(v)).toString()).toBe(JSON.stringify(v));
    fc.assert(
      fc.property(fc.double(), (v) => {
        expect(bytesOf((o) => o.number(v)).toString()).toBe(JSON.stringify(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes cells as JSON.stringify with the date replacer does', () => {
    const cell: fc.Arbitrary<CellValue | undefined> = fc.oneof(
      nasty,
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ min: new Date(Date.UTC(-2000, 0, 1)), max: new Date(Date.UTC(12000, 0, 1)) }),
      fc.constant(new Date(Number.NaN)),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 20 }), (cells) => {
        // Taken in 16-byte chunks along the way: the same bytes.
        const parts: Uint8Array[] = [];
        const out = new JsonBytes(16, 4);
        out.utf8('[');
        cells.forEach((c, i) => {
          if (i) out.utf8(',');
          out.cell(c);
          if (out.full) parts.push(out.take());
        });
        out.utf8(']');
        parts.push(out.take());
        const want = expected(cells.map((c) => (c === undefined ? null : c)));
        expect(Buffer.concat(parts).equals(want)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes chunks into buffers given back, and never into one still held', () => {
    const out = new JsonBytes(8, 64);
    out.utf8('abcdefghij');
    const first = out.take();
    out.utf8('0123456789');
    const second = out.take();
    expect(first.buffer === second.buffer).toBe(false);
    out.give(first);
    out.utf8('ABCDEFGHIJ');
    const third = out.take();
    out.utf8('KLMNOPQRST');
    const fourth = out.take();
    // The buffer after the one in use when first was given back.
    expect(fourth.buffer === first.buffer).toBe(true);
    expect([second, third].some((c) => c.buffer === first.buffer)).toBe(false);
    expect(decoder.decode(second)).toBe('0123456789');
    expect(decoder.decode(third)).toBe('ABCDEFGHIJ');
    expect(decoder.decode(fourth)).toBe('KLMNOPQRST');
    // A buffer that grew past the size is not kept.
    out.utf8('x'.repeat(50));
    const big = out.take();
    out.give(big);
    out.utf8('y');
    expect(out.take().buffer === big.buffer).toBe(false);
  });

  it('writes text as TextEncoder does (a lone surrogate as U+FFFD)', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(nasty, (s) => {
        const buf = new Uint8Array(s.length * 3);
        const end = putUtf8(buf, 0, s);
        expect(Buffer.from(buf.subarray(0, end)).equals(Buffer.from(encoder.encode(s)))).toBe(true);
        expect(Buffer.from(utf8Bytes(s)).equals(Buffer.from(encoder.encode(s)))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

/** What a writer wrote through out (in chunks of 256 bytes), decoded, in brackets. */
const written = (write: (out: JsonBytes) => Iterable<void>): string => jsonWritten(write, 256);

const issuesJson = (result: ForecastResult) => written((out) => writeIssuesJson(result, out));
const dealsJson = (result: ForecastResult) => written((out) => writeDealsJson(result, out));

describe('the issues and deals written as bytes', () => {
  it('equal JSON.stringify of the DataIssue objects and DealRecords, whatever the cells hold', () => {
    const name = fc.oneof(nasty, fc.double(), fc.constant(null), fc.constant(''));
    const amount = fc.oneof(
      fc.double(),
      nasty,
      fc.constant(null),
      fc.constant(-0),
      fc.constant(1e21),
    );
    const close = fc.oneof(
      fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)) }),
      fc.constant(new Date(Number.NaN)),
      nasty,
      fc.constant('2025-02-30'),
    );
    const stage = fc.constantFrom(
      'Won',
      'Lost',
      'Prospecting',
      'Commit "x"',
      '阶段',
      'Negotiation',
    );
    const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'X\\Y', '€');
    const row = fc.tuple(name, stage, amount, close, currency);
    const kinds = new Set<string>();
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), nasty, (rows, header) => {
        const sheet = {
          name: 'Deals',
          values: [
            [`Opportunity ${header}`, 'Stage', 'Amount', 'Close Date', 'Currency'],
            ...rows,
          ] as CellValue[][],
        };
        const settings = { asOf: '2026-01-01', baseCurrency: 'USD', rates: [['EUR', 1.1]] };
        const fresh = runForecast(sheet, settings);
        const streamed = issuesJson(fresh);
        const deals = dealsJson(fresh);
        const reference = runForecast(sheet, settings);
        // The deals from the columns are, byte for byte, the deal records through JSON.stringify.
        const headers = reference.mapping.headers;
        expect(deals).toBe(`[${reference.deals.map((d) => recordText(d, headers)).join(',')}]`);
        for (const x of reference.issues) kinds.add(x.kind);
        expect(streamed).toBe(
          `[${reference.issues.map((x) => JSON.stringify(x, isoDates)).join(',')}]`,
        );
      }),
      { numRuns: 300 },
    );
    expect([...kinds]).toEqual(
      expect.arrayContaining(['bad-amount', 'bad-date', 'slipped', 'no-rate', 'unknown-stage']),
    );
  });
});
