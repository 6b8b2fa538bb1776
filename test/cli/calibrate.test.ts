/** `forecast NOW.csv --history FILE --calibrate [--prior-strength K] [--apply]` (cli/calibrate.ts). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { priorStrengthOf } from '../../cli/calibrate';
import { readTableFile } from '../../files';
import { SALESFORCE_OPPORTUNITY_HISTORY_CSV as HISTORY } from '../fixtures';
import { cli } from './support/forecast-cli';
import { historyCli } from './support/history-cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-calibrate-'));
// Today's deal sheet: opportunity 05 (open in the history) has been won since; 07 is open
// again at Perception Analysis; 09 is new to the history.
const NOW = path.join(tmp, 'now.csv');
writeFileSync(
  NOW,
  [
    'Opportunity ID,Opportunity Name,Stage,Amount,Close Date',
    '0065g00000Abc05AAA,Five,Closed Won,7000,2025-04-20',
    '0065g00000Abc07AAA,Seven,Perception Analysis,64000,2025-05-15',
    '0065g00000Abc09AAA,Nine,Needs Analysis,10000,2025-05-30',
  ].join('\n'),
);
const BASE = [NOW, '--as-of', '2025-04-30', '--history', HISTORY, '--calibrate'];

interface RateRow {
  stage: string;
  probability: number;
  n: number;
  won: number;
  rawRate: number | null;
  low: number | null;
  high: number | null;
  previousProbability: number;
}

describe('forecast --calibrate', () => {
  it('adds "stageRates" to --json: n and won by hand, the deal sheet giving today\'s outcome', async () => {
    const r = await cli(...BASE, '--json', '--deals', '--prior-strength', '0');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      stageRates: RateRow[];
      stageRatesNotes: string[];
      deals: { weighted: number }[];
    };
    // History: won 01, 03, 08; lost 02, 04, 06; 05 open (won today, from the deal sheet); 07 reopened.
    expect(j.stageRates.map((x) => [x.stage, x.n, x.won])).toEqual([
      ['Prospecting', 7, 4],
      ['Qualification', 6, 4],
      ['Needs Analysis', 6, 4],
      ['Value Proposition', 5, 4],
      ['Id. Decision Makers', 5, 4],
      ['Perception Analysis', 4, 4],
      ['Proposal/Price Quote', 4, 4],
      ['Negotiation/Review', 4, 4],
      ['Closed Won', 4, 4],
      ['Closed Lost', 3, 0],
    ]);
    for (const x of j.stageRates) {
      expect(Object.keys(x)).toEqual(
        expect.arrayContaining([
          'stage',
          'probability',
          'n',
          'won',
          'rawRate',
          'low',
          'high',
          'previousProbability',
        ]),
      );
      expect(x.probability).toBe(x.rawRate); // k = 0
    }
    expect(j.stageRatesNotes.join(' ')).toMatch(
      /2 deals of the deal sheet are in the history \(matched by its column Opportunity ID\)/,
    );
    // Without --apply the forecast keeps the Salesforce defaults: 64000 x 70% + 10000 x 20%.
    expect(j.deals.map((d) => d.weighted)).toEqual([7000, 44800, 2000]);
  });

  it('adds "calibration" to --json: buckets of 10 points and the out-of-sample Brier scores', async () => {
    const r = await cli(
      ...BASE,
      '--json',
      '--deals',
      '--prior-strength',
      '0',
      '--cut-date',
      '2025-03-01',
    );
    const j = JSON.parse(r.out) as {
      calibration: {
        buckets: {
          label: string;
          observations: number;
          meanPredicted: number | null;
          shareWon: number | null;
        }[];
        brier: {
          cut: string;
          trainDeals: number;
          testDeals: number;
          current: number;
          calibrated: number;
        };
      };
    };
    expect(j.calibration.buckets).toHaveLength(10);
    // 10-20%: Prospecting (01, 02, 04, 05, 06, 08) and Qualification (01, 03, 05); won: 01, 03, 05, 08.
    expect(j.calibration.buckets[1]).toMatchObject({
      observations: 9,
      meanPredicted: 0.1,
      shareWon: 6 / 9,
    });
    // Closed before 2025-03-01: 02, 06, 08; from it: 01, 03, 04, 05 (won on the as-of date).
    expect(j.calibration.brier).toMatchObject({ cut: '2025-03-01', trainDeals: 3, testDeals: 4 });
    expect(j.calibration.brier.calibrated).toBeLessThan(j.calibration.brier.current);
  });

  it('--apply weighs the forecast with the calibrated rates (k = 10 by default)', async () => {
    const r = await cli(...BASE, '--apply', '--json', '--deals');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { deals: { weighted: number; probability: number }[] };
    // Perception Analysis: (4 + 10 x 0.7) / (4 + 10) = 11/14; Needs Analysis: (4 + 2) / 16.
    expect(j.deals.map((d) => d.probability)).toEqual([1, 11 / 14, 0.375]);
    expect(j.deals.map((d) => d.weighted)).toEqual([7000, 50285.7142857143, 3750]);
  });

  it('projects this and the next period with the calibrated rates beside the current ones, with or without --apply', async () => {
    type P = {
      projection: { thisPeriod: Record<string, unknown>; nextPeriod: Record<string, unknown> };
    };
    const plain = JSON.parse((await cli(...BASE, '--json', '--deals')).out) as P;
    const applied = JSON.parse((await cli(...BASE, '--apply', '--json', '--deals')).out) as P;
    // 7000 won + 64000 x 70% + 10000 x 20%, against 7000 + 64000 x 11/14 + 10000 x 0.375.
    expect(plain.projection.thisPeriod).toEqual({
      label: '2025-Q2',
      closed: 7000,
      current: 53800,
      calibrated: 61035.7142857143,
    });
    expect(applied.projection).toEqual(plain.projection);
    expect(plain.projection.nextPeriod).toEqual({ label: '2025-Q3', current: 0, calibrated: 0 });
  });

  it('writes "Stage rates" and "History issues" to --out; the Stage rates sheet works as --stages', async () => {
    const out = path.join(tmp, 'out.xlsx');
    const r = await cli(...BASE, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Stage rates\nStage\s+Probability\s+n\s+Won\s+Raw\s+90% interval\s+Was/);
    expect(r.out).toMatch(
      /Wrote .*Stage rates \(10 rows\), Calibration \(10 rows\), History issues \(0 rows\)/,
    );
    expect(r.out).toMatch(/Note: Calibration: Brier score on 4 deals closed from 2025-03-10/);
    const sheets = await readTableFile('out.xlsx', readFileSync(out));
    const rates = sheets.find((s) => s.name === 'Stage rates')!;
    expect(rates.values[0]).toEqual([
      'Stage',
      'Probability',
      'Forecast category',
      'Ladder stage',
      'n',
      'Won',
      'Raw rate',
      'Interval low (90%)',
      'Interval high (90%)',
      'Previous probability',
      'Note',
    ]);
    // The sheet as it is (all eleven columns) is a stage table for --stages.
    const csv = path.join(tmp, 'rates.csv');
    writeFileSync(
      csv,
      rates.values
        .map((row) => row.map((v) => `"${String(v ?? '').replace(/"/g, '""')}"`).join(','))
        .join('\n'),
    );
    const viaStages = JSON.parse(
      (await cli(NOW, '--as-of', '2025-04-30', '--stages', csv, '--json', '--deals')).out,
    );
    const applied = JSON.parse((await cli(...BASE, '--apply', '--json', '--deals')).out);
    expect(viaStages.deals.map((d: { weighted: number }) => d.weighted)).toEqual(
      applied.deals.map((d: { weighted: number }) => d.weighted),
    );
  });

  it('takes the history from snapshots: the --compare exports and the deal sheet itself', async () => {
    const head = 'Opportunity ID,Stage,Amount,Close Date';
    const w1 = path.join(tmp, 'deals-2025-01-07.csv');
    const w2 = path.join(tmp, 'deals-2025-01-14.csv');
    const now = path.join(tmp, 'deals-2025-01-21.csv');
    writeFileSync(
      w1,
      [
        head,
        'A,Prospecting,100,2025-02-01',
        'B,Qualification,100,2025-02-01',
        'C,Needs Analysis,100,2025-02-01',
      ].join('\n'),
    );
    writeFileSync(
      w2,
      [
        head,
        'A,Needs Analysis,100,2025-02-01',
        'B,Closed Lost,100,2025-02-01',
        'C,Closed Won,100,2025-01-10',
        'D,Prospecting,100,2025-03-01',
      ].join('\n'),
    );
    writeFileSync(
      now,
      [
        head,
        'A,Closed Won,100,2025-01-20',
        'D,Prospecting,100,2025-03-01',
        'E,Closed Lost,100,2025-01-20',
      ].join('\n'),
    );
    const r = await cli(
      now,
      '--as-of',
      '2025-01-21',
      '--compare',
      w1,
      '--compare',
      w2,
      '--calibrate',
      '--prior-strength',
      '0',
      '--json',
      '--deals',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      stageRates: RateRow[];
      stageRatesNotes: string[];
      change: unknown[];
    };
    // Won: A (at the deal sheet's date), C; lost: B (highest Qualification), E (no open stage); D open.
    expect(j.stageRates.slice(0, 4).map((x) => [x.stage, x.n, x.won])).toEqual([
      ['Prospecting', 3, 2],
      ['Qualification', 3, 2],
      ['Needs Analysis', 2, 2],
      ['Value Proposition', 2, 2],
    ]);
    expect(j.stageRatesNotes.join(' ')).toMatch(/1 lost deals reached no open stage/);
    expect(j.stageRatesNotes.join(' ')).toMatch(
      /deals-2025-01-07 \(2025-01-07\): 3 deals by Opportunity ID/,
    );
    expect(j.change.length).toBeGreaterThan(0); // the bridge runs beside it
    // The "dated from its name" line is said once, by the bridge.
    expect(r.err.match(/deals-2025-01-07\.csv dated 2025-01-07/g)).toHaveLength(1);
  });

  it('adds "accuracy" and the Forecast accuracy sheet with snapshots', async () => {
    const head = 'Opportunity ID,Stage,Amount,Close Date';
    const early = path.join(tmp, 'acc-2025-01-15.csv');
    const now = path.join(tmp, 'acc-2025-02-05.csv');
    writeFileSync(
      early,
      [head, 'A,Committed,1000,2025-01-25', 'B,Prospect,500,2025-01-30'].join('\n'),
    );
    writeFileSync(now, [head, 'A,Won,1000,2025-01-24', 'B,Lost,500,2025-01-30'].join('\n'));
    const out = path.join(tmp, 'acc.xlsx');
    const args = [
      now,
      '--as-of',
      '2025-02-05',
      '--period',
      'month',
      '--compare',
      early,
      '--calibrate',
    ];
    const j = JSON.parse((await cli(...args, '--json', '--deals')).out) as {
      accuracy: Record<string, unknown>[];
    };
    // January as seen on 2025-01-15: 1000 x 70% + 500 x 10% = 750 against 1000 won.
    expect(j.accuracy).toEqual([
      expect.objectContaining({
        snapshot: '2025-01-15',
        period: '2025-01',
        weighted: 750,
        actual: 1000,
        error: -250,
        bias: 'under',
        weeksBeforeEnd: 3,
      }),
    ]);
    const r = await cli(...args, '--out', out);
    expect(r.out).toMatch(/Forecast accuracy \(1 rows\)/);
  });

  it.each([
    [
      ['--calibrate'],
      /--calibrate needs a stage history: add --history FILE \(CSV or XLSX\), or earlier exports/,
    ],
    [['--history', HISTORY], /--history is read for calibration: add --calibrate/],
    [['--apply'], /--apply weighs the forecast with calibrated rates: add --calibrate/],
    [
      ['--history', HISTORY, '--calibrate', '--prior-strength', '-1'],
      /--prior-strength -1: give a number of deals, 0 or more/,
    ],
    [
      ['--history', HISTORY, '--calibrate', '--history-map', 'deal=X'],
      /--history-map deal=X: write field=Header/,
    ],
    [
      ['--history', HISTORY, '--calibrate', '--history-map', 'key=Nope'],
      /no column has that header/,
    ],
    [['--history', 'missing.csv', '--calibrate'], /--history missing\.csv: no such file/],
    [
      ['--history', HISTORY, '--calibrate', '--cut-date', '10/03/2025'],
      /--cut-date 10\/03\/2025: write the date as YYYY-MM-DD/,
    ],
  ])('%p is one clear line and exit code 2', async (args, message) => {
    const r = await cli(NOW, '--as-of', '2025-04-30', ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message as RegExp);
    expect(r.out).toBe('');
  });

  // One parser (cli/calibrate.ts priorStrengthOf) for every command that takes a prior strength:
  // a blank value is refused by each, never read as 0 (raw rates nobody asked for).
  it.each([
    [
      'forecast --calibrate',
      (k: string) =>
        cli(
          NOW,
          '--as-of',
          '2025-04-30',
          '--history',
          HISTORY,
          '--calibrate',
          '--prior-strength',
          k,
        ),
      { code: 0 },
    ],
    [
      'history rates',
      (k: string) =>
        historyCli(
          'history',
          'rates',
          '--db',
          path.join(tmp, 'none.duckdb'),
          '--prior-strength',
          k,
        ),
      // Past the option, to the missing store.
      { code: 2, err: /no history store here/ },
    ],
    [
      'sql',
      (k: string) => historyCli('sql', '--dialect', 'duckdb', '--prior-strength', k),
      { code: 0 },
    ],
  ] as const)(
    '%s refuses a blank --prior-strength or one not in decimal, and reads 0, 4.5 and .5',
    async (_name, run, accepted) => {
      for (const bad of ['', ' ', '\t', '0x10', '0b11', '1e1', '-0', 'Infinity']) {
        const r = await run(bad);
        expect([bad, r.code, r.out]).toEqual([bad, 2, '']);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).toMatch(/--prior-strength \S*\s*: give a number of deals, 0 or more/);
      }
      for (const k of ['0', '4.5', '.5']) {
        const r = await run(k);
        expect([k, r.code]).toEqual([k, accepted.code]);
        expect(r.err).not.toMatch(/--prior-strength/);
        if ('err' in accepted) expect(r.err).toMatch(accepted.err);
      }
    },
  );

  it('names a settings value that is not text as JSON', () => {
    expect(() => priorStrengthOf([5], 'priorStrength')).toThrow(
      /^priorStrength \[5\]: give a number of deals/,
    );
    expect(() => priorStrengthOf(true, 'priorStrength')).toThrow(/^priorStrength true:/);
    expect(priorStrengthOf(3)).toBe(3);
    expect(priorStrengthOf(' 4.5 ')).toBe(4.5);
  });
});
