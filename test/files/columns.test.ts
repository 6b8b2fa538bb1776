/**
 * The CSV reader's columns (issue 10): a run reads a CSV through the reader's
 * CellSource and never builds the row grid; the columns hold the same cells
 * as the rows (each record's exact count, null beyond it), and a run on them
 * gives the same result, issues and notes as a run on the rows.
 */
import fc from 'fast-check';
import { gridSource } from '../../core/cells';
import { drillData, runForecast, toOutputTables } from '../../core/engine';
import { snapshotOf } from '../../core/change';
import type { SourceSheet } from '../../core/engine';
import { readCsv } from '../../files';
import { parseCsvColumns, textCell } from '../../files/csv';

const enc = (text: string) => new TextEncoder().encode(text);
const AS_OF = { asOf: '2026-06-30', segmentBy: ['Region'] };

/** A file with every kind of record: ragged rows, blank lines, bad cells, quotes, ids. */
const TEXT = [
  'Opportunity ID,Account,Amount,Stage,Close Date,Owner,Region',
  '006A0000000000000001,Acme,1200.50,Prospecting,2026-03-15,Rep 1,EMEA',
  '006A0000000000000002,Acme,-300,Negotiation,2026-09-01,Rep 2,APAC',
  '',
  '006A0000000000000003,"Big, Co",USD 2,000,Closed Won,2026-05-02,Rep 1,EMEA',
  '006A0000000000000004,Beta,abc,Nowhere,not a date,Rep 3,"North ""A"""',
  '006A0000000000000005,Beta,,,,,',
  '006A0000000000000006,Gamma,15.000,Closed Lost,15/03/2026,Rep 2,EMEA,extra',
  '006A0000000000000007,Gamma,700,Proposal,2026-07-07,Rep 3',
  ',,,,,,',
  'x-8,Delta,900,Proposal,2026-08-08,Rep 1,APAC',
  '',
].join('\n');

/** Runs comparable as JSON: the tables, counts, notes and every issue. */
function view(sheet: SourceSheet, withDeals = false): string {
  const r = runForecast(sheet, AS_OF);
  return JSON.stringify({
    mapping: r.mapping,
    forecast: r.forecast,
    funnel: r.funnel,
    tiers: r.tiers,
    reps: r.reps,
    counts: r.counts,
    notes: r.notes,
    issues: r.issues,
    deals: withDeals ? r.deals : null,
  });
}

describe('a CSV read as columns', () => {
  it('a run reads the columns and never builds the rows, with the result of a run on the rows', () => {
    const columns = readCsv('d.csv', enc(TEXT));
    Object.defineProperty(columns, 'values', {
      get() {
        throw new Error('the run built the row grid');
      },
    });
    const rows = readCsv('d.csv', enc(TEXT));
    const grid: SourceSheet = { ...rows, values: rows.values, cells: undefined };
    const fromColumns = runForecast(columns, AS_OF);
    expect(fromColumns.counts.rows).toBe(8);
    expect(fromColumns.issues.some((i) => i.kind === 'ragged-row')).toBe(true);
    // The issues' names and values come from the columns too.
    expect(fromColumns.issues.find((i) => i.kind === 'bad-amount')).toMatchObject({
      opportunity: '006A0000000000000004',
      value: 'abc',
    });
    expect(view(columns)).toBe(view(grid));
    // --out's tables (FunnelData's original cells and formats), the summary's drill-down and a
    // snapshot's keys read the columns too.
    const fromGrid = runForecast(grid, AS_OF);
    expect(JSON.stringify(toOutputTables(fromColumns))).toBe(
      JSON.stringify(toOutputTables(fromGrid)),
    );
    expect(JSON.stringify(drillData(fromColumns))).toBe(JSON.stringify(drillData(fromGrid)));
    const keys = (r: typeof fromGrid) => snapshotOf(r, AS_OF, 'now').keys;
    expect(keys(fromColumns)).toEqual(keys(fromGrid));
    // The deals' original cells (built from the rows, on first asking) too.
    expect(view(readCsv('d.csv', enc(TEXT)), true)).toBe(view(grid, true));
  });

  it('holds each record exactly: width(r) cells, null beyond, the same cells as the rows', () => {
    // Each cell as written (raw) and its text; the expected rows are made from these, not by the reader.
    const plain = (s: string) => ({ raw: s, text: s });
    const cell = fc.oneof(
      fc
        .constantFrom('', 'a', 'Acme', '12', '-3.5', '007', '2.000', '2026-03-15', ' x ')
        .map(plain),
      fc
        .string({ maxLength: 40 })
        .filter((s) => !/["\r\n,]/.test(s))
        .map(plain),
      fc.string({ maxLength: 8 }).map((s) => ({ raw: `"${s.replace(/"/g, '""')}"`, text: s })),
    );
    const record = fc.array(cell, { minLength: 0, maxLength: 6 });
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(record, ending), { maxLength: 30 }), (recs) => {
        const lines = recs.map(([r]) => r.map((c) => c.raw).join(','));
        // (A lone CR before an empty line would make a CRLF with its LF: that CR is a CRLF.)
        const text = recs
          .map(([, e], i) => lines[i]! + (e === '\r' && lines[i + 1] === '' ? '\r\n' : e))
          .join('');
        // A line with nothing on it is a record of no cells; each cell is read as textCell reads
        // it (quoted or not); records of empty cells at the end of the file are not records.
        const expected = recs.map(([r]) =>
          r.length === 0 || (r.length === 1 && r[0]!.raw === '')
            ? []
            : r.map((c) => textCell(c.text)),
        );
        while (expected.length && expected[expected.length - 1]!.every((v) => v === null))
          expected.pop();
        const src = parseCsvColumns('f.csv', text, ',');
        const grid = src.grid();
        expect(grid).toEqual(expected);
        expect(src.rows).toBe(expected.length);
        for (let r = 0; r < src.rows; r++) {
          expect(src.width(r)).toBe(expected[r]!.length);
          for (let c = 0; c < src.width(r); c++) expect(src.cell(r, c)).toBe(expected[r]![c]);
          expect(src.cell(r, src.width(r) + 1)).toBeNull();
          expect(src.cell(r, 99)).toBeNull();
        }
        // The grid wrapper the hosts' rows go through reads the same.
        const wrapped = gridSource(grid);
        for (let r = 0; r < src.rows; r++)
          for (let c = 0; c <= src.width(r); c++) expect(wrapped.cell(r, c)).toBe(src.cell(r, c));
      }),
      { numRuns: 300 },
    );
  });

  it('a column of plain numbers keeps them as numbers, and more records than lines grow the columns', () => {
    const lone = Array.from({ length: 50 }, (_, i) => `${i},${i * 1.5}`).join('\r');
    const src = parseCsvColumns('f.csv', `a,b\r${lone}`, ',');
    expect(src.rows).toBe(51);
    expect(src.cell(50, 1)).toBe(49 * 1.5);
    expect(src.grid()[50]).toEqual([49, 73.5]);
  });

  it('texts that do not repeat (ids past the interning trial, long texts) read back whole', () => {
    const n = 20_000;
    const lines = ['Id,Note,Amount'];
    for (let i = 0; i < n; i++)
      lines.push(`ID-${String(i).padStart(8, '0')},${'long text '.repeat(4)}${i},${i}`);
    const src = parseCsvColumns('f.csv', lines.join('\n'), ',');
    expect(src.rows).toBe(n + 1);
    for (const i of [0, 16_383, 16_384, 19_999]) {
      expect(src.cell(i + 1, 0)).toBe(`ID-${String(i).padStart(8, '0')}`);
      expect(src.cell(i + 1, 1)).toBe(`${'long text '.repeat(4)}${i}`);
      expect(src.cell(i + 1, 2)).toBe(i);
    }
    expect(src.grid()[n]).toEqual([
      `ID-${String(n - 1).padStart(8, '0')}`,
      `${'long text '.repeat(4)}${n - 1}`,
      n - 1,
    ]);
  });

  it("the interned texts' codes name their cells, and a run by codes gives the run by rows", () => {
    const stages = ['Prospecting', 'Negotiation', 'Closed Won', 'Closed Lost', 'N/A', 'Odd'];
    // The segment column (one: its cells map straight to segment ids, by code): blanks and
    // spaces around a region among them.
    const regions = ['EMEA', 'APAC', '', 'EMEA', ' APAC ', '-', '2026-01-05'];
    const lines = ['Id,Account,Amount,Stage,Close Date,Owner,Region'];
    for (let i = 0; i < 6000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String((i % 12) + 1).padStart(2, '0');
      const close = i % 97 === 0 ? 'soon' : i % 89 === 0 ? '' : `${2025 + (i % 3)}-${month}-${day}`;
      lines.push(
        `D${i},Acct ${(i * 7) % 1500},${1000 + i},${stages[i % 6]},${close},Rep ${i % 40},${regions[i % 7]}`,
      );
    }
    const text = lines.join('\n');
    const src = parseCsvColumns('f.csv', text, ',');
    let coded = 0;
    for (let c = 0; c < 7; c++) {
      const cc = src.codes(c);
      if (!cc) continue;
      for (let r = 0; r < src.rows; r++) {
        const k = cc.codes[r]!;
        if (k === 0) continue;
        coded++;
        expect(cc.texts[k - 1]).toBe(src.cell(r, c));
      }
    }
    expect(coded).toBeGreaterThan(20_000);
    const columns = readCsv('d.csv', enc(text));
    const rows = readCsv('d.csv', enc(text));
    expect(view(columns, true)).toBe(
      view({ ...rows, values: rows.values, cells: undefined }, true),
    );
    const segments = new Set(runForecast(columns, AS_OF).forecast.map((f) => f.segment.Region));
    expect([...segments].sort()).toEqual(['(blank)', '2026-01-05', 'APAC', 'EMEA']);
  });
});

describe('a copy of a CSV sheet with other values', () => {
  it('is read from its own values, not from the file columns it was copied from', () => {
    const sheet = readCsv('deals.csv', enc(TEXT));
    // Rows left out and a column added, as a caller keeping the first row per key would.
    const values = sheet.values
      .filter((_, i) => i !== 1 && i !== 2)
      .map((r, i) => [...r, i === 0 ? 'Line' : `L${i}`]);
    const copy: SourceSheet = { ...sheet, values };
    const r = runForecast(copy, AS_OF);
    expect(r.mapping.headers).toContain('Line');
    expect(r.counts.rows).toBe(runForecast({ name: 'rows', values }, AS_OF).counts.rows);
    expect(view(copy)).not.toBe(view(sheet));
    // The original still reads its columns.
    expect(runForecast(sheet, AS_OF).mapping.headers).not.toContain('Line');
  });
});
