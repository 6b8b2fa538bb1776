import { DEAL_COLUMNS } from '../../support/deal-columns';
import type { Cell } from './fake-spreadsheet';

export const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/**
 * A small hand-made deal sheet (core values: dates at UTC midnight): a
 * formula-looking account, a phone-number account, a Chinese stage, a bad
 * amount and an unknown stage, so every path of the write shows up.
 */
export const DEALS_HEADER: string[] = [...DEAL_COLUMNS, 'Created'];

export const DEALS: Cell[][] = [
  DEALS_HEADER,
  ['Renewal', 'Acme', 'Ann', 'West', 'Committed', 12285, utc(2024, 3, 20), utc(2024, 1, 5)],
  [
    'Expansion',
    '=HYPERLINK("http://example.invalid")',
    'Bo',
    'East',
    'Pipeline',
    4245.74,
    utc(2024, 5, 2),
    utc(2024, 2, 1),
  ],
  ['New logo', '+1 555 0100', 'Ann', 'West', '赢单', 5000, utc(2024, 2, 10), utc(2023, 12, 1)],
  ['Lost one', 'Initech', 'Bo', 'East', 'Closed Lost', 800, utc(2024, 2, 15), utc(2023, 11, 1)],
  ['Bad', 'Hooli', 'Cy', 'West', 'Maybe', 'lots', '', ''],
  ['Upsell', '@risk', 'Cy', 'East', 'Upside', 2000, utc(2024, 3, 31), utc(2024, 1, 20)],
];

/**
 * The same sheet as Sheets hands it to Apps Script in a spreadsheet whose
 * time zone is `timeZone`: each date is the instant of its local midnight.
 */
export function asSheetsStores(grid: Cell[][], toLocalMidnight: (d: Date) => Date): Cell[][] {
  return grid.map((row) => row.map((v) => (v instanceof Date ? toLocalMidnight(v) : v)));
}
