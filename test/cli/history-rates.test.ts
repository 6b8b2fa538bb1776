/**
 * `npm run cli -- history rates|accuracy` and `--out` for every history
 * command, in process, on seeded weekly snapshots (test/change's generator)
 * added to a store as a user adds them: the SQL's figures equal core/rates'
 * on the same files, the workbooks hold the engine's tables, and bad input is
 * one line, exit code 2, the store untouched.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, queryRows } from '../../cli/history-store';
import type { CellValue } from '../../core/cells';
import { forecastAccuracy } from '../../core/rates/accuracy';
import { historyFromSnapshots } from '../../core/rates/snapshots';
import { computeStageRates } from '../../core/rates/stage-rates';
import { readCsv, readTableFile } from '../../files';
import { generateSnapshots } from '../change/snapshot-generator';
import { historyAdd, historyCli as cli } from './support/history-cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-history-rates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const db = path.join(tmp, 'store.duckdb');
const RATES = path.join(tmp, 'rates.csv');
writeFileSync(RATES, 'Currency,Rate\nEUR,1.25\n');
/** A deal sheet given as a stage table: its refusal names the file. */
const NOT_STAGES = path.join(tmp, 'not-stages.csv');
writeFileSync(NOT_STAGES, 'Opportunity,Account,Amount\nO1,Acme,100\n');

const csvCell = (v: CellValue): string => {
  if (v === null) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Weekly exports, the planted repeated and blank keys dropped (the store refuses them). */
const snapshots = generateSnapshots({ seed: 11, deals: 80, weeks: 14 }).map((s) => {
  const seen = new Set<string>();
  const rows = s.values.filter((r, i) => {
    if (i === 0) return true;
    const k = r[0] === null ? '' : String(r[0]);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const file = path.join(tmp, `deals-${s.asOf}.csv`);
  writeFileSync(file, `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`);
  return { file, asOf: s.asOf };
});
const sources = () =>
  snapshots.map((s) => ({
    sheet: readCsv(path.basename(s.file), readFileSync(s.file)),
    asOf: s.asOf,
  }));

type Json = Record<string, unknown>;

describe('history rates and accuracy', () => {
  beforeAll(async () => {
    for (const s of snapshots) {
      const r = await historyAdd(
        s.file,
        s.asOf,
        db,
        '--key',
        'Opportunity ID',
        '--segment-by',
        'Owner',
        '--rates',
        RATES,
      );
      if (r.code !== 0) throw new Error(r.err);
    }
  }, 60_000);

  it('history rates: the Stage rates of core/rates on the same snapshots (n, won, rate, interval)', async () => {
    const r = await cli('history', 'rates', '--db', db, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as {
      stageRates: Json[];
      priorStrength: number;
      snapshots: number;
    };
    expect([got.priorStrength, got.snapshots]).toEqual([10, 14]);
    const history = historyFromSnapshots(sources(), { rates: [['EUR', 1.25]] }, 'Opportunity ID');
    const want = computeStageRates(history.rows, { priorStrength: 10 });
    expect(want.counts.won + want.counts.lost).toBeGreaterThan(20);
    expect(got.stageRates.map((x) => [x.stage, x.n, x.won, x.note])).toEqual(
      want.rates.map((x) => [x.stage.label, x.n, x.won, x.note]),
    );
    got.stageRates.forEach((x, i) => {
      const w = want.rates[i]!;
      for (const [a, b] of [
        [x.probability, w.probability],
        [x.rawRate, w.rawRate],
        [x.low, w.low],
        [x.high, w.high],
      ] as [number | null, number | null][])
        if (b === null) expect(a).toBeNull();
        else expect(Math.abs(a! - b)).toBeLessThanOrEqual(1e-9);
    });
  });

  it('history rates --from --to --prior-strength 0: the raw rates of those snapshots', async () => {
    const r = await cli(
      'history',
      'rates',
      '--db',
      db,
      '--from',
      snapshots[3]!.asOf,
      '--to',
      snapshots[9]!.asOf,
      '--prior-strength',
      '0',
      '--json',
    );
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as { stageRates: Json[]; from: string; to: string };
    expect([got.from, got.to]).toEqual([snapshots[3]!.asOf, snapshots[9]!.asOf]);
    const history = historyFromSnapshots(
      sources().slice(3, 10),
      { rates: [['EUR', 1.25]] },
      'Opportunity ID',
    );
    const want = computeStageRates(history.rows, { priorStrength: 0 });
    expect(got.stageRates.map((x) => [x.stage, x.n, x.won, x.probability])).toEqual(
      want.rates.map((x) => [x.stage.label, x.n, x.won, x.probability]),
    );
  });

  it('history accuracy: the Forecast accuracy of core/rates, per owner and month, money to the cent', async () => {
    const r = await cli('history', 'accuracy', '--db', db, '--period', 'month', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as { accuracy: Json[] };
    const history = historyFromSnapshots(
      sources(),
      { rates: [['EUR', 1.25]], segmentBy: ['Owner'], period: 'month' },
      'Opportunity ID',
    );
    const want = forecastAccuracy(history.runs, 1);
    expect(want.rows.length).toBeGreaterThan(20);
    // To the cent: the SQL rounds exact decimal sums once; the engine keeps 15 significant digits.
    const MONEY = ['weighted', 'commit', 'bestCase', 'actual', 'error'];
    const shape = (x: Json) => [x.snapshot, x.weeksBeforeEnd, x.segment, x.period, x.bias];
    expect(got.accuracy.map(shape)).toEqual(want.rows.map((x) => shape(x as unknown as Json)));
    got.accuracy.forEach((g, i) => {
      const w = want.rows[i]! as unknown as Json;
      for (const m of MONEY)
        expect([i, m, Math.abs(Number(g[m]) - Number(w[m])) <= 0.005 + 1e-9]).toEqual([i, m, true]);
    });
    // One period only.
    const q = await cli(
      'history',
      'accuracy',
      '--db',
      db,
      '--period',
      'month',
      '--window',
      '2026-11',
      '--json',
    );
    const only = JSON.parse(q.out) as { accuracy: Json[]; window: string };
    expect(only.window).toBe('2026-11');
    expect(only.accuracy.map(shape)).toEqual(
      want.rows.filter((x) => x.period === '2026-11').map((x) => shape(x as unknown as Json)),
    );
  });

  it('--out writes the engine’s tables for forecast, change, rates and accuracy', async () => {
    const cases: [string[], string[]][] = [
      [['forecast'], ['Forecast']],
      [
        ['change', '--window', '2026-Q4'],
        ['Pipeline change', 'Deal changes'],
      ],
      [['rates'], ['Stage rates']],
      [['accuracy', '--period', 'month'], ['Forecast accuracy']],
    ];
    for (const [args, sheets] of cases) {
      const out = path.join(tmp, `${args[0]}.xlsx`);
      const r = await cli('history', ...args, '--db', db, '--out', out);
      expect([args[0], r.err, r.code]).toEqual([args[0], '', 0]);
      expect(r.out).toMatch(new RegExp(`Wrote .*${args[0]}\\.xlsx`));
      const book = await readTableFile(path.basename(out), readFileSync(out));
      expect(book.map((s) => s.name)).toEqual(sheets);
      // The workbook holds what --json prints.
      const j = JSON.parse((await cli('history', ...args, '--db', db, '--json')).out) as Json;
      const first = book[0]!.values;
      if (args[0] === 'rates') {
        const rates = j.stageRates as Json[];
        expect(first.slice(1).map((row) => [row[0], row[4], row[5]])).toEqual(
          rates.map((x) => [x.stage, x.n, x.won]),
        );
      } else if (args[0] === 'accuracy') {
        expect(first.length - 1).toBe((j.accuracy as Json[]).length);
      } else if (args[0] === 'change') {
        const change = j.change as Json[];
        expect(first.length - 1).toBe(change.length);
        expect(book[1]!.values.length - 1).toBe((j.dealChanges as Json[]).length);
        expect(first[0]).toEqual(['Owner', 'Bucket', 'Order', 'Deals', 'Amount', 'Weighted']);
      } else {
        expect(first.length - 1).toBe((j.forecast as Json[]).length);
      }
    }
  }, 60_000);

  it('the views `sql --dialect duckdb` prints, run on a copy of the store, give what history rates and accuracy give', async () => {
    const copy = path.join(tmp, 'copy.duckdb');
    copyFileSync(db, copy);
    const settings = path.join(tmp, 'settings.json');
    writeFileSync(
      settings,
      JSON.stringify({
        rates: [['EUR', 1.25]],
        segmentBy: ['Owner'],
        period: 'month',
        priorStrength: 4,
      }),
    );
    const script = await cli('sql', '--dialect', 'duckdb', '--settings', settings);
    expect(script.code).toBe(0);
    const store = await openStore(copy);
    try {
      await store.conn.run(script.out);
      const rates = await queryRows(
        store,
        'SELECT stage, n, won, probability FROM ff_stage_rates ORDER BY stage_order',
      );
      const accuracy = await queryRows(store, 'SELECT COUNT(*) AS n FROM ff_accuracy');
      const r = JSON.parse(
        (await cli('history', 'rates', '--db', db, '--prior-strength', '4', '--json')).out,
      ) as { stageRates: Json[] };
      expect(rates.map((x) => [x.stage, Number(x.n), Number(x.won), x.probability])).toEqual(
        r.stageRates.map((x) => [x.stage, x.n, x.won, x.probability]),
      );
      const a = JSON.parse(
        (await cli('history', 'accuracy', '--db', db, '--period', 'month', '--json')).out,
      ) as { accuracy: Json[] };
      expect(Number(accuracy[0]!.n)).toBe(a.accuracy.length);
    } finally {
      store.close();
    }
  });

  describe('bad input: one line, exit code 2, the store untouched', () => {
    let before: Buffer;
    beforeAll(() => {
      before = readFileSync(db);
    });
    const refused = async (pattern: RegExp, ...args: string[]) => {
      const r = await cli('history', ...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(pattern);
      expect(readFileSync(db).equals(before)).toBe(true);
    };

    it.each([
      [/--prior-strength -1: give a number of deals/, ['rates', '--prior-strength', '-1']],
      [/--prior-strength ten: give a number of deals/, ['rates', '--prior-strength', 'ten']],
      [/The window "Q9" is not a period label/, ['rates', '--window', 'Q9']],
      [
        /give --window or --from\/--to, not both/,
        ['rates', '--window', '2026', '--from', '2026-10-05'],
      ],
      [
        /--from 2026-12-01 is after --to 2026-11-01/,
        ['rates', '--from', '2026-12-01', '--to', '2026-11-01'],
      ],
      [/No snapshot on or after 2027-06-01: the store has /, ['rates', '--from', '2027-06-01']],
      [/No snapshot on or before 2020-01-31: the store has /, ['rates', '--to', '2020-01-31']],
      [
        /^history: --stages .*not-stages.csv: .*"Acme" is not a probability/,
        ['rates', '--stages', NOT_STAGES],
      ],
      [/--to 2026-02-30: write the date as YYYY-MM-DD/, ['accuracy', '--to', '2026-02-30']],
      [/the range holds one \(2026-10-05\)/, ['accuracy', '--to', '2026-10-05']],
      [/The window "2026-13" is not a period label/, ['accuracy', '--window', '2026-13']],
      [
        /The window 2026-Q4 is a quarter, but the periods are months/,
        ['accuracy', '--period', 'month', '--window', '2026-Q4'],
      ],
      [
        /Segment Region: the snapshot of .* has the segments Owner/,
        ['accuracy', '--segment-by', 'Region'],
      ],
      [/--out out.csv: the output is an .xlsx workbook/, ['change', '--out', 'out.csv']],
      [/the folder .* does not exist/, ['rates', '--out', path.join(tmp, 'no-such', 'rates.xlsx')]],
    ])('%s', async (pattern, args) => {
      const withDb = args.includes('--db') ? args : [...args, '--db', db];
      await refused(pattern, ...withDb);
    });

    it('a store that does not exist', async () => {
      const r = await cli('history', 'rates', '--db', path.join(tmp, 'none.duckdb'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no history store here/);
    });
  });
});
