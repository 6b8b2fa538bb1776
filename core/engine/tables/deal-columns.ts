/**
 * FunnelData's computed columns, each defined once: its header and format, how
 * the engine's deal columns give its cells (a typed reader), and how a
 * DealRecord gives its cell (a result whose deals were built by hand). A
 * column's place in the table is its place in DEAL_COLUMNS.
 */
import type { CellValue } from '../../cells';
import { clean } from '../../money';
import type { ColumnReader, OutputColumn } from '../../output';
import type { DealStore } from '../deals';
import { FLAG_SLIPPED, FLAG_STALE, dayAt } from '../parse-rows';
import type { DealRecord } from '../types';
import { YES_NO, yesNo } from './spec';

// Imports as module constants: under a CommonJS transform (tsx, jest) each read of an
// imported binding is a getter call, and the readers below run once per deal and column.
const dayOf = dayAt;
const cleanMoney = clean;

export interface DealColumn {
  column: OutputColumn;
  /** The column's cells from the engine's deal columns. */
  read(s: DealStore): ColumnReader;
  /** Its cell from a DealRecord. */
  record(d: DealRecord): CellValue;
}

const flagged = (s: DealStore, flag: number) => (i: number) => (s.p.flags[i]! & flag ? 1 : 0);
const counted = (s: DealStore, i: number): boolean => s.counted[i] === 1;
const closeDay = (s: DealStore, i: number): number => dayOf(s.p.closeDay, i);

/** A calendar year ("2026") is written as the number it is, so a pivot groups and sorts it as one; "FY2027" stays text. */
function yearCell(label: string | null): CellValue {
  return label !== null && label.length === 4 && /^\d{4}$/.test(label) ? Number(label) : label;
}

/** The computed FunnelData columns, in order. */
export const DEAL_COLUMNS: readonly DealColumn[] = [
  {
    column: { header: 'Source Row', format: 'integer' },
    read: (s) => ({ kind: 'number', at: (i) => s.p.firstRow + s.p.source[i]! }),
    record: (d) => d.row,
  },
  {
    column: { header: 'Counted', format: 'text' },
    read: (s) => ({ kind: 'label', labels: YES_NO, at: (i) => (counted(s, i) ? 1 : 0) }),
    record: (d) => yesNo(d.counted !== false),
  },
  {
    column: { header: 'Ladder Stage', format: 'text' },
    read: (s) => s.labels.stage,
    record: (d) => d.stage,
  },
  {
    column: { header: 'Deal Status', format: 'text' },
    read: (s) => s.labels.status,
    record: (d) => d.status,
  },
  {
    column: { header: 'Probability Used', format: 'percent' },
    read: (s) => ({ kind: 'number', at: (i) => s.p.probability[i]! }),
    record: (d) => d.probability,
  },
  {
    column: { header: 'Deal Amount', format: 'currency' },
    read: (s) => ({ kind: 'number', at: (i) => (counted(s, i) ? s.amount[i]! : NaN) }),
    record: (d) => d.amount,
  },
  {
    column: { header: 'Deal Currency', format: 'text' },
    // The deal's own currency, or the base currency where the amount named none.
    read: (s) => s.labels.currency,
    record: (d) => d.currency,
  },
  {
    column: { header: 'Weighted Amount', format: 'currency' },
    read: (s) => ({
      kind: 'number',
      at: (i) => (counted(s, i) ? cleanMoney(s.amount[i]! * s.p.probability[i]!) : NaN),
    }),
    record: (d) => d.weighted,
  },
  {
    column: { header: 'Category Used', format: 'text' },
    read: (s) => s.labels.category,
    record: (d) => d.category,
  },
  {
    column: { header: 'Close Date Used', format: 'date' },
    read: (s) => ({ kind: 'day', at: (i) => closeDay(s, i) }),
    record: (d) => d.closeDate,
  },
  {
    column: { header: 'Period', format: 'text' },
    read: (s) => s.labels.period,
    record: (d) => d.period,
  },
  {
    column: { header: 'Fiscal Year', format: 'text' },
    read: (s) => {
      // Each year's cell made once.
      const year = s.labels.fiscalYear;
      const cells: CellValue[] = [];
      return {
        kind: 'cell',
        at(i) {
          const k = year.at(i);
          if (k < 0) return null;
          let v = cells[k];
          if (v === undefined) cells[k] = v = yearCell(year.labels[k]!);
          return v;
        },
      };
    },
    record: (d) => yearCell(d.fiscalYear),
  },
  {
    column: { header: 'Fiscal Quarter', format: 'text' },
    read: (s) => s.labels.fiscalQuarter,
    record: (d) => d.fiscalQuarter,
  },
  {
    column: { header: 'Account Tier', format: 'text' },
    read: (s) => s.labels.tier,
    record: (d) => d.tier,
  },
  {
    column: { header: 'Slipped', format: 'text' },
    read: (s) => ({ kind: 'label', labels: YES_NO, at: flagged(s, FLAG_SLIPPED) }),
    record: (d) => yesNo(d.slipped),
  },
  {
    column: { header: 'Stale', format: 'text' },
    read: (s) => ({ kind: 'label', labels: YES_NO, at: flagged(s, FLAG_STALE) }),
    record: (d) => yesNo(d.stale),
  },
  {
    column: { header: 'Issues', format: 'text' },
    read: (s) => ({ kind: 'cell', at: (i) => s.issuesText(i) || null }),
    record: (d) => d.issues || null,
  },
];

/** The computed FunnelData columns, in order (as the list above defines them). */
export const FUNNEL_DATA_COLUMNS: readonly OutputColumn[] = DEAL_COLUMNS.map((d) => d.column);
