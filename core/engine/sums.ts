/**
 * Many compensated sums in two flat arrays: the engine's accumulators (per
 * segment x period, per rep, per account) without an object per sum. Same
 * Neumaier compensation as core/money.ts Sum, so totals are exact to the cent.
 */
import { clean } from '../money';

export class SumTable {
  private s: Float64Array;
  private c: Float64Array;

  constructor(size: number) {
    this.s = new Float64Array(Math.max(1, size));
    this.c = new Float64Array(Math.max(1, size));
  }

  /** Makes room for index < size (doubling), keeping what was summed. */
  ensure(size: number): void {
    if (size <= this.s.length) return;
    let n = this.s.length;
    while (n < size) n *= 2;
    const s = new Float64Array(n);
    const c = new Float64Array(n);
    s.set(this.s);
    c.set(this.c);
    this.s = s;
    this.c = c;
  }

  add(i: number, x: number): void {
    const s = this.s;
    const total = s[i]!;
    const t = total + x;
    if ((total >= 0 ? total : -total) >= (x >= 0 ? x : -x)) this.c[i]! += total - t + x;
    else this.c[i]! += x - t + total;
    s[i] = t;
  }

  /**
   * add(i, xs[j]): the hot loops pass an array and an index, not the double,
   * because a call the optimiser does not inline boxes a double argument (an
   * allocation per call, millions per run).
   */
  addAt(i: number, xs: Float64Array, j: number): void {
    this.add(i, xs[j]!);
  }

  /** add(i, xs[j] * ys[j]), for the same reason. */
  addProduct(i: number, xs: Float64Array, ys: Float64Array, j: number): void {
    this.add(i, xs[j]! * ys[j]!);
  }

  /** The sum, float noise removed (clean). */
  value(i: number): number {
    return clean(this.s[i]! + this.c[i]!);
  }
}
