/**
 * The sheet writer's byte encodings (files/xml-bytes.ts) against the text they
 * replace: numbers exactly as String(n), whole numbers as their digits, plain
 * text as itself and anything else left to xmlText.
 */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { CellValue } from '../../core/cells';
import { outputNames, type ColumnReader, type OutputSource } from '../../core/output';
import { runForecast, toOutputSources } from '../../core/engine';
import { SAMPLE_AS_OF, SAMPLE_RATES, SAMPLE_TARGETS, generateSampleSheet } from '../../core/sample';
import { writeWorkbook, writeWorkbookTo } from '../../files';
import { xmlText } from '../../files/write';
import { asciiWords, MAX_NUMBER, putNumber, putWords, viewOf } from '../../core/bytes';
import { XmlBytes } from '../../files/xml-bytes';

const decoder = new TextDecoder();

/** What the writer wrote, as text, through one call. */
function written(put: (out: XmlBytes) => unknown): { text: string; result: unknown } {
  const out = new XmlBytes({ handOver: async (buf) => buf }, 8);
  const result = put(out);
  return { text: decoder.decode(out.buf.subarray(0, out.at)), result };
}

const numberText = (v: number): string => {
  const buf = new Uint8Array(MAX_NUMBER);
  return decoder.decode(buf.subarray(0, putNumber(buf, 0, v)));
};

describe('putNumber writes what String(n) writes', () => {
  it('on property-tested doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(numberText(v)).toBe(String(v));
      }),
      { numRuns: 20_000 },
    );
  });

  it('on amounts in cents, probabilities, day serials and whole numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 0, max: 6 }), (c, k) => {
        const v = c / 10 ** k;
        expect(numberText(v)).toBe(String(v));
        expect(numberText(v * 0.75)).toBe(String(v * 0.75));
      }),
      { numRuns: 20_000 },
    );
  });

  it('on the edges: zero, -0, tiny, huge, 2^52 and 2^53, sums that are not their decimals', () => {
    const edges = [
      0,
      -0,
      1,
      -1,
      0.1,
      0.2,
      0.1 + 0.2,
      1 / 3,
      2 / 3,
      0.05,
      0.000001,
      0.0000015,
      1e-7,
      1.5e-7,
      5e-324,
      1e21,
      1e20 + 0.5,
      123456789012.34,
      2 ** 52,
      2 ** 52 + 1,
      2 ** 53,
      2 ** 53 + 2,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      4503599627370495.5,
      46707,
      46707.5,
      99999.99,
      -1234.56,
      999999.9999995,
      0.9999999,
    ];
    for (const v of edges) expect([v, numberText(v)]).toEqual([v, String(v)]);
  });

  it('whole numbers as their digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(written((o) => o.uint(n)).text).toBe(String(n));
      }),
      { numRuns: 10_000 },
    );
    for (const n of [0, 9, 10, 2147483647, 2147483648, 4294967296, 2 ** 53 - 1])
      expect(written((o) => o.uint(n)).text).toBe(String(n));
  });
});

describe('XmlBytes.plain writes only text that needs no escaping', () => {
  it('on any string: written as itself, or nothing written and left to xmlText', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.stringMatching(/^[ _x0-9A-Fa-f=+\-@&<>"]{0,12}$/),
        ),
        (s) => {
          const { text, result } = written((o) => o.plain(s));
          if (result) {
            expect(text).toBe(s);
            expect(xmlText(s)).toBe(s);
            expect(s.trim()).toBe(s);
          } else expect(text).toBe('');
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('refuses what XML or Excel would read otherwise', () => {
    for (const s of [
      'a&b',
      '<b>',
      'x>y',
      'say "hi"',
      ' pad',
      'pad ',
      'a\tb',
      '_x0041_',
      'é',
      '\u0001',
    ])
      expect([s, written((o) => o.plain(s)).result]).toEqual([s, false]);
    for (const s of ['=SUM(A1:A2)', '+1', '-1', '@x', 'Closed Won', "O'Brien", '_y', 'x_'])
      expect([s, written((o) => o.plain(s)).result]).toEqual([s, true]);
  });
});

/** The sheet XML of a one-sheet workbook, inflated from the zip (stored in write order). */
function sheetXml(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const name = 'xl/worksheets/sheet1.xml';
  // The central directory gives each part's offset and compressed size.
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    if (decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)) === name) {
      const local =
        offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
      return decoder.decode(inflateRawSync(bytes.subarray(local, local + size)));
    }
    at += 46 + nameLength + extra;
  }
  throw new Error(`${name} not found`);
}

describe('cells written as bytes read back as the values they were', () => {
  const cell = fc.oneof(
    fc.constant(null),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
    fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
    fc.boolean(),
    fc.constantFrom(
      '=1+1',
      '=SUM(A1:A9)',
      '+CMD|x',
      '@now',
      'Closed Won',
      'Yes',
      'No',
      'a&b<c>"d"',
    ),
    fc
      .string({ minLength: 1, maxLength: 8 })
      // Text exceljs reads back as written (it does not decode Excel's _xHHHH_ escapes).
      // eslint-disable-next-line no-control-regex
      .filter((s) => s.trim() === s && !/[\u0000-\u001f\ud800-\udfff\ufffe\uffff_]/.test(s)),
    fc.integer({ min: 0, max: 40_000 }).map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86_400_000)),
  );

  it('numbers, text (formula-looking text stays text), booleans and dates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 }),
        async (rows) => {
          const source: OutputSource = {
            ...outputNames('FunnelData'),
            columns: [0, 1, 2].map((c) => ({ header: `C${c}`, format: 'text' as const })),
            rowCount: rows.length,
            fillRow: (i, out) => {
              for (let c = 0; c < 3; c++) out[c] = rows[i]![c]!;
            },
          };
          const bytes = await writeWorkbook([source]);
          expect(sheetXml(bytes)).not.toContain('<f>');
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(
            bytes.buffer.slice(
              bytes.byteOffset,
              bytes.byteOffset + bytes.byteLength,
            ) as ArrayBuffer,
          );
          const ws = wb.getWorksheet('FunnelData')!;
          rows.forEach((row, i) =>
            row.forEach((v: CellValue, c) => {
              const back = ws.getRow(i + 2).getCell(c + 1);
              // A date in a column without a date format reads back as its day serial.
              if (v instanceof Date)
                expect(v.getTime() / 86_400_000 + 25_569).toBe(
                  back.value instanceof Date
                    ? back.value.getTime() / 86_400_000 + 25_569
                    : back.value,
                );
              else if (typeof v === 'string') {
                expect(back.type).toBe(ExcelJS.ValueType.String);
                expect(back.value).toBe(v);
              } else expect(back.value).toBe(v === null ? null : Object.is(v, -0) ? 0 : v);
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe("FunnelData written from the engine's typed columns", () => {
  it.each(['en', 'zh'] as const)(
    'gives the same bytes as written from its rows of cells (%s sample, bad rows included)',
    async (language) => {
      const sheet = generateSampleSheet({ language, deals: 800 });
      const result = runForecast(sheet, {
        asOf: SAMPLE_AS_OF,
        rates: SAMPLE_RATES,
        targets: SAMPLE_TARGETS,
      });
      const sources = toOutputSources(result);
      const data = sources[0]!;
      expect(data.key).toBe('FunnelData');
      expect(new Set(data.readers?.map((r) => r.kind))).toEqual(
        new Set(['number', 'label', 'day', 'cell']),
      );
      const withReaders = await writeWorkbook(sources);
      const { readers: _r, ...cellsOnly } = data;
      const withRows = await writeWorkbook([cellsOnly, ...sources.slice(1)]);
      expect(sheetXml(withReaders)).toBe(sheetXml(withRows));
      expect(Buffer.from(withReaders).equals(Buffer.from(withRows))).toBe(true);
    },
  );
});

describe("Data issues written from the engine's issue columns", () => {
  it('gives the same workbook as written from result.issues (sample: bad rows, JPY deals without a rate)', async () => {
    const sheet = generateSampleSheet({ deals: 800 });
    const run = () =>
      runForecast(sheet, {
        asOf: SAMPLE_AS_OF,
        rates: SAMPLE_RATES,
        targets: SAMPLE_TARGETS,
      });
    const typed = toOutputSources(run());
    const issues = typed.find((s) => s.key === 'DataIssues')!;
    expect(issues.readers).toHaveLength(issues.columns.length);
    expect(issues.rowCount).toBeGreaterThan(100);
    const result = run();
    const kinds = new Set(result.issues.map((x) => x.kind)); // read: built from the objects
    expect(kinds).toContain('no-rate');
    expect(kinds.size).toBeGreaterThan(4);
    const fromObjects = toOutputSources(result);
    expect(fromObjects.find((s) => s.key === 'DataIssues')!.readers).toBeUndefined();
    const withReaders = await writeWorkbook(typed);
    const withRows = await writeWorkbook(fromObjects);
    expect(Buffer.from(withReaders).equals(Buffer.from(withRows))).toBe(true);
  });
});

describe('words: constant tags written four bytes at a time', () => {
  it('put the text at any offset and end where it ends, leaving the bytes before alone', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)) }),
        fc.integer({ min: 0, max: 13 }),
        (s, at) => {
          const buf = new Uint8Array(at + s.length + 8).fill(33);
          const end = putWords(viewOf(buf), at, asciiWords(s));
          expect(end).toBe(at + s.length);
          expect(decoder.decode(buf.subarray(0, end))).toBe('!'.repeat(at) + s);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('putNumber fast paths give what String(n) gives', () => {
  const text = numberText;

  it('whole numbers around 2^31 and amounts in cents below 2^31 / 100', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31) - 100, max: 2 ** 31 + 100 }),
        fc.integer({ min: 0, max: 3 }),
        (c, k) => {
          const v = c / 10 ** k;
          expect(text(v)).toBe(String(v));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const v of [
      2147483647, 2147483648, -2147483647, 21474836.47, 21474835.99, 21474836.01, 0.01, 0.05, 0.1,
      0.99, 1.1, 10.1, 99999.99, 12345.6, 0.005, 0.015, 1e-6, 0.000001,
    ])
      expect([v, text(v)]).toEqual([v, String(v)]);
  });

  it('sums and products of amounts (not their decimals), as the forecast computes them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2e9 }),
        fc.integer({ min: 0, max: 100 }),
        (cents, pct) => {
          const v = (cents / 100) * (pct / 100);
          expect(text(v)).toBe(String(v));
          const w = cents / 100 + 0.1;
          expect(text(w)).toBe(String(w));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('a table written from typed column readers', () => {
  /**
   * Readers over generated rows, with what the fast paths must get right: a label list
   * that repeats a text and grows while it is read, blank and out-of-range labels, a
   * styled label column, more distinct labels than the shared table takes, days before
   * 1900-03-01, numbers that are not finite, cells of every kind, a text past Excel's limit,
   * and a coded column (a CSV's interned texts: two codes of one text, a text to escape) whose
   * cells without a code, read as cells, repeat the coded texts in between.
   */
  function typedSource(n: number, seed: number): OutputSource {
    let x = seed;
    const rand = (m: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % m;
    };
    const growing: string[] = ['A', 'B', 'A', ''];
    const codedTexts = ['A', 'B', 'A', 'C&D'];
    const many: string[] = [];
    const cols = Array.from({ length: n }, (_, i) => ({
      grow:
        rand(6) === 0 ? growing.length + rand(3) : rand(growing.length + 1) - (i % 7 === 0 ? 1 : 0),
      many: rand(3) === 0 ? rand(50) : 50 + i,
      num: [NaN, Infinity, -0, 0.75, 1234.5, 99.99, 1 / 3, 46707][rand(8)]!,
      day: [NaN, -25569, -25568 + 59, -25568 + 60, -25568 + 61, 0, 20_000][rand(7)]!,
      coded: rand(5) - 1,
      uncoded: ['A', 'B', 7, null, 'E', 'C&D'][rand(6)]!,
      cell: [
        null,
        '',
        true,
        false,
        12.5,
        'Yes',
        'a&b',
        new Date(Date.UTC(1899, 11, 31)),
        'x'.repeat(40_000),
      ][rand(9)]!,
    }));
    const growLabels = (k: number): number => {
      while (growing.length <= k) growing.push(`G${growing.length % 5}`);
      return k;
    };
    const manyLabels = (k: number): number => {
      while (many.length <= k) many.push(`M${many.length}`);
      return k;
    };
    const readers: ColumnReader[] = [
      {
        kind: 'label',
        labels: growing,
        at: (i) => (cols[i]!.grow < 0 ? -1 : growLabels(cols[i]!.grow)),
      },
      { kind: 'label', labels: ['No', 'Yes', 'No'], at: (i) => (i % 4 === 3 ? 7 : i % 3) },
      { kind: 'label', labels: many, at: (i) => manyLabels(cols[i]!.many) },
      { kind: 'number', at: (i) => cols[i]!.num },
      { kind: 'day', at: (i) => cols[i]!.day },
      { kind: 'cell', at: (i) => cols[i]!.cell },
      {
        kind: 'cell',
        texts: codedTexts,
        code: (i) => cols[i]!.coded,
        at: (i) => (cols[i]!.coded >= 0 ? codedTexts[cols[i]!.coded]! : cols[i]!.uncoded),
      },
    ];
    return {
      ...outputNames('FunnelData'),
      columns: [
        { header: 'Grow', format: 'text' },
        { header: 'Styled', format: 'currency' },
        { header: 'Many', format: 'text' },
        { header: 'Number', format: 'number' },
        { header: 'Day', format: 'date' },
        { header: 'Cell', format: 'text' },
        { header: 'Coded', format: 'text' },
      ],
      rowCount: n,
      readers,
      fillRow(i, row) {
        readers.forEach((r, c) => {
          if (r.kind === 'label') {
            const k = r.at(i);
            row[c] = k >= 0 && k < r.labels.length ? r.labels[k]! : null;
          } else if (r.kind === 'number') {
            const v = r.at(i);
            row[c] = v === v ? v : null;
          } else if (r.kind === 'day') {
            const d = r.at(i);
            row[c] = d === d ? new Date(d * 86_400_000) : null;
          } else row[c] = r.at(i);
        });
      },
    };
  }

  /** The workbook's bytes and the texts it cut. */
  async function workbookOf(
    source: OutputSource,
  ): Promise<{ bytes: Buffer; truncated: unknown[] }> {
    const chunks: Uint8Array[] = [];
    const { truncated } = await writeWorkbookTo([source], {
      write: (b) => void chunks.push(b.slice()),
    });
    return { bytes: Buffer.concat(chunks), truncated };
  }

  it.each([1, 7, 2_500])('gives the bytes its rows of cells give (%i rows)', async (n) => {
    for (const seed of [1, 2, 3]) {
      const a = await workbookOf(typedSource(n, seed));
      const { readers: _r, ...rowsOnly } = typedSource(n, seed);
      const b = await workbookOf(rowsOnly);
      expect(sheetXml(a.bytes)).toBe(sheetXml(b.bytes));
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
      expect(a.truncated).toEqual(b.truncated);
      if (n > 100) expect(a.truncated.length).toBeGreaterThan(0);
    }
  });
});
