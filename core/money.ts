/**
 * Float noise removal for money. Binary doubles turn 0.1 + 0.2 into
 * 0.30000000000000004; spreadsheets show 15 significant digits, so results are
 * rounded to 15 significant digits, which restores the decimal answer for any
 * amount a deal sheet holds (to the cent up to 10^12).
 */
export function clean(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(15)) : x;
}

/** Sum with Neumaier compensation: the total of a million amounts is exact to the cent. */
export class Sum {
  private total = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.total + x;
    if (Math.abs(this.total) >= Math.abs(x)) this.compensation += this.total - t + x;
    else this.compensation += x - t + this.total;
    this.total = t;
  }

  get value(): number {
    return clean(this.total + this.compensation);
  }
}

export function sum(values: Iterable<number>): number {
  const s = new Sum();
  for (const v of values) s.add(v);
  return s.value;
}
