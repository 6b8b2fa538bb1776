/**
 * Seeded weekly snapshots of one deal sheet, for the pipeline-change tests.
 *
 * generateSnapshots({ seed, deals, weeks }) returns `weeks` exports of the
 * same team's deal sheet, a week apart from FIRST_WEEK (2026-10-05, a Monday),
 * each a grid with the header row
 *   Opportunity ID, Opportunity Name, Account, Owner, Stage, Amount, Currency, Close Date
 * and its as-of date. The same seed gives the same snapshots.
 *
 * Week 0 draws `deals` deals: ladder stages Prospect..Committed, Won, Lost;
 * amounts in cents; close dates from 2026-08-01 to 2027-03-31 (so around,
 * before and after the 2026-Q4 window); one deal in ten in EUR (rate
 * RATES: 1.25), one in thirty in JPY (no rate: kept apart); a few blank
 * close dates. Each later week every open deal may, with fixed odds:
 * be won or lost, have its close date pushed out (30-120 days) or pulled in
 * (20-90 days), change amount, move a stage up or down, change amount and
 * stage at once, change owner (a segment move when segmented by Owner),
 * lose its close date, or disappear from the export; a closed deal may be
 * reopened (back to Pipeline, closing in the window); new deals appear.
 * Planted in every week after the first: two rows that repeat an existing
 * key further down (with another amount) and one row with a blank key, so
 * duplicate and missing keys are exercised; both must be left out of the
 * bridge. So that the buckets do not hang on the odds, each week also plants
 * one deal per bucket: among the open deals closing in 2026-Q4 one is
 * removed, won, lost, pushed out, has its close date blanked, is pulled out,
 * changes amount and stage at once, goes down in amount, up a stage, down a
 * stage, changes owner; a closed deal is reopened into Q4; an open deal
 * closing after Q4 is pulled in, one closing before it (or undated) pushed
 * in; new deals come every week and most deals are unchanged
 * (bridge.test.ts checks several seeds). The window of these tests is
 * 2026-Q4, the quarter that holds every snapshot date while weeks <= 12.
 */
import type { CellValue, Grid } from '../../core/cells';
import { mulberry32 } from '../../core/sample';

export const FIRST_WEEK = '2026-10-05';
export const HEADER = [
  'Opportunity ID',
  'Opportunity Name',
  'Account',
  'Owner',
  'Stage',
  'Amount',
  'Currency',
  'Close Date',
];
export const RATES: Grid = [
  ['Currency', 'Rate'],
  ['EUR', 1.25],
];
const OPEN = ['Prospect', 'Opportunity', 'Pipeline', 'Upside', 'Committed'];
const OWNERS = ['Ann', 'Bob', 'Cy', 'Dee'];
const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const CLOSE_FROM = dayOf('2026-08-01');
const CLOSE_SPAN = dayOf('2027-03-31') - CLOSE_FROM;
const Q4_FROM = dayOf('2026-10-01');
const Q4_TO = dayOf('2027-01-01');

interface Deal {
  id: string;
  name: string;
  account: string;
  owner: string;
  stage: string;
  cents: number;
  currency: string;
  close: number | null;
}

export interface GeneratedSnapshot {
  name: string;
  asOf: string;
  values: CellValue[][];
}

export interface GeneratorOptions {
  seed?: number;
  deals?: number;
  weeks?: number;
}

export function generateSnapshots(options: GeneratorOptions = {}): GeneratedSnapshot[] {
  const rand = mulberry32(options.seed ?? 7);
  const n = options.deals ?? 300;
  const weeks = options.weeks ?? 4;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  let next = 1;
  const newDeal = (): Deal => {
    const id = `OPP-${String(next++).padStart(5, '0')}`;
    const r = rand();
    return {
      id,
      name: `Deal ${id.slice(4)}`,
      account: `Account ${int(1, 40)}`,
      owner: pick(OWNERS),
      stage: r < 0.12 ? 'Won' : r < 0.2 ? 'Lost' : pick(OPEN),
      cents: int(50_00, 90_000_00),
      currency: rand() < 0.1 ? 'EUR' : rand() < 0.034 ? 'JPY' : 'USD',
      close: rand() < 0.03 ? null : CLOSE_FROM + int(0, CLOSE_SPAN),
    };
  };
  let deals: Deal[] = Array.from({ length: n }, newDeal);
  const out: GeneratedSnapshot[] = [];
  for (let w = 0; w < weeks; w++) {
    const asOf = isoOf(dayOf(FIRST_WEEK) + 7 * w);
    if (w > 0) deals = step(deals);
    const rows: CellValue[][] = deals.map(row);
    if (w > 0) {
      for (let k = 0; k < 2; k++) {
        // After the row it repeats: the first row with a key is the one the bridge uses.
        const at = int(0, rows.length - 1);
        const copy = [...rows[at]!];
        copy[5] = int(100_00, 5_000_00) / 100;
        rows.splice(int(at + 1, rows.length), 0, copy);
      }
      const blank = row(newDeal());
      blank[0] = null;
      rows.splice(int(0, rows.length), 0, blank);
    }
    out.push({ name: `week ${w} (${asOf})`, asOf, values: [HEADER, ...rows] });
  }
  return out;

  function step(list: Deal[]): Deal[] {
    const next = list.map((d) => ({ ...d }));
    const gone = new Set<number>();
    const taken = new Set<number>();
    const open = (d: Deal) => OPEN.includes(d.stage);
    const inQ4 = (d: Deal) => d.close !== null && d.close >= Q4_FROM && d.close < Q4_TO;
    /** A deal not planted yet that fits, or none. */
    const choose = (ok: (d: Deal) => boolean): Deal | null => {
      const fit = next.map((_, i) => i).filter((i) => !taken.has(i) && ok(next[i]!));
      if (!fit.length) return null;
      const i = pick(fit);
      taken.add(i);
      return next[i]!;
    };
    // Planted: one deal per bucket, so every bucket occurs every week.
    const openQ4 = (d: Deal) => open(d) && inQ4(d);
    const removed = choose(openQ4);
    if (removed) gone.add(next.indexOf(removed));
    const won = choose(openQ4);
    if (won) won.stage = 'Won';
    const lost = choose(openQ4);
    if (lost) lost.stage = 'Lost';
    const pushed = choose(openQ4);
    if (pushed) pushed.close = Q4_TO + int(5, 60);
    const blanked = choose(openQ4);
    if (blanked) blanked.close = null;
    const pulledOut = choose(openQ4);
    if (pulledOut) pulledOut.close = Q4_FROM - int(1, 40);
    const both = choose((d) => openQ4(d) && d.stage !== 'Committed');
    if (both) {
      both.cents += int(1_00, 5_000_00);
      both.stage = OPEN[OPEN.indexOf(both.stage) + 1]!;
    }
    const decreased = choose((d) => openQ4(d) && d.cents > 2_00);
    if (decreased) decreased.cents -= int(1_00, Math.min(decreased.cents - 1_00, 5_000_00));
    const advanced = choose((d) => openQ4(d) && d.stage !== 'Committed');
    if (advanced) advanced.stage = OPEN[OPEN.indexOf(advanced.stage) + 1]!;
    const regressed = choose((d) => openQ4(d) && d.stage !== 'Prospect');
    if (regressed) regressed.stage = OPEN[OPEN.indexOf(regressed.stage) - 1]!;
    const moved = choose(openQ4);
    if (moved) moved.owner = pick(OWNERS.filter((o) => o !== moved.owner));
    const reopened = choose((d) => !open(d));
    if (reopened) {
      reopened.stage = 'Pipeline';
      reopened.close = Q4_FROM + int(20, 80);
    }
    const pulledIn = choose((d) => open(d) && d.close !== null && d.close >= Q4_TO);
    if (pulledIn) pulledIn.close = Q4_TO - int(1, 30);
    const pushedIn = choose((d) => open(d) && (d.close === null || d.close < Q4_FROM));
    if (pushedIn) pushedIn.close = Q4_FROM + int(1, 30);

    for (let i = 0; i < next.length; i++) {
      if (taken.has(i)) continue;
      const d = next[i]!;
      const r = rand();
      if (!open(d)) {
        if (r < 0.08) {
          d.stage = 'Pipeline';
          d.close = Q4_FROM + int(20, 80);
        }
      } else if (r < 0.05) d.stage = 'Won';
      else if (r < 0.09) d.stage = 'Lost';
      else if (r < 0.14) d.close = (d.close ?? Q4_FROM) + int(30, 120);
      else if (r < 0.17) d.close = (d.close ?? Q4_FROM + 60) - int(20, 90);
      else if (r < 0.2) d.cents = Math.max(100, d.cents + int(-20_000_00, 20_000_00));
      else if (r < 0.24) d.stage = OPEN[Math.min(OPEN.length - 1, OPEN.indexOf(d.stage) + 1)]!;
      else if (r < 0.27) d.stage = OPEN[Math.max(0, OPEN.indexOf(d.stage) - 1)]!;
      else if (r < 0.3) {
        d.cents = Math.max(100, d.cents + int(-10_000_00, 10_000_00));
        d.stage = OPEN[int(0, OPEN.length - 1)]!;
      } else if (r < 0.32) d.owner = pick(OWNERS.filter((o) => o !== d.owner));
      else if (r < 0.33) d.close = null;
      else if (r < 0.35) gone.add(i); // gone from the export
    }
    const kept = next.filter((_, i) => !gone.has(i));
    for (let k = 0; k < Math.max(1, Math.round(list.length * 0.05)); k++) {
      const d = newDeal();
      if (d.stage === 'Won' || d.stage === 'Lost') d.stage = 'Prospect';
      kept.push(d);
    }
    return kept;
  }
}

function row(d: Deal): CellValue[] {
  return [
    d.id,
    d.name,
    d.account,
    d.owner,
    d.stage,
    d.cents / 100,
    d.currency,
    d.close === null ? null : isoOf(d.close),
  ];
}
