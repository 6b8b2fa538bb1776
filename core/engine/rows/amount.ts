/**
 * Pass 1, per row: the amount and its currency, into the amount and currency
 * columns. A number cell within the 1e15 limit is taken as it is; text
 * ("USD 1,234.50", "(1,000)", "12.5万") goes through the one amount reader
 * (core/read/amount.ts parseAmount) with the column's decimal separator.
 */
import type { CellSource, CellValue } from '../../cells';
import { describeValue } from '../../errors';
import {
  AMOUNT_LIMIT,
  parseAmount,
  parseCurrency,
  type DecimalSeparator,
  type ParsedAmount,
} from '../../read/amount';
import type { ColumnMap } from '../headers';
import { CellIds, type ParsedRows } from './columns';
import type { IssueSink } from './sink';

// Hot imports as module constants: under a CommonJS transform (tsx, jest)
// each read of an imported binding is a getter call.
const amountOf = parseAmount;
const amountLimit = AMOUNT_LIMIT;

export class AmountPass {
  private readonly cAmount: number;
  private readonly cCurrency: number;
  private readonly currencies: CellIds;
  /** The text of the frequent negative-amount issue, built once. */
  private readonly negativeText: string;

  constructor(
    private readonly out: ParsedRows,
    private readonly sink: IssueSink,
    map: ColumnMap,
    headers: readonly string[],
    private readonly decimal: DecimalSeparator,
  ) {
    this.cAmount = map.col.amount;
    this.cCurrency = map.col.currency;
    // "usd", "$" and "USD" are one code.
    this.currencies = new CellIds(out.currencies, (text) => parseCurrency(text) ?? text);
    this.negativeText =
      this.cAmount >= 0
        ? `${headers[this.cAmount]}: a negative amount (a credit note or a correction?); it is kept and counted, check it.`
        : '';
  }

  /** Row i's amount and currency; false when the deal cannot be counted for want of an amount. */
  read(cells: CellSource, r: number, i: number, amountCell: CellValue): boolean {
    const out = this.out;
    let usable = true;
    let amount: number;
    let amountCurrency: string | null = null;
    if (typeof amountCell === 'number' && amountCell <= amountLimit && amountCell >= -amountLimit) {
      amount = amountCell;
    } else {
      const parsed = this.parse(amountCell);
      if (parsed === null) {
        amount = NaN;
        usable = false;
      } else {
        amount = parsed.value;
        amountCurrency = parsed.currency;
      }
    }
    out.amount[i] = amount;
    if (amount < 0) this.sink.addText('negative-amount', this.cAmount, this.negativeText, true);
    const cur0 = this.cCurrency >= 0 ? this.currencies.id(cells.cell(r, this.cCurrency)) : -1;
    out.currency[i] = cur0 < 0 && amountCurrency ? out.currencies.id(amountCurrency) : cur0;
    return usable;
  }

  /** An amount cell that is not a plain number: read as text, else null and its issue. */
  private parse(amountCell: CellValue): ParsedAmount | null {
    const cAmount = this.cAmount;
    if (cAmount < 0) {
      this.sink.add(
        'missing-amount',
        -1,
        'the sheet has no amount column (map one: amount=Header); the deal is not counted.',
        false,
      );
      return null;
    }
    const parsed = amountOf(amountCell, this.decimal);
    if (parsed === null) {
      this.sink.add(
        'missing-amount',
        cAmount,
        'the amount is blank; the deal is not counted.',
        false,
      );
      return null;
    }
    if ('error' in parsed) {
      this.sink.add(
        'bad-amount',
        cAmount,
        `${describeValue(amountCell)} is ${parsed.error}; expected a number such as 1234.56, $1,234 or USD 1,234; the deal is not counted.`,
        false,
      );
      return null;
    }
    return parsed;
  }
}
