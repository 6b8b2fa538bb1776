/**
 * runForecast: a deal sheet in, the forecast, funnel, value pyramid, rep plans
 * and the located data issues out. Pass 1 (parse-rows.ts) reads the rows into
 * typed columns; pass 2 here converts currencies and sums accounts; pass 3
 * tiers the accounts and aggregates everything else.
 */
import { FunnelError, describeValue } from '../errors';
import { isoOfDay } from '../values';
import { Sum, clean } from '../money';
import { coverage, opportunitiesNeeded, velocity } from '../plan';
import { LADDER_STAGES } from '../stages';
import { normalizeLabel } from '../text';
import { compareText } from './order';
import { tierAccounts } from './pyramid';
import { SumTable } from './sums';
import { DealStore, attachDeals } from './deals';
import { findHeaderRow, mapColumns, uniqueHeaders } from './headers';
import { NO_CLOSE_DATE, makePeriodNamer } from './periods';
import { ISSUE_KINDS } from './issues';
import { issueListOf } from './issue-list';
import {
  FLAG_NO_RATE,
  NO_DAY,
  STATUS_LOST,
  STATUS_OPEN,
  STATUS_WON,
  parseRows,
  type ParsedRows,
} from './parse-rows';
import { resolveSettings, targetPeriodText, type ResolvedSettings, type Target } from './settings';
import type {
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
  const firstRow = sheet.firstRow ?? 1;
  const notes: string[] = [...(sheet.fileNotes ?? [])];
  let headerIndex: number;
  if (settings.headerRow !== undefined && settings.headerRow !== null) {
    headerIndex = chosenHeaderIndex(sheet, settings.headerRow);
  } else {
    const userHeaders = Object.values(settings.mapping ?? {}).filter(
      (h): h is string => typeof h === 'string',
    );
    headerIndex = findHeaderRow(values, 30, userHeaders);
  }
  let width = 0;
  for (let r = 0; r < values.length; r++) {
    const w = values[r]!.length;
    if (w > width) width = w;
  }
  const headers = uniqueHeaders(headerIndex >= 0 ? values[headerIndex]! : [], width);
  if (headerIndex < 0) {
    notes.push(
      settings.headerRow === 0
        ? `No header row (as set): the columns are named Column 1 to Column ${width} and every row is data; map them (amount=Column 3).`
        : `No header row found: no row among the first 30 names the deal fields (amount, stage, close date...). The columns are named Column 1 to Column ${width} and every row is read as data: map them (amount=Column 3), or give the header row's number (headerRow, --header-row N).`,
    );
  }
  const headerRow = firstRow + headerIndex;
  const map = mapColumns(headers, headerRow, settings.mapping, settings.segmentBy);
  map.report.notes.unshift(...notes);
  return { headerIndex, headerRow, headers, map };
}

/**
 * The sheet has no column the engine can read deals from (no amount, stage,
 * probability, close date or status): a one-line message, else null. A run
 * refuses such a sheet rather than reporting "0 deals".
 */
export function noDealColumns(name: string, prep: PreparedSheet): string | null {
  const c = prep.map.col;
  if (c.amount >= 0 || c.stage >= 0 || c.probability >= 0 || c.closeDate >= 0 || c.status >= 0)
    return null;
  // A sheet without a header row is read as data, its columns mapped by position.
  if (prep.headerIndex < 0) {
    return `${name}: no header row found and no deal column mapped: map the columns by position (amount=Column 3, stage=Column 4, closeDate=Column 5), or give the header row's number (headerRow, --header-row N).`;
  }
  const shown = prep.headers.filter((h) => h.trim() !== '').slice(0, 6);
  const more = prep.headers.length > shown.length ? ', ...' : '';
  return `${name}: no deal column found (amount, stage, probability, close date or status) in the header row ${prep.headerRow} (${shown.join(', ')}${more}); choose the deal sheet, or map the columns (amount=Header, stage=Header).`;
}

/** The column that names a deal for people: the opportunity name, else the account; -1 for none. */
export function nameColumnOf(prep: PreparedSheet): number {
  const c = prep.map.col;
  return c.opportunity >= 0 ? c.opportunity : c.account;
}

/** The header row the user gave (1-based sheet row; 0 = none) as an index into values. */
function chosenHeaderIndex(sheet: SourceSheet, row: number): number {
  const firstRow = sheet.firstRow ?? 1;
  const last = firstRow + sheet.values.length - 1;
  if (!Number.isInteger(row) || row < 0) {
    throw new FunnelError(
      '#VALUE!',
      `Header row ${describeValue(row)}: give a row number (1 or more), or 0 for a sheet without a header row.`,
    );
  }
  if (row === 0) return -1;
  if (row < firstRow || row > last) {
    throw new FunnelError(
      '#VALUE!',
      `Header row ${row} is outside ${sheet.name} (rows ${firstRow} to ${last}).`,
    );
  }
  return row - firstRow;
}

/**
 * The cell count every data row must have, for a source whose rows hold
 * exactly their records' cells (a CSV): the header row's, else (no header)
 * the first row's. -1 when rows are padded (a spreadsheet range).
 */
function recordWidth(sheet: SourceSheet, headerIndex: number): number {
  if (!sheet.exactRowLengths) return -1;
  if (headerIndex >= 0) return sheet.values[headerIndex]!.length;
  const first = sheet.values.find((r) => r.length > 0);
  return first ? first.length : -1;
}

/** Totals of one forecast cell (segment x period), as plain numbers. */
interface GroupTotals {
  deals: number;
  amount: number;
  weighted: number;
  open: number;
  variance: number;
  /** Amounts by forecast category, in FORECAST_CATEGORIES order. */
  cat: number[];
}

interface RepTotals {
  won: number;
  lost: number;
  openDeals: number;
  wonAmount: number;
  cycleDays: number;
  cycleDeals: number;
  openAmount: number;
  weighted: number;
  closedNow: number;
  weightedOpenNow: number;
  openNow: number;
}

// Sums kept per forecast cell, per rep and per funnel stage (slots of a SumTable).
const G_AMOUNT = 0;
const G_WEIGHTED = 1;
const G_OPEN = 2;
const G_CAT = 3; // 5 categories: 3..7
const G_SUMS = 8;
const R_WON = 0;
const R_OPEN = 1;
const R_WEIGHTED = 2;
const R_CLOSED_NOW = 3;
const R_WEIGHTED_NOW = 4;
const R_OPEN_NOW = 5;
const R_SUMS = 6;

export function runForecast(sheet: SourceSheet, settings: ForecastSettings): ForecastResult {
  const rs = resolveSettings(settings);
  const prep = prepareSheet(sheet, settings);
  const problem = noDealColumns(sheet.name, prep);
  if (problem) throw new FunnelError('#VALUE!', problem);
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
    dayOrder: rs.dayOrder,
    decimalSeparator: rs.decimalSeparator,
    delimiter: sheet.delimiter,
    recordWidth: recordWidth(sheet, prep.headerIndex),
    keepRaggedRows: settings.keepRaggedRows === true,
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
  // Imported constants as locals: under a CommonJS transform (tsx, jest) each
  // read of an imported binding is a getter call, millions per run below.
  const noDay = NO_DAY;
  const statusOpen = STATUS_OPEN;
  const statusWon = STATUS_WON;
  const statusLost = STATUS_LOST;
  const notes: string[] = [...rs.notes];
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
  const unconverted = new Map<string, { deals: number; amount: Sum }>();
  const noRate: NoRateIssues = {
    count: 0,
    firstDeal: -1,
    column: prep.map.col.currency >= 0 ? prep.map.col.currency : prep.map.col.amount,
    texts: p.currencies.values.map(
      (code) =>
        `no exchange rate from ${code} to ${base}: the deal is totalled apart, not added to the ${base} figures. Add ${code} to the rates table.`,
    ),
  };
  const { amount, counted } = convertAmounts(p, baseId, rateOf, (i, cur) => {
    const a = p.amount[i]!;
    const code = p.currencies.values[cur]!;
    let u = unconverted.get(code);
    if (!u) unconverted.set(code, (u = { deals: 0, amount: new Sum() }));
    u.deals++;
    u.amount.add(a);
    // The issue itself is the deal's FLAG_NO_RATE: its object is built on demand.
    p.flags[i]! |= FLAG_NO_RATE;
    if (noRate.count++ === 0) noRate.firstDeal = i;
  });

  // Tiers of accounts by the chosen measure.
  const pyramid = tierAccounts(p, amount, counted, rs.tierMeasure, notes);

  // Pass 3: forecast, funnel, reps. Period ids first (a day table), then one
  // loop that adds into flat sum tables: no object per row or per sum.
  const segIds = prep.map.segmentCols.length > 0;
  const tierSeg = rs.segmentBy.some((s) => normalizeLabel(s) === normalizeLabel(TIER_SEGMENT));
  const periodIds = new Map<string, number>();
  const periodLabels: string[] = [];
  const periodOfLabel = (label: string): number => {
    let id = periodIds.get(label);
    if (id === undefined) {
      id = periodLabels.push(label) - 1;
      periodIds.set(label, id);
    }
    return id;
  };
  const period = new Int32Array(n);
  const closeDay = p.closeDay;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = closeDay[i]!;
    if (d === noDay) continue;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const nowId = periodOfLabel(thisPeriod);
  const span = maxDay - minDay + 1;
  const dayPid = span > 0 && span <= 400_000 ? new Int32Array(span).fill(-1) : null;
  let noCloseId = -1;
  for (let i = 0; i < n; i++) {
    const d = closeDay[i]!;
    let pid: number;
    if (d === noDay) {
      if (noCloseId < 0) noCloseId = periodOfLabel(NO_CLOSE_DATE);
      pid = noCloseId;
    } else if (dayPid) {
      pid = dayPid[d - minDay]!;
      if (pid < 0) pid = dayPid[d - minDay] = periodOfLabel(names.period(d));
    } else pid = periodOfLabel(names.period(d));
    period[i] = pid;
  }

  const tierCount = pyramid.labels.length;
  const tiersPer = tierSeg ? tierCount + 1 : 1;
  const periods = periodLabels.length;
  const cells = Math.max(1, p.segments.values.length) * tiersPer * periods;
  // Forecast cell of a row: a dense slot table when it fits, else a map.
  const slotOf = cells <= 1 << 22 ? new Int32Array(cells).fill(-1) : null;
  const slotMap = slotOf ? null : new Map<number, number>();
  const slotKeys: number[] = [];
  const gSums = new SumTable(64 * G_SUMS);
  let gDeals = new Int32Array(64);
  let gVariance = new Float64Array(64);
  const fSums = new SumTable(LADDER_STAGES.length * 2);
  const fDeals = new Int32Array(LADDER_STAGES.length);
  const reps = p.owners.values.length + 1; // the last is "(no owner)"
  const rSums = new SumTable(reps * R_SUMS);
  const rWon = new Int32Array(reps);
  const rLost = new Int32Array(reps);
  const rOpen = new Int32Array(reps);
  const rCycleDeals = new Int32Array(reps);
  const rCycleDays = new Float64Array(reps);
  // The row loop is a function of its own: compiled alone, not with the code around it.
  const countedDeals = addAll();
  // The funnel counts every deal the run could place on the ladder, amount or not
  // (a deal without an amount, or in a currency without a rate, adds no money).
  const fNoAmount = new Int32Array(LADDER_STAGES.length);
  for (let i = 0; i < n; i++) {
    if (counted[i]) continue;
    const pr = p.probability[i]!;
    if (pr !== pr) continue; // no stage, status or probability: nowhere on the ladder
    fDeals[p.ladder[i]!]!++;
    fNoAmount[p.ladder[i]!]!++;
  }
  function addAll(): number {
    let countedDeals = 0;
    // Sums get (array, index), never a double: see SumTable.addAt.
    const probability = p.probability;
    for (let i = 0; i < n; i++) {
      if (!counted[i]) continue;
      countedDeals++;
      const pid = period[i]!;
      const a = amount[i]!;
      const prob = probability[i]!;
      const status = p.status[i]!;
      const seg = segIds ? p.segment[i]! : 0;
      const tier = tierSeg ? pyramid.tierOfDeal(i) : 0;
      const key = (seg * tiersPer + tier) * periods + pid;
      let slot: number;
      if (slotOf) {
        slot = slotOf[key]!;
        if (slot < 0) slot = slotOf[key] = newSlot(key);
      } else {
        slot = slotMap!.get(key) ?? -1;
        if (slot < 0) slotMap!.set(key, (slot = newSlot(key)));
      }
      const g = slot * G_SUMS;
      gDeals[slot]!++;
      gSums.addAt(g + G_AMOUNT, amount, i);
      gSums.addProduct(g + G_WEIGHTED, amount, probability, i);
      gSums.addAt(g + G_CAT + p.category[i]!, amount, i);
      gVariance[slot]! += a * a * prob * (1 - prob);
      if (status === statusOpen) gSums.addAt(g + G_OPEN, amount, i);
      const stage = p.ladder[i]!;
      fDeals[stage]!++;
      fSums.addAt(stage * 2, amount, i);
      fSums.addProduct(stage * 2 + 1, amount, probability, i);

      const o = p.owner[i]!;
      const rep = o >= 0 ? o : reps - 1;
      const r = rep * R_SUMS;
      const now = pid === nowId;
      if (status === statusWon) {
        rWon[rep]!++;
        rSums.addAt(r + R_WON, amount, i);
        const c = closeDay[i]!;
        const d = p.createdDay[i]!;
        if (c !== noDay && d !== noDay) {
          rCycleDays[rep]! += c - d;
          rCycleDeals[rep]!++;
        }
        if (now) rSums.addAt(r + R_CLOSED_NOW, amount, i);
      } else if (status === statusLost) {
        rLost[rep]!++;
      } else {
        rOpen[rep]!++;
        rSums.addAt(r + R_OPEN, amount, i);
        rSums.addProduct(r + R_WEIGHTED, amount, probability, i);
        if (now) {
          rSums.addProduct(r + R_WEIGHTED_NOW, amount, probability, i);
          rSums.addAt(r + R_OPEN_NOW, amount, i);
        }
      }
    }
    return countedDeals;
  }
  function newSlot(key: number): number {
    const slot = slotKeys.push(key) - 1;
    if (slot >= gDeals.length) {
      const deals = new Int32Array(gDeals.length * 2);
      deals.set(gDeals);
      gDeals = deals;
      const variance = new Float64Array(gVariance.length * 2);
      variance.set(gVariance);
      gVariance = variance;
    }
    gSums.ensure((slot + 1) * G_SUMS);
    return slot;
  }

  const groups = new Map<number, GroupTotals>();
  slotKeys.forEach((key, slot) => {
    const g = slot * G_SUMS;
    groups.set(key, {
      deals: gDeals[slot]!,
      amount: gSums.value(g + G_AMOUNT),
      weighted: gSums.value(g + G_WEIGHTED),
      open: gSums.value(g + G_OPEN),
      variance: gVariance[slot]!,
      cat: [0, 1, 2, 3, 4].map((k) => gSums.value(g + G_CAT + k)),
    });
  });
  const funnel = LADDER_STAGES.map((_, k) => ({
    deals: fDeals[k]!,
    withoutAmount: fNoAmount[k]!,
    amount: fSums.value(k * 2),
    weighted: fSums.value(k * 2 + 1),
  }));
  const repTotals = Array.from({ length: reps }, (_, k): RepTotals => {
    const r = k * R_SUMS;
    return {
      won: rWon[k]!,
      lost: rLost[k]!,
      openDeals: rOpen[k]!,
      wonAmount: rSums.value(r + R_WON),
      cycleDays: rCycleDays[k]!,
      cycleDeals: rCycleDeals[k]!,
      openAmount: rSums.value(r + R_OPEN),
      weighted: rSums.value(r + R_WEIGHTED),
      closedNow: rSums.value(r + R_CLOSED_NOW),
      weightedOpenNow: rSums.value(r + R_WEIGHTED_NOW),
      openNow: rSums.value(r + R_OPEN_NOW),
    };
  });
  const noOwner = repTotals.pop()!;

  const forecast = forecastRows(
    groups,
    p,
    tiersPer,
    periods,
    tierCount,
    pyramid.labels,
    periodLabels,
    names.order,
    rs,
    tierSeg,
    prep,
  );
  const usedTargets = new Set<Target>();
  applyForecastTargets(forecast, rs.targets, notes, names.period, usedTargets);
  const funnelRows = funnelTable(funnel);
  const repRows = repTable(
    repTotals,
    noOwner,
    p,
    rs.targets,
    thisPeriod,
    notes,
    names.period,
    usedTargets,
  );
  noteUnusedTargets(rs.targets, usedTargets, p, periodLabels, thisPeriod, names.period, notes);

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
    (cur) => noRate.texts[cur]!,
    sheet.numberFormats?.[prep.headerIndex + 1],
  );

  const byKind = issueCounts(p, noRate);
  const result: ForecastResult = attachDeals(
    {
      mapping: prep.map.report,
      forecast,
      funnel: funnelRows,
      tiers: pyramid.rows,
      reps: repRows,
      issues: [], // replaced by a property that builds the list on first read
      counts: { rows: n, counted: countedDeals, excluded: n - countedDeals, byKind },
      unconverted: [...unconverted].map(([currency, u]) => ({
        currency,
        deals: u.deals,
        amount: u.amount.value,
      })),
      notes,
      baseCurrency: base,
      asOf: rs.asOf,
      closeDates:
        minDay <= maxDay ? { first: isoOfDay(minDay), last: isoOfDay(maxDay) } : undefined,
      assumptions: {
        source: sheet.name,
        settings: rs.settings,
        stages: [...p.stageUsage].map(([label, u]) => ({ label, deals: u.deals, def: u.def })),
        rates: [...rs.rates],
        period: rs.period,
        fiscalYearStart: rs.fiscalYearStart,
        tierMeasure: rs.tierMeasure,
        staleDays: rs.staleDays,
      },
    },
    store,
    () => issueListOf(result, store).objects(),
  );
  return result;
}

/** The no-rate issues of pass 2: flagged on their deals (FLAG_NO_RATE), texts per currency. */
interface NoRateIssues {
  count: number;
  /** Deal index of the first one (-1 for none). */
  firstDeal: number;
  column: number;
  /** Problem text by currency id. */
  texts: string[];
}

/** Issues by kind, keyed in the order the kinds first appear in result.issues. */
function issueCounts(p: ParsedRows, noRate: NoRateIssues): Partial<Record<IssueKind, number>> {
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

function forecastRows(
  groups: Map<number, GroupTotals>,
  p: ParsedRows,
  tiersPer: number,
  periods: number,
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
    const pid = key % periods;
    const rest = Math.floor(key / periods);
    const tier = rest % tiersPer;
    const seg = Math.floor(rest / tiersPer);
    // Keyed by the user's headers: no prototype, so a header named "__proto__" is a key like any other.
    const segment = Object.create(null) as Record<string, string>;
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
    const ordered = Object.create(null) as Record<string, string>;
    for (const s of rs.segmentBy) {
      const h =
        normalizeLabel(s) === normalizeLabel(TIER_SEGMENT)
          ? TIER_SEGMENT
          : (segHeaders.find((x) => normalizeLabel(x) === normalizeLabel(s)) ?? s);
      if (h in segment) ordered[h] = segment[h]!;
    }
    const [omitted, pipeline, bestCase, commit, closed] = g.cat as [
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
        amount: g.amount,
        weighted: g.weighted,
        closed,
        commit,
        bestCase,
        pipeline,
        omitted,
        commitCumulative: clean(closed + commit),
        bestCaseCumulative: clean(closed + commit + bestCase),
        pipelineCumulative: clean(pipeline + bestCase + commit),
        spread: clean(Math.sqrt(Math.max(0, g.variance))),
        openAmount: g.open,
      },
      sort: sortKey,
      pOrder: order(label),
    });
  }
  rows.sort((a, b) => {
    for (let i = 0; i < a.sort.length; i++) {
      const c = compareText(a.sort[i]!, b.sort[i]!);
      if (c) return c;
    }
    return a.pOrder - b.pOrder;
  });
  return rows.map((r) => r.row);
}

export function periodMatches(t: Target, label: string, names?: (day: number) => string): boolean {
  if (typeof t.period === 'string') return t.period === label.toUpperCase();
  return names ? names(t.period.day) === label : false;
}

function applyForecastTargets(
  rows: ForecastRow[],
  targets: Target[],
  notes: string[],
  periodOf: (day: number) => string,
  used: Set<Target>,
): void {
  if (!targets.length) return;
  let matched = 0;
  for (const row of rows) {
    const values = Object.values(row.segment).map(normalizeLabel);
    const t = targets.find(
      (x) =>
        (values.length === 0 ? x.key === 'total' : values.includes(x.key)) &&
        periodMatches(x, row.period, periodOf),
    );
    if (!t) continue;
    matched++;
    used.add(t);
    row.target = t.amount;
    row.gap = clean(t.amount - row.weighted);
    row.coverage = coverage(row.openAmount ?? 0, t.amount, row.closed);
  }
  if (matched)
    notes.push(`Targets matched ${matched} forecast rows (by segment value and period).`);
}

/**
 * A located note for each target row no forecast row or rep used: its owner
 * or segment value is not in the sheet, or its period is not one of the run's.
 */
function noteUnusedTargets(
  targets: Target[],
  used: Set<Target>,
  p: ParsedRows,
  periodLabels: string[],
  thisPeriod: string,
  periodOf: (day: number) => string,
  notes: string[],
): void {
  if (used.size === targets.length) return;
  const keys = new Set<string>(['total']);
  for (const o of p.owners.values) keys.add(normalizeLabel(o));
  for (const seg of p.segments.values)
    for (const part of seg.split('\u0000')) keys.add(normalizeLabel(part));
  const periods = [...periodLabels, thisPeriod];
  for (const t of targets) {
    if (used.has(t)) continue;
    const period = targetPeriodText(t.period);
    const why: string[] = [];
    if (!keys.has(t.key))
      why.push(`no owner or segment value ${JSON.stringify(t.label)} in the sheet`);
    if (!periods.some((label) => periodMatches(t, label, periodOf)))
      why.push(`no period ${period} in the forecast`);
    const reason = why.length
      ? why.join(' and ')
      : t.key === 'total'
        ? 'the forecast is segmented, so no row is the whole team'
        : `the forecast is not segmented by this value, and rep targets are read for ${thisPeriod} only`;
    notes.push(
      `Targets row ${t.row ?? '?'} (${t.label}, ${period}, ${t.amount}) is not used: ${reason}.`,
    );
  }
}

/**
 * The funnel as a snapshot: deals at each ladder stage, and how many reached it
 * (at it or past it, Won included; Lost apart, since a lost deal's last stage is
 * not known). Conversion from the previous stage = reached here / reached at the
 * stage before; from the top = reached here / reached at Leads (every deal not lost).
 */
function funnelTable(
  funnel: { deals: number; withoutAmount: number; amount: number; weighted: number }[],
): FunnelRow[] {
  const won = LADDER_STAGES.indexOf('Won');
  const lost = LADDER_STAGES.indexOf('Lost');
  const reached: number[] = LADDER_STAGES.map((_, i) => {
    let r = 0;
    if (i !== lost) for (let j = i; j <= won; j++) r += funnel[j]!.deals;
    return r;
  });
  const top = reached[0]!;
  return LADDER_STAGES.map((stage, i) => {
    const apart = i === lost;
    return {
      stage,
      deals: funnel[i]!.deals,
      withoutAmount: funnel[i]!.withoutAmount,
      amount: funnel[i]!.amount,
      weighted: funnel[i]!.weighted,
      reached: apart ? null : reached[i]!,
      fromPrevious:
        apart || i === 0 || reached[i - 1]! === 0 ? null : reached[i]! / reached[i - 1]!,
      fromTop: apart || top === 0 ? null : reached[i]! / top,
    };
  });
}

function repTable(
  reps: RepTotals[],
  noOwner: RepTotals,
  p: ParsedRows,
  targets: Target[],
  thisPeriod: string,
  notes: string[],
  periodOf: (day: number) => string,
  used: Set<Target>,
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
      const avgWon = acc.won ? clean(acc.wonAmount / acc.won) : null;
      const cycle = acc.cycleDeals ? acc.cycleDays / acc.cycleDeals : null;
      const perDay =
        winRate !== null && avgWon !== null && cycle !== null
          ? velocity(acc.openDeals, winRate, avgWon, cycle)
          : null;
      const row: RepRow = {
        owner,
        won: acc.won,
        lost: acc.lost,
        winRate,
        avgWonAmount: avgWon,
        avgCycleDays: cycle,
        openAmount: acc.openAmount,
        weighted: acc.weighted,
        velocityPerDay: perDay,
        openDeals: acc.openDeals,
      };
      if (targets.length) {
        const key = normalizeLabel(owner);
        const t = targets.find((x) => x.key === key && periodMatches(x, thisPeriod, periodOf));
        row.targetPeriod = thisPeriod;
        if (t) {
          matched++;
          used.add(t);
          const closed = acc.closedNow;
          const gap = clean(t.amount - closed - acc.weightedOpenNow);
          row.target = t.amount;
          row.gap = gap;
          row.coverage = coverage(acc.openNow, t.amount, closed);
          row.oppsNeeded = opportunitiesNeeded(gap, winRate ?? 0, avgWon ?? 0);
        } else {
          row.target = null;
          row.gap = null;
          row.coverage = null;
          row.oppsNeeded = null;
        }
      }
      return row;
    });
  // Only a table that has owner rows is missing one; "Total" rows are the team's, not a rep's.
  if (targets.some((t) => t.key !== 'total') && matched === 0 && rows.length) {
    notes.push(
      `No rep target for ${thisPeriod} (the period containing the as-of date) was found in the targets table.`,
    );
  }
  rows.sort((a, b) => compareText(a.owner, b.owner));
  return rows;
}
