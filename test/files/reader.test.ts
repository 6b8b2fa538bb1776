/**
 * The file reader's rules (issue 9): line endings, ragged rows, encodings,
 * binary files, hidden sheets, headerless sheets, limits, cells without `r`.
 * Each would have failed on the papaparse/exceljs reader it replaced.
 */
import fc from 'fast-check';
import { runForecast } from '../../core/engine';
import { FileReadError, LIMITS, readCsv, readTableFile } from '../../files';
import { detectDelimiter, parseCsvText } from '../../files/csv';
import { decodeBytes } from '../../files/decode';
import { plainRow, workbook, zip } from './support/xlsx';

const enc = (text: string) => new TextEncoder().encode(text);
const HEADER = 'Opportunity,Account,Amount,Stage,Close Date,Owner';
const deal = (i: number) => `Deal ${i},Acme ${i % 5},${1000 + i},Committed,2026-03-15,Rep ${i % 3}`;
const AS_OF = { asOf: '2026-01-01' };

describe('line endings: every CR, LF or CRLF ends a record', () => {
  const deals = Array.from({ length: 1000 }, (_, i) => deal(i));

  it('a CRLF header followed by LF rows gives every deal', () => {
    const s = readCsv('d.csv', enc(`${HEADER}\r\n${deals.join('\n')}\n`));
    expect(s.values).toHaveLength(1001);
    const r = runForecast(s, AS_OF);
    expect(r.counts.rows).toBe(1000);
    expect(r.counts.counted).toBe(1000);
  });

  it('500 LF rows then 500 CR rows, and CRLF/LF/CR mixed, give 1000 deals, none glued together', () => {
    const half = readCsv(
      'd.csv',
      enc(`${HEADER}\n${deals.slice(0, 500).join('\n')}\n${deals.slice(500).join('\r')}\r`),
    );
    expect(runForecast(half, AS_OF).counts).toMatchObject({ rows: 1000, counted: 1000 });
    const endings = ['\r\n', '\n', '\r'];
    const mixed = HEADER + deals.map((d, i) => endings[i % 3] + d).join('');
    const s = readCsv('d.csv', enc(mixed));
    expect(s.values.slice(1).every((r) => r.length === 6)).toBe(true);
    expect(runForecast(s, AS_OF).counts).toMatchObject({ rows: 1000, counted: 1000 });
  });

  it('inside quotes a newline is data', () => {
    const s = readCsv('d.csv', enc(`A,B\r\n"line 1\r\nline 2",2\r"x\ry",3\n`));
    expect(s.values).toEqual([
      ['A', 'B'],
      ['line 1\r\nline 2', 2],
      ['x\ry', 3],
    ]);
  });

  it('blank lines keep their row numbers; trailing ones are dropped; 20 MB of them cost no rows', () => {
    const s = readCsv('d.csv', enc(`A,B\n\n1,2\r\n\r\n3,4\n\n\n`));
    expect(s.values).toEqual([['A', 'B'], [], [1, 2], [], [3, 4]]);
    const big = new Uint8Array(20 * 1024 * 1024 + 20).fill(10);
    big.set(enc('Amount,Stage\n1,Won\n'));
    const t = readCsv('blank.csv', big);
    expect(t.values).toEqual([
      ['Amount', 'Stage'],
      [1, 'Won'],
    ]);
  });
});

describe('cells: numbers read from the characters, as the regular expression did', () => {
  const RE = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/;
  // "2.000", "15.000": a decimal point or a European thousands dot; only the whole column can
  // tell (core decides each column's decimal separator), so such cells stay text.
  const AMBIGUOUS = /^-?[1-9]\d{0,2}\.\d{3}$/;
  const old = (t: string) => (t === '' ? null : RE.test(t) && !AMBIGUOUS.test(t) ? Number(t) : t);

  it('keeps 2.000-shaped cells as text, quoted or not, and reads their neighbours', () => {
    expect(parseCsvText('t.csv', '2.000,"15.000",-999.000,0.500,1000.000,1.5\n', ',')[0]).toEqual([
      '2.000',
      '15.000',
      '-999.000',
      0.5,
      1000,
      1.5,
    ]);
  });

  it('agrees with Number() and the old rule on every generated token', () => {
    const token = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer().map(String),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
      fc.stringMatching(/^-?\d{1,18}(\.\d{1,20})?$/),
      fc.stringMatching(/^[-.\d]{0,8}$/),
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 6 }), (cells) => {
        const row = parseCsvText('t.csv', `${cells.join(',')}\n`, ',')[0] ?? [];
        const want = cells.map(old);
        // A record of only empty cells is dropped as trailing blank.
        if (want.every((v) => v === null)) return row.length === 0;
        expect(row).toEqual(want);
        row.forEach((v, i) => {
          if (typeof v === 'number') expect(Object.is(v, Number(cells[i]))).toBe(true);
        });
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('codes with leading zeros and ids over 15 digits stay text; quoted numbers are numbers', () => {
    const s = readCsv('d.csv', enc('A,B,C,D,E\n007,1234567890123456,"42",-0.5,1.\n'));
    expect(s.values[1]).toEqual(['007', '1234567890123456', 42, -0.5, '1.']);
  });

  it('each record is a row of exactly its cells, for every width (1 to 20 cells, ragged)', () => {
    const widths = Array.from({ length: 20 }, (_, i) => i + 1);
    const text = widths
      .map((w) =>
        Array.from({ length: w }, (_, c) =>
          c % 3 === 0 ? `t${w}.${c}` : c % 3 === 1 ? `${w * 100 + c}.5` : '',
        ).join(','),
      )
      .join('\n');
    const rows = parseCsvText('w.csv', text, ',');
    expect(rows.map((r) => r.length)).toEqual(widths);
    rows.forEach((row, i) =>
      row.forEach((v, c) =>
        expect(v).toBe(
          c % 3 === 0 ? `t${i + 1}.${c}` : c % 3 === 1 ? (i + 1) * 100 + c + 0.5 : null,
        ),
      ),
    );
  });

  it('interning keeps every text as written: a unique id column (dropped from interning after its trial), a column cycling through 20,000 texts, 70 columns (past the per-column tables)', () => {
    const n = 40_000;
    const lines: string[] = [];
    const want: string[][] = [];
    for (let r = 0; r < n; r++) {
      const cells = [
        `ID${r.toString(36)}`,
        `Account ${String((r * 7919) % 20_000).padStart(5, '0')}`,
        `2026-0${1 + (r % 9)}-1${r % 10}`,
      ];
      for (let c = 3; c < 70; c++) cells.push(`c${c}-${r % (c * 13)}`);
      lines.push(cells.join(','));
      want.push(cells);
    }
    const rows = parseCsvText('i.csv', lines.join('\r\n'), ',');
    expect(rows.length).toBe(n);
    for (let r = 0; r < n; r++) expect(rows[r]).toEqual(want[r]);
  });

  it('a quote left open or text after a closing quote is one clear error with the row', () => {
    expect(() => readCsv('q.csv', enc('A,B\n1,"open\n'))).toThrow(
      /row 2: a quoted field is never closed/,
    );
    expect(() => readCsv('q.csv', enc('A,B\n1,"x"y\n'))).toThrow(
      /row 2: text after the closing quote/,
    );
  });
});

describe('delimiters', () => {
  it('detects ; tab | and , and says which in the notes; sep= and the option win', () => {
    expect(detectDelimiter('A;B;C\n1,5;2,5;3\n')).toBe(';');
    expect(detectDelimiter('A\tB\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('A|B\n1|2\n')).toBe('|');
    expect(detectDelimiter('Title\nA,B\n1,2\n')).toBe(',');
    const s = readCsv('eu.csv', enc('Konto;Betrag\nA;1,5\n'));
    expect(s.delimiter).toBe(';');
    expect(s.fileNotes![0]).toMatch(/separated by semicolons \(detected\)/);
    expect(readCsv('s.csv', enc('sep=|\r\nA|B\n1|2\n')).values).toEqual([
      ['A', 'B'],
      [1, 2],
    ]);
    expect(readCsv('o.csv', enc('A;B\n1;2\n'), { delimiter: ',' }).values[1]).toEqual(['1;2']);
  });
});

describe('ragged rows', () => {
  it('a row with more cells than the header is a located issue naming both counts, not counted', () => {
    const s = readCsv(
      'r.csv',
      enc(
        'Account,Amount,Stage,Close Date\nAcme,1,500,Committed,2026-03-01\nBeta,2000,Committed,2026-03-01\nGamma,3000\n',
      ),
    );
    const r = runForecast(s, AS_OF);
    expect(r.counts).toMatchObject({ rows: 3, counted: 1, excluded: 2 });
    const ragged = r.issues.filter((i) => i.kind === 'ragged-row');
    expect(ragged.map((i) => i.row)).toEqual([2, 4]);
    expect(ragged[0]!.problem).toMatch(/5 cells but the header has 4/);
    expect(ragged[1]!.problem).toMatch(/2 cells but the header has 4/);
    expect(ragged.every((i) => !i.rowKept)).toBe(true);
    expect(r.deals[0]!.counted).toBe(false);
    const kept = runForecast(s, { ...AS_OF, keepRaggedRows: true });
    // Kept rows are read as they are: Acme's stage is then "500", an unknown stage, and its close date reads Committed.
    expect(kept.issues.filter((i) => i.row === 2).map((i) => i.kind)).toEqual([
      'ragged-row',
      'unknown-stage',
      'bad-date',
    ]);
    expect(kept.issues.filter((i) => i.kind === 'ragged-row').every((i) => i.rowKept)).toBe(true);
  });
});

describe('encodings', () => {
  const text = `${HEADER}\nD1,Müller GmbH,1000,Committed,2026-03-15,José Núñez\n`;
  const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
  const utf16le = (t: string, bom: boolean) => {
    const out = new Uint8Array((bom ? 2 : 0) + t.length * 2);
    if (bom) out.set([0xff, 0xfe]);
    for (let i = 0; i < t.length; i++) {
      out[(bom ? 2 : 0) + i * 2] = t.charCodeAt(i) & 0xff;
      out[(bom ? 2 : 0) + i * 2 + 1] = t.charCodeAt(i) >> 8;
    }
    return out;
  };
  const utf16be = (t: string) => {
    const le = utf16le(t, false);
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le;
  };

  it('Windows-1252 is not read as GB18030, and the notes name it', () => {
    const s = readCsv('eu.csv', latin1);
    expect(s.values[1]![1]).toBe('Müller GmbH');
    expect(s.values[1]![5]).toBe('José Núñez');
    expect(s.fileNotes![0]).toMatch(/Windows-1252/);
  });

  it('UTF-16 LE and BE without a byte order mark, and with one', () => {
    for (const bytes of [utf16le(text, false), utf16le(text, true), utf16be(text)]) {
      const s = readCsv('w.csv', bytes);
      expect(s.values[1]![5]).toBe('José Núñez');
      expect(s.fileNotes![0]).toMatch(/UTF-16 (LE|BE)/);
    }
  });

  it('UTF-8 with and without BOM, GB18030 Chinese, and a chosen encoding', () => {
    expect(decodeBytes('a', enc(`\uFEFF${text}`)).encoding).toBe('utf-8');
    expect(decodeBytes('a', enc(text)).encoding).toBe('utf-8');
    const gb = new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0xbd, 0xf0, 0xb6, 0xee, 0x0a]);
    expect(decodeBytes('a', gb)).toMatchObject({ text: '客户,金额\n', encoding: 'gb18030' });
    const chosen = readCsv('c.csv', latin1, { encoding: 'latin1' });
    expect(chosen.values[1]![1]).toBe('Müller GmbH');
    expect(chosen.fileNotes![0]).toMatch(/as chosen/);
    expect(() => readCsv('c.csv', latin1, { encoding: 'utf-8' })).toThrow(/not valid UTF-8/);
    expect(() => readCsv('c.csv', latin1, { encoding: 'klingon' })).toThrow(/unknown encoding/);
  });

  it('binary files are refused with one clear line', () => {
    const bin = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(() => readCsv('x.csv', bin)).toThrow(FileReadError);
    expect(() => readCsv('x.csv', bin)).toThrow(/not a text file/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => readCsv('x.csv', png)).toThrow(/not a text file/);
  });
});

describe('header row', () => {
  it('a headerless sheet says no header was found and reads every row as data', () => {
    const s = readCsv(
      'h.csv',
      enc('D1,Acme,1000,Committed,2026-03-01\nD2,Beta,2000,Won,2026-03-01\n'),
    );
    // Nothing to weigh without a mapping: refused in one line, never "0 deals".
    expect(() => runForecast(s, AS_OF)).toThrow(/no header row found and no deal column mapped/);
    const mapped = runForecast(s, {
      ...AS_OF,
      mapping: { amount: 'Column 3', stage: 'Column 4', closeDate: 'Column 5' },
    });
    expect(mapped.counts).toMatchObject({ rows: 2, counted: 2 });
    expect(mapped.mapping.notes.join(' ')).toMatch(/No header row found/);
  });

  it('headerRow overrides detection (past the first 30 rows too); 0 means none; out of range is an error', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `note ${i}`);
    const s = readCsv('h.csv', enc(`${rows.join('\n')}\nAmount,Stage\n100,Won\n`));
    const r = runForecast(s, { ...AS_OF, headerRow: 41 });
    expect(r.mapping.headerRow).toBe(41);
    expect(r.counts).toMatchObject({ rows: 1, counted: 1 });
    expect(() => runForecast(s, { ...AS_OF, headerRow: 99 })).toThrow(/outside/);
    const none = runForecast(readCsv('n.csv', enc('Amount,Stage\n100,Won\n')), {
      ...AS_OF,
      headerRow: 0,
      mapping: { amount: 'Column 1', stage: 'Column 2' },
    });
    expect(none.counts.rows).toBe(2);
  });

  it('the file notes are among the run notes', () => {
    const r = runForecast(readCsv('n.csv', enc('Amount,Stage\n100,Won\n')), AS_OF);
    expect(r.mapping.notes[0]).toMatch(
      /n\.csv: read as UTF-8 \(detected\), fields separated by commas/,
    );
  });
});

describe('XLSX', () => {
  it('reads cells without the optional r attribute', async () => {
    const bytes = workbook([
      {
        name: 'Deals',
        rows: plainRow(['Account', 'Amount', 'Stage']) + plainRow(['Acme', 1200, 'Won']),
      },
    ]);
    const [s] = await readTableFile('d.xlsx', bytes);
    expect(s!.values).toEqual([
      ['Account', 'Amount', 'Stage'],
      ['Acme', 1200, 'Won'],
    ]);
  });

  it('prefers the visible sheet to a hidden one; a hidden sheet only when named', async () => {
    const bytes = workbook([
      {
        name: 'Old deals',
        state: 'hidden',
        rows: plainRow(['Amount', 'Stage']) + plainRow([1, 'Won']),
      },
      { name: 'Deals', rows: plainRow(['Amount', 'Stage']) + plainRow([2, 'Won']) },
    ]);
    const all = await readTableFile('d.xlsx', bytes);
    expect(all.map((s) => s.name)).toEqual(['Deals']);
    expect(all[0]!.fileNotes![0]).toMatch(/Hidden sheets not read: Old deals/);
    const [hidden] = await readTableFile('d.xlsx', bytes, { sheet: 'old deals' });
    expect(hidden!.values[1]).toEqual([1, 'Won']);
  });

  it('shared strings, styles with a date format, 1904 dates, booleans, errors, formulas', async () => {
    const styles = `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
      '<row r="3"><c r="A3" s="1"><v>46000</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="E3" t="str"><f>A1</f><v>x &amp; y</v></c></row>';
    const bytes = workbook([{ name: 'S', rows }], {
      sharedStrings: ['Close Date', 'Won', 'Err'],
      styles,
    });
    const [s] = await readTableFile('d.xlsx', bytes);
    expect(s!.values).toEqual([
      ['Close Date', 'Won', 'Err', null, null],
      [],
      [new Date(Date.UTC(2025, 11, 9)), true, '#N/A', null, 'x & y'],
    ]);
    expect(s!.numberFormats![2]![0]).toBe('yyyy-mm-dd');
    const [t] = await readTableFile(
      'd.xlsx',
      workbook([{ name: 'S', rows }], { sharedStrings: ['a', 'b', 'c'], styles, date1904: true }),
    );
    expect(t!.values[2]![0]).toEqual(new Date(Date.UTC(2029, 11, 10)));
  });

  it('a zip bomb is refused before its cells are built: declared size, real size, dimension', async () => {
    const declared = workbook([
      { name: 'S', rows: plainRow(['a']), declaredSize: LIMITS.xlsxPartBytes + 1 },
    ]);
    await expect(readTableFile('b.xlsx', declared)).rejects.toThrow(/zip bomb/);
    // Highly compressible: 600 MB of spaces would inflate past the part limit.
    const dim = workbook([
      { name: 'S', head: '<dimension ref="A1:Z2000000"/>', rows: plainRow(['a']) },
    ]);
    await expect(readTableFile('b.xlsx', dim)).rejects.toThrow(/2,000,000 rows/);
    const far = workbook([{ name: 'S', rows: '<row r="2000000"><c><v>1</v></c></row>' }]);
    await expect(readTableFile('b.xlsx', far)).rejects.toThrow(/past Excel's last row/);
  });

  it('a damaged or truncated workbook is one clear error, never a library message', async () => {
    const good = workbook([{ name: 'S', rows: plainRow(['a']) }]);
    for (const bad of [good.subarray(0, good.length - 30), good.subarray(0, 100), zip([])]) {
      const err = await readTableFile('d.xlsx', bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileReadError);
      expect((err as Error).message).toMatch(/^d\.xlsx: /);
    }
    const missing = workbook([{ name: 'S', rows: '<row><c t="s"><v>7</v></c></row>' }], {
      sharedStrings: [],
    });
    await expect(readTableFile('d.xlsx', missing)).rejects.toThrow(/shared string 7/);
  });
});
