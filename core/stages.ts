import { FunnelError, describeValue } from './errors';
import { type Grid } from './cells';
import { isBlank } from './read/blank';
import { normalizeLabel } from './text';
import { detectProbabilityScale, parseProbability } from './probability';

/** Salesforce's forecast categories, lowest to highest confidence. */
export const FORECAST_CATEGORIES = [
  'Omitted',
  'Pipeline',
  'Best Case',
  'Commit',
  'Closed',
] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

/** The stage ladder (docs/method.md#the-stage-ladder), in funnel order. */
export const LADDER_STAGES = [
  'Leads',
  'Prospect',
  'Opportunity',
  'Pipeline',
  'Upside',
  'Committed',
  'Won',
  'Lost',
] as const;
export type LadderStage = (typeof LADDER_STAGES)[number];

export type DealStatus = 'open' | 'won' | 'lost';

export type StageSource = 'user' | 'ladder' | 'salesforce' | 'hubspot' | 'chinese-crm';

export interface StageDef {
  /** The label as its table writes it. */
  label: string;
  probability: number;
  category: ForecastCategory;
  ladder: LadderStage;
  status: DealStatus;
  source: StageSource;
}

export interface StageTable {
  source: StageSource;
  /** Human name of the table, for messages and the UI. */
  title: string;
  stages: readonly StageDef[];
  /** Normalized label (and aliases) to stage. */
  index: ReadonlyMap<string, StageDef>;
}

interface LadderRow {
  ladder: LadderStage;
  probability: number;
  category: ForecastCategory;
  status: DealStatus;
  aliases: string[];
}

/** Leads are counted but never weighted: the deck gives five figures for six stages. */
const LADDER: readonly LadderRow[] = [
  {
    ladder: 'Leads',
    probability: 0,
    category: 'Omitted',
    status: 'open',
    aliases: ['Lead', '导引'],
  },
  {
    ladder: 'Prospect',
    probability: 0.1,
    category: 'Pipeline',
    status: 'open',
    aliases: ['潜在机会'],
  },
  {
    ladder: 'Opportunity',
    probability: 0.2,
    category: 'Pipeline',
    status: 'open',
    aliases: ['机会'],
  },
  {
    ladder: 'Pipeline',
    probability: 0.5,
    category: 'Pipeline',
    status: 'open',
    aliases: ['评估中'],
  },
  {
    ladder: 'Upside',
    probability: 0.6,
    category: 'Best Case',
    status: 'open',
    aliases: ['高可能'],
  },
  { ladder: 'Committed', probability: 0.7, category: 'Commit', status: 'open', aliases: ['承诺'] },
  {
    ladder: 'Won',
    probability: 1,
    category: 'Closed',
    status: 'won',
    aliases: ['赢单', '成交', 'Win'],
  },
  {
    ladder: 'Lost',
    probability: 0,
    category: 'Omitted',
    status: 'lost',
    aliases: ['输单', '丢单', 'Loss'],
  },
];

export function ladderDefault(stage: LadderStage): StageDef {
  const row = LADDER.find((r) => r.ladder === stage)!;
  return {
    label: row.ladder,
    probability: row.probability,
    category: row.category,
    ladder: row.ladder,
    status: row.status,
    source: 'ladder',
  };
}

/** The ladder stage a probability sits on: the highest open stage whose default does not exceed it. */
export function ladderForProbability(p: number): LadderStage {
  if (p >= 1) return 'Won';
  let best: LadderStage = 'Leads';
  for (const row of LADDER) {
    if (row.status === 'open' && row.probability <= p) best = row.ladder;
  }
  return best;
}

/**
 * The probability a deal is weighted with (docs/engine.md, "Probability used"):
 * a won stage 100%, a lost stage 0%; otherwise the deal's own probability, else
 * its stage's (an Omitted stage such as Leads gives 0%). A deal on a stage no
 * table knows is weighted with its own probability. null when nothing weights it.
 * The engine applies the same rule per row (parse-rows.ts), and FUNNEL_WEIGHT calls this.
 */
export function probabilityUsed(def: StageDef | undefined, own: number | null): number | null {
  if (def) {
    if (def.status === 'won') return 1;
    if (def.status === 'lost') return 0;
    return own ?? def.probability;
  }
  return own;
}

/**
 * The forecast category of an open deal weighted at p: Omitted is never weighted,
 * so a deal above 0% on an Omitted stage (a Lead at its own 10%) takes the category
 * of the ladder stage its probability sits on, Pipeline at least.
 */
export function openCategory(stageCategory: ForecastCategory, p: number): ForecastCategory {
  if (stageCategory !== 'Omitted' || !(p > 0)) return stageCategory;
  const c = ladderDefault(ladderForProbability(p)).category;
  return c === 'Omitted' ? 'Pipeline' : c;
}

function buildTable(
  source: StageSource,
  title: string,
  entries: [StageDef, string[]][],
): StageTable {
  const index = new Map<string, StageDef>();
  for (const [def, aliases] of entries) {
    for (const name of [def.label, ...aliases]) {
      const key = normalizeLabel(name);
      if (!index.has(key)) index.set(key, def);
    }
  }
  return { source, title, stages: entries.map(([d]) => d), index };
}

export const DEFAULT_LADDER: StageTable = buildTable(
  'ladder',
  'Funnel ladder (default)',
  LADDER.map((r) => [ladderDefault(r.ladder), r.aliases]),
);

type PresetRow = [label: string, percent: number, ladder: LadderStage, category?: ForecastCategory];

function preset(source: StageSource, title: string, rows: PresetRow[]): StageTable {
  return buildTable(
    source,
    title,
    rows.map(([label, percent, ladder, category]) => {
      const base = ladderDefault(ladder);
      const def: StageDef = {
        label,
        probability: percent / 100,
        ladder,
        status: base.status,
        // Salesforce and HubSpot put every open default stage in Pipeline.
        category: category ?? (base.status === 'open' ? 'Pipeline' : base.category),
        source,
      };
      return [def, []];
    }),
  );
}

/** Salesforce's default opportunity stages with their default probabilities and categories. */
export const SALESFORCE_PRESET = preset('salesforce', 'Salesforce default stages', [
  ['Prospecting', 10, 'Prospect'],
  ['Qualification', 10, 'Prospect'],
  ['Needs Analysis', 20, 'Opportunity'],
  ['Value Proposition', 50, 'Pipeline'],
  ['Id. Decision Makers', 60, 'Upside'],
  ['Perception Analysis', 70, 'Committed'],
  ['Proposal/Price Quote', 75, 'Committed'],
  ['Negotiation/Review', 90, 'Committed'],
  ['Closed Won', 100, 'Won'],
  ['Closed Lost', 0, 'Lost'],
]);

/** HubSpot's default sales pipeline. */
export const HUBSPOT_PRESET = preset('hubspot', 'HubSpot default pipeline', [
  ['Appointment Scheduled', 20, 'Opportunity'],
  ['Qualified to Buy', 40, 'Opportunity'],
  ['Presentation Scheduled', 60, 'Upside'],
  ['Decision Maker Bought-In', 80, 'Committed'],
  ['Contract Sent', 90, 'Committed'],
  ['Closed Won', 100, 'Won'],
  ['Closed Lost', 0, 'Lost'],
]);

/**
 * Stage names common in Chinese CRMs, placed on the ladder with its categories
 * (our decision: the method names the stages, not their figures; docs/method.md#the-stage-ladder).
 */
export const CHINESE_CRM_PRESET = preset('chinese-crm', '中文 CRM 常用阶段', [
  ['初步接触', 10, 'Prospect', 'Pipeline'],
  ['需求确认', 20, 'Opportunity', 'Pipeline'],
  ['方案报价', 50, 'Pipeline', 'Pipeline'],
  ['商务谈判', 70, 'Committed', 'Commit'],
  ['成交', 100, 'Won'],
  ['赢单', 100, 'Won'],
  ['流失', 0, 'Lost'],
  ['输单', 0, 'Lost'],
  ['无效', 0, 'Lost'],
]);

/** Built-in tables in lookup order after a user's own table. */
export const BUILT_IN_TABLES: readonly StageTable[] = [
  DEFAULT_LADDER,
  SALESFORCE_PRESET,
  HUBSPOT_PRESET,
  CHINESE_CRM_PRESET,
];

export const PRESETS: readonly StageTable[] = BUILT_IN_TABLES;

export function findPreset(source: StageSource): StageTable | undefined {
  return BUILT_IN_TABLES.find((t) => t.source === source);
}

const LOST_WORDS = /lost|loss|dead|disqualified|输|丢|流失|无效/i;

/**
 * Reads a user stage table: rows of (stage name, probability[, category[, ladder stage]]).
 * A header row is recognised when its probability cell is not a probability.
 * Probabilities may be 0.7, 70 or "70%" (percent scale if any number exceeds 1).
 * The ladder stage (and with it the deal status: open, won or lost) is the 4th
 * column when given, else inferred from the name and probability (userStage).
 * Rows may be ragged: a missing cell counts as blank. Columns after the 4th are not read.
 */
export function parseStageTable(grid: Grid, title = 'Your stage table'): StageTable {
  if (grid.length === 0 || (grid[0]?.length ?? 0) < 2) {
    throw new FunnelError(
      '#VALUE!',
      'stage_table: give a range of 2, 3 or 4 columns: stage name, probability, optional forecast category, optional ladder stage.',
    );
  }
  let rows = grid.map((r, i) => ({ r, sheetRow: i + 1 }));
  const first = grid[0]!;
  if (
    typeof first[1] === 'string' &&
    !/^\s*[-+]?\d+(\.\d+)?\s*%?\s*$/.test(first[1].normalize('NFKC'))
  ) {
    rows = rows.slice(1);
  }
  rows = rows.filter(({ r }) => !r.every((v) => isBlank(v)));
  if (rows.length === 0) {
    throw new FunnelError(
      '#VALUE!',
      'stage_table holds no stages: give rows of stage name, probability (0.7, 70 or 70%), optional forecast category, optional ladder stage.',
    );
  }
  const scale = detectProbabilityScale(rows.map(({ r }) => r[1]));
  const entries: [StageDef, string[]][] = [];
  const seen = new Map<string, { def: StageDef; row: number }>();
  for (const { r, sheetRow } of rows) {
    const [nameCell, probCell, categoryCell, ladderCell] = r;
    if (isBlank(nameCell)) {
      throw new FunnelError('#VALUE!', `stage_table row ${sheetRow}: the stage name is blank.`, {
        row: sheetRow,
        column: 'stage',
      });
    }
    const label = String(nameCell).trim();
    let probability: number | null;
    try {
      probability = parseProbability(probCell, scale, `stage_table row ${sheetRow} (${label})`);
    } catch (e) {
      if (e instanceof FunnelError)
        throw new FunnelError(e.code, e.message, {
          row: sheetRow,
          column: 'probability',
          value: probCell,
        });
      throw e;
    }
    if (probability === null) {
      throw new FunnelError(
        '#VALUE!',
        `stage_table row ${sheetRow} (${label}): the probability is blank; write 0.7, 70 or 70%.`,
        { row: sheetRow, column: 'probability' },
      );
    }
    const category = isBlank(categoryCell) ? undefined : parseCategory(categoryCell, sheetRow);
    const ladder = isBlank(ladderCell) ? undefined : parseLadderStage(ladderCell, sheetRow, label);
    const def = userStage(label, probability, category, ladder);
    // The same stage twice with different figures is ambiguous: say which rows clash.
    const key = normalizeLabel(label);
    const earlier = seen.get(key);
    if (
      earlier &&
      (earlier.def.probability !== def.probability ||
        earlier.def.category !== def.category ||
        earlier.def.ladder !== def.ladder)
    ) {
      throw new FunnelError(
        '#VALUE!',
        `stage_table rows ${earlier.row} and ${sheetRow} both define ${describeValue(label)} differently; keep one row per stage.`,
        { row: sheetRow, column: 'stage', value: nameCell },
      );
    }
    if (!earlier) seen.set(key, { def, row: sheetRow });
    entries.push([def, []]);
  }
  return buildTable('user', title, entries);
}

function userStage(
  label: string,
  probability: number,
  category?: ForecastCategory,
  explicitLadder?: LadderStage,
): StageDef {
  const known = lookupBuiltIn(label);
  let ladder: LadderStage;
  let status: DealStatus;
  if (explicitLadder) {
    // The user said where the stage sits: that decides its status too (Lost for "Abandoned" at 0%).
    ladder = explicitLadder;
    status = ladderDefault(explicitLadder).status;
  } else if (known) {
    ladder = known.ladder;
    status = known.status;
  } else if (probability >= 1) {
    ladder = 'Won';
    status = 'won';
  } else if (probability === 0 && LOST_WORDS.test(label)) {
    ladder = 'Lost';
    status = 'lost';
  } else {
    ladder = ladderForProbability(probability);
    status = 'open';
  }
  return {
    label,
    probability,
    ladder,
    status,
    category: category ?? ladderDefault(ladder).category,
    source: 'user',
  };
}

const CATEGORY_ALIASES = new Map<string, ForecastCategory>([
  ['omitted', 'Omitted'],
  ['omit', 'Omitted'],
  ['not forecasted', 'Omitted'],
  ['pipeline', 'Pipeline'],
  ['best case', 'Best Case'],
  ['bestcase', 'Best Case'],
  ['upside', 'Best Case'],
  ['commit', 'Commit'],
  ['committed', 'Commit'],
  ['closed', 'Closed'],
  ['closed won', 'Closed'],
  ['won', 'Closed'],
  ['排除', 'Omitted'],
  ['漏斗', 'Pipeline'],
  ['最佳情况', 'Best Case'],
  ['承诺', 'Commit'],
  ['已成交', 'Closed'],
]);

export function parseCategory(value: unknown, row?: number): ForecastCategory {
  const found = typeof value === 'string' ? CATEGORY_ALIASES.get(normalizeLabel(value)) : undefined;
  if (!found) {
    throw new FunnelError(
      '#VALUE!',
      `${row ? `stage_table row ${row}: ` : ''}${describeValue(value)} is not a forecast category; use one of ${FORECAST_CATEGORIES.join(', ')}.`,
      { row, column: 'category', value },
    );
  }
  return found;
}

/**
 * A ladder stage written in a cell: Leads ... Lost or a name the default ladder
 * also knows (导引, 评估中, 赢单, Lead, Win...), matched like stage names.
 * Anything else is a located #VALUE! listing the ladder stages.
 */
/** The ladder's Chinese names, in ladder order, for messages. */
const LADDER_CHINESE = LADDER.map(
  (r) => r.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? r.ladder,
);

export function parseLadderStage(value: unknown, row?: number, label?: string): LadderStage {
  const found =
    typeof value === 'string' ? DEFAULT_LADDER.index.get(normalizeLabel(value)) : undefined;
  if (!found) {
    const where = row ? `stage_table row ${row}${label ? ` (${label})` : ''}: ` : '';
    throw new FunnelError(
      '#VALUE!',
      `${where}${describeValue(value)} is not a ladder stage; use one of ${LADDER_STAGES.join(', ')} (or ${LADDER_CHINESE.join(', ')}).`,
      { row, column: 'ladder', value },
    );
  }
  return found.ladder;
}

function lookupBuiltIn(label: string): StageDef | undefined {
  const key = normalizeLabel(label);
  for (const table of BUILT_IN_TABLES) {
    const hit = table.index.get(key);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Looks a stage label up, in the one order the engine and the worksheet functions
 * share (docs/engine.md, "Stages, probabilities, status, category"): the user's
 * table, then the preset chosen for the sheet (choosePreset; the engine chooses one
 * from a stage column, a function, which sees cells and not a column, passes none),
 * then the default ladder, Salesforce, HubSpot and Chinese-CRM presets. The built-in
 * tables agree on every label they share (a test checks), so the preset decides
 * which table is named as a stage's source, never its probability, category, ladder
 * stage or status. Returns undefined when nothing knows the label.
 */
export function lookupStage(
  label: string,
  userTable?: StageTable,
  preset?: StageTable,
): StageDef | undefined {
  const key = normalizeLabel(label);
  return userTable?.index.get(key) ?? preset?.index.get(key) ?? lookupBuiltIn(label);
}

/**
 * The built-in preset that knows more of a sheet's distinct stage labels than the
 * default ladder does (the most of them; the first in lookup order on a tie), with
 * how many it knows; undefined when the ladder knows as many.
 */
export function choosePreset(
  labels: Iterable<string>,
): { table: StageTable; matched: number } | undefined {
  const ranked = rankPresets(labels);
  const ladderHits = ranked.find((r) => r.table.source === 'ladder')?.matched ?? 0;
  const best = ranked[0];
  if (!best || best.table.source === 'ladder' || best.matched <= ladderHits) return undefined;
  return best;
}

/** Like lookupStage, but an unknown or blank stage is an error that says how to fix it. */
export function resolveStage(value: unknown, userTable?: StageTable): StageDef {
  if (isBlank(value)) {
    throw new FunnelError(
      '#VALUE!',
      'stage is blank; give a stage name such as Pipeline or 评估中.',
      {
        column: 'stage',
        value,
      },
    );
  }
  const label = String(value);
  const found = lookupStage(label, userTable);
  if (found) return found;
  throw new FunnelError(
    '#N/A',
    `Unknown stage ${describeValue(value)}: add it to your stage table (name, probability, category) or use a ladder stage (${LADDER_STAGES.join(', ')}).`,
    { column: 'stage', value },
  );
}

/** How well each built-in table knows a sheet's stage labels, best first. */
export function rankPresets(labels: Iterable<string>): { table: StageTable; matched: number }[] {
  const distinct = new Set<string>();
  for (const l of labels) if (!isBlank(l)) distinct.add(normalizeLabel(l));
  return BUILT_IN_TABLES.map((table) => ({
    table,
    matched: [...distinct].filter((k) => table.index.has(k)).length,
  })).sort((a, b) => b.matched - a.matched);
}
