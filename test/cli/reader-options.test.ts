/** The file reader's options on the command line: --encoding, --delimiter, --header-row, --keep-ragged-rows; regular files only. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from './support/forecast-cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-reader-'));
const file = (name: string, data: string | Uint8Array) => {
  const p = path.join(tmp, name);
  writeFileSync(p, data);
  return p;
};
const AS_OF = ['--as-of', '2026-01-01'];

describe('forecast: the reader options', () => {
  it('refuses what is not a regular file (a device such as /dev/zero) in one line', async () => {
    const r = await cli('/dev/zero', ...AS_OF);
    expect(r.code).toBe(2);
    expect(r.err).toBe('forecast: File /dev/zero: not a regular file; give a CSV or XLSX file.\n');
  });

  it('refuses a binary file in one line, no library message', async () => {
    const bin = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
    const r = await cli(file('bin.csv', bin), ...AS_OF);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^forecast: bin\.csv: this is not a text file/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--encoding chooses the encoding and the notes say so; an unknown one is a usage error', async () => {
    const latin = Uint8Array.from(
      [...'Account,Amount,Stage\nMüller,100,Won\n'].map((c) => c.charCodeAt(0)),
    );
    const p = file('latin.csv', latin);
    const r = await cli(p, ...AS_OF, '--encoding', 'latin1', '--json', '--deals');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      mapping: { notes: string[] };
      deals: { account: string }[];
    };
    expect(json.mapping.notes[0]).toMatch(/Windows-1252 \(Latin-1\) \(as chosen\)/);
    expect(json.deals[0]!.account).toBe('Müller');
    const bad = await cli(p, ...AS_OF, '--encoding', 'klingon');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown encoding "klingon"/);
  });

  it('--header-row and --delimiter', async () => {
    const p = file('h.csv', 'Pipeline report\nAmount;Stage\n100;Won\n');
    const r = await cli(p, ...AS_OF, '--header-row', '2', '--delimiter', ';');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/header row 2, 1 deals, 1 counted/);
    const bad = await cli(p, ...AS_OF, '--header-row', 'two');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--header-row two: give a row number/);
  });

  it('--keep-ragged-rows counts ragged rows, still listed in the issues', async () => {
    const p = file('r.csv', 'Account,Amount,Stage\nAcme,100,Won,extra\nBeta,200,Won\n');
    const plain = await cli(p, ...AS_OF);
    expect(plain.out).toMatch(/2 deals, 1 counted, 1 not counted/);
    expect(plain.out).toMatch(/Wrong cell count 1/);
    const kept = await cli(p, ...AS_OF, '--keep-ragged-rows');
    expect(kept.out).toMatch(/2 deals, 2 counted, 0 not counted/);
    expect(kept.out).toMatch(/Wrong cell count 1/);
  });
});
