import { isBlank } from '../read/blank';
import { type FunnelError, isFunnelError } from '../errors';
import { resolveStage, type StageDef, type StageTable } from '../stages';

type Resolution = StageDef | FunnelError | null;

/** Per stage table (and one for "no table"): raw cell value -> resolution, kept across calls. */
const memos = new WeakMap<StageTable, Map<unknown, Resolution>>();
const builtInMemo = new Map<unknown, Resolution>();
/** A memo is cleared past this size, so a sheet of a million distinct typos cannot grow it without end. */
const MEMO_LIMIT = 10_000;

/**
 * Resolves raw stage cells: each distinct raw value is normalised and looked up
 * once, so a million cells with ten stage names cost ten lookups, and 100,000
 * single-cell formulas over the same (cached) table cost one lookup per name.
 * A blank gives null (a blank result); an unknown stage its FunnelError.
 */
export function stageResolver(table: StageTable | undefined): (raw: unknown) => Resolution {
  let seen = table ? memos.get(table) : builtInMemo;
  if (!seen) {
    seen = new Map();
    memos.set(table!, seen);
  }
  const memo = seen;
  return (raw) => {
    let hit = memo.get(raw);
    if (hit === undefined) {
      if (isBlank(raw)) hit = null;
      else {
        try {
          hit = resolveStage(raw, table);
        } catch (e) {
          if (!isFunnelError(e)) throw e;
          hit = e;
        }
      }
      // Only strings and numbers are safe keys: a Date or other object would never hit again.
      if (typeof raw === 'string' || typeof raw === 'number' || raw === null || raw === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(raw, hit);
      }
    }
    return hit;
  };
}
