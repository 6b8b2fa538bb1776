/**
 * The worksheet functions, as a list. Each function's spec (name, parameters, help, example,
 * result) sits beside its implementation in its own file (core/functions/spec.ts says what a
 * spec is); both hosts' metadata (Excel JSDoc / functions.json, Apps Script @customfunction
 * stubs) and the command line's `fn` come from this list, and core/functions/invoke.ts calls one.
 * Ids are permanent once shipped: never rename one; a new function goes at the end.
 *
 * The spec with id X is exported as X from core/functions/<x-in-kebab-case>.ts (FUNNEL_WEIGHT
 * from funnel-weight.ts): the generated Excel wrappers import it from there.
 */
import { COVERAGE } from './coverage';
import { FUNNEL_CATEGORY } from './funnel-category';
import { FUNNEL_STAGE } from './funnel-stage';
import { FUNNEL_WEIGHT } from './funnel-weight';
import { OPPS_NEEDED } from './opps-needed';
import { PRODUCTIVITY } from './productivity';
import type { FunctionSpec } from './spec';
import { STAGE_RATES } from './stage-rates';
import { TIER } from './tier';

export type { FunctionSpec, ParamSpec, ParamType, ResultSpec } from './spec';
export { signatureOf } from './spec';
export { invoke, type HostHooks } from './invoke';
export const FUNCTIONS: readonly FunctionSpec[] = [
  FUNNEL_WEIGHT,
  TIER,
  PRODUCTIVITY,
  FUNNEL_STAGE,
  FUNNEL_CATEGORY,
  COVERAGE,
  OPPS_NEEDED,
  STAGE_RATES,
];

const BY_ID: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTIONS.map((f) => [f.id, f]));

/** A function by its permanent id, exactly as the hosts' generated globals pass it. */
export function functionById(id: string): FunctionSpec | undefined {
  return BY_ID.get(id);
}

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
