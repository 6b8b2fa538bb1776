/**
 * `forecast --out` compresses and writes on a worker thread (cli/forecast/zip-worker.ts):
 * the same bytes as in thread, and a write error (a full disk, a file too large)
 * or Ctrl-C reaches the user as before, with no temp file left.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { CellValue } from '../../core/cells';
import type { OutputSource } from '../../core/output';
import { workerDeflate, writeOutWorkbook } from '../../cli/forecast/out';
import { ZipWorker } from '../../cli/forecast/zip-worker';
import { readTableFile } from '../../files';
import { writeWorkbookTo } from '../../files/write';
import { cellSource } from '../support/output-sources';

const root = path.join(__dirname, '..', '..');

/** Node's arguments for the command line (from source) writing deals' forecast to out. */
function outArgs(deals: string, out: string): string[] {
  const cli = path.join(root, 'cli', 'main.ts');
  return ['--import', 'tsx', cli, 'forecast', deals, '--as-of', '2026-04-15', '--out', out];
}

const table = (
  key: OutputSource['key'],
  rowCount: number,
  cell: (i: number, c: number) => CellValue,
  columns = 4,
): OutputSource => cellSource(key, rowCount, columns, cell, (c) => (c === 3 ? 'text' : 'number'));

// Several 1 MB chunks of sheet XML, text shared and inline, and small tables between.
const ROWS = 60_000;
const sources = (): OutputSource[] => [
  table('FunnelData', ROWS, (i, c) =>
    c === 3 ? (i % 3 ? `deal ${i}` : 'Won') : i * 10 + c + 0.25,
  ),
  table('Forecast', 12, (i, c) => (c === 3 ? `Q${i}` : i / 3 + c)),
  table('DataIssues', 5_000, (i, c) => (c === 3 ? `issue ${i % 7}` : -i - c)),
];

describe('the workbook written on a worker thread', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ff-zipw-'));
  });

  it('is byte for byte the workbook written in thread, and reads back whole', async () => {
    const a = path.join(dir, 'worker.xlsx');
    const b = path.join(dir, 'thread.xlsx');
    const progress: number[] = [];
    await writeOutWorkbook(a, sources(), (done) => progress.push(done));
    await writeOutWorkbook(b, sources(), undefined, true);
    const bytes = readFileSync(a);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    expect(progress[progress.length - 1]).toBe(ROWS + 12 + 5_000);
    const [sheet] = await readTableFile('worker.xlsx', bytes, { sheet: 'FunnelData' });
    expect(sheet!.values).toHaveLength(ROWS + 1);
    expect(sheet!.values[ROWS]).toEqual([
      (ROWS - 1) * 10 + 0.25,
      (ROWS - 1) * 10 + 1.25,
      (ROWS - 1) * 10 + 2.25,
      `deal ${ROWS - 1}`,
    ]);
    expect(readdirSync(dir).sort()).toEqual(['thread.xlsx', 'worker.xlsx']);
  }, 60_000);

  it('takes the XML buffer itself (transferred, not copied) and gives back another; a part of a buffer is copied', async () => {
    const file = path.join(dir, 'raw.bin');
    const fd = openSync(file, 'w');
    const zip = new ZipWorker(fd, workerDeflate);
    const entry = zip.compressor();
    const text = new TextEncoder().encode('<row r="1"><c><v>1</v></c></row>'.repeat(2_000));
    const chunks: Uint8Array[] = [];
    let buf: Uint8Array = new Uint8Array(text.length + 100);
    for (let k = 0; k < 12; k++) {
      buf.set(text);
      chunks.push(text);
      const before = buf;
      const r = await entry.handOver(buf, text.length);
      expect(before.byteLength).toBe(0); // detached: now the worker's
      expect(r.next).not.toBe(before);
      expect(r.next.length).toBeGreaterThanOrEqual(text.length + 100);
      buf = r.next;
    }
    // A view into a larger buffer cannot be transferred: its bytes are copied, it stays the caller's.
    const big = new Uint8Array(text.length * 2);
    big.set(text, 16);
    const part = big.subarray(16, 16 + text.length);
    chunks.push(text);
    const r = await entry.handOver(part, text.length);
    expect(r.next).toBe(part);
    expect(big.byteLength).toBe(text.length * 2);
    await entry.finish();
    await zip.close();
    closeSync(fd);
    const all = Buffer.concat(chunks);
    expect(inflateRawSync(readFileSync(file)).equals(all)).toBe(true);
  });

  it('a failure on the main thread stops the worker and removes the temp file', async () => {
    const out = path.join(dir, 'out.xlsx');
    writeFileSync(out, 'the previous workbook');
    const failing = table('FunnelData', ROWS, (i) => {
      if (i === 40_000) throw new Error('no more rows');
      return i;
    });
    const stop = jest.spyOn(ZipWorker.prototype, 'stop');
    try {
      await expect(writeOutWorkbook(out, [failing])).rejects.toThrow('no more rows');
      // The worker was ended (terminated, not left running to keep the process alive).
      expect(stop).toHaveBeenCalledTimes(1);
      await expect(stop.mock.results[0]!.value).resolves.toBeUndefined();
    } finally {
      stop.mockRestore();
    }
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
    expect(readFileSync(out, 'utf8')).toBe('the previous workbook');
  }, 60_000);

  (existsSync('/dev/full') ? it : it.skip)(
    "a full disk: the worker's ENOSPC reaches the caller with its code and message",
    async () => {
      const fd = openSync('/dev/full', 'w');
      const worker = new ZipWorker(fd, workerDeflate);
      try {
        await expect(
          writeWorkbookTo(sources(), worker.sink, { compressor: worker.compressor }),
        ).rejects.toMatchObject({
          code: 'ENOSPC',
          syscall: 'write',
          message: 'ENOSPC: no space left on device, write',
        });
      } finally {
        await worker.stop();
        closeSync(fd);
      }
    },
    60_000,
  );

  (process.platform === 'win32' ? it.skip : it)(
    'Ctrl-C while the worker writes: exit 130, the temp file removed, no workbook',
    async () => {
      const deals = path.join(dir, 'deals.csv');
      const lines = ['Owner,Stage,Amount,Close Date'];
      for (let i = 0; i < 100_000; i++) {
        lines.push(`Rep ${i % 50},${i % 3 ? 'Pipeline' : 'Won'},${i * 7},2026-05-01`);
      }
      writeFileSync(deals, `${lines.join('\n')}\n`);
      const out = path.join(dir, 'out.xlsx');
      const child = spawn(process.execPath, outArgs(deals, out), { cwd: root, stdio: 'ignore' });
      const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
      // The temp file appears as the workbook starts: Ctrl-C then, while its rows are written.
      const tmp = `${out}.${child.pid}.tmp`;
      let running = true;
      void exited.then(() => (running = false));
      while (running && !existsSync(tmp)) await new Promise((ok) => setTimeout(ok, 5));
      expect(running).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(readdirSync(dir)).toEqual(['deals.csv']);
    },
    60_000,
  );

  (process.platform === 'linux' ? it : it.skip)(
    'a file too large for the limit: the command line says so, exit 1, no file left',
    () => {
      const deals = path.join(dir, 'deals.csv');
      const lines = ['Owner,Stage,Amount,Close Date'];
      for (let i = 0; i < 20_000; i++) lines.push(`Rep ${i % 50},Pipeline,${i * 7},2026-05-01`);
      writeFileSync(deals, `${lines.join('\n')}\n`);
      const out = path.join(dir, 'out.xlsx');
      // The shell's file size limit (64 KB): the worker's write fails with EFBIG.
      const r = spawnSync(
        'bash',
        ['-c', 'ulimit -f 64 && exec "$@"', 'bash', process.execPath, ...outArgs(deals, out)],
        { cwd: root, encoding: 'utf8' },
      );
      expect(r.stderr).toContain('forecast: unexpected error: EFBIG: file too large, write');
      expect(r.status).toBe(1);
      expect(readdirSync(dir)).toEqual(['deals.csv']);
    },
    60_000,
  );
});
