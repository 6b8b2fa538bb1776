/**
 * The maven-crm sales pipeline (../shared/datasets), run as a user would: the
 * file read by files/, the engine with default settings, figures checked
 * against hand calculations written independently here.
 */
import { runForecast } from '../../core/engine';
import { datasetPath, datasetSheet, plainCsvRows } from './support';

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('maven-crm sales pipeline (8,800 deals, Won/Lost/Engaging/Prospecting)', () => {
  const rel = 'maven-crm/sales_pipeline.csv';
  const rows = plainCsvRows(datasetPath(rel));
  const result = runForecast(datasetSheet(rel), { asOf: '2017-12-31' });

  it('per agent: win rate, average won deal and cycle days match a hand calculation', () => {
    const byAgent = new Map<
      string,
      { won: number; lost: number; wonValue: number; cycle: number }
    >();
    for (const r of rows) {
      const a = byAgent.get(r.sales_agent!) ?? { won: 0, lost: 0, wonValue: 0, cycle: 0 };
      if (r.deal_stage === 'Won') {
        a.won++;
        a.wonValue += Number(r.close_value);
        a.cycle += dayOf(r.close_date!) - dayOf(r.engage_date!);
      } else if (r.deal_stage === 'Lost') a.lost++;
      byAgent.set(r.sales_agent!, a);
    }
    expect(result.reps).toHaveLength(byAgent.size);
    for (const rep of result.reps) {
      const a = byAgent.get(rep.owner)!;
      expect(rep.won).toBe(a.won);
      expect(rep.lost).toBe(a.lost);
      expect(rep.winRate).toBeCloseTo(a.won / (a.won + a.lost), 12);
      expect(rep.avgWonAmount).toBeCloseTo(a.wonValue / a.won, 8);
      expect(rep.avgCycleDays).toBeCloseTo(a.cycle / a.won, 10);
    }
    // One figure a reader can check by eye: Darcel Schlecht, the top seller.
    const darcel = result.reps.find((r) => r.owner === 'Darcel Schlecht')!;
    expect(darcel.won).toBe(349);
  });

  it('counts the rows it cannot use exactly', () => {
    expect(result.counts).toMatchObject({ rows: 8800, counted: 6711, excluded: 2089 });
    // Engaging (1,589) is no known stage and has no probability; Prospecting (500) has no amount.
    expect(result.counts.byKind).toEqual({
      'missing-amount': 2089,
      'unknown-stage': 1589,
      'missing-close-date': 2089,
    });
    expect(result.deals.filter((d) => d.counted === false)).toHaveLength(2089);
  });

  it('won revenue by quarter is the won deals closed in each quarter', () => {
    const q4 = rows
      .filter((r) => r.deal_stage === 'Won' && r.close_date! >= '2017-10-01')
      .reduce((s, r) => s + Number(r.close_value), 0);
    const row = result.forecast.find((f) => f.period === '2017-Q4')!;
    expect(row.closed).toBe(q4);
    expect(row.weighted).toBe(q4);
  });

  it('tiers accounts by won amount, key accounts first', () => {
    expect(result.tiers[0]!.tier).toBe('Key account');
    const last = result.tiers[result.tiers.length - 1]!;
    expect(last.cumulativeShare).toBeCloseTo(1, 12);
  });
});
