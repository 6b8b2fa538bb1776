/**
 * runForecast: a deal sheet in, the forecast, funnel, value pyramid, rep plans
 * and the located data issues out. Pass 1 (parse-rows.ts) reads the rows into
 * typed columns; pass 2 here converts currencies and sums accounts; pass 3
 * tiers the accounts and aggregates everything else.
 */
import { FunnelError } from '../errors';
import { Sum, clean } from '../money';
import { LADDER_STAGES } from '../stages';
import { normalizeLabel } from '../text';
import { tierAccounts } from './pyramid';
import { DealStore, attachDeals } from './deals';
import { findHeaderRow, mapColumns, uniqueHeaders } from './headers';
import { NO_CLOSE_DATE, makePeriodNamer } from './periods';
import { STATUS_LOST, STATUS_OPEN, STATUS_WON, parseRows, type ParsedRows } from './parse-rows';
import { resolveSettings, type ResolvedSettings, type Target } from './settings';
import type {
  DataIssue,
  ForecastResult,
  ForecastRow,
  ForecastSettings,
  FunnelRow,
  IssueKind,
  RepRow,
  SourceSheet,
} from './types';

/** Segment name that groups by the account's pyramid tier (a computed column). */
export const TIER_SEGMENT = 'Tier';

export interface PreparedSheet {
  headerIndex: number;
  headerRow: number;
  headers: string[];
  map: ReturnType<typeof mapColumns>;
}

export function prepareSheet(sheet: SourceSheet, settings: ForecastSettings): PreparedSheet {
  const values = sheet.values;
  if (!values.length) {
    throw new FunnelError(
      '#VALUE!',
      `${sheet.name} is empty: select a deal sheet with a header row.`,
    );
  }
  const headerIndex = findHeaderRow(values);
  let width = 0;
  for (const row of values) if (row.length > width) width = row.length;
  const headers = uniqueHeaders(values[headerIndex]!, width);
  const headerRow = (sheet.firstRow ?? 1) + headerIndex;
  const map = mapColumns(headers, headerRow, settings.mapping, settings.segmentBy);
  return { headerIndex, headerRow, headers, map };
}

class Acc {
  deals = 0;
  amount = new Sum();
  weighted = new Sum();
  open = new Sum();
  variance = 0;
  readonly cat = [new Sum(), new Sum(), new Sum(), new Sum(), new Sum()];
}

class RepAcc {
  won = 0;
  lost = 0;
  openDeals = 0;
  wonAmount = new Sum();
  cycleDays = 0;
  cycleDeals = 0;
  openAmount = new Sum();
  weighted = new Sum();
  // This period (the one containing the as-of date), for targets.
  closedNow = new Sum();
  weightedOpenNow = new Sum();
  openNow = new Sum();
}

export function runForecast(sheet: SourceSheet, settings: ForecastSettings): ForecastResult {
  const rs = resolveSettings(settings);
  const prep = prepareSheet(sheet, settings);
  const { headers, map } = prep;
  const parsed = parseRows({
    values: sheet.values,
    numberFormats: sheet.numberFormats,
    headerIndex: prep.headerIndex,
    firstRow: sheet.firstRow ?? 1,
    headers,
    map,
    userTable: rs.stageTable,
    asOfDay: rs.asOfDay,
    staleDays: rs.staleDays,
  });
  map.report.notes.push(...parsed.notes);
  if (parsed.stagePreset) map.report.stagePreset = parsed.stagePreset.source;
  return aggregate(sheet, prep, parsed, rs);
}

function aggregate(
  sheet: SourceSheet,
  prep: PreparedSheet,
  p: ParsedRows,
  rs: ResolvedSettings,
): ForecastResult {
  const { n } = p;
  const notes: string[] = [];
  const names = makePeriodNamer(rs.period, rs.fiscalYearStart);
  const thisPeriod = names.period(rs.asOfDay);

  // Pass 2: base currency, conversion, account measures.
  const base = chooseBaseCurrency(p, rs, notes);
  const baseId = base === null ? -1 : p.currencies.values.indexOf(base);
  const rateOf = new Float64Array(p.currencies.values.length).fill(NaN);
  p.currencies.values.forEach((code, id) => {
    if (id === baseId) rateOf[id] = 1;
    else if (rs.rates.has(code)) rateOf[id] = rs.rates.get(code)!;
  });
  const amount = new Float64Array(n);
  const counted = new Uint8Array(n);
  const unconverted = new Map<string, { deals: number; amount: Sum }>();
  const issues: DataIssue[] = p.issues;
  for (let i = 0; i < n; i++) {
    if (!p.usable[i]) continue;
    const cur = p.currency[i]!;
    let a = p.amount[i]!;
    if (cur >= 0 && cur !== baseId) {
      const rate = rateOf[cur]!;
      if (Number.isNaN(rate)) {
        const code = p.currencies.values[cur]!;
        let u = unconverted.get(code);
        if (!u) unconverted.set(code, (u = { deals: 0, amount: new Sum() }));
        u.deals++;
        u.amount.add(a);
        const item: DataIssue = {
          row: p.sheetRow[i]!,
          column:
            prep.map.col.currency >= 0
              ? prep.headers[prep.map.col.currency]!
              : prep.headers[prep.map.col.amount]!,
          value: code,
          kind: 'no-rate',
          problem: `no exchange rate from ${code} to ${base}: the deal is totalled apart, not added to the ${base} figures. Add ${code} to the rates table.`,
          rowKept: false,
        };
        issues.push(item);
        const k = p.issueList[i]!;
        if (k >= 0) p.issueLists[k]!.push(item);
        else p.issueList[i] = p.issueLists.push([item]) - 1;
        continue;
      }
      a = clean(a * rate);
    }
    amount[i] = a;
    counted[i] = 1;
  }

  // Tiers of accounts by the chosen measure.
  const pyramid = tierAccounts(p, amount, counted, rs.tierMeasure, notes);

  // Pass 3: forecast, funnel, reps, per-deal records.
  const segIds = prep.map.segmentCols.length > 0;
  const tierSeg = rs.segmentBy.some((s) => normalizeLabel(s) === normalizeLabel(TIER_SEGMENT));
  const periodIds = new Map<string, number>();
  const periodLabels: string[] = [];
  const periodOfDay = new Map<number, number>();
  const periodId = (day: number): number => {
    if (Number.isNaN(day)) {
      let id = periodIds.get(NO_CLOSE_DATE);
      if (id === undefined) {
        id = periodLabels.push(NO_CLOSE_DATE) - 1;
        periodIds.set(NO_CLOSE_DATE, id);
      }
      return id;
    }
    let id = periodOfDay.get(day);
    if (id === undefined) {
      const label = names.period(day);
      id = periodIds.get(label);
      if (id === undefined) {
        id = periodLabels.push(label) - 1;
        periodIds.set(label, id);
      }
      periodOfDay.set(day, id);
    }
    return id;
  };
  const groups = new Map<number, Acc>();
  const funnel = LADDER_STAGES.map(() => new Acc());
  const reps = p.owners.values.map(() => new RepAcc());
  const noOwner = new RepAcc();
  const period = new Int32Array(n);
  const tierCount = pyramid.labels.length;
  let countedDeals = 0;
  const nowId = periodId(rs.asOfDay);
  for (let i = 0; i < n; i++) {
    const pid = periodId(p.closeDay[i]!);
    period[i] = pid;
    if (!counted[i]) continue;
    countedDeals++;
    const a = amount[i]!;
    const prob = p.probability[i]!;
    const w = a * prob;
    const status = p.status[i]!;
    const seg = segIds ? p.segment[i]! : 0;
    const tier = tierSeg ? pyramid.tierOfDeal(i) : 0;
    // 4096 periods per segment is far beyond any sheet (340 years of months).
    const key = (seg * (tierCount + 1) + tier) * 4096 + pid;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Acc()));
    g.deals++;
    g.amount.add(a);
    g.weighted.add(w);
    g.cat[p.category[i]!]!.add(a);
    g.variance += a * a * prob * (1 - prob);
    if (status === STATUS_OPEN) g.open.add(a);
    const f = funnel[p.ladder[i]!]!;
    f.deals++;
    f.amount.add(a);
    f.weighted.add(w);

    const o = p.owner[i]!;
    const rep = o >= 0 ? reps[o]! : noOwner;
    const now = pid === nowId;
    if (status === STATUS_WON) {
      rep.won++;
      rep.wonAmount.add(a);
      const c = p.closeDay[i]!;
      const d = p.createdDay[i]!;
      if (!Number.isNaN(c) && !Number.isNaN(d)) {
        rep.cycleDays += c - d;
        rep.cycleDeals++;
      }
      if (now) rep.closedNow.add(a);
    } else if (status === STATUS_LOST) {
      rep.lost++;
    } else {
      rep.openDeals++;
      rep.openAmount.add(a);
      rep.weighted.add(w);
      if (now) {
        rep.weightedOpenNow.add(w);
        rep.openNow.add(a);
      }
    }
  }

  const forecast = forecastRows(
    groups,
    p,
    tierCount,
    pyramid.labels,
    periodLabels,
    names.order,
    rs,
    tierSeg,
    prep,
  );
  applyForecastTargets(forecast, rs.targets, notes);
  const funnelRows = funnelTable(funnel, countedDeals);
  const repRows = repTable(reps, noOwner, p, rs.targets, thisPeriod, notes);

  // Per-deal records, the pivot source: kept in columns, built on demand.
  const store = new DealStore(
    sheet.values,
    p,
    amount,
    counted,
    period,
    periodLabels,
    names,
    pyramid,
    base,
    prep.map.col.lastActivity >= 0,
  );

  const byKind: Partial<Record<IssueKind, number>> = {};
  for (const it of issues) byKind[it.kind] = (byKind[it.kind] ?? 0) + 1;
  issues.sort((a, b) => a.row - b.row);
  return attachDeals(
    {
      mapping: prep.map.report,
      forecast,
      funnel: funnelRows,
      tiers: pyramid.rows,
      reps: repRows,
      issues,
      counts: { rows: n, counted: countedDeals, excluded: n - countedDeals, byKind },
      unconverted: [...unconverted].map(([currency, u]) => ({
        currency,
        deals: u.deals,
        amount: u.amount.value,
      })),
      notes,
      baseCurrency: base,
      asOf: rs.asOf,
    },
    store,
  );
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

function forecastRows(
  groups: Map<number, Acc>,
  p: ParsedRows,
  tierCount: number,
  tierLabels: readonly string[],
  periodLabels: string[],
  order: (label: string) => number,
  rs: ResolvedSettings,
  tierSeg: boolean,
  prep: PreparedSheet,
): ForecastRow[] {
  const segHeaders = prep.map.report.segments;
  const rows: { row: ForecastRow; sort: string[]; pOrder: number }[] = [];
  for (const [key, g] of groups) {
    const pid = key % 4096;
    const rest = Math.floor(key / 4096);
    const tier = rest % (tierCount + 1);
    const seg = Math.floor(rest / (tierCount + 1));
    const segment: Record<string, string> = {};
    const sortKey: string[] = [];
    if (segHeaders.length) {
      const parts = p.segments.values[seg]!.split('\u0000');
      segHeaders.forEach((h, i) => {
        segment[h] = parts[i]!;
        sortKey.push(parts[i]!);
      });
    }
    if (tierSeg) {
      const label = tier < tierCount ? tierLabels[tier]! : '(no account)';
      segment[TIER_SEGMENT] = label;
      sortKey.push(String(tier).padStart(3, '0'));
    }
    // Order the segment object as the user listed the segments.
    const ordered: Record<string, string> = {};
    for (const s of rs.segmentBy) {
      const h =
        normalizeLabel(s) === normalizeLabel(TIER_SEGMENT)
          ? TIER_SEGMENT
          : (segHeaders.find((x) => normalizeLabel(x) === normalizeLabel(s)) ?? s);
      if (h in segment) ordered[h] = segment[h]!;
    }
    const [omitted, pipeline, bestCase, commit, closed] = g.cat.map((s) => s.value) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const label = periodLabels[pid]!;
    rows.push({
      row: {
        segment: ordered,
        period: label,
        deals: g.deals,
        amount: g.amount.value,
        weighted: g.weighted.value,
        closed,
        commit,
        bestCase,
        pipeline,
        omitted,
        commitCumulative: clean(closed + commit),
        bestCaseCumulative: clean(closed + commit + bestCase),
        pipelineCumulative: clean(pipeline + bestCase + commit),
        spread: clean(Math.sqrt(Math.max(0, g.variance))),
        openAmount: g.open.value,
      },
      sort: sortKey,
      pOrder: order(label),
    });
  }
  rows.sort((a, b) => {
    for (let i = 0; i < a.sort.length; i++) {
      const c = a.sort[i]!.localeCompare(b.sort[i]!);
      if (c) return c;
    }
    return a.pOrder - b.pOrder;
  });
  return rows.map((r) => r.row);
}

function periodMatches(t: Target, label: string, names?: (day: number) => string): boolean {
  if (typeof t.period === 'string') return t.period === label.toUpperCase();
  return names ? names(t.period.day) === label : false;
}

function applyForecastTargets(rows: ForecastRow[], targets: Target[], notes: string[]): void {
  if (!targets.length) return;
  let matched = 0;
  for (const row of rows) {
    const values = Object.values(row.segment).map(normalizeLabel);
    const t = targets.find(
      (x) =>
        (values.length === 0 ? x.key === 'total' : values.includes(x.key)) &&
        periodMatches(x, row.period),
    );
    if (!t) continue;
    matched++;
    const remaining = t.amount - row.closed;
    row.target = t.amount;
    row.gap = clean(t.amount - row.weighted);
    row.coverage = remaining > 0 ? (row.openAmount ?? 0) / remaining : null;
  }
  if (matched)
    notes.push(`Targets matched ${matched} forecast rows (by segment value and period).`);
}

function funnelTable(funnel: Acc[], total: number): FunnelRow[] {
  const won = LADDER_STAGES.indexOf('Won');
  const lost = LADDER_STAGES.indexOf('Lost');
  return LADDER_STAGES.map((stage, i) => {
    let reached = 0;
    if (i === lost) reached = funnel[lost]!.deals;
    else for (let j = i; j <= won; j++) reached += funnel[j]!.deals;
    return {
      stage,
      deals: funnel[i]!.deals,
      amount: funnel[i]!.amount.value,
      weighted: funnel[i]!.weighted.value,
      shareReached: total ? reached / total : 0,
    };
  });
}

function repTable(
  reps: RepAcc[],
  noOwner: RepAcc,
  p: ParsedRows,
  targets: Target[],
  thisPeriod: string,
  notes: string[],
): RepRow[] {
  const list = p.owners.values.map((owner, i) => ({ owner, acc: reps[i]! }));
  if (noOwner.won + noOwner.lost + noOwner.openDeals > 0 && p.owners.values.length > 0) {
    list.push({ owner: '(no owner)', acc: noOwner });
  }
  let matched = 0;
  const rows = list
    .filter(({ acc }) => acc.won + acc.lost + acc.openDeals > 0)
    .map(({ owner, acc }): RepRow => {
      const decided = acc.won + acc.lost;
      const winRate = decided ? acc.won / decided : null;
      const avgWon = acc.won ? clean(acc.wonAmount.value / acc.won) : null;
      const cycle = acc.cycleDeals ? acc.cycleDays / acc.cycleDeals : null;
      const velocity =
        winRate !== null && avgWon !== null && cycle !== null && cycle > 0
          ? (acc.openDeals * winRate * avgWon) / cycle
          : null;
      const row: RepRow = {
        owner,
        won: acc.won,
        lost: acc.lost,
        winRate,
        avgWonAmount: avgWon,
        avgCycleDays: cycle,
        openAmount: acc.openAmount.value,
        weighted: acc.weighted.value,
        velocityPerDay: velocity,
        openDeals: acc.openDeals,
      };
      if (targets.length) {
        const key = normalizeLabel(owner);
        const t = targets.find((x) => x.key === key && periodMatches(x, thisPeriod));
        row.targetPeriod = thisPeriod;
        if (t) {
          matched++;
          const closed = acc.closedNow.value;
          const gap = clean(t.amount - closed - acc.weightedOpenNow.value);
          const perOpp = winRate !== null && avgWon !== null ? winRate * avgWon : 0;
          row.target = t.amount;
          row.gap = gap;
          row.coverage = t.amount - closed > 0 ? acc.openNow.value / (t.amount - closed) : null;
          row.oppsNeeded = gap <= 0 ? 0 : perOpp > 0 ? Math.ceil(gap / perOpp) : null;
        } else {
          row.target = null;
          row.gap = null;
          row.coverage = null;
          row.oppsNeeded = null;
        }
      }
      return row;
    });
  if (targets.length && matched === 0 && rows.length) {
    notes.push(
      `No rep target for ${thisPeriod} (the period containing the as-of date) was found in the targets table.`,
    );
  }
  rows.sort((a, b) => a.owner.localeCompare(b.owner));
  return rows;
}
