/** `npm run cli` runs the bundled command line (dist/cli/main.mjs), building it when missing or stale. */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function run(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/cli.cjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

describe('the bundled command line', () => {
  it('builds dist/cli/main.mjs when needed and runs it: usage errors exit 2, --json parses', () => {
    const bad = run('forecast', '--period', 'fortnight');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n').pop()).toBe(
      'forecast: --period fortnight: use month, quarter or year.',
    );
    const bundle = statSync(path.join(ROOT, 'dist/cli/main.mjs'));
    const ok = run('forecast', '--json', '--segment-by', 'Region');
    expect(ok.status).toBe(0);
    expect(ok.stderr).not.toMatch(/building/); // up to date: not rebuilt
    expect(statSync(path.join(ROOT, 'dist/cli/main.mjs')).mtimeMs).toBe(bundle.mtimeMs);
    expect(Object.keys(JSON.parse(ok.stdout))).toEqual([
      'mapping',
      'forecast',
      'funnel',
      'tiers',
      'reps',
      'issues',
    ]);
    const fn = run('fn', 'FUNNEL_WEIGHT', '12285', '"Committed"');
    expect(fn.stdout).toBe('8599.5\n');
  }, 120_000);
});
