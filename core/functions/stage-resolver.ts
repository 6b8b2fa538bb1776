import { isBlank } from '../cells';
import { type FunnelError, isFunnelError } from '../errors';
import { resolveStage, type StageDef, type StageTable } from '../stages';

/** BLANK marks a blank stage cell in the cache (a blank gives a blank result). */
export const BLANK = null;

/**
 * Resolves raw stage cells for one call: each distinct raw value is normalised
 * and looked up once, so a million cells with ten stage names cost ten lookups.
 */
export function stageResolver(
  table: StageTable | undefined,
): (raw: unknown) => StageDef | FunnelError | null {
  const seen = new Map<unknown, StageDef | FunnelError | null>();
  return (raw) => {
    let hit = seen.get(raw);
    if (hit === undefined) {
      if (isBlank(raw)) hit = BLANK;
      else {
        try {
          hit = resolveStage(raw, table);
        } catch (e) {
          if (!isFunnelError(e)) throw e;
          hit = e;
        }
      }
      seen.set(raw, hit);
    }
    return hit;
  };
}
