/**
 * The public datasets, run as a user would: the file read by files/, the
 * engine with default settings, figures checked against hand calculations
 * written independently here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runForecast } from '../../core/engine';
import { Sum } from '../../core/money';
import { DATASETS, datasetSheet } from './helpers';

function csvRows(rel: string): Record<string, string>[] {
  // These two files have no quoted fields: a plain split is an independent reader.
  const lines = readFileSync(path.join(DATASETS, rel), 'utf8').split(/\r?\n/).filter(Boolean);
  const head = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('opportunity-tracking (Power BI sample, its own Probability column)', () => {
  const rel = 'opportunity-tracking/opportunity_tracking_flat.csv';
  const result = runForecast(datasetSheet(rel), { asOf: '2015-01-01', segmentBy: ['Region'] });

  it('maps the columns a user expects', () => {
    const f = result.mapping.fields;
    expect(f.amount?.header).toBe('ProductRevenue');
    expect(f.probability?.header).toBe('Probability');
    expect(f.stage?.header).toBe('Sales Stage');
    expect(f.closeDate?.header).toBe('EstimatedCloseDate');
    expect(f.createdDate?.header).toBe('Create Date');
    expect(f.account?.header).toBe('Account');
  });

  it('weighted total equals the sum of FactoredProductRevenue, to the cent', () => {
    const expected = new Sum();
    for (const r of csvRows(rel)) expected.add(Number(r.FactoredProductRevenue));
    const weighted = new Sum();
    for (const row of result.forecast) weighted.add(row.weighted);
    expect(Math.abs(weighted.value - expected.value)).toBeLessThan(0.005);
    expect(weighted.value).toBe(expected.value);
    // Amounts too: the grand total of the workbook's own pivot.
    const amount = new Sum();
    for (const row of result.forecast) amount.add(row.amount);
    expect(amount.value).toBe(2_110_905_127);
  });

  it('keeps every deal; stages unknown to the ladder are weighted with their own probability and listed', () => {
    expect(result.counts).toMatchObject({ rows: 487, counted: 487, excluded: 0 });
    // Qualify 94 + Solution 74 + Proposal 37 + Finalize 14: not ladder, Salesforce or HubSpot names.
    expect(result.counts.byKind['unknown-stage']).toBe(219);
    expect(result.issues.filter((i) => i.kind === 'unknown-stage').every((i) => i.rowKept)).toBe(
      true,
    );
    expect(result.counts.byKind.slipped ?? 0).toBe(0); // nothing closes before 2015-01-01
  });

  it('segments by region add up to the grand total', () => {
    const regions = new Map<string, number>();
    for (const r of csvRows(rel)) regions.set(r.Region!, (regions.get(r.Region!) ?? 0) + 1);
    for (const [region, deals] of regions) {
      const rows = result.forecast.filter((f) => f.segment.Region === region);
      expect(rows.reduce((s, f) => s + f.deals, 0)).toBe(deals);
    }
  });
});

describe('maven-crm sales pipeline (8,800 deals, Won/Lost/Engaging/Prospecting)', () => {
  const rel = 'maven-crm/sales_pipeline.csv';
  const rows = csvRows(rel);
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
