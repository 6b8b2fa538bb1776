/**
 * A public dataset kept in the repository (test/fixtures/opportunity-tracking,
 * MIT), run as a user would: the file read by files/, the engine with default
 * settings, figures checked against hand calculations written independently
 * here. The larger public datasets are in test/datasets (npm run test:datasets).
 */
import { readFileSync } from 'node:fs';
import { runForecast } from '../../core/engine';
import { Sum } from '../../core/money';
import { OPPORTUNITY_TRACKING_CSV } from '../fixtures';
import { csvFileSheet } from './helpers';

function csvRows(file: string): Record<string, string>[] {
  // The file has no quoted fields: a plain split is an independent reader.
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const head = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}

describe('opportunity-tracking (Power BI sample, its own Probability column)', () => {
  const rel = OPPORTUNITY_TRACKING_CSV;
  const result = runForecast(csvFileSheet(rel), { asOf: '2015-01-01', segmentBy: ['Region'] });

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
