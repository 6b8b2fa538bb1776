/**
 * Issue 9, tried again as a hostile and clumsy user would, through the command
 * line: the defects that a second pass found, each with the input that showed it.
 * Fixtures are built here, in a temp folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSheetXml } from '../../files/xlsx';
import { cli } from '../cli/support/forecast-cli';
import { workbook, plainRow } from '../files/support/xlsx';

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-redteam-'));
const file = (name: string, data: string | Uint8Array) => {
  const p = path.join(tmp, name);
  writeFileSync(p, data);
  return p;
};
const AS_OF = ['--as-of', '2026-01-01'];

interface Json {
  mapping: {
    notes: string[];
    counts: { rows: number; counted: number; excluded: number };
  };
  deals: { original: Record<string, unknown>; amount: number | null }[];
  issues: { row: number; kind: string; problem: string }[];
}

describe('red team (issue 9, second pass)', () => {
  it('item 10: Windows-1252 keeps its 0x80-0x9F characters (€, curly quotes, dashes)', async () => {
    // Node 20's TextDecoder reads these bytes as ISO-8859-1 control characters: `€ 1.234,56`
    // became a bad amount and `“Big” Co` became `Big Co`.
    const text =
      'Id;Account;Amount;Stage;Close Date;Owner\r\n' +
      'D1;\u201cBig\u201d Co \u2013 O\u2019Brien;\u20ac 1.234,56;Prospecting;2026-03-15;Ren\u00e9e\r\n' +
      'D2;Caf\u00e9;2.000 \u20ac;Prospecting;2026-03-15;Zo\u00eb\r\n';
    const cp1252: Record<string, number> = {
      '\u20ac': 0x80,
      '\u2019': 0x92,
      '\u201c': 0x93,
      '\u201d': 0x94,
      '\u2013': 0x96,
    };
    const bytes = Uint8Array.from([...text].map((c) => cp1252[c] ?? c.charCodeAt(0)));
    const r = await cli(file('cp1252.csv', bytes), ...AS_OF, '--json', '--deals');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.mapping.notes[0]).toMatch(/Windows-1252/);
    expect(j.deals[0]!.original.Account).toBe('\u201cBig\u201d Co \u2013 O\u2019Brien');
    expect(j.deals.map((d) => d.amount)).toEqual([1234.56, 2000]);
    expect(j.mapping.counts).toMatchObject({ rows: 2, counted: 2, excluded: 0 });
  });

  it('item 10: --encoding latin1 gives the same characters', async () => {
    const bytes = Uint8Array.from([
      ...Buffer.from('Id,Account,Amount,Stage,Close Date\nD1,O'),
      0x92,
      ...Buffer.from('Brien,1000,Prospecting,2026-03-15\n'),
    ]);
    const r = await cli(
      file('latin1.csv', bytes),
      ...AS_OF,
      '--json',
      '--deals',
      '--encoding',
      'latin1',
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Json).deals[0]!.original.Account).toBe('O\u2019Brien');
  });

  it('item 6: 309 digits or more are above the limit, said so (not "not an amount")', async () => {
    const csv =
      'Id,Amount,Stage,Close Date\n' +
      `D1,${'9'.repeat(309)},Prospecting,2026-03-15\n` +
      `D2,${'1' + '0'.repeat(400)},Prospecting,2026-03-15\n` +
      'D3,1000,Prospecting,2026-03-15\n';
    const r = await cli(file('digits.csv', csv), ...AS_OF, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.mapping.counts).toMatchObject({ rows: 3, counted: 1, excluded: 2 });
    const bad = j.issues.filter((i) => i.kind === 'bad-amount');
    expect(bad.map((i) => i.row)).toEqual([2, 3]);
    for (const i of bad) expect(i.problem).toMatch(/above the limit of 1,000,000,000,000,000/);
    expect(r.out).not.toMatch(/NaN|Infinity/);
  });

  it('item 8: a workbook whose every sheet is hidden is read, and the notes say so', async () => {
    const rows =
      plainRow(['Id', 'Amount', 'Stage', 'Close Date']) +
      plainRow(['D1', 1000, 'Prospecting', '2026-03-15']);
    const bytes = workbook([{ name: 'Old', rows, state: 'hidden' }]);
    const r = await cli(file('all-hidden.xlsx', bytes), ...AS_OF, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.mapping.counts).toMatchObject({ rows: 1, counted: 1 });
    expect(j.mapping.notes[0]).toMatch(/Every sheet is hidden \(Old\)/);
  });

  it('item 15: a sheet of rows without r (valid XML) is read in one pass, not in quadratic work', () => {
    // Each <row> looked for " r=" with an indexOf over the rest of the sheet: 1,100,000 rows of
    // one cell (a 70 KB file) ran for over ten minutes. Measured as characters scanned by
    // indexOf (not time): a single pass scans the sheet a few times, not once per row.
    const n = 20_000;
    const xml =
      '<worksheet><sheetData>' +
      plainRow(['Id', 'Amount']) +
      '<row><c><v>1</v></c></row>'.repeat(n) +
      `<row r="${n + 5}"><c><v>2</v></c></row></sheetData></worksheet>`;
    const indexOf = String.prototype.indexOf;
    let scanned = 0;
    const spy = jest.spyOn(String.prototype, 'indexOf').mockImplementation(function (
      this: string,
      search: string,
      from?: number,
    ) {
      const at = indexOf.call(this, search, from);
      if (this.length === xml.length) scanned += (at < 0 ? this.length : at) - (from ?? 0);
      return at;
    });
    let sheet;
    try {
      sheet = readSheetXml('rows.xlsx', 'Deals', xml, [], { codes: [], dates: [] }, false);
    } finally {
      spy.mockRestore();
    }
    expect(scanned).toBeLessThan(10 * xml.length);
    expect(sheet.values).toHaveLength(n + 5); // header, n rows, rows n + 2 to n + 4 blank, row n + 5
    expect(sheet.values[1]).toEqual([1, null]);
    expect(sheet.values[n + 4]).toEqual([2, null]);
  });
});

describe('red team: day order (item 5)', () => {
  it('a tie between day-first and month-first values is no decision: the hint decides and the note says so', async () => {
    // 13/09/2026 proves day-first and 09/13/2026 month-first: one each used to be read
    // day-first "as its values show", with nothing said about the tie.
    const csv =
      'Id,Amount,Stage,Close Date\n' +
      'D1,1000,Prospecting,01/08/2026\n' +
      'D2,1000,Prospecting,13/09/2026\n' +
      'D3,1000,Prospecting,09/13/2026\n';
    const r = await cli(file('tie.csv', csv), ...AS_OF, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.mapping.notes.join(' ')).toMatch(
      /Close Date: its values disagree on the day order \(1 only read day-first, as many only month-first\); read month-first/,
    );
    const bad = j.issues.filter((i) => i.kind === 'bad-date');
    expect(bad.map((i) => i.row)).toEqual([3]);
    expect(j.mapping.counts).toMatchObject({ rows: 3, counted: 3 });
  });
});
