/**
 * The labels of deal i (ladder stage, stage label, status, category, currency,
 * period, fiscal year and quarter, account, owner, tier) have one definition,
 * DealStore.labels (core/engine/deals.ts): the DealRecord, FunnelData, the
 * snapshot rows and the drill-down all read them there, and say the same.
 */
import { drillData, materialize, runForecast, toOutputSources } from '../../core/engine';
import { dealStoreOf, labelText } from '../../core/engine/deals';
import type { DealRecord, ForecastResult } from '../../core/engine';
import { allSnapshotRows, snapshotRows } from '../../core/sql/snapshot-rows';
import { EUR_ONLY, sampleCase, sheet } from './helpers';

const FIELDS = [
  'stage',
  'stageLabel',
  'status',
  'category',
  'currency',
  'period',
  'fiscalYear',
  'fiscalQuarter',
  'account',
  'owner',
  'tier',
] as const;

/** FunnelData's label columns, by the DealRecord field each shows. */
const FUNNEL_DATA = {
  stage: 'Ladder Stage',
  status: 'Deal Status',
  currency: 'Deal Currency',
  category: 'Category Used',
  period: 'Period',
  fiscalQuarter: 'Fiscal Quarter',
  tier: 'Account Tier',
} as const;

function agree(result: ForecastResult, copy: ForecastResult): DealRecord[] {
  const store = dealStoreOf(result)!;
  const records = copy.deals;
  expect(dealStoreOf(copy)).toBeUndefined();
  // The record of each deal: its labels' texts.
  records.forEach((d, i) => {
    for (const f of FIELDS) expect([i, f, d[f]]).toEqual([i, f, labelText(store.labels[f], i)]);
  });
  // FunnelData from the columns.
  const data = materialize(toOutputSources(result).find((t) => t.key === 'FunnelData')!);
  const headers = data.columns.map((c) => c.header);
  for (const [field, header] of Object.entries(FUNNEL_DATA)) {
    const c = headers.indexOf(header);
    expect(data.rows.map((r) => r[c])).toEqual(
      records.map((d) => d[field as keyof typeof FUNNEL_DATA]),
    );
  }
  // The snapshot rows from the columns are those from the records.
  const options = { date: '2026-06-30', segmentBy: ['Tier'], repeatedKeys: 'first' as const };
  expect(allSnapshotRows(snapshotRows(result, options))).toEqual(
    allSnapshotRows(snapshotRows(copy, options)),
  );
  // The drill-down.
  const drill = drillData(result).deals;
  expect(
    drill.map((d) => [d.stage, d.status, d.category, d.period, d.account, d.owner, d.tier]),
  ).toEqual(
    records.map((d) => [d.stage, d.status, d.category, d.period, d.account, d.owner, d.tier]),
  );
  return records;
}

/** The labels of the samples' first two deals (EUR the only rate), in FIELDS' order. */
const PINNED = {
  en: [
    [
      'Lost',
      'Lost',
      'lost',
      'Omitted',
      'USD',
      '2026-Q1',
      '2026',
      '2026-Q1',
      'Adventure Systems',
      'Jordan Ellis',
      'Mass market',
    ],
    [
      'Opportunity',
      'Opportunity',
      'open',
      'Pipeline',
      'USD',
      '2026-Q3',
      '2026',
      '2026-Q3',
      'Margie Traders',
      'Lukas Meyer',
      'Important',
    ],
  ],
  zh: [
    [
      'Lost',
      '无效',
      'lost',
      'Omitted',
      'CNY',
      '2026-Q1',
      '2026',
      '2026-Q1',
      '恒瑞集团',
      '李娜',
      'Mass market',
    ],
    [
      'Opportunity',
      '需求确认',
      'open',
      'Pipeline',
      'CNY',
      '2026-Q3',
      '2026',
      '2026-Q3',
      '海尔集团',
      '刘洋',
      'SMB',
    ],
  ],
};

describe('the labels of deal i', () => {
  it.each(['en', 'zh'] as const)(
    'the %s sample: every writer reads the same labels',
    (language) => {
      const { sheet: s, settings } = sampleCase(language, EUR_ONLY);
      const records = agree(runForecast(s, settings), { ...runForecast(s, settings) });
      expect(records.length).toBeGreaterThan(100);
      // Pinned, so that a wrong definition read alike by every writer is still caught.
      expect([0, 1].map((i) => FIELDS.map((f) => records[i]![f]))).toEqual(PINNED[language]);
    },
  );

  it('a deal the engine cannot weigh, one with no currency, no account or no close date', () => {
    const rows = [
      ['Opportunity', 'Account', 'Owner', 'Stage', 'Amount', 'Currency', 'Close Date'],
      ['O1', 'Acme', 'Ann', 'Committed', 100, 'EUR', '2026-03-01'],
      ['O2', 'Acme', 'Bob', 'Mystery', 200, '', '2026-08-01'],
      ['O3', null, null, 'Won', 300, 'USD', null],
    ];
    const settings = { asOf: '2026-06-30', baseCurrency: 'USD', rates: [['EUR', 1.1]] };
    const result = runForecast(sheet(rows), settings);
    const records = agree(result, { ...runForecast(sheet(rows), settings) });
    expect(records.map((d) => FIELDS.map((f) => d[f]))).toEqual([
      [
        'Committed',
        'Committed',
        'open',
        'Commit',
        'EUR',
        '2026-Q1',
        '2026',
        '2026-Q1',
        'Acme',
        'Ann',
        'Key account',
      ],
      [
        null,
        'Mystery',
        null,
        null,
        'USD',
        '2026-Q3',
        '2026',
        '2026-Q3',
        'Acme',
        'Bob',
        'Key account',
      ],
      ['Won', 'Won', 'won', 'Closed', 'USD', '(no close date)', null, null, null, null, null],
    ]);
  });
});
