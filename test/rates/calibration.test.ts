/** Calibration buckets and the out-of-sample Brier comparison (core/rates/calibration.ts). */
import { calibrationTable, computeCalibration } from '../../core/rates/calibration';
import type { HistoryRow } from '../../core/rates/stage-rates';
import { generateHistory } from './history-generator';

const rows = (xs: [string, string, number][]): HistoryRow[] =>
  xs.map(([key, stage, at], i) => ({ key, stage, at, row: i + 2 }));

// a and b close before day 10, c and d from day 12; e never closes.
const SMALL = rows([
  ['a', 'Prospecting', 1],
  ['a', 'Needs Analysis', 2],
  ['a', 'Closed Won', 3],
  ['b', 'Prospecting', 1],
  ['b', 'Closed Lost', 4],
  ['c', 'Prospecting', 10],
  ['c', 'Needs Analysis', 11],
  ['c', 'Closed Won', 12],
  ['d', 'Needs Analysis', 10],
  ['d', 'Closed Lost', 13],
  ['e', 'Prospecting', 5],
]);

describe('calibration, by hand', () => {
  const c = computeCalibration(SMALL, { priorStrength: 0, cut: 10 });

  it('buckets each closed deal once per stage it was seen at', () => {
    const used = c.buckets.filter((b) => b.observations > 0);
    expect(used.map((b) => [b.label, b.observations, b.meanPredicted, b.shareWon])).toEqual([
      ['10-20%', 3, 0.1, 2 / 3], // Prospecting: a (won), b (lost), c (won)
      ['20-30%', 3, 0.2, 2 / 3], // Needs Analysis: a (won), c (won), d (lost)
    ]);
    expect(c.buckets).toHaveLength(10);
    expect(c.buckets[9]!.label).toBe('90-100%');
  });

  it('scores the current probabilities and the rates fitted before the cut on the deals closed after it', () => {
    // Fitted on a, b (k = 0): Prospecting 1/2, Needs Analysis 1/1.
    // Test observations: c at Prospecting (won), c at Needs Analysis (won), d at Needs Analysis (lost).
    expect(c.brier).toMatchObject({ cut: 10, trainDeals: 2, testDeals: 2, observations: 3 });
    expect(c.brier!.current).toBeCloseTo((0.81 + 0.64 + 0.04) / 3, 14);
    expect(c.brier!.calibrated).toBeCloseTo((0.25 + 0 + 1) / 3, 14);
  });

  it('cuts at the median close date unless told, and says so', () => {
    const d = computeCalibration(SMALL, { priorStrength: 0 });
    expect(d.brier!.cut).toBe(12);
    expect(d.brier!.trainDeals).toBe(2);
    expect(d.notes.join(' ')).toMatch(/the cut is the median close date/);
  });

  it('gives no comparison when one side of the cut is empty, and says why', () => {
    const d = computeCalibration(SMALL, { cut: 100 });
    expect(d.brier).toBeNull();
    expect(d.notes.join(' ')).toMatch(
      /no Brier comparison: every dated closed deal closed before the cut/,
    );
  });

  it('is the output table "Calibration"', () => {
    const t = calibrationTable(c);
    expect(t.sheetName).toBe('Calibration');
    expect(t.rows[1]).toEqual(['10-20%', 3, 0.1, 2 / 3]);
    expect(t.rows[0]).toEqual(['0-10%', 0, null, null]);
  });
});

describe('calibration on snapshots', () => {
  it("counts a deal once per snapshot, with the probability that snapshot's forecast gave it", () => {
    const snap = (
      key: string,
      stage: string,
      at: number,
      source: string,
      probability: number | null,
    ) => ({ key, stage, at, source, probability, row: 2 }) as HistoryRow;
    const c = computeCalibration(
      [
        snap('a', 'Pipeline', 1, 'w1', 0.35), // its own probability in that export
        snap('a', 'Pipeline', 8, 'w2', 0.5),
        snap('a', 'Won', 15, 'now', 1),
        snap('b', 'Pipeline', 1, 'w1', 0.5),
        snap('b', 'Lost', 8, 'w2', 0),
      ],
      { priorStrength: 0, cut: 100 },
    );
    expect(
      c.buckets
        .filter((b) => b.observations)
        .map((b) => [b.label, b.observations, b.meanPredicted, b.shareWon]),
    ).toEqual([
      ['30-40%', 1, 0.35, 1],
      ['50-60%', 2, 0.5, 0.5],
    ]);
  });
});

describe('calibration on a seeded history whose truth is far from the defaults', () => {
  it('the calibrated rates score a lower Brier out of sample than the defaults', () => {
    const g = generateHistory({
      seed: 42,
      deals: 4000,
      stages: ['Prospecting', 'Needs Analysis', 'Value Proposition', 'Negotiation/Review'],
      advance: [0.8, 0.85, 0.9, 0.9],
      wonLabel: 'Closed Won',
      lostLabel: 'Closed Lost',
      skip: 0.1,
      open: 0.1,
    });
    const c = computeCalibration(g.rows);
    expect(c.brier).not.toBeNull();
    expect(c.brier!.calibrated).toBeLessThan(c.brier!.current - 0.05);
    // The defaults are too low in every bucket used: share won above mean predicted.
    for (const b of c.buckets)
      if (b.observations > 100) expect(b.shareWon!).toBeGreaterThan(b.meanPredicted!);
  });
});
