import { FUNCTIONS, findFunction } from '../../core/functions/registry';
import { resultToJson } from '../../cli/fn-command';

/** One literal: a number, 24%, "text", or an array constant {1;2;3} (rows split by ;). */
function literal(raw: string): unknown {
  if (/^"/.test(raw)) return raw.slice(1, -1);
  if (/^-?\d+(\.\d+)?%$/.test(raw)) return raw;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const array = /^\{(.*)\}$/.exec(raw);
  if (array) return array[1]!.split(';').map((row) => row.split(',').map((c) => literal(c.trim())));
  return undefined; // a cell reference: not evaluable here
}

/** The literal arguments of an example formula, or null if one is a cell reference. */
function literalArgs(formula: string): unknown[] | null {
  const inner = /^=\w+\((.*)\)$/.exec(formula)?.[1];
  if (inner === undefined) return null;
  const parts = inner.match(/"[^"]*"|\{[^}]*\}|[^,]+/g) ?? [];
  const out = parts.map((p) => literal(p.trim()));
  return out.includes(undefined) ? null : out;
}

/** A result as the example describes it: a spilled range as its cells joined by "; ". */
function shown(result: unknown): string {
  if (Array.isArray(result)) return (result as unknown[][]).flat().map(shown).join('; ');
  return typeof result === 'string' ? result : resultToJson(result);
}

describe('function registry (source of both hosts’ metadata)', () => {
  it('lists the functions with permanent upper-case ids, new ones added at the end', () => {
    expect(FUNCTIONS.map((f) => f.id)).toEqual([
      'FUNNEL_WEIGHT',
      'TIER',
      'PRODUCTIVITY',
      'FUNNEL_STAGE',
      'FUNNEL_CATEGORY',
      'COVERAGE',
      'OPPS_NEEDED',
      'STAGE_RATES',
    ]);
    for (const f of FUNCTIONS) expect(f.name).toBe(f.id);
  });

  it.each(FUNCTIONS.map((f) => [f.id, f] as const))(
    '%s has complete user-facing help',
    (_id, f) => {
      expect(f.description.length).toBeGreaterThan(40);
      expect(f.description).toMatch(/\.$/);
      expect(f.result.description).toMatch(/\.$/);
      const names = f.params.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      let seenOptional = false;
      for (const p of f.params) {
        expect(p.name).toMatch(/^[a-z][a-z_]*$/);
        expect(p.description).toMatch(/\.$/);
        expect(['number', 'string', 'any']).toContain(p.type);
        // Optional parameters come last and say so first.
        if (p.optional) seenOptional = true;
        else expect(seenOptional).toBe(false);
        expect(p.description.startsWith('Optional.')).toBe(p.optional);
      }
      expect(f.example.formula.startsWith(`=${f.name}(`)).toBe(true);
    },
  );

  it.each(FUNCTIONS.map((f) => [f.id, f] as const))(
    '%s example returns what its help says',
    (_id, f) => {
      const args = literalArgs(f.example.formula);
      // TIER's and STAGE_RATES's examples point at cells; their check values are asserted
      // in tier.test.ts and test/rates/stage-rates.test.ts.
      if (args === null) return expect(['TIER', 'STAGE_RATES']).toContain(f.id);
      // The stated result may add a note after the value.
      expect(f.example.result.startsWith(shown(f.impl(...args)))).toBe(true);
    },
  );

  it('findFunction ignores case and spaces', () => {
    expect(findFunction(' funnel_weight ')?.id).toBe('FUNNEL_WEIGHT');
    expect(findFunction('NOPE')).toBeUndefined();
  });

  it('impl never throws a FunnelError, even for a whole-call problem', () => {
    for (const f of FUNCTIONS) {
      const r = f.impl(...f.params.map(() => [[1], [2, 3]]));
      expect(r).toBeInstanceOf(Error);
    }
  });
});
