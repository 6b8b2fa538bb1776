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
  type OutputSource,
  type OutputTable,
} from '../output';
import { isDateFormat } from '../values';
import { assumptionsTable } from './assumptions';
import { dealStoreOf } from './deals';
import { BLOCKING, HYGIENE, ISSUE_KIND_NAMES, isHygiene } from './issues';
import type { DealRecord, FieldName, ForecastResult } from './types';

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
    d.fiscalYear !== null && /^\d{4}$/.test(d.fiscalYear) ? Number(d.fiscalYear) : d.fiscalYear,
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

/** The fields whose parsed value is written beside the original column, and the type they parse to. */
const PARSED_FIELDS = [
  ['amount', 'number'],
  ['closeDate', 'date'],
  ['createdDate', 'date'],
  ['lastActivity', 'date'],
] as const satisfies readonly (readonly [FieldName, ColumnFormat])[];
type ParsedField = (typeof PARSED_FIELDS)[number][0];

interface ParsedColumn {
  field: ParsedField;
  /** The original column it follows. */
  after: number;
  column: OutputColumn;
  /** Its place in FunnelData (set once the columns are laid out). */
  at: number;
}

/**
 * The parsed columns to write: one per mapped amount or date field whose original
 * column is not already of the parsed type (text such as "$1,200" or "15/03/2026",
 * or a mix), in column order. Headers are "<original header> (parsed)".
 */
function parsedColumns(
  result: ForecastResult,
  originals: readonly OutputColumn[],
  taken: Set<string>,
): ParsedColumn[] {
  const out: ParsedColumn[] = [];
  for (const [field, format] of PARSED_FIELDS) {
    const m = result.mapping.fields[field];
    if (!m || m.column < 0 || m.column >= originals.length) continue;
    const original = originals[m.column]!;
    if (original.format === format) continue;
    const [header] = unique([`${original.header} (parsed)`], taken);
    const note =
      field === 'amount'
        ? `${original.header} as the forecast read it, in the deal's own currency (Deal Currency); blank where it could not be read.`
        : `${original.header} as the forecast read it; blank where it could not be read.`;
    out.push({ field, after: m.column, column: { header: header!, format, note }, at: -1 });
  }
  return out.sort((a, b) => a.after - b.after);
}

/** Reads deal i's parsed value of a field, from the deal columns or the deal records. */
function parsedReader(
  field: ParsedField,
  store: ReturnType<typeof dealStoreOf>,
  deals: readonly DealRecord[] | null,
): (i: number) => CellValue {
  if (store) {
    if (field === 'amount') return (i) => store.sourceAmount(i);
    if (field === 'closeDate') return (i) => store.closeDate(i);
    if (field === 'createdDate') return (i) => store.createdDate(i);
    return (i) => store.lastActivity(i);
  }
  if (field === 'amount') return (i) => deals![i]!.sourceAmount ?? null;
  if (field === 'closeDate') return (i) => deals![i]!.closeDate;
  if (field === 'createdDate') return (i) => deals![i]!.createdDate;
  return (i) => deals![i]!.lastActivity ?? null;
}

function table(key: ForecastKey, columns: OutputColumn[], rows: CellValue[][]): OutputTable {
  return { key, sheetName: sheetNameFor(key), tableName: tableNameFor(key), columns, rows };
}

export interface OutputOptions {
  /** Excel number formats of the source's first data row, so date columns keep a date format. */
  formats?: (string | undefined)[];
}

/**
 * The output tables as row sources, FunnelData first: a writer pulls one row at
 * a time, so a million FunnelData rows are never held as arrays at once.
 */
export function toOutputSources(
  result: ForecastResult,
  options: OutputOptions = {},
): OutputSource[] {
  const { mapping } = result;
  const width = mapping.headers.length;
  const store = dealStoreOf(result);
  const deals = store ? null : result.deals;
  const n = store ? store.size : deals!.length;
  const original = store ? (i: number) => store.original(i) : (i: number) => deals![i]!.original;
  const taken = new Set(FUNNEL_DATA_COLUMNS.map((c) => c.header.toLowerCase()));
  const originalHeaders = unique(mapping.headers, taken);
  const originalColumns: OutputColumn[] = originalHeaders.map((header, c) => ({
    header,
    format: originalFormat(n, original, c, options.formats ?? store?.formats),
  }));
  // Columns the engine parsed (amount, dates) that the sheet did not already hold as
  // numbers or dates are written again, parsed, right beside the original text, so a
  // PivotTable sums and groups them; the original stays as the sheet had it.
  const parsed = parsedColumns(result, originalColumns, taken);
  const parsedValue = parsed.map((x) => parsedReader(x.field, store, deals));
  // dest[c]: where original column c goes; parsed[k].at: where parsed column k goes.
  const dest = new Int32Array(width);
  const outColumns: OutputColumn[] = [];
  for (let c = 0, k = 0; c < width; c++) {
    dest[c] = outColumns.length;
    outColumns.push(originalColumns[c]!);
    for (; k < parsed.length && parsed[k]!.after === c; k++) {
      parsed[k]!.at = outColumns.length;
      outColumns.push(parsed[k]!.column);
    }
  }
  const at = Int32Array.from(parsed, (x) => x.at);
  const base = outColumns.length;
  const dataColumns: OutputColumn[] = [...outColumns, ...FUNNEL_DATA_COLUMNS];
  const total = base + FUNNEL_DATA_COLUMNS.length;
  const fillData =
    parsed.length === 0
      ? (i: number, row: CellValue[]): void => {
          const src = original(i);
          for (let c = 0; c < width; c++) row[c] = src[c] ?? null;
          if (store) store.fillCells(i, row, width);
          else {
            const computed = computedCells(deals![i]!);
            for (let c = 0; c < computed.length; c++) row[width + c] = computed[c]!;
          }
          if (row.length > total) row.length = total;
        }
      : (i: number, row: CellValue[]): void => {
          const src = original(i);
          for (let c = 0; c < width; c++) row[dest[c]!] = src[c] ?? null;
          for (let k = 0; k < at.length; k++) row[at[k]!] = parsedValue[k]!(i);
          if (store) store.fillCells(i, row, base);
          else {
            const computed = computedCells(deals![i]!);
            for (let c = 0; c < computed.length; c++) row[base + c] = computed[c]!;
          }
          if (row.length > total) row.length = total;
        };
  const funnelData: OutputSource = {
    key: 'FunnelData',
    sheetName: sheetNameFor('FunnelData'),
    tableName: tableNameFor('FunnelData'),
    columns: dataColumns,
    rowCount: n,
    fillRow: fillData,
  };

  const cur = result.baseCurrency ?? undefined;
  const money = (header: string, extra: Partial<OutputColumn> = {}): OutputColumn => ({
    header,
    format: 'currency',
    ...(cur ? { currency: cur } : {}),
    ...extra,
  });
  const pct = (header: string, note?: string): OutputColumn => ({
    header,
    format: 'percent',
    decimals: 1,
    total: 'none',
    ...(note ? { note } : {}),
  });
  const ratio = (header: string, note?: string): OutputColumn => ({
    header,
    format: 'number',
    decimals: 2,
    total: 'none',
    ...(note ? { note } : {}),
  });
  const count = (header: string): OutputColumn => ({ header, format: 'integer', total: 'sum' });
  const text = (header: string): OutputColumn => ({ header, format: 'text' });

  // FunnelData's computed money columns carry the base currency too (copies: the
  // column list is a shared constant).
  for (let k = base; k < dataColumns.length; k++) {
    const c = dataColumns[k]!;
    // Calendar fiscal years are numbers (2026); fiscal years that start later are labels (FY2027).
    if (c.header === 'Fiscal Year' && (result.assumptions?.fiscalYearStart ?? 1) === 1)
      dataColumns[k] = { ...c, format: 'integer', total: 'none', grouping: false };
    if (c.format === 'currency' && cur) dataColumns[k] = { ...c, currency: cur };
    if (c.format === 'percent') dataColumns[k] = { ...c, decimals: 1 };
  }

  const targets = result.forecast.some((r) => r.target !== undefined);
  const segHeaders = result.forecast[0] ? Object.keys(result.forecast[0].segment) : [];
  const fixedColumns: OutputColumn[] = [
    text('Period'),
    count('Deals'),
    money('Amount'),
    money('Weighted', { note: 'Amount x probability used, summed.' }),
    money('Closed'),
    money('Commit'),
    money('Best Case'),
    money('Pipeline'),
    money('Omitted', {
      note: 'Open deals left out of the forecast (never weighted), and lost deals.',
    }),
    money('Commit (cumulative)', { note: 'Closed + Commit.' }),
    money('Best Case (cumulative)', { note: 'Closed + Commit + Best Case.' }),
    money('Pipeline (cumulative)', { note: 'Open Pipeline + Best Case + Commit.' }),
    money('Spread', {
      total: 'rss',
      note: 'One standard deviation of Weighted if each deal closes or not at its probability: sqrt(sum of amount^2 x p x (1 - p)). Spreads add as the square root of their summed squares, not as a sum.',
    }),
    money('Open Amount'),
    ...(targets
      ? [
          money('Target'),
          money('Gap', { total: 'none', note: 'Target - Weighted.' }),
          ratio('Coverage', 'Open amount / (target - closed).'),
        ]
      : []),
  ];
  const segTaken = new Set(fixedColumns.map((c) => c.header.toLowerCase()));
  const segNames = unique(segHeaders, segTaken);
  const forecastColumns: OutputColumn[] = [
    ...segNames.map((header) => text(header)),
    ...fixedColumns,
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
      text('Stage'),
      count('Deals'),
      {
        ...count('Deals Without Amount'),
        note: 'Deals at the stage that add no money: no amount, or no exchange rate.',
      },
      money('Amount'),
      money('Weighted'),
      {
        header: 'Reached',
        format: 'integer',
        total: 'none',
        note: 'Deals at this stage or past it, Won included; Lost stands apart.',
      },
      pct('Conversion from Previous', 'Reached here / reached at the stage before.'),
      pct('Conversion from Top', 'Reached here / reached at the top stage (every deal not lost).'),
    ],
    result.funnel.map((f) => [
      f.stage,
      f.deals,
      f.withoutAmount,
      f.amount,
      f.weighted,
      f.reached,
      f.fromPrevious,
      f.fromTop,
    ]),
  );
  const pyramid = table(
    'Pyramid',
    [
      { header: 'Rank', format: 'integer', total: 'none' },
      text('Account'),
      money('Value'),
      pct('Share'),
      pct('Cumulative Share'),
      text('Tier'),
      text('Coverage Level'),
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
      text('Owner'),
      count('Won'),
      count('Lost'),
      pct('Win Rate', 'Won / (won + lost), by count.'),
      money('Avg Won Amount', { total: 'none' }),
      {
        header: 'Avg Cycle Days',
        format: 'number',
        decimals: 0,
        total: 'none',
        note: 'Mean days from created to close over won deals, whole days.',
      },
      count('Open Deals'),
      money('Open Amount'),
      money('Weighted'),
      money('Velocity per Day', {
        note: 'Open deals x win rate x average won amount / cycle days.',
      }),
      ...(repTargets
        ? [
            text('Target Period'),
            money('Target'),
            money('Gap', { note: 'Target - closed - weighted open, in the target period.' }),
            ratio('Coverage', 'Open amount / (target - closed), in the target period.'),
            { ...count('Opps Needed'), total: 'none' as const },
          ]
        : []),
    ],
    result.reps.map((r) => [
      r.owner,
      r.won,
      r.lost,
      r.winRate,
      r.avgWonAmount,
      r.avgCycleDays === null ? null : Math.round(r.avgCycleDays),
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
      { header: 'Row', format: 'integer', total: 'none' },
      text('Opportunity'),
      text('Column'),
      text('Value'),
      text('Kind'),
      text('Severity'),
      text('Problem'),
      text('Row Kept'),
    ],
    result.issues.map((x) => [
      x.row,
      x.opportunity ?? null,
      x.column || null,
      valueText(x.value),
      ISSUE_KIND_NAMES[x.kind],
      isHygiene(x.kind) ? HYGIENE : BLOCKING,
      x.problem,
      yesNo(x.rowKept),
    ]),
  );
  const tables: Record<Exclude<ForecastKey, 'FunnelData'>, OutputTable> = {
    Forecast: table('Forecast', forecastColumns, forecastRows),
    Funnel: funnel,
    Pyramid: pyramid,
    Reps: reps,
    DataIssues: issues,
    Assumptions: assumptionsTable(result),
  };
  return FORECAST_ORDER.map((k) => (k === 'FunnelData' ? funnelData : fromRows(tables[k])));
}

/** A table whose rows are already built, as a source. */
export function fromRows(t: OutputTable): OutputSource {
  const { rows, ...rest } = t;
  return {
    ...rest,
    rowCount: rows.length,
    fillRow: (i, out) => {
      const r = rows[i]!;
      out.length = r.length;
      for (let c = 0; c < r.length; c++) out[c] = r[c]!;
    },
  };
}

/** Every output table with its rows built, FunnelData first. */
export function toOutputTables(result: ForecastResult, options: OutputOptions = {}): OutputTable[] {
  return toOutputSources(result, options).map(materialize);
}

/** A source's rows built into arrays (what the hosts that write whole ranges need). */
export function materialize(s: OutputSource): OutputTable {
  const rows: CellValue[][] = new Array(s.rowCount);
  for (let i = 0; i < s.rowCount; i++) {
    const row: CellValue[] = new Array(s.columns.length);
    s.fillRow(i, row);
    rows[i] = row;
  }
  const { rowCount: _n, fillRow: _f, ...rest } = s;
  return { ...rest, rows };
}

function valueText(v: CellValue): string | null {
  if (v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
