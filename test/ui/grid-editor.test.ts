/**
 * The targets and rates grids save what the user types the way the run will read it:
 * one amount reader (core/read/amount.ts parseAmount) for the editor and the engine's
 * settings (core/engine/settings.ts parseTargets, parseRates). Before, the editor had a
 * reader of its own that saved "1,2,3" as 123 and "0x10" as 16, which the run would
 * have refused as text.
 */
import { parseRates, parseTargets } from '../../core';
import { cellOfText, dataRowsOf } from '../../ui/steps/GridEditor';

const TYPED = [
  '1000',
  '1,000',
  ' 2,500.50 ',
  '(1,000)',
  '12.5万',
  '1.5k',
  'USD 1,000',
  '1,2',
  '1,2,3',
  '0x10',
  '1e3',
  'abc',
  '-',
];

/** What the run makes of a one-row targets grid: its amount, or 'refused' (a located error). */
function targetOf(cell: unknown): number | 'refused' {
  try {
    return parseTargets([['Total', '2026-Q1', cell as never]])[0]!.amount;
  } catch {
    return 'refused';
  }
}

describe('the grid editor reads a typed cell as the run does', () => {
  it('saves a plain amount as its number, everything else as the text typed', () => {
    expect(TYPED.map((t) => cellOfText(t, true))).toEqual([
      1000,
      1000,
      2500.5,
      -1000,
      125000,
      1500,
      'USD 1,000',
      1.2,
      '1,2,3',
      '0x10',
      '1e3',
      'abc',
      '-',
    ]);
    expect(cellOfText('   ', true)).toBeNull();
    expect(cellOfText('1,000', false)).toBe('1,000');
  });

  it.each(TYPED)('%j: the run reads the saved cell as it reads the text', (typed) => {
    const saved = cellOfText(typed, true);
    expect(targetOf(saved)).toEqual(targetOf(typed));
  });

  it('a first row is a header when the run takes it for one', () => {
    for (const first of ['Target', 'Rate', '', '1,000', 'USD 5', '12.5万']) {
      const grid = [
        ['Total', '2026-Q1', first],
        ['Total', '2026-Q2', 1000],
      ];
      expect([first, dataRowsOf(grid, 2).length]).toEqual([first, parseTargets(grid).length]);
    }
    const rates = [
      ['Currency', 'Rate'],
      ['EUR', '1.08'],
    ];
    expect(dataRowsOf(rates, 1)).toHaveLength(1);
    expect(parseRates(rates).get('EUR')).toBe(1.08);
  });
});
