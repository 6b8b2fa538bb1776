import type { ResultCell, ResultGrid } from '../cells';
import { isBlank } from '../cells';
import { FunnelError, describeValue, isFunnelError } from '../errors';
import { computeStageRates, type HistoryRow } from '../rates/stage-rates';
import { readOutcome } from '../rates/outcome';
import { stageRatesGrid } from '../rates/table';
import { isOmitted, readNumber, singleValue } from './args';
import { guard, shapeOf } from './lift';
import { stageTableFromArgument } from './stage-table-argument';

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
        throw new FunnelError('#VALUE!', 'prior_strength: give one number, not a range.', {
          column: 'prior_strength',
        });
      }
      const n = readNumber(v, 'prior_strength');
      if (n === null || n < 0) {
        throw new FunnelError(
          '#NUM!',
          `prior_strength: ${describeValue(v)} is not 0 or more; give a number of deals such as 10 (0 = raw rates).`,
          { column: 'prior_strength', value: v },
        );
      }
      k = n;
    }
    const keys = cellsOf('deal_keys', dealKeys);
    const labels = cellsOf('stages', stages);
    if (keys.length !== labels.length) {
      throw new FunnelError(
        '#VALUE!',
        `deal_keys has ${keys.length} cells but stages has ${labels.length}: give one stage per deal key (ranges of the same size).`,
        { column: 'stages' },
      );
    }
    const outs = isOmitted(outcomes) ? null : cellsOf('outcomes', outcomes);
    if (outs && outs.length !== keys.length) {
      throw new FunnelError(
        '#VALUE!',
        `deal_keys has ${keys.length} cells but outcomes has ${outs.length}: give one outcome cell per row (blank = from the stage).`,
        { column: 'outcomes' },
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
          `outcomes row ${i + 1}: ${describeValue(out)} is not an outcome; write won, lost, open (or TRUE for won, FALSE for lost), or leave it blank.`,
          { row: i + 1, column: 'outcomes', value: out },
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
      const column = first.column === 'key' ? 'deal_keys' : 'stages';
      throw new FunnelError(
        first.problem.startsWith('unknown stage') ? '#N/A' : '#VALUE!',
        `${column} row ${first.row}: ${first.problem.replace(/; (the row is )?not used\.$/, '.')}`,
        { row: first.row, column, value: first.value },
      );
    }
    return stageRatesGrid(result) as ResultGrid;
  });
}
