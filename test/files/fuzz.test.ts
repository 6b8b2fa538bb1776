/**
 * Fuzzing the file path (issue 9, item 18): generated CSV bytes (line endings,
 * quotes, delimiters, encodings, separators, ragged rows, huge numbers, blank
 * lines) and generated XLSX structures. The property: the run either stops
 * with a clear error (FileReadError or FunnelError, with a message) or
 * accounts for every record of the file (deals = records, counted + not
 * counted = deals, every deal not counted has a reason), and no number in the
 * result is NaN or infinite.
 */
import fc from 'fast-check';
import { isFunnelError } from '../../core/errors';
import { runForecast } from '../../core/engine';
import type { ForecastResult } from '../../core/engine';
import { FileReadError, readTableFile } from '../../files';
import { workbook } from './support/xlsx';

const HEADERS = ['Opportunity', 'Amount', 'Stage', 'Close Date', 'Owner', 'Region', 'Probability'];
const SETTINGS = { asOf: '2026-06-30', segmentBy: ['Region'] };

const cellText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('Committed', 'Won', 'Lost', 'Pipeline', 'Upside', '评估中'),
  },
  { weight: 3, arbitrary: fc.integer({ min: -1e6, max: 1e9 }).map(String) },
  { weight: 2, arbitrary: fc.double({ min: -1e7, max: 1e7, noNaN: true }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '1,500',
      '1.234,56',
      '2.000',
      '$1,200.50',
      '(300)',
      '12.5万',
      '75%',
      '0.4',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('9'.repeat(330), `1${'0'.repeat(400)}`, '1e308', '-0') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-03-15',
      '15/03/2026',
      '3/15/2026',
      '01/08/2026',
      '2026年3月15日',
      '45000',
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', 'Müller', 'José'),
  },
  { weight: 1, arbitrary: fc.constant('') },
);

interface CsvCase {
  records: string[][];
  delimiter: string;
  endings: string[];
  blankBefore: boolean[];
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-bom' | 'utf-16be' | 'windows-1252';
  quoteAll: boolean;
}

const csvCase: fc.Arbitrary<CsvCase> = fc
  .record({
    rows: fc.array(
      fc.array(cellText, { minLength: HEADERS.length - 1, maxLength: HEADERS.length + 1 }),
      { minLength: 0, maxLength: 25 },
    ),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    endingPool: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 30, maxLength: 30 }),
    blanks: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    encoding: fc.constantFrom(
      'utf-8',
      'utf-8-bom',
      'utf-16le',
      'utf-16le-bom',
      'utf-16be',
      'windows-1252',
    ) as fc.Arbitrary<CsvCase['encoding']>,
    quoteAll: fc.boolean(),
  })
  .map(({ rows, delimiter, endingPool, blanks, encoding, quoteAll }) => ({
    records: rows,
    delimiter,
    endings: endingPool,
    blankBefore: blanks.map((b, i) => b && i % 4 === 0),
    encoding,
    quoteAll,
  }));

function field(text: string, d: string, quoteAll: boolean): string {
  const needs =
    text.includes(d) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needs || quoteAll ? `"${text.replace(/"/g, '""')}"` : text;
}

function encode(text: string, encoding: CsvCase['encoding']): Uint8Array {
  const utf16 = (t: string, big: boolean, bom: boolean) => {
    const body = bom ? `\uFEFF${t}` : t;
    const out = new Uint8Array(body.length * 2);
    for (let i = 0; i < body.length; i++) {
      const c = body.charCodeAt(i);
      out[i * 2 + (big ? 1 : 0)] = c & 0xff;
      out[i * 2 + (big ? 0 : 1)] = c >> 8;
    }
    return out;
  };
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'utf-16le':
      return utf16(text, false, false);
    case 'utf-16le-bom':
      return utf16(text, false, true);
    case 'utf-16be':
      return utf16(text, true, true);
    case 'windows-1252':
      return Uint8Array.from([...text].map((c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 63)));
  }
}

/** Non-blank after trimming: the records that must each become a deal row. */
const filled = (cells: string[]) => cells.some((c) => c.trim() !== '');

function checkAccounted(r: ForecastResult, records: number): void {
  expect(r.counts.rows).toBe(records);
  expect(r.counts.counted + r.counts.excluded).toBe(r.counts.rows);
  const deals = r.deals;
  const reported = new Set(r.issues.filter((i) => !i.rowKept).map((i) => i.row));
  for (const d of deals) {
    if (!d.counted) expect(reported.has(d.row)).toBe(true);
    for (const v of [d.amount, d.weighted, d.probability]) {
      if (v !== null) expect(Number.isFinite(v)).toBe(true);
    }
  }
  for (const row of r.forecast) {
    for (const v of Object.values(row)) {
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }
  }
  for (const row of [...r.funnel, ...r.reps, ...r.tiers]) {
    for (const v of Object.values(row)) {
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }
  }
}

function clearError(e: unknown): boolean {
  return (
    (e instanceof FileReadError || isFunnelError(e)) &&
    typeof (e as Error).message === 'string' &&
    (e as Error).message.length > 10 &&
    !/undefined|Invalid string length|Cannot read properties/.test((e as Error).message)
  );
}

describe('fuzz: the file path accounts for every record or stops with a clear error', () => {
  it('generated CSV files', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        let text = HEADERS.map((h) => field(h, c.delimiter, c.quoteAll)).join(c.delimiter);
        c.records.forEach((cells, i) => {
          const end = c.endings[i % c.endings.length]!;
          if (c.blankBefore[i % c.blankBefore.length]) text += end;
          text += end + cells.map((t) => field(t, c.delimiter, c.quoteAll)).join(c.delimiter);
        });
        if (c.endings[0] === '\n') text += '\n';
        const bytes = encode(text, c.encoding);
        let result: ForecastResult;
        try {
          const [sheet] = await readTableFile('fuzz.csv', bytes);
          result = runForecast(sheet!, SETTINGS);
        } catch (e) {
          if (clearError(e)) return;
          throw e;
        }
        checkAccounted(result, c.records.filter(filled).length);
      }),
      { numRuns: 300 },
    );
  });

  const xlsxCell = fc.oneof(
    fc.integer({ min: -1e6, max: 1e9 }),
    // (-0 is written "0" in XML, as Excel does)
    fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
      .map((x) => (Object.is(x, -0) ? 0 : x)),
    fc.constantFrom('Committed', 'Won', 'Lost', 'Pipeline', '2026-03-15', '1,500', 'x & <y>'),
    fc.constant(null),
  );

  it('generated XLSX structures (with and without r, hidden sheets, shared and inline strings)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(xlsxCell, { minLength: 1, maxLength: HEADERS.length + 1 }), {
          maxLength: 20,
        }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (rows, withRefs, shared, hiddenFirst) => {
          const strings: string[] = [];
          const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
          const cellXml = (v: string | number | null, r: number, c: number) => {
            const ref = withRefs ? ` r="${String.fromCharCode(65 + c)}${r}"` : '';
            if (v === null) return `<c${ref}/>`;
            if (typeof v === 'number') return `<c${ref}><v>${v}</v></c>`;
            if (shared) {
              strings.push(esc(v));
              return `<c${ref} t="s"><v>${strings.length - 1}</v></c>`;
            }
            return `<c${ref} t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
          };
          const all = [HEADERS as (string | number | null)[], ...rows];
          const xml = all
            .map(
              (cells, r) =>
                `<row${withRefs ? ` r="${r + 1}"` : ''}>${cells.map((v, c) => cellXml(v, r + 1, c)).join('')}</row>`,
            )
            .join('');
          const sheets = [{ name: 'Deals', rows: xml }];
          if (hiddenFirst) sheets.unshift({ name: 'Old', rows: '', state: 'hidden' } as never);
          const bytes = workbook(sheets, { sharedStrings: shared ? strings : [] });
          let result: ForecastResult;
          try {
            const read = await readTableFile('fuzz.xlsx', bytes);
            expect(read.map((s) => s.name)).toEqual(['Deals']);
            // Each generated cell is where it was written.
            rows.forEach((cells, r) =>
              cells.forEach((v, c) => {
                const got = read[0]!.values[r + 1]?.[c] ?? null;
                expect(got).toEqual(v);
              }),
            );
            result = runForecast(read[0]!, SETTINGS);
          } catch (e) {
            if (clearError(e)) return;
            throw e;
          }
          const records = rows.filter((cells) =>
            cells.some((v) => v !== null && !(typeof v === 'string' && v.trim() === '')),
          ).length;
          checkAccounted(result, records);
        },
      ),
      { numRuns: 150 },
    );
  });
});
