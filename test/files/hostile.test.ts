/** The hostile-input corpus (test/fixtures/hostile, see its README): each file's outcome. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { runForecast } from '../../core/engine';
import { FileReadError, readTableFile } from '../../files';
import { readZipEntry } from '../../files/unzip';

const DIR = path.resolve(__dirname, '../fixtures/hostile');
const read = (file: string) => readTableFile(file, readFileSync(path.join(DIR, file)));
const SETTINGS = { asOf: '2026-01-01' };

async function run(file: string) {
  const sheets = await read(file);
  return { sheets, result: runForecast(sheets[0]!, SETTINGS) };
}

describe('hostile inputs', () => {
  it.each(['crlf-header-lf-rows.csv', 'lf-then-cr.csv', 'mixed-endings.csv'])(
    '%s: every line ending ends a record, 100 deals',
    async (file) => {
      const { result } = await run(file);
      expect(result.counts).toMatchObject({ rows: 100, counted: 100, excluded: 0 });
    },
  );

  it('ragged-unquoted-thousands.csv: the ragged row is reported, not counted', async () => {
    const { result } = await run('ragged-unquoted-thousands.csv');
    expect(result.counts).toMatchObject({ rows: 2, counted: 1 });
    expect(result.issues[0]).toMatchObject({ row: 2, kind: 'ragged-row', rowKept: false });
    expect(result.issues[0]!.problem).toMatch(/7 cells but the header has 6/);
  });

  it('windows-1252.csv and the UTF-16 files without BOM: decoded and named in the notes', async () => {
    const latin = await run('windows-1252.csv');
    expect(latin.result.deals.map((d) => d.account)).toEqual(['Müller GmbH', 'Société Générale']);
    expect(latin.result.mapping.notes[0]).toMatch(/Windows-1252/);
    for (const f of ['utf16le-no-bom.csv', 'utf16be-no-bom.csv']) {
      const { result } = await run(f);
      expect(result.counts).toMatchObject({ rows: 10, counted: 10 });
      expect(result.mapping.notes[0]).toMatch(/UTF-16/);
    }
  });

  it('binary.csv and unclosed-quote.csv are refused with one clear line', async () => {
    await expect(read('binary.csv')).rejects.toThrow(/binary.csv: this is not a text file/);
    await expect(read('unclosed-quote.csv')).rejects.toThrow(
      /row 2: a quoted field is never closed/,
    );
  });

  it('headerless.csv: no header row found; refused until mapped, then every row read as data', async () => {
    await expect(run('headerless.csv')).rejects.toThrow(
      /no header row found and no deal column mapped/,
    );
    const sheets = await read('headerless.csv');
    const result = runForecast(sheets[0]!, {
      ...SETTINGS,
      mapping: { amount: 'Column 3', stage: 'Column 4', closeDate: 'Column 5' },
    });
    expect(result.counts).toMatchObject({ rows: 20, counted: 20 });
    expect(result.mapping.notes.join(' ')).toMatch(/No header row found/);
  });

  it('blank-lines.csv and quoted-newlines.csv: rows kept with their numbers', async () => {
    const { sheets, result } = await run('blank-lines.csv');
    expect(sheets[0]!.values).toHaveLength(11);
    expect(result.deals.map((d) => d.row)).toEqual([3, 5, 7, 9, 11]);
    const quoted = await run('quoted-newlines.csv');
    expect(quoted.result.deals[0]!.account).toBe('Acme\r\nEMEA');
  });

  it('hidden-sheet.xlsx: the visible sheet; cells-without-r.xlsx: read', async () => {
    const hidden = await read('hidden-sheet.xlsx');
    expect(hidden.map((s) => s.name)).toEqual(['Deals']);
    expect(runForecast(hidden[0]!, SETTINGS).deals[0]!.amount).toBe(1000);
    const { result } = await run('cells-without-r.xlsx');
    expect(result.deals[0]!.amount).toBe(1200);
  });

  it('zip-bomb-declared.xlsx and huge-dimension.xlsx are refused before any cell is built', async () => {
    await expect(read('zip-bomb-declared.xlsx')).rejects.toThrow(/zip bomb/);
    await expect(read('huge-dimension.xlsx')).rejects.toThrow(/1,048,576 rows x 16384 columns/);
  });

  it('a part that inflates past its limit while declaring a small size stops while inflating', async () => {
    const raw = new Uint8Array(200_000).fill(32);
    const body = deflateRawSync(raw);
    const local = new Uint8Array(30 + 1 + body.length);
    new DataView(local.buffer).setUint32(0, 0x04034b50, true);
    new DataView(local.buffer).setUint16(26, 1, true);
    local.set([120], 30);
    local.set(body, 31);
    const entry = { name: 'x', method: 8, compressedSize: body.length, size: 10, localOffset: 0 };
    const err = await readZipEntry('b.xlsx', local, entry, 50_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileReadError);
    expect((err as Error).message).toMatch(/more than 0\.0 MB|zip bomb/);
    await expect(readZipEntry('b.xlsx', local, entry, 300_000)).resolves.toHaveLength(200_000);
    // The same with the command line's inflater (Node's zlib, stopped by maxOutputLength).
    const zlib = (d: Uint8Array, max: number) => inflateRawSync(d, { maxOutputLength: max });
    await expect(readZipEntry('b.xlsx', local, entry, 50_000, zlib)).rejects.toThrow(/zip bomb/);
    await expect(readZipEntry('b.xlsx', local, entry, 300_000, zlib)).resolves.toHaveLength(
      200_000,
    );
  });
});
