/** The Pyramid table: accounts ranked by value, with their share and tier. */
import { money, pct, text, type TableSpec } from './spec';

export const pyramidTable: TableSpec<'Pyramid'> = {
  key: 'Pyramid',
  build(result) {
    return {
      columns: [
        { header: 'Rank', format: 'integer', total: 'none' },
        text('Account'),
        money(result, 'Value'),
        pct('Share'),
        pct('Cumulative Share'),
        text('Tier'),
        text('Coverage Level'),
      ],
      rows: result.tiers.map((t, i) => [
        i + 1,
        t.account,
        t.value,
        t.share,
        t.cumulativeShare,
        t.tier,
        t.coverage,
      ]),
    };
  },
};
