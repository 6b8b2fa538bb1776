/** The Funnel table: deals, money and conversion by ladder stage. */
import { count, money, pct, text, type TableSpec } from './spec';

export const funnelTable: TableSpec<'Funnel'> = {
  key: 'Funnel',
  build(result) {
    return {
      columns: [
        text('Stage'),
        count('Deals'),
        {
          ...count('Deals Without Amount'),
          note: 'Deals at the stage that add no money: no amount, or no exchange rate.',
        },
        money(result, 'Amount'),
        money(result, 'Weighted'),
        {
          header: 'Reached',
          format: 'integer',
          total: 'none',
          note: 'Deals at this stage or past it, Won included; Lost stands apart.',
        },
        pct('Conversion from Previous', 'Reached here / reached at the stage before.'),
        pct(
          'Conversion from Top',
          'Reached here / reached at the top stage (every deal not lost).',
        ),
      ],
      rows: result.funnel.map((f) => [
        f.stage,
        f.deals,
        f.withoutAmount,
        f.amount,
        f.weighted,
        f.reached,
        f.fromPrevious,
        f.fromTop,
      ]),
    };
  },
};
