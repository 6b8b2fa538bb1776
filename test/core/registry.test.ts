import { FUNCTIONS, findFunction } from '../../core/functions/registry';
import { resultToJson } from '../../cli/fn-command';

/** Splits the literal arguments of an example formula: numbers, 24%, "text". */
function literalArgs(formula: string): unknown[] | null {
  const inner = /^=\w+\((.*)\)$/.exec(formula)?.[1];
  if (inner === undefined) return null;
  const parts = inner.match(/"[^"]*"|[^,]+/g) ?? [];
  const out: unknown[] = [];
  for (const raw of parts.map((p) => p.trim())) {
    if (/^"/.test(raw)) out.push(raw.slice(1, -1));
    else if (/^-?\d+(\.\d+)?%$/.test(raw)) out.push(raw);
    else if (/^-?\d+(\.\d+)?$/.test(raw)) out.push(Number(raw));
    else return null; // a cell reference: not evaluable here
  }
  return out;
}

describe('function registry (source of both hosts’ metadata)', () => {
  it('lists the seven functions with permanent upper-case ids', () => {
    expect(FUNCTIONS.map((f) => f.id)).toEqual([
      'FUNNEL_WEIGHT',
      'TIER',
      'PRODUCTIVITY',
      'FUNNEL_STAGE',
      'FUNNEL_CATEGORY',
      'COVERAGE',
      'OPPS_NEEDED',
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
      if (args === null) return; // uses cell references (TIER): covered by its own tests
      const r = f.impl(...args);
      expect(typeof r === 'string' ? r : resultToJson(r)).toBe(f.example.result);
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
