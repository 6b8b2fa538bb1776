/**
 * The Assumptions table: what a run took as given, so a reader of the output
 * can check it and run it again. Every host writes it (core builds it once).
 * The "Stage table" rows' Item, Value, Category and Ladder Stage columns are a
 * stage table as the Stages step, `--stages` and FUNNEL_WEIGHT's stage_table read it.
 */
import type { CellValue } from '../cells';
import { clean } from '../money';
import { LADDER_STAGES } from '../stages';
import { outputNames, type OutputTable } from '../output';
import { FIELD_NAMES, type ForecastResult } from './types';

export const ASSUMPTION_SECTIONS = {
  run: 'Run',
  mapping: 'Column mapping',
  stages: 'Stage table',
  rates: 'Currency rates',
  targets: 'Targets',
  notes: 'Notes',
} as const;

const percent = (p: number) => `${clean(p * 100)}%`;
const show = (v: CellValue): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

export function assumptionRows(result: ForecastResult): CellValue[][] {
  const a = result.assumptions;
  const rows: CellValue[][] = [];
  const add = (section: string, item: string, value: string, category = '', ladder = '') =>
    rows.push([section, item, value, category || null, ladder || null]);
  const S = ASSUMPTION_SECTIONS;
  add(S.run, 'As-of date', result.asOf ?? '');
  if (a) add(S.run, 'Source', a.source);
  add(S.run, 'Header row', String(result.mapping.headerRow));
  if (result.closeDates)
    add(S.run, 'Close dates', `${result.closeDates.first} to ${result.closeDates.last}`);
  if (a) {
    add(S.run, 'Period', a.period);
    add(S.run, 'Fiscal year starts (month)', String(a.fiscalYearStart));
    add(S.run, 'Tier measure', a.tierMeasure);
    add(S.run, 'Stale after (days without activity)', String(a.staleDays));
    const seg = a.settings.segmentBy ?? result.mapping.segments;
    add(S.run, 'Segment by', seg.length ? seg.join(', ') : '(none)');
  }
  add(S.run, 'Base currency', result.baseCurrency ?? '(none named)');
  add(
    S.run,
    'Deals',
    `${result.counts.rows} read, ${result.counts.counted} counted, ${result.counts.excluded} not counted`,
  );
  for (const field of FIELD_NAMES) {
    const m = result.mapping.fields[field];
    add(S.mapping, field, m ? m.header : '(not in this sheet)', m ? m.how : '');
  }
  if (a) {
    const rank = (d?: { ladder: string }) =>
      d ? LADDER_STAGES.indexOf(d.ladder as (typeof LADDER_STAGES)[number]) : LADDER_STAGES.length;
    const stages = [...a.stages].sort((x, y) => rank(x.def) - rank(y.def));
    for (const s of stages) {
      if (s.def) add(S.stages, s.label, percent(s.def.probability), s.def.category, s.def.ladder);
      else add(S.stages, s.label, '(unknown: each deal\u2019s own probability, if any)');
    }
    if (a.rates.length === 0) add(S.rates, '(none)', '');
    for (const [code, rate] of a.rates)
      add(S.rates, code, `${rate} ${result.baseCurrency ?? ''}`.trim());
    const targets = a.settings.targets ?? [];
    if (a.settings.targetsRange) add(S.targets, 'Range', a.settings.targetsRange);
    for (const t of targets) {
      if (t.every((c) => c === null || c === '')) continue;
      add(S.targets, `${show(t[0] ?? null)} ${show(t[1] ?? null)}`.trim(), show(t[2] ?? null));
    }
    if (targets.length === 0 && !a.settings.targetsRange) add(S.targets, '(none)', '');
  }
  // The engine's own decisions (base currency, tier measure, targets matched); the reader's
  // notes depend on what the host passed (Excel's number formats) and stay in the run's notes.
  for (const n of result.notes ?? []) add(S.notes, n, '');
  return rows;
}

export function assumptionsTable(result: ForecastResult): OutputTable {
  return {
    ...outputNames('Assumptions'),
    columns: [
      { header: 'Section', format: 'text' },
      { header: 'Item', format: 'text' },
      { header: 'Value', format: 'text' },
      { header: 'Category', format: 'text' },
      { header: 'Ladder Stage', format: 'text' },
    ],
    rows: assumptionRows(result),
  };
}
