/**
 * Pass 2: every amount in the base currency (the user's, else the most common
 * in the sheet). A deal in a currency without a rate is totalled apart
 * (result.unconverted), flagged FLAG_NO_RATE and listed as a no-rate issue.
 */
import { Sum, clean } from '../money';
import { ISSUE_KINDS } from './issues';
import { FLAG_NO_RATE, type ParsedRows } from './parse-rows';
import type { ResolvedSettings } from './settings';
import type { IssueKind } from './types';

export interface Converted {
  base: string | null;
  /** Amount in the base currency (valid where counted). */
  amount: Float64Array;
  /** 1 where the deal is counted: usable and convertible. */
  counted: Uint8Array;
  unconverted: { currency: string; deals: number; amount: number }[];
  noRate: NoRateIssues;
}

/** Pass 2 over parsed rows; notes gets the base currency when it was chosen. */
export function convertCurrencies(
  p: ParsedRows,
  rs: ResolvedSettings,
  /** The column a no-rate issue points at: currency, else amount; -1 for none. */
  column: number,
  notes: string[],
): Converted {
  const base = chooseBaseCurrency(p, rs, notes);
  const baseId = base === null ? -1 : p.currencies.values.indexOf(base);
  const rateOf = new Float64Array(p.currencies.values.length).fill(NaN);
  p.currencies.values.forEach((code, id) => {
    if (id === baseId) rateOf[id] = 1;
    else if (rs.rates.has(code)) rateOf[id] = rs.rates.get(code)!;
  });
  const unconverted = new Map<string, { deals: number; amount: Sum }>();
  const noRate: NoRateIssues = {
    count: 0,
    firstDeal: -1,
    column,
    texts: p.currencies.values.map(
      (code) =>
        `no exchange rate from ${code} to ${base}: the deal is totalled apart, not added to the ${base} figures. Add ${code} to the rates table.`,
    ),
  };
  const { amount, counted } = convertAmounts(p, baseId, rateOf, (i, cur) => {
    const code = p.currencies.values[cur]!;
    let u = unconverted.get(code);
    if (!u) unconverted.set(code, (u = { deals: 0, amount: new Sum() }));
    u.deals++;
    u.amount.add(p.amount[i]!);
    // The issue itself is the deal's FLAG_NO_RATE: its object is built on demand.
    p.flags[i]! |= FLAG_NO_RATE;
    if (noRate.count++ === 0) noRate.firstDeal = i;
  });
  return {
    base,
    amount,
    counted,
    unconverted: [...unconverted].map(([currency, u]) => ({
      currency,
      deals: u.deals,
      amount: u.amount.value,
    })),
    noRate,
  };
}

/** The no-rate issues of pass 2: flagged on their deals (FLAG_NO_RATE), texts per currency. */
export interface NoRateIssues {
  count: number;
  /** Deal index of the first one (-1 for none). */
  firstDeal: number;
  column: number;
  /** Problem text by currency id. */
  texts: string[];
}

/** Issues by kind, keyed in the order the kinds first appear in result.issues. */
export function issueCounts(
  p: ParsedRows,
  noRate: NoRateIssues,
): Partial<Record<IssueKind, number>> {
  const byKind: Partial<Record<IssueKind, number>> = {};
  const list = p.issues;
  const seen = new Uint8Array(ISSUE_KINDS.length);
  let pending = noRate.count > 0;
  for (let k = 0; k < list.n; k++) {
    // A deal's no-rate issue comes after its parse issues.
    if (pending && list.deal[k]! > noRate.firstDeal) {
      byKind['no-rate'] = noRate.count;
      pending = false;
    }
    const kind = list.kind[k]!;
    if (!seen[kind]) {
      seen[kind] = 1;
      byKind[ISSUE_KINDS[kind]!] = list.perKind[kind]!;
    }
  }
  if (pending) byKind['no-rate'] = noRate.count;
  return byKind;
}

/**
 * Pass 2: amounts in the base currency. A small function of its own so the
 * optimiser compiles this loop alone (a loop inside a long function is
 * recompiled whenever later code in that function meets new types).
 */
function convertAmounts(
  p: ParsedRows,
  baseId: number,
  rateOf: Float64Array,
  noRate: (i: number, currency: number) => void,
): { amount: Float64Array; counted: Uint8Array } {
  const n = p.n;
  const amount = new Float64Array(n);
  const counted = new Uint8Array(n);
  const usable = p.usable;
  const currency = p.currency;
  const source = p.amount;
  for (let i = 0; i < n; i++) {
    if (!usable[i]) continue;
    const cur = currency[i]!;
    let a = source[i]!;
    if (cur >= 0 && cur !== baseId) {
      const rate = rateOf[cur]!;
      if (rate !== rate) {
        noRate(i, cur);
        continue;
      }
      a = clean(a * rate);
    }
    amount[i] = a;
    counted[i] = 1;
  }
  return { amount, counted };
}

function chooseBaseCurrency(p: ParsedRows, rs: ResolvedSettings, notes: string[]): string | null {
  if (rs.baseCurrency) {
    p.currencies.id(rs.baseCurrency);
    return rs.baseCurrency;
  }
  if (p.currencies.values.length === 0) return null;
  const counts = new Array<number>(p.currencies.values.length).fill(0);
  for (let i = 0; i < p.n; i++) {
    const c = p.currency[i]!;
    if (c >= 0 && p.usable[i]) counts[c]!++;
  }
  let best = 0;
  counts.forEach((c, i) => {
    if (c > counts[best]!) best = i;
  });
  const code = p.currencies.values[best]!;
  if (p.currencies.values.length > 1 || rs.rates.size > 0) {
    notes.push(
      `Base currency ${code} (the most common in the sheet); set baseCurrency to choose another.`,
    );
  }
  return code;
}
