/** The fn command end to end (each spawn costs about a second: keep these few). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function cli(...args: string[]) {
  return cliWithInput(undefined, ...args);
}

function cliWithInput(input: string | undefined, ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'fn', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      input,
      maxBuffer: 64 << 20,
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('funnel-forecast fn', () => {
  it('prints the issue example exactly', () => {
    const r = cli('TIER', '[[100],[50],[30],[10],[10]]');
    expect(r.code).toBe(0);
    expect(r.out).toBe('[["Key account"],["Important"],["Important"],["SMB"],["SMB"]]\n');
  });

  it('prints error cells with code and message; null is an omitted argument; -5 is a number', () => {
    const r = cli(
      'funnel_weight',
      '[[-5],[1000],[2]]',
      '[["Won"],["Nope"],["Pipeline"]]',
      'null',
      '[[null],[null],[70]]',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      [-5],
      [{ error: '#N/A', message: expect.stringContaining('Unknown stage "Nope"') }],
      [1.4],
    ]);
    expect(cli('FUNNEL_WEIGHT', '-5', '"Won"').out).toBe('-5\n');
    // Excel's spelling names the same function.
    expect(cli('SALES.FUNNEL_WEIGHT', '12285', '"Committed"').out).toBe('8599.5\n');
  });

  it('bad JSON, an unknown function or too many arguments: one line on stderr, exit 2', () => {
    for (const args of [
      ['FUNNEL_WEIGHT', '1000', 'Won'],
      ['NOPE', '1'],
      ['COVERAGE', '1', '2', '3', '4'],
    ]) {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^fn: /);
    }
  });

  it('takes a 1000 x 1000 range from a file (@file.json) or from standard input (-)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-fn-'));
    const amounts = Array.from({ length: 1000 }, (_, r) =>
      Array.from({ length: 1000 }, (_, c) => r * 1000 + c),
    );
    const file = join(dir, 'amounts.json');
    writeFileSync(file, JSON.stringify(amounts));
    const fromFile = cli('FUNNEL_WEIGHT', `@${file}`, '"Pipeline"');
    expect(fromFile.code).toBe(0);
    const out = JSON.parse(fromFile.out) as number[][];
    expect(out).toHaveLength(1000);
    expect(out[999]![999]).toBe(999_999 * 0.5);
    const fromStdin = cliWithInput(JSON.stringify(amounts), 'FUNNEL_WEIGHT', '-', '"Pipeline"');
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.out).toBe(fromFile.out);
    const missing = cli('FUNNEL_WEIGHT', `@${join(dir, 'nope.json')}`, '"Won"');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /^fn: argument 1 \(amount\): cannot read .*nope\.json: no such file\.$/m,
    );
    const bad = cliWithInput('[[1],', 'FUNNEL_WEIGHT', '-', '"Won"');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/argument 1 \(amount\) from standard input is not JSON/);
  }, 60_000);
});

describe('funnel-forecast fn and forecast: hostile inputs (issue 9, red team)', () => {
  it('@/dev/zero is refused in one line (it read until the process died of std::bad_alloc)', () => {
    const r = cli('TIER', '@/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toBe('fn: argument 1 (values): cannot read /dev/zero: not a regular file.\n');
  });

  it('a reader that closes the pipe early (| head) ends the run quietly, no EPIPE stack trace', async () => {
    const { spawn } = await import('node:child_process');
    // 1000 x 1000 tiers: megabytes of output, far more than a pipe holds.
    const file = join(mkdtempSync(join(tmpdir(), 'ff-epipe-')), 'values.json');
    writeFileSync(
      file,
      JSON.stringify(
        Array.from({ length: 1000 }, (_, r) => Array.from({ length: 1000 }, (_, c) => r * c)),
      ),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'fn', 'TIER', `@${file}`],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(err).not.toMatch(/EPIPE|node:events|at /);
    expect(code).toBe(0);
  }, 30_000);
});
