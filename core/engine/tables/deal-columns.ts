/**
 * FunnelData's computed columns, each defined once: its header and format, how
 * the engine's deal columns give its cells (a typed reader), and how a
 * DealRecord gives its cell (a result whose deals were built by hand). A
 * column's place in the table is its place in DEAL_COLUMNS.
 */
import type { CellValue } from '../../cells';
import { clean } from '../../money';
import type { ColumnReader, OutputColumn } from '../../output';
import { FORECAST_CATEGORIES, LADDER_STAGES } from '../../stages';
import type { DealStore } from '../deals';
import { FLAG_SLIPPED, FLAG_STALE, STATUS_NAMES, dayAt } from '../parse-rows';
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
const known = (s: DealStore, i: number): boolean => s.p.probability[i] === s.p.probability[i];
const counted = (s: DealStore, i: number): boolean => s.counted[i] === 1;
const closeDay = (s: DealStore, i: number): number => dayOf(s.p.closeDay, i);

/** A calendar year ("2026") is written as the number it is, so a pivot groups and sorts it as one; "FY2027" stays text. */
function yearCell(label: string | null): CellValue {
  return label !== null && label.length === 4 && /^\d{4}$/.test(label) ? Number(label) : label;
}

/** A label that depends on a deal's close day only (its fiscal quarter): each day's label found once. */
function byCloseDay(s: DealStore, label: (day: number) => string): ColumnReader {
  const labels: string[] = [];
  const index = new Map<string, number>();
  const ofDay = new Map<number, number>();
  return {
    kind: 'label',
    labels,
    at(i) {
      const day = closeDay(s, i);
      if (day !== day) return -1;
      let k = ofDay.get(day);
      if (k === undefined) {
        const text = label(day);
        k = index.get(text);
        if (k === undefined) {
          k = labels.length;
          labels.push(text);
          index.set(text, k);
        }
        ofDay.set(day, k);
      }
      return k;
    },
  };
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
    read: (s) => ({
      kind: 'label',
      labels: LADDER_STAGES,
      at: (i) => (known(s, i) ? s.p.ladder[i]! : -1),
    }),
    record: (d) => d.stage,
  },
  {
    column: { header: 'Deal Status', format: 'text' },
    read: (s) => ({
      kind: 'label',
      labels: STATUS_NAMES,
      at: (i) => (known(s, i) ? s.p.status[i]! : -1),
    }),
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
    read: (s) => {
      // The deal's own currency, or the base currency where the amount named none.
      const codes = s.p.currencies.values;
      const labels = s.base === null ? codes : [...codes, s.base];
      const base = s.base === null ? -1 : codes.length;
      return {
        kind: 'label',
        labels,
        at: (i) => (s.p.currency[i]! >= 0 ? s.p.currency[i]! : base),
      };
    },
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
    read: (s) => ({
      kind: 'label',
      labels: FORECAST_CATEGORIES,
      at: (i) => (known(s, i) ? s.p.category[i]! : -1),
    }),
    record: (d) => d.category,
  },
  {
    column: { header: 'Close Date Used', format: 'date' },
    read: (s) => ({ kind: 'day', at: (i) => closeDay(s, i) }),
    record: (d) => d.closeDate,
  },
  {
    column: { header: 'Period', format: 'text' },
    read: (s) => ({ kind: 'label', labels: s.periodLabels, at: (i) => s.period[i]! }),
    record: (d) => d.period,
  },
  {
    column: { header: 'Fiscal Year', format: 'text' },
    read: (s) => {
      const ofDay = new Map<number, CellValue>();
      return {
        kind: 'cell',
        at(i) {
          const day = closeDay(s, i);
          if (day !== day) return null;
          let v = ofDay.get(day);
          if (v === undefined) ofDay.set(day, (v = yearCell(s.names.fiscalYear(day))));
          return v;
        },
      };
    },
    record: (d) => yearCell(d.fiscalYear),
  },
  {
    column: { header: 'Fiscal Quarter', format: 'text' },
    read: (s) => byCloseDay(s, (day) => s.names.fiscalQuarter(day)),
    record: (d) => d.fiscalQuarter,
  },
  {
    column: { header: 'Account Tier', format: 'text' },
    read: (s) => ({ kind: 'label', labels: s.pyramid.labels, at: (i) => s.pyramid.tierOfDeal(i) }),
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
