import { type ResultCell, type ResultGrid } from '../cells';
import { isBlank } from '../read/blank';
import { FunnelError, describeValue } from '../errors';
import { detectProbabilityScale, parseProbability } from '../probability';
import { normalizeLabel } from '../text';
import {
  DEFAULT_COUNT_CUTOFFS,
  DEFAULT_TIER_LABELS,
  DEFAULT_VALUE_CUTOFFS,
  TierScale,
  type TierMethod,
} from '../tiers';
import { isOmitted, singleValue } from './args';
import { readNumber } from '../read/number';
import { guard, lift, shapeOf } from './lift';
import { RANGE_NOTE } from './params';
import { defineFunction, param } from './spec';

const VALUES = param(
  'values',
  'number',
  false,
  `The customer's value (won revenue, potential...). ${RANGE_NOTE}`,
);
const POPULATION = param(
  'population',
  'number',
  true,
  "Optional. All customers' values to rank against (blank cells skipped). Default: values itself.",
);
const CUTOFFS = param(
  'cutoffs',
  'any',
  true,
  'Optional. Rising cut-offs as a range or text "50%, 80%, 95%". Default 50%, 80%, 95% (method "value") or 1%, 5%, 20% (method "count").',
);
const LABELS = param(
  'labels',
  'any',
  true,
  'Optional. Tier names, top tier first, one more than the cut-offs, as a range or text "Key, Mid, Small, Tail". Default Key account, Important, SMB, Mass market.',
);
const METHOD = param(
  'method',
  'string',
  true,
  'Optional. "value" (default): cut-offs are shares of total value. "count": cut-offs are shares of the number of customers.',
);

/** Separators of the text forms "50%, 80%, 95%" and "Key, Mid, Tail" (ASCII and CJK). */
const LIST_SEPARATOR = /[,;，；、]/;

interface ListItem {
  value: unknown;
  where: string;
}

/** The non-blank items of a list argument: a range (any shape) or one comma-separated text. */
function listItems(whole: unknown, param: string): ListItem[] {
  const arg = singleValue(whole);
  if (Array.isArray(arg)) {
    shapeOf(param, arg);
    const items: ListItem[] = [];
    (arg as unknown[][]).forEach((row, r) =>
      row.forEach((value, c) => {
        if (!isBlank(value))
          items.push({ value, where: `${param} (row ${r + 1}, column ${c + 1})` });
      }),
    );
    return items;
  }
  if (typeof arg === 'string') {
    return arg
      .split(LIST_SEPARATOR)
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .map((value, i) => ({ value, where: `${param} (item ${i + 1})` }));
  }
  return [{ value: arg, where: param }];
}

function readMethod(whole: unknown): TierMethod {
  if (isOmitted(whole)) return 'value';
  const arg = singleValue(whole);
  const key = typeof arg === 'string' ? normalizeLabel(arg) : '';
  if (key === 'value' || key === '价值') return 'value';
  if (key === 'count' || key === '数量') return 'count';
  throw new FunnelError(
    '#VALUE!',
    `${METHOD.name}: ${describeValue(arg)} is not a tiering method; write "value" (share of total value, the default) or "count" (share of customers).`,
    { column: METHOD.name, value: arg },
  );
}

function readCutoffs(arg: unknown): number[] | undefined {
  if (isOmitted(arg)) return undefined;
  const items = listItems(arg, CUTOFFS.name);
  if (items.length === 0) return undefined;
  const scale = detectProbabilityScale(items.map((i) => i.value));
  const cutoffs = items.map(({ value, where }) => {
    const p = parseProbability(value, scale, where);
    if (p === null || p <= 0) {
      throw new FunnelError(
        '#NUM!',
        `${where}: a cut-off must be more than 0% (got ${describeValue(value)}).`,
        {
          column: CUTOFFS.name,
          value,
        },
      );
    }
    return p;
  });
  for (let i = 1; i < cutoffs.length; i++) {
    if (!(cutoffs[i]! > cutoffs[i - 1]!)) {
      throw new FunnelError(
        '#NUM!',
        `${CUTOFFS.name} must rise from the top tier down, e.g. 50%, 80%, 95%; ${describeValue(items[i]!.value)} does not exceed ${describeValue(items[i - 1]!.value)}.`,
        { column: CUTOFFS.name, value: items[i]!.value },
      );
    }
  }
  return cutoffs;
}

function readLabels(arg: unknown): string[] | undefined {
  if (isOmitted(arg)) return undefined;
  const labels = listItems(arg, LABELS.name).map(({ value }) =>
    value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim(),
  );
  if (labels.length === 0) return undefined;
  if (labels.length < 2) {
    throw new FunnelError(
      '#VALUE!',
      `${LABELS.name}: give at least two tier labels, top tier first.`,
      {
        column: LABELS.name,
      },
    );
  }
  return labels;
}

/** The rule's cut-offs and labels, reconciled: one more label than cut-offs. */
function tierRule(method: TierMethod, cutoffsArg: unknown, labelsArg: unknown) {
  const defaults = method === 'value' ? DEFAULT_VALUE_CUTOFFS : DEFAULT_COUNT_CUTOFFS;
  let cutoffs = readCutoffs(cutoffsArg);
  let labels = readLabels(labelsArg);
  if (!cutoffs && !labels) return { cutoffs: [...defaults], labels: [...DEFAULT_TIER_LABELS] };
  if (!cutoffs) {
    if (labels!.length !== defaults.length + 1) {
      throw new FunnelError(
        '#VALUE!',
        `${LABELS.name}: ${labels!.length} labels need ${labels!.length - 1} cutoffs; give the ${CUTOFFS.name} argument too (the default has ${defaults.length}).`,
        { column: LABELS.name },
      );
    }
    cutoffs = [...defaults];
  }
  if (!labels) {
    labels =
      cutoffs.length === defaults.length
        ? [...DEFAULT_TIER_LABELS]
        : Array.from({ length: cutoffs.length + 1 }, (_, i) => `Tier ${i + 1}`);
  }
  if (labels.length !== cutoffs.length + 1) {
    throw new FunnelError(
      '#VALUE!',
      `${LABELS.name}: ${cutoffs.length} cutoffs make ${cutoffs.length + 1} tiers, but ${labels.length} labels were given.`,
      { column: LABELS.name },
    );
  }
  return { cutoffs, labels };
}

/** The population's numbers: blanks skipped, anything else that is not a number is an error naming its cell. */
function readPopulation(whole: unknown): number[] {
  const arg = singleValue(whole);
  const out: number[] = [];
  if (!Array.isArray(arg)) {
    const n = readNumber(arg, POPULATION.name);
    if (n !== null) out.push(n);
    return out;
  }
  shapeOf(POPULATION.name, arg);
  (arg as unknown[][]).forEach((row, r) =>
    row.forEach((value, c) => {
      const n = readNumber(value, `${POPULATION.name} (row ${r + 1}, column ${c + 1})`);
      if (n !== null) out.push(n);
    }),
  );
  return out;
}

/** When values is its own population, its unusable cells are errors in their own places only. */
function numbersOf(arg: unknown): number[] {
  const out: number[] = [];
  const cells = Array.isArray(arg) ? (arg as unknown[][]).flat() : [arg];
  for (const value of cells) {
    try {
      const n = readNumber(value, VALUES.name);
      if (n !== null) out.push(n);
    } catch {
      // reported in that value's own cell by the lifted call below
    }
  }
  return out;
}

/**
 * TIER(values, [population], [cutoffs], [labels], [method]): the value-pyramid
 * tier of each value within the population (docs/method.md#the-value-pyramid).
 */
export function tier(
  values: unknown,
  population?: unknown,
  cutoffs?: unknown,
  labels?: unknown,
  method?: unknown,
): ResultCell | ResultGrid {
  return guard(() => {
    const m = readMethod(method);
    const rule = tierRule(m, cutoffs, labels);
    const pop = isOmitted(population) ? numbersOf(values) : readPopulation(population);
    const scale = new TierScale(pop, { method: m, cutoffs: rule.cutoffs });
    return lift([VALUES.name], [values], (v) => {
      const x = readNumber(v[0], VALUES.name);
      if (x === null) return null;
      return rule.labels[scale.tierIndex(x)]!;
    });
  });
}

export const TIER = defineFunction({
  id: 'TIER',
  name: 'TIER',
  description:
    'Value-pyramid tier of a customer: rank customers by value; a customer gets the first tier whose cut-off exceeds the share of total value held by customers strictly more valuable than it. Equal values get equal tiers; zero or negative values get the last tier.',
  params: [VALUES, POPULATION, CUTOFFS, LABELS, METHOD],
  result: { type: 'string', description: 'The tier label.' },
  example: {
    formula: '=TIER(A2:A6)',
    result: 'Key account; Important; Important; SMB; SMB for 100, 50, 30, 10, 10',
  },
  impl: tier,
});
