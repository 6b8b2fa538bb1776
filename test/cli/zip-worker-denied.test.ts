/**
 * `forecast --out` where no worker thread may start (Node's permission model,
 * `node --experimental-permission` without `--allow-worker`: `new Worker` throws
 * ERR_ACCESS_DENIED): the workbook is compressed and written in thread instead,
 * the same bytes, rather than the run failing.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** How many times a worker was asked for (the denied path was taken). */
let tried = 0;
jest.mock('node:worker_threads', () => ({
  Worker: class {
    constructor() {
      tried++;
      throw Object.assign(new Error('Access to this API has been restricted'), {
        code: 'ERR_ACCESS_DENIED',
      });
    }
  },
}));

// Imported after the mock: out.ts makes its ZipWorker from the mocked module.
import { writeOutWorkbook } from '../../cli/forecast/out';
import { cellSource } from '../support/output-sources';

const ROWS = 3_000;
const source = cellSource(
  'FunnelData',
  ROWS,
  2,
  (i, c) => (c === 0 ? `deal ${i}` : i * 1.5),
  (c) => (c === 0 ? 'text' : 'number'),
);

describe('--out where a worker thread may not start', () => {
  it('writes the workbook in thread: the same bytes, no temp file left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ff-zipw-denied-'));
    const a = path.join(dir, 'a.xlsx');
    const b = path.join(dir, 'b.xlsx');
    await writeOutWorkbook(a, [source]);
    expect(tried).toBe(1);
    await writeOutWorkbook(b, [source], undefined, true);
    const bytes = readFileSync(a);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.xlsx', 'b.xlsx']);
  });
});
