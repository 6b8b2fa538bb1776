import type { ResultCell, ResultGrid } from '../cells';
import { isBlank } from '../read/blank';
import { FunnelError, describeValue, isFunnelError } from '../errors';
import { computeStageRates, type HistoryRow } from '../rates/stage-rates';
import { readOutcome } from '../rates/outcome';
import { stageRatesGrid } from '../rates/table';
import { isOmitted, singleValue } from './args';
import { readNumber } from '../read/number';
import { guard, shapeOf } from './lift';
import { STAGE_TABLE } from './params';
import { defineFunction, param } from './spec';
import { stageTableFromArgument } from './stage-table-argument';

const DEAL_KEYS = param(
  'deal_keys',
  'any',
  false,
  'The history: one row per deal and stage it was seen at, in the order they happened. This range holds the deal key (opportunity id) of each row.',
);
const STAGES = param(
  'stages',
  'any',
  false,
  "The stage of each history row, same size as deal_keys. A deal's outcome is its latest row's: Closed Won / Closed Lost (or your won and lost stages), unless outcomes says otherwise. A deal that never closes is not counted.",
);
const OUTCOMES = param(
  'outcomes',
  'any',
  true,
  "Optional. Each row's outcome, same size as deal_keys: won, lost or open (TRUE = won, FALSE = lost); a blank cell takes the stage's status.",
);
const PRIOR_STRENGTH = param(
  'prior_strength',
  'number',
  true,
  'Optional. k, how many deals the current probability p0 is worth: rate = (won + k x p0) / (n + k). Default 10; 0 gives the raw rates.',
);

/** The cells of a range argument in row order (a single value is one cell). */
function cellsOf(name: string, arg: unknown): unknown[] {
  const shape = shapeOf(name, arg);
  if (!shape) return [arg];
  const out: unknown[] = [];
  for (const row of arg as unknown[][]) for (const v of row) out.push(v);
  return out;
}

/**
 * STAGE_RATES(deal_keys, stages, [outcomes], [stage_table], [prior_strength]):
 * the Stage rates table (header row, then one row per stage) from a stage
 * history given as rows of deal key and stage, in the order they happened.
 * A deal's outcome is its latest row's: the outcomes cell when given, else the
 * stage's status (Closed Won, Closed Lost...). Rows blank in both key and stage
 * are skipped; any other row that cannot be used fails the call with a located
 * error, since a rate computed without it would be silently wrong.
 */
export function stageRates(
  dealKeys: unknown,
  stages: unknown,
  outcomes?: unknown,
  stageTable?: unknown,
  priorStrength?: unknown,
): ResultCell | ResultGrid {
  return guard(() => {
    const table = stageTableFromArgument(stageTable);
    let k: number | undefined;
    if (!isOmitted(priorStrength)) {
      const v = singleValue(priorStrength);
      if (Array.isArray(v)) {
        throw new FunnelError('#VALUE!', `${PRIOR_STRENGTH.name}: give one number, not a range.`, {
          column: PRIOR_STRENGTH.name,
        });
      }
      const n = readNumber(v, PRIOR_STRENGTH.name);
      if (n === null || n < 0) {
        throw new FunnelError(
          '#NUM!',
          `${PRIOR_STRENGTH.name}: ${describeValue(v)} is not 0 or more; give a number of deals such as 10 (0 = raw rates).`,
          { column: PRIOR_STRENGTH.name, value: v },
        );
      }
      k = n;
    }
    const keys = cellsOf(DEAL_KEYS.name, dealKeys);
    const labels = cellsOf(STAGES.name, stages);
    if (keys.length !== labels.length) {
      throw new FunnelError(
        '#VALUE!',
        `${DEAL_KEYS.name} has ${keys.length} cells but ${STAGES.name} has ${labels.length}: give one stage per deal key (ranges of the same size).`,
        { column: STAGES.name },
      );
    }
    const outs = isOmitted(outcomes) ? null : cellsOf(OUTCOMES.name, outcomes);
    if (outs && outs.length !== keys.length) {
      throw new FunnelError(
        '#VALUE!',
        `${DEAL_KEYS.name} has ${keys.length} cells but ${OUTCOMES.name} has ${outs.length}: give one outcome cell per row (blank = from the stage).`,
        { column: OUTCOMES.name },
      );
    }
    const rows: HistoryRow[] = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const stage = labels[i];
      const out = outs ? outs[i] : null;
      for (const v of [key, stage, out]) if (isFunnelError(v)) throw v;
      if (isBlank(key) && isBlank(stage)) continue;
      const outcome = readOutcome(out);
      if (outcome === undefined) {
        throw new FunnelError(
          '#VALUE!',
          `${OUTCOMES.name} row ${i + 1}: ${describeValue(out)} is not an outcome; write won, lost, open (or TRUE for won, FALSE for lost), or leave it blank.`,
          { row: i + 1, column: OUTCOMES.name, value: out },
        );
      }
      rows.push({
        key: key as HistoryRow['key'],
        stage: stage as HistoryRow['stage'],
        outcome,
        row: i + 1,
      });
    }
    const result = computeStageRates(rows, { stageTable: table, priorStrength: k });
    const first = result.issues[0];
    if (first) {
      const column = first.column === 'key' ? DEAL_KEYS.name : STAGES.name;
      throw new FunnelError(
        first.problem.startsWith('unknown stage') ? '#N/A' : '#VALUE!',
        `${column} row ${first.row}: ${first.problem.replace(/; (the row is )?not used\.$/, '.')}`,
        { row: first.row, column, value: first.value },
      );
    }
    return stageRatesGrid(result) as ResultGrid;
  });
}

export const STAGE_RATES = defineFunction({
  id: 'STAGE_RATES',
  name: 'STAGE_RATES',
  description:
    "Stage probabilities measured on your own closed deals, smoothed for small samples: a table with a header row and, per stage, the calibrated probability, forecast category, ladder stage, n (closed deals that reached the stage or a later one), won, the raw rate won / n, a 90% interval and the previous probability. Its first four columns are a stage table: pass the result as FUNNEL_WEIGHT's stage_table.",
  params: [DEAL_KEYS, STAGES, OUTCOMES, STAGE_TABLE, PRIOR_STRENGTH],
  result: {
    type: 'any',
    description:
      'The Stage rates table: Stage, Probability, Forecast category, Ladder stage, n, Won, Raw rate, Interval low (90%), Interval high (90%), Previous probability, Note.',
  },
  example: {
    formula: '=STAGE_RATES(A2:A200, B2:B200)',
    result: 'one row per stage, e.g. Pipeline 44%, Pipeline, Pipeline, 40, 17, 42.5%, ...',
  },
  impl: stageRates,
});
