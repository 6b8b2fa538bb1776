/**
 * The result as host-neutral output tables, FunnelData first. Headers are
 * English and fixed: pivots and formulas built on them must survive a re-run.
 */
import type { CellValue } from '../cells';
import {
  FORECAST_ORDER,
  sheetNameFor,
  tableNameFor,
  type ColumnFormat,
  type OutputColumn,
  type ForecastKey,
  type OutputTable,
} from '../output';
import { isDateFormat } from '../values';
import { dealStoreOf } from './deals';
import type { DealRecord, ForecastResult } from './types';

/** The computed FunnelData columns, in order. */
export const FUNNEL_DATA_COLUMNS: readonly OutputColumn[] = [
  { header: 'Source Row', format: 'integer' },
  { header: 'Counted', format: 'text' },
  { header: 'Ladder Stage', format: 'text' },
  { header: 'Deal Status', format: 'text' },
  { header: 'Probability Used', format: 'percent' },
  { header: 'Deal Amount', format: 'currency' },
  { header: 'Deal Currency', format: 'text' },
  { header: 'Weighted Amount', format: 'currency' },
  { header: 'Category Used', format: 'text' },
  { header: 'Close Date Used', format: 'date' },
  { header: 'Period', format: 'text' },
  { header: 'Fiscal Year', format: 'text' },
  { header: 'Fiscal Quarter', format: 'text' },
  { header: 'Account Tier', format: 'text' },
  { header: 'Slipped', format: 'text' },
  { header: 'Stale', format: 'text' },
  { header: 'Issues', format: 'text' },
];

const yesNo = (b: boolean | undefined): string => (b ? 'Yes' : 'No');

function computedCells(d: DealRecord): CellValue[] {
  return [
    d.row,
    yesNo(d.counted !== false),
    d.stage,
    d.status,
    d.probability,
    d.amount,
    d.currency,
    d.weighted,
    d.category,
    d.closeDate,
    d.period,
    d.fiscalYear,
    d.fiscalQuarter,
    d.tier,
    yesNo(d.slipped),
    yesNo(d.stale),
    d.issues || null,
  ];
}

/** Format of an original column from a sample of its values (and Excel number formats, where given). */
function originalFormat(
  n: number,
  original: (i: number) => readonly CellValue[],
  c: number,
  formats?: (string | undefined)[],
): ColumnFormat {
  let numbers = 0;
  let dates = 0;
  let others = 0;
  const step = Math.max(1, Math.floor(n / 2000));
  for (let i = 0; i < n; i += step) {
    const v = original(i)[c];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number') numbers++;
    else if (v instanceof Date) dates++;
    else others++;
  }
  if (others > 0 || numbers + dates === 0) return 'text';
  if (dates > 0 && numbers === 0) return 'date';
  if (numbers > 0 && dates === 0) {
    return formats?.[c] && isDateFormat(formats[c]) ? 'date' : 'number';
  }
  return 'text';
}

function unique(headers: string[], taken: Set<string>): string[] {
  return headers.map((h) => {
    let name = h;
    let n = 1;
    while (taken.has(name.toLowerCase())) name = n++ === 1 ? `${h} (source)` : `${h} (source ${n})`;
    taken.add(name.toLowerCase());
    return name;
  });
}

function table(key: ForecastKey, columns: OutputColumn[], rows: CellValue[][]): OutputTable {
  return { key, sheetName: sheetNameFor(key), tableName: tableNameFor(key), columns, rows };
}

export interface OutputOptions {
  /** Excel number formats of the source's first data row, so date columns keep a date format. */
  formats?: (string | undefined)[];
}

export function toOutputTables(result: ForecastResult, options: OutputOptions = {}): OutputTable[] {
  const { mapping } = result;
  const width = mapping.headers.length;
  const store = dealStoreOf(result);
  const deals = store ? null : result.deals;
  const n = store ? store.size : deals!.length;
  const original = store ? (i: number) => store.original(i) : (i: number) => deals![i]!.original;
  const taken = new Set(FUNNEL_DATA_COLUMNS.map((c) => c.header.toLowerCase()));
  const originalHeaders = unique(mapping.headers, taken);
  const dataColumns: OutputColumn[] = [
    ...originalHeaders.map((header, c) => ({
      header,
      format: originalFormat(n, original, c, options.formats ?? store?.formats),
    })),
    ...FUNNEL_DATA_COLUMNS,
  ];
  const total = width + FUNNEL_DATA_COLUMNS.length;
  const dataRows: CellValue[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: CellValue[] = new Array(total);
    const src = original(i);
    for (let c = 0; c < width; c++) row[c] = src[c] ?? null;
    if (store) store.fillCells(i, row, width);
    else {
      const computed = computedCells(deals![i]!);
      for (let c = 0; c < computed.length; c++) row[width + c] = computed[c]!;
    }
    dataRows[i] = row;
  }

  const targets = result.forecast.some((r) => r.target !== undefined);
  const segHeaders = result.forecast[0] ? Object.keys(result.forecast[0].segment) : [];
  const fixed = [
    'Period',
    'Deals',
    'Amount',
    'Weighted',
    'Closed',
    'Commit',
    'Best Case',
    'Pipeline',
    'Omitted',
    'Commit (cumulative)',
    'Best Case (cumulative)',
    'Pipeline (cumulative)',
    'Spread',
    'Open Amount',
    ...(targets ? ['Target', 'Gap', 'Coverage'] : []),
  ];
  const segTaken = new Set(fixed.map((h) => h.toLowerCase()));
  const segNames = unique(segHeaders, segTaken);
  const forecastColumns: OutputColumn[] = [
    ...segNames.map((header) => ({ header, format: 'text' as const })),
    ...fixed.map((header): OutputColumn => ({
      header,
      format:
        header === 'Period'
          ? 'text'
          : header === 'Deals'
            ? 'integer'
            : header === 'Coverage'
              ? 'number'
              : 'currency',
    })),
  ];
  const forecastRows = result.forecast.map((r) => [
    ...segHeaders.map((h) => r.segment[h] ?? null),
    r.period,
    r.deals,
    r.amount,
    r.weighted,
    r.closed,
    r.commit,
    r.bestCase,
    r.pipeline,
    r.omitted,
    r.commitCumulative,
    r.bestCaseCumulative,
    r.pipelineCumulative,
    r.spread,
    r.openAmount ?? null,
    ...(targets ? [r.target ?? null, r.gap ?? null, r.coverage ?? null] : []),
  ]);

  const funnel = table(
    'Funnel',
    [
      { header: 'Stage', format: 'text' },
      { header: 'Deals', format: 'integer' },
      { header: 'Amount', format: 'currency' },
      { header: 'Weighted', format: 'currency' },
      { header: 'Share Reached', format: 'percent' },
    ],
    result.funnel.map((f) => [f.stage, f.deals, f.amount, f.weighted, f.shareReached]),
  );
  const pyramid = table(
    'Pyramid',
    [
      { header: 'Rank', format: 'integer' },
      { header: 'Account', format: 'text' },
      { header: 'Value', format: 'currency' },
      { header: 'Share', format: 'percent' },
      { header: 'Cumulative Share', format: 'percent' },
      { header: 'Tier', format: 'text' },
      { header: 'Coverage Level', format: 'text' },
    ],
    result.tiers.map((t, i) => [
      i + 1,
      t.account,
      t.value,
      t.share,
      t.cumulativeShare,
      t.tier,
      t.coverage,
    ]),
  );
  const repTargets = result.reps.some((r) => r.targetPeriod !== undefined);
  const reps = table(
    'Reps',
    [
      { header: 'Owner', format: 'text' },
      { header: 'Won', format: 'integer' },
      { header: 'Lost', format: 'integer' },
      { header: 'Win Rate', format: 'percent' },
      { header: 'Avg Won Amount', format: 'currency' },
      { header: 'Avg Cycle Days', format: 'number' },
      { header: 'Open Deals', format: 'integer' },
      { header: 'Open Amount', format: 'currency' },
      { header: 'Weighted', format: 'currency' },
      { header: 'Velocity per Day', format: 'currency' },
      ...(repTargets
        ? ([
            { header: 'Target Period', format: 'text' },
            { header: 'Target', format: 'currency' },
            { header: 'Gap', format: 'currency' },
            { header: 'Coverage', format: 'number' },
            { header: 'Opps Needed', format: 'integer' },
          ] as OutputColumn[])
        : []),
    ],
    result.reps.map((r) => [
      r.owner,
      r.won,
      r.lost,
      r.winRate,
      r.avgWonAmount,
      r.avgCycleDays,
      r.openDeals ?? null,
      r.openAmount,
      r.weighted,
      r.velocityPerDay,
      ...(repTargets
        ? [
            r.targetPeriod ?? null,
            r.target ?? null,
            r.gap ?? null,
            r.coverage ?? null,
            r.oppsNeeded ?? null,
          ]
        : []),
    ]),
  );
  const issues = table(
    'DataIssues',
    [
      { header: 'Row', format: 'integer' },
      { header: 'Column', format: 'text' },
      { header: 'Value', format: 'text' },
      { header: 'Kind', format: 'text' },
      { header: 'Problem', format: 'text' },
      { header: 'Row Kept', format: 'text' },
    ],
    result.issues.map((x) => [
      x.row,
      x.column || null,
      valueText(x.value),
      x.kind,
      x.problem,
      yesNo(x.rowKept),
    ]),
  );
  const tables: Record<ForecastKey, OutputTable> = {
    FunnelData: table('FunnelData', dataColumns, dataRows),
    Forecast: table('Forecast', forecastColumns, forecastRows),
    Funnel: funnel,
    Pyramid: pyramid,
    Reps: reps,
    DataIssues: issues,
  };
  return FORECAST_ORDER.map((k) => tables[k]);
}

function valueText(v: CellValue): string | null {
  if (v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
