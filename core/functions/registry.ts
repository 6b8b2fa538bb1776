/**
 * Every custom function in one place: the source of truth for both hosts'
 * metadata (Excel JSDoc / functions.json, Apps Script @customfunction stubs)
 * and for the CLI. Ids are permanent once shipped: never rename one.
 */
import { coverage } from './coverage';
import { funnelWeight } from './funnel-weight';
import { oppsNeeded } from './opps-needed';
import { productivity } from './productivity';
import { funnelCategory, funnelStage } from './stage-info';
import { stageRates } from './stage-rates';
import { tier } from './tier';
import type { FunctionSpec, ParamSpec } from './types';

export type { FunctionSpec, ParamSpec, ParamType, ResultSpec } from './types';

const RANGE_NOTE = 'A single value or a range.';

function param(
  name: string,
  type: ParamSpec['type'],
  optional: boolean,
  description: string,
): ParamSpec {
  return { name, type, optional, description };
}

const stageTableParam = param(
  'stage_table',
  'any',
  true,
  'Optional. Your stage table: a range of 2, 3 or 4 columns (stage name, probability as 0.7, 70 or 70%, optional forecast category, optional ladder stage such as Lost), header row allowed. Stages not in it fall back to the default ladder and the Salesforce, HubSpot and Chinese CRM presets.',
);

const stageParam = param(
  'stage',
  'string',
  false,
  `The deal's stage name, e.g. Committed, 评估中 or Closed Won. Case, spaces and full-width letters do not matter. ${RANGE_NOTE}`,
);

const winRateParam = (what: string) =>
  param(
    'win_rate',
    'any',
    false,
    `${what} written 0.24, 24% or 24 (a range is read as percents if any of its numbers exceeds 1). ${RANGE_NOTE}`,
  );

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    id: 'FUNNEL_WEIGHT',
    name: 'FUNNEL_WEIGHT',
    description:
      "Weighted amount of a deal: amount x probability. The probability is the deal's own when given, else its stage's (your stage table, then the default ladder, then the Salesforce, HubSpot and Chinese CRM presets).",
    params: [
      param(
        'amount',
        'number',
        false,
        `The deal amount: a number or numeric text such as "1,234.50". ${RANGE_NOTE}`,
      ),
      stageParam,
      stageTableParam,
      param(
        'probability',
        'any',
        true,
        `Optional. The deal's own probability (0.7, 70 or 70%; a range is read as percents if any of its numbers exceeds 1). A blank cell falls back to the stage's probability. ${RANGE_NOTE}`,
      ),
    ],
    result: { type: 'number', description: 'The weighted amount, in the currency of the amount.' },
    example: { formula: '=FUNNEL_WEIGHT(12285, "Committed")', result: '8599.5' },
    impl: (...a) => funnelWeight(a[0], a[1], a[2], a[3]),
  },
  {
    id: 'TIER',
    name: 'TIER',
    description:
      'Value-pyramid tier of a customer: rank customers by value; a customer gets the first tier whose cut-off exceeds the share of total value held by customers strictly more valuable than it. Equal values get equal tiers; zero or negative values get the last tier.',
    params: [
      param(
        'values',
        'number',
        false,
        `The customer's value (won revenue, potential...). ${RANGE_NOTE}`,
      ),
      param(
        'population',
        'number',
        true,
        "Optional. All customers' values to rank against (blank cells skipped). Default: values itself.",
      ),
      param(
        'cutoffs',
        'any',
        true,
        'Optional. Rising cut-offs as a range or text "50%, 80%, 95%". Default 50%, 80%, 95% (method "value") or 1%, 5%, 20% (method "count").',
      ),
      param(
        'labels',
        'any',
        true,
        'Optional. Tier names, top tier first, one more than the cut-offs, as a range or text "Key, Mid, Small, Tail". Default Key account, Important, SMB, Mass market.',
      ),
      param(
        'method',
        'string',
        true,
        'Optional. "value" (default): cut-offs are shares of total value. "count": cut-offs are shares of the number of customers.',
      ),
    ],
    result: { type: 'string', description: 'The tier label.' },
    example: {
      formula: '=TIER(A2:A6)',
      result: 'Key account; Important; Important; SMB; SMB for 100, 50, 30, 10, 10',
    },
    impl: (...a) => tier(a[0], a[1], a[2], a[3], a[4]),
  },
  {
    id: 'PRODUCTIVITY',
    name: 'PRODUCTIVITY',
    description:
      'The performance equation: opportunities x win rate x average deal size, earned over one sales cycle. With cycle_days it is revenue per day (sales velocity); with period_days as well, revenue per period.',
    params: [
      param('opportunities', 'number', false, `Number of open opportunities. ${RANGE_NOTE}`),
      winRateParam('Win rate'),
      param(
        'avg_deal_size',
        'number',
        false,
        `Average deal size (mean amount of won deals). ${RANGE_NOTE}`,
      ),
      param(
        'cycle_days',
        'number',
        true,
        `Optional. Sales cycle in days (created to closed, more than 0). ${RANGE_NOTE}`,
      ),
      param(
        'period_days',
        'number',
        true,
        `Optional. Days in the period; needs cycle_days. ${RANGE_NOTE}`,
      ),
    ],
    result: { type: 'number', description: 'Expected revenue per cycle, per day or per period.' },
    example: { formula: '=PRODUCTIVITY(18, 24%, 42000, 78)', result: '2326.15384615385' },
    impl: (...a) => productivity(a[0], a[1], a[2], a[3], a[4]),
  },
  {
    id: 'FUNNEL_STAGE',
    name: 'FUNNEL_STAGE',
    description:
      'The funnel ladder stage a stage name maps to: Leads, Prospect, Opportunity, Pipeline, Upside, Committed, Won or Lost.',
    params: [stageParam, stageTableParam],
    result: { type: 'string', description: 'The ladder stage name.' },
    example: { formula: '=FUNNEL_STAGE("Negotiation/Review")', result: 'Committed' },
    impl: (...a) => funnelStage(a[0], a[1]),
  },
  {
    id: 'FUNNEL_CATEGORY',
    name: 'FUNNEL_CATEGORY',
    description:
      'The forecast category of a stage name: Omitted, Pipeline, Best Case, Commit or Closed.',
    params: [stageParam, stageTableParam],
    result: { type: 'string', description: 'The forecast category.' },
    example: { formula: '=FUNNEL_CATEGORY("高可能")', result: 'Best Case' },
    impl: (...a) => funnelCategory(a[0], a[1]),
  },
  {
    id: 'COVERAGE',
    name: 'COVERAGE',
    description:
      'Pipeline coverage: open pipeline / (target - closed to date). Required coverage is about 1 / win rate. #NUM! when closed already meets the target.',
    params: [
      param('pipeline', 'number', false, `Open pipeline for the period. ${RANGE_NOTE}`),
      param('target', 'number', false, `Target for the period. ${RANGE_NOTE}`),
      param('closed', 'number', true, `Optional. Closed (won) to date; default 0. ${RANGE_NOTE}`),
    ],
    result: { type: 'number', description: 'Coverage ratio: 3 means the pipeline is 3x the gap.' },
    example: { formula: '=COVERAGE(300000, 150000, 50000)', result: '3' },
    impl: (...a) => coverage(a[0], a[1], a[2]),
  },
  {
    id: 'OPPS_NEEDED',
    name: 'OPPS_NEEDED',
    description:
      'Opportunities needed to close the gap to target: (target - closed) / (win rate x average deal size), rounded up. 0 when the target is already met.',
    params: [
      param('target', 'number', false, `Target for the period. ${RANGE_NOTE}`),
      winRateParam('Your win rate,'),
      param('avg_deal_size', 'number', false, `Your average deal size. ${RANGE_NOTE}`),
      param('closed', 'number', true, `Optional. Closed (won) to date; default 0. ${RANGE_NOTE}`),
    ],
    result: { type: 'number', description: 'Whole number of opportunities.' },
    example: { formula: '=OPPS_NEEDED(1000000, 25%, 10000)', result: '400' },
    impl: (...a) => oppsNeeded(a[0], a[1], a[2], a[3]),
  },
  {
    id: 'STAGE_RATES',
    name: 'STAGE_RATES',
    description:
      "Stage probabilities measured on your own closed deals, smoothed for small samples: a table with a header row and, per stage, the calibrated probability, forecast category, ladder stage, n (closed deals that reached the stage or a later one), won, the raw rate won / n, a 90% interval and the previous probability. Its first four columns are a stage table: pass the result as FUNNEL_WEIGHT's stage_table.",
    params: [
      param(
        'deal_keys',
        'any',
        false,
        'The history: one row per deal and stage it was seen at, in the order they happened. This range holds the deal key (opportunity id) of each row.',
      ),
      param(
        'stages',
        'any',
        false,
        "The stage of each history row, same size as deal_keys. A deal's outcome is its latest row's: Closed Won / Closed Lost (or your won and lost stages), unless outcomes says otherwise. A deal that never closes is not counted.",
      ),
      param(
        'outcomes',
        'any',
        true,
        "Optional. Each row's outcome, same size as deal_keys: won, lost or open (TRUE = won, FALSE = lost); a blank cell takes the stage's status.",
      ),
      stageTableParam,
      param(
        'prior_strength',
        'number',
        true,
        'Optional. k, how many deals the current probability p0 is worth: rate = (won + k x p0) / (n + k). Default 10; 0 gives the raw rates.',
      ),
    ],
    result: {
      type: 'any',
      description:
        'The Stage rates table: Stage, Probability, Forecast category, Ladder stage, n, Won, Raw rate, Interval low (90%), Interval high (90%), Previous probability, Note.',
    },
    example: {
      formula: '=STAGE_RATES(A2:A200, B2:B200)',
      result: 'one row per stage, e.g. Pipeline 44%, Pipeline, Pipeline, 40, 17, 42.5%, ...',
    },
    impl: (...a) => stageRates(a[0], a[1], a[2], a[3], a[4]),
  },
];

/** A function by name or id, ignoring case and surrounding spaces; undefined if none. */
export function findFunction(name: string): FunctionSpec | undefined {
  // Excel's spelling (=SALES.FUNNEL_WEIGHT) names the same function.
  const key = name
    .trim()
    .toUpperCase()
    .replace(/^=/, '')
    .replace(/^SALES\./, '');
  return FUNCTIONS.find((f) => f.id === key || f.name === key);
}
