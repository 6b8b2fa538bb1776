/** `forecast --out`: never over an input, never over a read-only file, no temp files left behind. */
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkOutTarget, removeStaleTemps } from '../../cli/forecast/out';
import { readTableFile } from '../../files';
import { cli } from './support/forecast-cli';

const DEALS =
  'Owner,Stage,Amount,Close Date\nAnn,Pipeline,1000,2026-05-01\nBob,Won,500,2026-04-02\n';

describe('--out', () => {
  let dir: string;
  let deals: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ff-out-'));
    deals = path.join(dir, 'deals.csv');
    writeFileSync(deals, DEALS);
  });

  it.each([
    ['the deal sheet itself', (d: string) => d],
    [
      'a symbolic link to it',
      (d: string) => {
        const link = path.join(path.dirname(d), 'link.xlsx');
        symlinkSync(d, link);
        return link;
      },
    ],
    [
      'a hard link to it',
      (d: string) => {
        const link = path.join(path.dirname(d), 'hard.xlsx');
        linkSync(d, link);
        return link;
      },
    ],
  ])('refuses %s, before reading anything, and leaves it intact', async (_what, target) => {
    // An .xlsx name that is the same file as the input.
    const input = path.join(dir, 'deals.xlsx');
    writeFileSync(input, DEALS);
    const out = target(input);
    const r = await cli(input, '--as-of', '2026-04-15', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the output never replaces an input file/);
    expect(readFileSync(input, 'utf8')).toBe(DEALS);
  });

  it('refuses the stages, targets or rates file as the output', async () => {
    for (const option of ['--stages', '--targets', '--rates']) {
      const f = path.join(dir, `x${option.slice(2)}.xlsx`);
      writeFileSync(f, 'a,b\n');
      const r = await cli(deals, '--as-of', '2026-04-15', option, f, '--out', f);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${option} file`);
      expect(readFileSync(f, 'utf8')).toBe('a,b\n');
    }
  });

  it('refuses a read-only target without replacing it, and an empty --out', async () => {
    const ro = path.join(dir, 'ro.xlsx');
    writeFileSync(ro, 'keep me');
    chmodSync(ro, 0o444);
    const r = await cli(deals, '--as-of', '2026-04-15', '--out', ro);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/read-only; it is not replaced/);
    expect(readFileSync(ro, 'utf8')).toBe('keep me');
    const empty = await cli(deals, '--as-of', '2026-04-15', '--out', '');
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--out "": give the path/);
    expect(() => checkOutTarget(dir + '/', [])).toThrow(/\.xlsx workbook/);
  });

  it("removes a killed run's temp file, keeps a live run's, and writes the workbook", async () => {
    const out = path.join(dir, 'forecast.xlsx');
    // No process has pid 2^22 + 1 (above Linux's pid_max default); the parent is alive.
    writeFileSync(`${out}.4194305.tmp`, 'half a workbook');
    writeFileSync(`${out}.${process.ppid}.tmp`, 'still being written');
    writeFileSync(path.join(dir, 'other.xlsx.4194305.tmp'), 'not ours');
    const r = await cli(deals, '--as-of', '2026-04-15', '--out', out);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'deals.csv',
        'forecast.xlsx',
        `forecast.xlsx.${process.ppid}.tmp`,
        'other.xlsx.4194305.tmp',
      ].sort(),
    );
    const sheets = await readTableFile('forecast.xlsx', readFileSync(out));
    expect(sheets[0]!.name).toBe('FunnelData');
    expect(sheets[0]!.values).toHaveLength(3);
    expect(removeStaleTemps(out)).toEqual([]);
    expect(existsSync(`${out}.${process.pid}.tmp`)).toBe(false);
  });
});

describe('--json', () => {
  it('writes a date in an issue as YYYY-MM-DD, as in the deals', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ff-json-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Deals');
    ws.addRow(['Owner', 'Stage', 'Amount', 'Close Date']);
    ws.addRow(['Ann', 'Pipeline', new Date(Date.UTC(2026, 4, 15)), new Date(Date.UTC(2026, 5, 1))]);
    ws.addRow(['Bob', 'Won', 500, new Date(Date.UTC(2026, 3, 2))]);
    const file = path.join(dir, 'dates.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await cli(file, '--as-of', '2026-04-15', '--json', '--deals');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const issue = j.issues.find((x: { column: string }) => x.column === 'Amount');
    expect(issue.value).toBe('2026-05-15');
    expect(j.deals[0].original.Amount).toBe('2026-05-15');
  });
});
