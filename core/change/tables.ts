/**
 * The bridge as host-neutral output tables (Pipeline change, Deal changes,
 * Stage flow, Trend, Change issues): every host writes them as it writes the
 * forecast's. Headers are English and fixed, like the forecast's.
 */
import type { CellValue } from '../cells';
import { outputNames, type ChangeKey, type OutputColumn, type OutputTable } from '../output';
import { BUCKETS, type ChangeResult } from './types';

/** The segment cell of the total rows of a segmented bridge. */
export const TOTAL_SEGMENT = '(total)';

const STEP_ORDER = new Map<string, number>(['start', ...BUCKETS, 'end'].map((s, i) => [s, i + 1]));

function table(key: ChangeKey, columns: OutputColumn[], rows: CellValue[][]): OutputTable {
  return { ...outputNames(key), columns, rows };
}

const col = (header: string, format: OutputColumn['format']): OutputColumn => ({ header, format });

export function changeTables(change: ChangeResult): OutputTable[] {
  const segs = change.segments;
  const segText = (s: Record<string, string> | null): string | null =>
    s === null ? null : segs.map((h) => s[h] ?? '').join(' / ');

  const pipeline = table(
    'PipelineChange',
    [
      ...segs.map((h) => col(h, 'text')),
      col('Bucket', 'text'),
      col('Order', 'integer'),
      col('Deals', 'integer'),
      col('Amount', 'currency'),
      col('Weighted', 'currency'),
    ],
    change.rows.map((r) => [
      ...segs.map((h) => r.segment[h] ?? TOTAL_SEGMENT),
      r.bucket,
      STEP_ORDER.get(r.bucket)!,
      r.deals,
      r.amount,
      r.weighted,
    ]),
  );

  const dealRows: CellValue[][] = new Array(change.dealCount);
  for (let k = 0; k < change.dealCount; k++) {
    const d = change.deal(k);
    dealRows[k] = [
      d.key,
      d.opportunity,
      d.account,
      d.owner,
      d.bucket,
      ...(segs.length ? [segText(d.fromSegment), segText(d.toSegment)] : []),
      d.fromStage,
      d.toStage,
      d.fromLadderStage,
      d.toLadderStage,
      d.fromAmount,
      d.toAmount,
      d.amountChange,
      d.fromWeighted,
      d.toWeighted,
      d.weightedChange,
      d.fromCloseDate,
      d.toCloseDate,
      d.closeDaysMoved,
      d.fromCategory,
      d.toCategory,
      d.fromProbability,
      d.toProbability,
      d.fromRow,
      d.toRow,
      d.note || null,
    ];
  }
  const deals = table(
    'DealChanges',
    [
      col('Key', 'text'),
      col('Opportunity', 'text'),
      col('Account', 'text'),
      col('Owner', 'text'),
      col('Bucket', 'text'),
      ...(segs.length ? [col('From Segment', 'text'), col('To Segment', 'text')] : []),
      col('From Stage', 'text'),
      col('To Stage', 'text'),
      col('From Ladder Stage', 'text'),
      col('To Ladder Stage', 'text'),
      col('From Amount', 'currency'),
      col('To Amount', 'currency'),
      col('Amount Change', 'currency'),
      col('From Weighted', 'currency'),
      col('To Weighted', 'currency'),
      col('Weighted Change', 'currency'),
      col('From Close Date', 'date'),
      col('To Close Date', 'date'),
      col('Close Days Moved', 'integer'),
      col('From Category', 'text'),
      col('To Category', 'text'),
      col('From Probability', 'percent'),
      col('To Probability', 'percent'),
      col('From Row', 'integer'),
      col('To Row', 'integer'),
      col('Note', 'text'),
    ],
    dealRows,
  );

  const flow = table(
    'StageFlow',
    [
      col('From Stage', 'text'),
      col('To Stage', 'text'),
      col('Deals', 'integer'),
      col('From Amount', 'currency'),
      col('To Amount', 'currency'),
    ],
    change.stageFlow.map((f) => [f.fromStage, f.toStage, f.deals, f.fromAmount, f.toAmount]),
  );

  const tables = [pipeline, deals, flow];
  if (change.trend) {
    tables.push(
      table(
        'Trend',
        [
          col('Snapshot Date', 'date'),
          col('Snapshot', 'text'),
          col('Deals', 'integer'),
          col('Open Deals', 'integer'),
          col('Open Amount', 'currency'),
          col('Weighted', 'currency'),
          col('Closed', 'currency'),
          col('Commit (cumulative)', 'currency'),
          col('Best Case (cumulative)', 'currency'),
          col('Pipeline (cumulative)', 'currency'),
        ],
        change.trend.map((t) => [
          new Date(`${t.date}T00:00:00Z`),
          t.snapshot,
          t.deals,
          t.openDeals,
          t.openAmount,
          t.weighted,
          t.closed,
          t.commit,
          t.bestCase,
          t.pipeline,
        ]),
      ),
    );
  }
  tables.push(
    table(
      'ChangeIssues',
      [
        col('Snapshot', 'text'),
        col('Snapshot Date', 'date'),
        col('Row', 'integer'),
        col('Column', 'text'),
        col('Value', 'text'),
        col('Kind', 'text'),
        col('Problem', 'text'),
      ],
      [
        ...change.issues.map((x): CellValue[] => [
          x.snapshot,
          new Date(`${x.date}T00:00:00Z`),
          x.row,
          x.column,
          x.value === null
            ? null
            : x.value instanceof Date
              ? x.value.toISOString().slice(0, 10)
              : String(x.value),
          x.kind,
          x.problem,
        ]),
        ...change.keptApart.map((k): CellValue[] => [
          k.snapshot,
          new Date(`${k.date}T00:00:00Z`),
          null,
          null,
          k.currency,
          'no-rate',
          `${k.deals} open deals in ${k.currency} closing in ${change.window.label} (${k.currency} ${k.amount}) have no exchange rate: kept apart, not in the bridge.`,
        ]),
      ],
    ),
  );
  return tables;
}
