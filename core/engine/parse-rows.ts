/**
 * Pass 1 of a run: every data row read into typed columns, with parsers chosen
 * once per column and caches for the strings that repeat (stage labels, dates,
 * currencies, owners, accounts, segment values). Nothing here allocates per
 * row except the issues of rows that have some.
 */
import { type CellValue } from '../cells';
import { isBlank } from '../read/blank';
import { describeValue } from '../errors';
import {
  ScaleTally,
  disagreesWithScale,
  parseProbability,
  type ProbabilityScale,
} from '../probability';
import {
  FORECAST_CATEGORIES,
  LADDER_STAGES,
  ladderDefault,
  ladderForProbability,
  lookupStage,
  parseCategory,
  choosePreset,
  type DealStatus,
  type StageDef,
  type StageTable,
} from '../stages';
import { normalizeLabel } from '../text';
import {
  AMOUNT_LIMIT,
  dayOrderEvidence,
  decideDecimalSeparator,
  isBlankValue,
  fastIsoDay,
  isDateFormat,
  parseAmount,
  parseCurrency,
  parseDateValue,
  type DateResult,
  type DayOrder,
  type DecimalSeparator,
  type SeparatorDecision,
} from '../values';
import type { ColumnMap } from './headers';
import { IssueColumns, KIND_CODE } from './issues';
import type { IssueKind } from './types';

// Hot imports as module constants: under a CommonJS transform (tsx, jest)
// each read of an imported binding is a getter call; the row loop makes
// several per row.
const blankValue = isBlankValue;
const blankCell = isBlank;
const isoDay = fastIsoDay;
const amountOf = parseAmount;
const amountLimit = AMOUNT_LIMIT;

export const STATUS_OPEN = 0;
export const STATUS_WON = 1;
export const STATUS_LOST = 2;
/** "No date" in the Int32 day columns. */
export const NO_DAY = -2147483648;

/** A day column's value as a number, NaN for none. */
export function dayAt(days: Int32Array, i: number): number {
  const d = days[i]!;
  return d === NO_DAY ? NaN : d;
}

export const FLAG_SLIPPED = 1;
export const FLAG_STALE = 2;
/** Set after parsing: the deal's currency has no rate (a 'no-rate' issue, not counted). */
export const FLAG_NO_RATE = 4;
export const STATUS_NAMES: readonly DealStatus[] = ['open', 'won', 'lost'];

const CATEGORY_CODE = new Map(FORECAST_CATEGORIES.map((c, i) => [c, i]));
const LADDER_CODE = new Map(LADDER_STAGES.map((s, i) => [s, i]));
const WON_LADDER = LADDER_CODE.get('Won')!;
const LOST_LADDER = LADDER_CODE.get('Lost')!;
const CLOSED_CATEGORY = CATEGORY_CODE.get('Closed')!;
const OMITTED_CATEGORY = CATEGORY_CODE.get('Omitted')!;
const PIPELINE_CATEGORY = CATEGORY_CODE.get('Pipeline')!;
/** Default category code of each ladder stage (for deals weighted without a known stage). */
const LADDER_CATEGORY = LADDER_STAGES.map((l) => CATEGORY_CODE.get(ladderDefault(l).category)!);

/** Forecast category code of an open deal weighted at p > 0: its probability's ladder stage's, Pipeline at least. */
function openCategoryFor(p: number): number {
  const c = LADDER_CATEGORY[LADDER_CODE.get(ladderForProbability(p))!]!;
  return c === OMITTED_CATEGORY ? PIPELINE_CATEGORY : c;
}

/** A resolved stage label with its codes worked out once. */
interface StageHit {
  def?: StageDef;
  label: number;
  ladder: number;
  category: number;
}

/** Interns strings to small integers so rows carry an index, not a string. */
export class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

export interface ParsedRows {
  n: number;
  /** Index into sheet.values of each parsed row. */
  source: Int32Array;
  /** Sheet row of values[0]: a deal's sheet row is firstRow + source[i]. */
  firstRow: number;
  /** Amount as written (NaN when missing or bad). */
  amount: Float64Array;
  currency: Int32Array;
  currencies: Interner;
  probability: Float64Array;
  status: Uint8Array;
  category: Uint8Array;
  ladder: Uint8Array;
  /** Stage label index (-1 blank). */
  stageLabel: Int32Array;
  stageLabels: Interner;
  /** Day numbers; NO_DAY when there is none (Int32: half the memory of doubles). */
  closeDay: Int32Array;
  createdDay: Int32Array;
  lastActivityDay: Int32Array;
  owner: Int32Array;
  owners: Interner;
  account: Int32Array;
  accounts: Interner;
  /** Segment combination of the sheet's segment columns. */
  segment: Int32Array;
  segments: Interner;
  /** FLAG_SLIPPED | FLAG_STALE. */
  flags: Uint8Array;
  /** 1 when the row can be counted (amount and a way to weight it). */
  usable: Uint8Array;
  /** The parse issues, in row order, as columns (objects are built on demand). */
  issues: IssueColumns;
  /** Per row, where its issues start in issues (they are added in row order). */
  issueStart: Int32Array;
  /** Per row, how many issues it has in issues. */
  issueCount: Uint8Array;
  /** Distinct stage labels with their counts and resolution. */
  stageUsage: Map<string, { deals: number; def?: StageDef }>;
  notes: string[];
  stagePreset?: StageTable;
  dateOrders: Partial<Record<'closeDate' | 'createdDate' | 'lastActivity', DayOrder>>;
}

const STATUS_WORDS = new Map<string, DealStatus>([
  ['open', 'open'],
  ['active', 'open'],
  ['in progress', 'open'],
  ['pending', 'open'],
  ['ongoing', 'open'],
  ['进行中', 'open'],
  ['跟进中', 'open'],
  ['未关闭', 'open'],
  ['won', 'won'],
  ['win', 'won'],
  ['closed won', 'won'],
  ['closed - won', 'won'],
  ['closed-won', 'won'],
  ['赢单', 'won'],
  ['成交', 'won'],
  ['已成交', 'won'],
  ['赢', 'won'],
  ['lost', 'lost'],
  ['loss', 'lost'],
  ['closed lost', 'lost'],
  ['closed - lost', 'lost'],
  ['closed-lost', 'lost'],
  ['dead', 'lost'],
  ['abandoned', 'lost'],
  ['disqualified', 'lost'],
  ['输单', 'lost'],
  ['丢单', 'lost'],
  ['流失', 'lost'],
  ['失败', 'lost'],
  ['输', 'lost'],
]);

function truthy(v: CellValue): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 'yes', 'y', '1', '是'].includes(t)) return true;
    if (['false', 'no', 'n', '0', '否'].includes(t)) return false;
  }
  return null;
}

export interface ParseInput {
  values: CellValue[][];
  numberFormats?: string[][];
  headerIndex: number;
  firstRow: number;
  headers: string[];
  map: ColumnMap;
  userTable?: StageTable;
  asOfDay: number;
  staleDays: number;
  /** The user's day order for a/b/yyyy dates (settings.dayOrder): overrides the per-column decision. */
  dayOrder?: DayOrder;
  /** The user's decimal separator (settings.decimalSeparator): overrides the per-column decision. */
  decimalSeparator?: DecimalSeparator;
  /** The CSV delimiter the file was read with: ';' hints at decimal commas and day-first dates. */
  delimiter?: string;
  /** Cells every data row must have (a CSV's header count); -1 or absent: no check. */
  recordWidth?: number;
  /** Count ragged rows anyway (they are still reported). */
  keepRaggedRows?: boolean;
}

/** The stage lookup for this sheet: user table, then the best-matching preset, then the built-ins. */
function stageResolver(
  labels: Iterable<string>,
  userTable: StageTable | undefined,
  notes: string[],
): { resolve: (label: string) => StageDef | undefined; preset?: StageTable } {
  const distinct = [...labels];
  const best = choosePreset(distinct);
  const preset = best?.table;
  if (best) {
    notes.push(
      `The stage names match the ${best.table.title} best (${best.matched} of ${distinct.length} labels): its probabilities are used first.`,
    );
  }
  // The one lookup order (core/stages.ts lookupStage), the worksheet functions' too.
  return { preset, resolve: (label) => lookupStage(label, userTable, preset) };
}

/**
 * Up to 20,000 cells of a column, evenly spread: enough to decide a column's
 * day order, decimal separator or probability scale, and it keeps a
 * million-row sheet fast (each decision is made once per column, not per cell).
 */
function sampleColumn(values: CellValue[][], from: number, col: number): unknown[] {
  const column: unknown[] = [];
  if (col < 0) return column;
  const step = Math.max(1, Math.floor((values.length - from) / 20000));
  for (let r = from; r < values.length; r += step) column.push(values[r]?.[col]);
  return column;
}

/** Distinct stage labels with their counts and how each resolves; chooses the preset. */
export function collectStages(
  values: CellValue[][],
  from: number,
  stageCol: number,
  userTable: StageTable | undefined,
  notes: string[],
): {
  usage: Map<string, { deals: number; def?: StageDef }>;
  resolve: (label: string) => StageDef | undefined;
  preset?: StageTable;
  /** Per row from `from`: index of its label in usage's order, -1 when blank. */
  rowLabel: Int32Array;
  /** The distinct labels, in usage's order. */
  labels: string[];
} {
  const rowLabel = new Int32Array(Math.max(0, values.length - from)).fill(-1);
  const ids = new Map<string, number>();
  const labels: string[] = [];
  const counts: number[] = [];
  if (stageCol >= 0) {
    for (let r = from; r < values.length; r++) {
      const v = values[r]![stageCol];
      if (blankValue(v)) continue;
      const label = typeof v === 'string' ? v : String(v);
      let id = ids.get(label);
      if (id === undefined) {
        id = labels.push(label) - 1;
        counts.push(0);
        ids.set(label, id);
      }
      counts[id]!++;
      rowLabel[r - from] = id;
    }
  }
  const { resolve, preset } = stageResolver(labels, userTable, notes);
  const usage = new Map<string, { deals: number; def?: StageDef }>();
  labels.forEach((label, id) => usage.set(label, { deals: counts[id]!, def: resolve(label) }));
  return { usage, resolve, preset, rowLabel, labels };
}

/** Pass 1: parse the data rows of a sheet into typed columns and located issues. */
export function parseRows(input: ParseInput): ParsedRows {
  const { values, headerIndex, firstRow, headers, map, asOfDay, staleDays } = input;
  const { col } = map;
  const from = headerIndex + 1;
  const cap = Math.max(0, values.length - from);
  const notes: string[] = [];

  const {
    usage: stageUsage,
    preset,
    rowLabel,
    labels: stageTexts,
  } = collectStages(values, from, col.stage, input.userTable, notes);

  // Probability scale: one decision for the column, by its numbers as a whole.
  const probSample = sampleColumn(values, from, col.probability);
  const probTally = new ScaleTally();
  for (const v of probSample) probTally.add(v);
  const probScale: ProbabilityScale = probTally.scale;
  const probPercent = probScale === 'percent';

  // Decimal separator of the amount column: its values, else the delimiter, else the user.
  const amountSeparator: SeparatorDecision = decideDecimalSeparator(
    sampleColumn(values, from, col.amount),
    { delimiter: input.delimiter, user: input.decimalSeparator },
  );
  const amountDecimal = amountSeparator.separator;
  // Probabilities written "0,7" or "70,5%": the same decision for their column.
  const probComma =
    col.probability >= 0 &&
    decideDecimalSeparator(probSample, {
      delimiter: input.delimiter,
      user: input.decimalSeparator,
    }).separator === ',';
  if (col.amount >= 0) noteSeparator(notes, headers[col.amount]!, amountSeparator, input.delimiter);
  // The file's other signals for ambiguous dates: decimal commas or a ';' delimiter.
  const europeanHint =
    input.delimiter === ';'
      ? "the file is ';'-separated"
      : amountDecimal === ',' && amountSeparator.how !== 'default'
        ? 'its amounts use a decimal comma'
        : null;

  const dateOrders: ParsedRows['dateOrders'] = {};
  const orderOf = (field: 'closeDate' | 'createdDate' | 'lastActivity'): DayOrder => {
    if (col[field] < 0) return 'month-first';
    const header = headers[col[field]]!;
    const ev = dayOrderEvidence(sampleColumn(values, from, col[field]));
    const ambiguous = ev.either > 0 ? ` (such as ${ev.example})` : '';
    const setting = 'set dayOrder (CLI: --day-first or --month-first) to choose';
    if (input.dayOrder) {
      if (ev.dayFirst + ev.monthFirst + ev.either > 0) {
        dateOrders[field] = input.dayOrder;
        notes.push(
          `${header}: dates read ${input.dayOrder === 'day-first' ? 'day-first (DD/MM/YYYY)' : 'month-first (MM/DD/YYYY)'}, as set (dayOrder).`,
        );
      }
      return input.dayOrder;
    }
    if (ev.dayFirst > 0 && ev.dayFirst === ev.monthFirst) {
      // A tie (13/09/2026 and 09/13/2026 alike): the values decide nothing; the file's
      // other signals do, as for ambiguous dates, and the note says so.
      const order: DayOrder = europeanHint ? 'day-first' : 'month-first';
      dateOrders[field] = order;
      notes.push(
        `${header}: its values disagree on the day order (${ev.dayFirst} only read day-first, as many only month-first); read ${order === 'day-first' ? 'day-first (DD/MM/YYYY)' : 'month-first (MM/DD/YYYY)'}${europeanHint ? ` because ${europeanHint}` : ''}, the others are listed in Data issues; ${setting}.`,
      );
      return order;
    }
    if (ev.dayFirst > 0 || ev.monthFirst > 0) {
      const found: DayOrder = ev.dayFirst > ev.monthFirst ? 'day-first' : 'month-first';
      dateOrders[field] = found;
      if (found === 'day-first')
        notes.push(`${header}: dates read day-first (DD/MM/YYYY), as its values show.`);
      return found;
    }
    if (ev.either === 0) return 'month-first';
    // Nothing in the column decides: the file's other signals, else month-first; said either way.
    const order: DayOrder = europeanHint ? 'day-first' : 'month-first';
    dateOrders[field] = order;
    notes.push(
      europeanHint
        ? `${header}: no value decides between day-first and month-first${ambiguous}; read day-first (DD/MM/YYYY) because ${europeanHint}; ${setting}.`
        : `${header}: no value decides between day-first and month-first${ambiguous}; read month-first (MM/DD/YYYY); ${setting}.`,
    );
    return order;
  };
  const dateParser = (field: 'closeDate' | 'createdDate' | 'lastActivity') => {
    const order = orderOf(field);
    const cache = new Map<string, DateResult>();
    return (v: CellValue): DateResult => {
      if (typeof v !== 'string') return parseDateValue(v, order);
      const iso = isoDay(v);
      if (iso === iso) return iso; // not NaN: the common YYYY-MM-DD
      let hit = cache.get(v);
      if (hit === undefined) {
        hit = parseDateValue(v, order);
        if (cache.size < 100_000) cache.set(v, hit);
      }
      return hit;
    };
  };
  const closeParse = dateParser('closeDate');
  const createdParse = dateParser('createdDate');
  const activityParse = dateParser('lastActivity');

  const out: ParsedRows = {
    n: 0,
    source: new Int32Array(cap),
    firstRow,
    amount: new Float64Array(cap),
    currency: new Int32Array(cap),
    currencies: new Interner(),
    probability: new Float64Array(cap),
    status: new Uint8Array(cap),
    category: new Uint8Array(cap),
    ladder: new Uint8Array(cap),
    stageLabel: new Int32Array(cap),
    stageLabels: new Interner(),
    closeDay: new Int32Array(cap),
    createdDay: new Int32Array(cap),
    lastActivityDay: new Int32Array(cap),
    owner: new Int32Array(cap),
    owners: new Interner(),
    account: new Int32Array(cap),
    accounts: new Interner(),
    segment: new Int32Array(cap),
    segments: new Interner(),
    usable: new Uint8Array(cap),
    flags: new Uint8Array(cap),
    issues: new IssueColumns(),
    issueStart: new Int32Array(cap),
    issueCount: new Uint8Array(cap),
    stageUsage,
    notes,
    stagePreset: preset,
    dateOrders,
  };

  const stageHits: (StageHit | undefined)[] = new Array<StageHit | undefined>(stageTexts.length);
  const currencyCache = new CellIds(out.currencies, (text) => parseCurrency(text) ?? text);
  const ownerCache = new CellIds(out.owners);
  const accountCache = new CellIds(out.accounts);
  const categoryCache = new Map<string, number | { error: string }>();
  const statusCache = new Map<CellValue, DealStatus | null | { error: string }>();
  const segCols = map.segmentCols;
  const segCaches = segCols.map(() => new Map<CellValue, string>());
  const seg0 = segCols[0] ?? -1;
  const seg1Cache = new Map<CellValue, number>();
  let seg1Last: CellValue | undefined;
  let seg1LastId = 0;

  let i = 0;
  const sink = new IssueSink(headers, out);

  // The texts of the most frequent issues, built once rather than per deal.
  const slippedText =
    col.closeDate >= 0
      ? `${headers[col.closeDate]}: the deal is open but its close date is before the as-of date; it has slipped.`
      : '';
  const staleTexts = new Map<number, string>();
  const negativeText =
    col.amount >= 0
      ? `${headers[col.amount]}: a negative amount (a credit note or a correction?); it is kept and counted, check it.`
      : '';
  let probDisagree = 0;
  // Column indexes as locals: the row loop reads them dozens of times per row.
  const cAccount = col.account;
  const cAmount = col.amount;
  const cCategory = col.category;
  const cCloseDate = col.closeDate;
  const cCreatedDate = col.createdDate;
  const cCurrency = col.currency;
  const cLastActivity = col.lastActivity;
  const cOwner = col.owner;
  const cProbability = col.probability;
  const cStage = col.stage;
  const cStatus = col.status;
  const width = headers.length;
  let omittedOwn = 0;
  const recordWidth = input.recordWidth ?? -1;
  const keepRagged = input.keepRaggedRows === true;
  for (let r = from; r < values.length; r++) {
    const row = values[r]!;
    const amountCell = cAmount >= 0 ? (row[cAmount] ?? null) : null;
    const stageCell = cStage >= 0 ? (row[cStage] ?? null) : null;
    if (blankValue(amountCell) && blankValue(stageCell)) {
      let blank = true;
      for (let c = 0; c < width && blank; c++) if (!blankCell(row[c])) blank = false;
      if (blank) continue; // an empty row is not a deal
    }
    sink.index = i;
    out.source[i] = r;
    if (recordWidth >= 0 && row.length !== recordWidth) {
      sink.addText('ragged-row', -1, raggedText(row.length, recordWidth, keepRagged), keepRagged);
      if (!keepRagged) {
        skipRow(out, i++);
        continue;
      }
    }
    let usable = true;

    // Amount and currency.
    let amount = NaN;
    let amountCurrency: string | null = null;
    if (typeof amountCell === 'number' && amountCell <= amountLimit && amountCell >= -amountLimit) {
      amount = amountCell;
    } else if (cAmount >= 0) {
      const parsed = amountOf(amountCell, amountDecimal);
      if (parsed === null) {
        sink.add('missing-amount', cAmount, 'the amount is blank; the deal is not counted.', false);
        usable = false;
      } else if ('error' in parsed) {
        sink.add(
          'bad-amount',
          cAmount,
          `${describeValue(amountCell)} is ${parsed.error}; expected a number such as 1234.56, $1,234 or USD 1,234; the deal is not counted.`,
          false,
        );
        usable = false;
      } else {
        amount = parsed.value;
        amountCurrency = parsed.currency;
      }
    } else {
      sink.add(
        'missing-amount',
        -1,
        'the sheet has no amount column (map one: amount=Header); the deal is not counted.',
        false,
      );
      usable = false;
    }
    out.amount[i] = amount;
    if (amount < 0) sink.addText('negative-amount', cAmount, negativeText, true);
    // "usd", "$" and "USD" are one code.
    const cur0 = cCurrency >= 0 ? currencyCache.id(row[cCurrency] ?? null) : -1;
    const cur = cur0 < 0 && amountCurrency ? out.currencies.id(amountCurrency) : cur0;
    out.currency[i] = cur;

    // Stage, own probability, status and category.
    let def: StageDef | undefined;
    let labelId = -1;
    let stageLadder = 0;
    let stageCategory = 0;
    // The label's index from the stage pass: no second lookup by text.
    const stageId = cStage >= 0 ? rowLabel[r - from]! : -1;
    if (stageId >= 0) {
      let hit = stageHits[stageId];
      if (!hit) {
        const label = stageTexts[stageId]!;
        const found = stageUsage.get(label)!.def;
        hit = stageHits[stageId] = {
          def: found,
          label: out.stageLabels.id(label.trim()),
          ladder: found ? LADDER_CODE.get(found.ladder)! : 0,
          category: found ? CATEGORY_CODE.get(found.category)! : 0,
        };
      }
      def = hit.def;
      labelId = hit.label;
      stageLadder = hit.ladder;
      stageCategory = hit.category;
    }
    out.stageLabel[i] = labelId;

    let own: number | null = null;
    if (cProbability >= 0) {
      const pv = row[cProbability] ?? null;
      if (
        typeof pv === 'number' &&
        (probPercent ? (pv >= 1 && pv <= 100) || pv === 0 : pv >= 0 && pv <= 1)
      ) {
        own = probPercent ? pv / 100 : pv;
      } else if (!blankValue(pv)) {
        try {
          own = parseProbability(
            probComma && typeof pv === 'string' ? pv.replace(',', '.') : pv,
            probScale,
            'probability',
          );
          if (own !== null && disagreesWithScale(pv, probScale)) {
            probDisagree++;
            sink.add(
              'bad-probability',
              cProbability,
              probPercent
                ? `${describeValue(pv)} is read as ${pct(own)}: this column is on the percent scale (70 = 70%); write ${meant(own)} if you meant ${meant(own)}%.`
                : `${describeValue(pv)} is above 1 in a column of fractions (0.7 = 70%): it is read as ${pct(own)}; check it.`,
              true,
            );
          }
        } catch (e) {
          sink.add(
            'bad-probability',
            cProbability,
            `${describeValue(pv)} is not a probability (write 0.7, 70 or 70%)${def ? `; the stage's ${Math.round(def.probability * 100)}% is used` : ''}.`,
            def !== undefined,
          );
          void e;
        }
      }
    }

    let status: DealStatus | null = null;
    if (cStatus >= 0) {
      const sv = row[cStatus] ?? null;
      let hit = statusCache.get(sv);
      if (hit === undefined) {
        hit = readStatus(sv, map.closedFlagCol >= 0);
        if (!(sv instanceof Date)) statusCache.set(sv, hit);
      }
      if (map.closedFlagCol >= 0 && (hit === 'won' || hit === null)) {
        const closed = truthy(row[map.closedFlagCol] ?? null);
        if (hit === 'won') status = closed === false ? 'open' : 'won';
        else if (closed !== null && truthy(sv) === false) status = closed ? 'lost' : 'open';
      } else if (hit !== null && typeof hit === 'object') {
        sink.add(
          'bad-status',
          cStatus,
          `${describeValue(sv)} is ${hit.error}; the stage decides.`,
          true,
        );
      } else {
        status = hit;
      }
      if (status && def && def.status !== 'open' && status !== def.status) {
        sink.add(
          'bad-status',
          cStatus,
          `the status says ${status} but the stage ${describeValue(stageCell)} says ${def.status}; the status is followed.`,
          true,
        );
      }
    }

    let p: number;
    let ladder: number;
    let finalStatus: DealStatus;
    if (status === 'won' || (!status && def?.status === 'won')) {
      finalStatus = 'won';
      p = 1;
      ladder = WON_LADDER;
    } else if (status === 'lost' || (!status && def?.status === 'lost')) {
      finalStatus = 'lost';
      p = 0;
      ladder = LOST_LADDER;
    } else if (def) {
      finalStatus = 'open';
      p = own ?? def.probability;
      ladder = stageLadder;
    } else if (own !== null) {
      finalStatus = own >= 1 ? 'won' : 'open';
      p = own;
      ladder = LADDER_CODE.get(ladderForProbability(own))!;
    } else {
      finalStatus = 'open';
      p = NaN;
      ladder = 0;
    }
    if (!def && cStage >= 0) {
      const blank = blankValue(stageCell);
      const weighted = !Number.isNaN(p);
      const how = weighted
        ? `the deal is weighted with ${status && status !== 'open' ? `its status (${status})` : `its own probability (${Math.round(p * 1000) / 10}%)`}`
        : 'it has no probability either, so it is not counted';
      sink.add(
        blank ? 'missing-stage' : 'unknown-stage',
        cStage,
        blank
          ? `the stage is blank; ${how}.`
          : `unknown stage ${describeValue(stageCell)}: add it to your stage table (stage, probability, category); ${how}.`,
        weighted,
      );
    } else if (Number.isNaN(p)) {
      sink.add(
        'missing-stage',
        -1,
        'no stage, probability or status to weight the deal; it is not counted.',
        false,
      );
    }
    if (Number.isNaN(p)) usable = false;
    out.probability[i] = p;
    out.status[i] =
      finalStatus === 'won' ? STATUS_WON : finalStatus === 'lost' ? STATUS_LOST : STATUS_OPEN;
    out.ladder[i] = ladder;

    let manualCategory = false;
    let category =
      finalStatus === 'won'
        ? CLOSED_CATEGORY
        : finalStatus === 'lost'
          ? OMITTED_CATEGORY
          : def
            ? stageCategory
            : LADDER_CATEGORY[ladder]!;
    if (cCategory >= 0) {
      const cv = row[cCategory] ?? null;
      if (!blankValue(cv)) {
        const key = typeof cv === 'string' ? cv : String(cv);
        let hit = categoryCache.get(key);
        if (hit === undefined) {
          try {
            hit = CATEGORY_CODE.get(parseCategory(key))!;
          } catch {
            hit = { error: 'not a forecast category' };
          }
          categoryCache.set(key, hit);
        }
        if (typeof hit === 'number') {
          category = hit;
          manualCategory = true;
        } else
          sink.add(
            'bad-category',
            cCategory,
            `${describeValue(cv)} is not a forecast category (${FORECAST_CATEGORIES.join(', ')}); the stage's category is used.`,
            true,
          );
      }
    }
    out.category[i] = category;
    // One rule (docs/engine.md, "Probability used"): Omitted is never weighted. An open
    // deal weighted above 0% on an Omitted stage (a Lead at its own 10%) is forecast in
    // its probability's category; one a category column puts in Omitted weighs 0%.
    if (category === OMITTED_CATEGORY && finalStatus === 'open' && p > 0) {
      if (manualCategory) out.probability[i] = 0;
      else out.category[i] = openCategoryFor(p);
      omittedOwn++;
    }

    // Dates.
    let close = NaN;
    if (cCloseDate >= 0) {
      const cv = row[cCloseDate] ?? null;
      const d = closeParse(cv);
      if (typeof d === 'number') close = d;
      else if (d === null)
        sink.add(
          'missing-close-date',
          cCloseDate,
          'no close date; the deal stays in the totals under "(no close date)".',
          true,
        );
      else
        sink.add(
          'bad-date',
          cCloseDate,
          `${describeValue(cv)} is ${d.error}; expected a date such as 2026-03-15; the deal stays in the totals under "(no close date)".`,
          true,
        );
    }
    out.closeDay[i] = close === close ? close : NO_DAY;
    let flags = 0;
    if (finalStatus === 'open' && close < asOfDay) {
      flags |= FLAG_SLIPPED;
      sink.addText('slipped', cCloseDate, slippedText, true);
    }
    let created = NaN;
    if (cCreatedDate >= 0) {
      const cv = row[cCreatedDate] ?? null;
      const d = createdParse(cv);
      if (typeof d === 'number') created = d;
      else if (d !== null)
        sink.add(
          'bad-date',
          cCreatedDate,
          `${describeValue(cv)} is ${d.error}; expected a date such as 2026-03-15.`,
          true,
        );
    }
    out.createdDay[i] = created === created ? created : NO_DAY;
    let activity = NaN;
    if (cLastActivity >= 0) {
      const cv = row[cLastActivity] ?? null;
      const d = activityParse(cv);
      if (typeof d === 'number') activity = d;
      else if (d !== null)
        sink.add(
          'bad-date',
          cLastActivity,
          `${describeValue(cv)} is ${d.error}; expected a date such as 2026-03-15.`,
          true,
        );
      if (finalStatus === 'open' && asOfDay - activity > staleDays) {
        flags |= FLAG_STALE;
        const days = asOfDay - activity;
        let text = staleTexts.get(days);
        if (text === undefined) {
          text = `${headers[cLastActivity]}: no activity for ${days} days (more than ${staleDays}).`;
          staleTexts.set(days, text);
        }
        sink.addText('stale', cLastActivity, text, true);
      }
    }
    out.lastActivityDay[i] = activity === activity ? activity : NO_DAY;
    out.flags[i] = flags;

    out.owner[i] = cOwner >= 0 ? ownerCache.id(row[cOwner] ?? null) : -1;
    out.account[i] = cAccount >= 0 ? accountCache.id(row[cAccount] ?? null) : -1;
    if (segCols.length === 1) {
      // One segment column: the raw cell value maps straight to its segment id.
      const v = row[seg0] ?? null;
      let id: number;
      if (v === seg1Last) id = seg1LastId;
      else {
        let hit = seg1Cache.get(v);
        if (hit === undefined) {
          hit = out.segments.id(segmentText(v));
          if (!(v instanceof Date)) seg1Cache.set(v, hit);
        }
        seg1Last = v;
        seg1LastId = id = hit;
      }
      out.segment[i] = id;
    } else if (segCols.length) {
      let key = '';
      for (let s = 0; s < segCols.length; s++) {
        const v = row[segCols[s]!] ?? null;
        const cache = segCaches[s]!;
        let text = cache.get(v);
        if (text === undefined) {
          text = segmentText(v);
          if (!(v instanceof Date)) cache.set(v, text);
        }
        key = s === 0 ? text : `${key}\u0000${text}`;
      }
      out.segment[i] = out.segments.id(key);
    } else {
      out.segment[i] = 0;
    }
    out.usable[i] = usable ? 1 : 0;
    i++;
  }
  out.n = i;
  if (omittedOwn > 0)
    notes.push(
      `${omittedOwn} open deal${omittedOwn === 1 ? '' : 's'} on an Omitted stage (such as Leads) or without a known stage carry a probability of their own: weighted with it and forecast in its category (Pipeline at least); a category column's Omitted weighs 0%.`,
    );
  if (probTally.fraction + probTally.percent > 0) {
    const scaleText = probPercent ? 'percentages (70 = 70%)' : 'fractions (0.7 = 70%)';
    const others =
      probDisagree === 1
        ? '; 1 cell written on the other scale is listed in Data issues'
        : `; ${probDisagree} cells written on the other scale are listed in Data issues`;
    notes.push(
      probDisagree
        ? `${headers[cProbability]}: probabilities read as ${scaleText}, as most of its values show${others}.`
        : `${headers[cProbability]}: probabilities read as ${scaleText}, as its values show.`,
    );
  }

  if (input.numberFormats && col.closeDate >= 0) {
    const fmt = input.numberFormats[from]?.[col.closeDate];
    if (
      fmt !== undefined &&
      !isDateFormat(fmt) &&
      typeof values[from]?.[col.closeDate] === 'number'
    ) {
      notes.push(
        `${headers[col.closeDate]} holds numbers without a date format; they are read as Excel date serials.`,
      );
    }
  }
  return out;
}

/** The problem text of a row whose cell count differs from the header's. */
function raggedText(cells: number, expected: number, kept: boolean): string {
  return `the row has ${cells} cells but the header has ${expected}: its values may be in the wrong columns (an unquoted comma in a number or text?); ${kept ? 'the row is counted as read (keepRaggedRows)' : 'the deal is not counted'}.`;
}

/** A ragged row that is not counted: no values, not usable, only its issue. */
function skipRow(out: ParsedRows, i: number): void {
  out.amount[i] = NaN;
  out.currency[i] = -1;
  out.stageLabel[i] = -1;
  out.probability[i] = NaN;
  out.status[i] = STATUS_OPEN;
  out.category[i] = 0;
  out.ladder[i] = 0;
  out.closeDay[i] = NO_DAY;
  out.createdDay[i] = NO_DAY;
  out.lastActivityDay[i] = NO_DAY;
  out.owner[i] = -1;
  out.account[i] = -1;
  out.segment[i] = 0;
  out.flags[i] = 0;
  out.usable[i] = 0;
}

/**
 * Collects located issues. A class rather than a closure over the row loop's
 * variables, so the loop's counters stay in registers.
 */
class IssueSink {
  index = 0;

  constructor(
    private readonly headers: string[],
    private readonly out: ParsedRows,
  ) {}

  add(kind: IssueKind, column: number, problem: string, rowKept: boolean): void {
    const header = column >= 0 ? this.headers[column]! : '';
    this.addText(kind, column, header ? `${header}: ${problem}` : problem, rowKept);
  }

  /**
   * Like add, with the full text (header prefix included) given. The issue's
   * value is the row's cell in column (none for -1), read back when needed.
   */
  addText(kind: IssueKind, column: number, text: string, rowKept: boolean): void {
    const out = this.out;
    const i = this.index;
    const count = out.issueCount[i]!;
    if (count === 0) out.issueStart[i] = out.issues.n;
    if (count < 255) {
      out.issueCount[i] = count + 1;
      out.issues.push(i, KIND_CODE.get(kind)!, column, rowKept, text);
    }
  }
}

/**
 * Interned ids of one column's cells: the last cell's id is kept (sheets are
 * often sorted or grouped, so the next row repeats it), then a map by value.
 */
class CellIds {
  private last: CellValue | undefined = undefined;
  private lastId = -1;
  private readonly cache = new Map<CellValue, number>();

  constructor(
    private readonly interner: Interner,
    private readonly normalize?: (text: string) => string,
  ) {}

  id(v: CellValue): number {
    if (v === this.last) return this.lastId;
    let id = this.cache.get(v);
    if (id === undefined) {
      if (blankValue(v)) id = -1;
      else {
        const text = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
        id = this.interner.id(this.normalize ? this.normalize(text) : text);
      }
      if (!(v instanceof Date) && this.cache.size < 1_000_000) this.cache.set(v, id);
    }
    this.last = v;
    this.lastId = id;
    return id;
  }
}

/** What a fraction-looking cell read on the percent scale probably meant: 0.005 (from 0.5) -> 50. */
function meant(p: number): number {
  return Math.round(p * 1e7) / 1000;
}

/** A share as a percent text: 0.755 -> "75.5%". */
function pct(p: number): string {
  return `${Math.round(p * 100000) / 1000}%`;
}

/** States the decimal separator decided for a column, when it is not the plain default. */
function noteSeparator(
  notes: string[],
  header: string,
  d: SeparatorDecision,
  delimiter: string | undefined,
): void {
  const name = (sep: DecimalSeparator) =>
    sep === ',' ? 'a decimal comma (1.234,56)' : 'a decimal point (1,234.56)';
  const choose = 'set decimalSeparator (CLI: --decimal-comma or --decimal-point) to choose';
  if (d.how === 'user') {
    if (d.comma + d.point + d.either > 0)
      notes.push(`${header}: amounts read with ${name(d.separator)}, as set (decimalSeparator).`);
  } else if (d.how === 'values') {
    const against = d.separator === ',' ? d.point : d.comma;
    if (d.separator === ',' || against > 0)
      notes.push(
        `${header}: amounts read with ${name(d.separator)}, as ${against ? 'most of ' : ''}its values show${against ? `; ${against} sampled value${against === 1 ? '' : 's'} suggest the other` : ''}.`,
      );
  } else if (d.how === 'hint') {
    const example = d.example ?? '';
    notes.push(
      `${header}: no value decides the decimal separator${example ? ` (${JSON.stringify(example)} reads either way)` : ''}; read with ${name(d.separator)}${delimiter === ';' ? " because the file is ';'-separated" : ''}; ${choose}.`,
    );
  }
}

/** A segment value as the Forecast table shows it (also what the history store writes). */
export function segmentText(v: CellValue): string {
  if (blankValue(v)) return '(blank)';
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
}

function readStatus(v: CellValue, withClosedFlag: boolean): DealStatus | null | { error: string } {
  if (blankValue(v)) return null;
  const t = truthy(v);
  if (t !== null && typeof v !== 'string') return t ? 'won' : withClosedFlag ? null : null;
  if (typeof v === 'string') {
    const key = normalizeLabel(v);
    const hit = STATUS_WORDS.get(key);
    if (hit) return hit;
    if (t !== null) return t ? 'won' : null;
  }
  return { error: 'not a status (open, won or lost)' };
}
