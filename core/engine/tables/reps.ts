/** The Reps table: each owner's wins, losses, open pipeline, velocity and (with targets) gap. */
import type { OutputColumn } from '../../output';
import { count, money, pct, ratio, text, type TableSpec } from './spec';

export const repsTable: TableSpec<'Reps'> = {
  key: 'Reps',
  build(result) {
    const m = (header: string, extra?: Partial<OutputColumn>) => money(result, header, extra);
    const repTargets = result.reps.some((r) => r.targetPeriod !== undefined);
    return {
      columns: [
        text('Owner'),
        count('Won'),
        count('Lost'),
        pct('Win Rate', 'Won / (won + lost), by count.'),
        m('Avg Won Amount', { total: 'none' }),
        {
          header: 'Avg Cycle Days',
          format: 'number',
          decimals: 0,
          total: 'none',
          note: 'Mean days from created to close over won deals, whole days.',
        },
        count('Open Deals'),
        m('Open Amount'),
        m('Weighted'),
        m('Velocity per Day', {
          note: 'Open deals x win rate x average won amount / cycle days.',
        }),
        ...(repTargets
          ? [
              text('Target Period'),
              m('Target'),
              m('Gap', { note: 'Target - closed - weighted open, in the target period.' }),
              ratio('Coverage', 'Open amount / (target - closed), in the target period.'),
              { ...count('Opps Needed'), total: 'none' as const },
            ]
          : []),
      ],
      rows: result.reps.map((r) => [
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
    };
  },
};
