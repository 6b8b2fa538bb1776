/** The Forecast table: one row per segment and period, with its cumulative and target columns. */
import type { OutputColumn } from '../../output';
import { money, ratio, count, text, unique, type TableSpec } from './spec';

export const forecastTable: TableSpec<'Forecast'> = {
  key: 'Forecast',
  build(result) {
    const m = (header: string, extra?: Partial<OutputColumn>) => money(result, header, extra);
    const targets = result.forecast.some((r) => r.target !== undefined);
    const segHeaders = result.forecast[0] ? Object.keys(result.forecast[0].segment) : [];
    const fixedColumns: OutputColumn[] = [
      text('Period'),
      count('Deals'),
      m('Amount'),
      m('Weighted', { note: 'Amount x probability used, summed.' }),
      m('Closed'),
      m('Commit'),
      m('Best Case'),
      m('Pipeline'),
      m('Omitted', {
        note: 'Open deals left out of the forecast (never weighted), and lost deals.',
      }),
      m('Commit (cumulative)', { note: 'Closed + Commit.' }),
      m('Best Case (cumulative)', { note: 'Closed + Commit + Best Case.' }),
      m('Pipeline (cumulative)', { note: 'Open Pipeline + Best Case + Commit.' }),
      m('Spread', {
        total: 'rss',
        note: 'One standard deviation of Weighted if each deal closes or not at its probability: sqrt(sum of amount^2 x p x (1 - p)). Spreads add as the square root of their summed squares, not as a sum.',
      }),
      m('Open Amount'),
      ...(targets
        ? [
            m('Target'),
            m('Gap', { total: 'none', note: 'Target - Weighted.' }),
            ratio('Coverage', 'Open amount / (target - closed).'),
          ]
        : []),
    ];
    const segTaken = new Set(fixedColumns.map((c) => c.header.toLowerCase()));
    const segNames = unique(segHeaders, segTaken);
    return {
      columns: [...segNames.map((header) => text(header)), ...fixedColumns],
      rows: result.forecast.map((r) => [
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
      ]),
    };
  },
};
