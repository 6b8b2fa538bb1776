import { coverage as coverageFn } from '../../core/functions/coverage';
import { oppsNeeded } from '../../core/functions/opps-needed';
import { productivity } from '../../core/functions/productivity';
import { attainment, coverage, gap, opportunitiesNeeded, velocity } from '../../core/plan';

describe('core/plan.ts: one rule for coverage, opportunities needed and velocity', () => {
  it('coverage = open / (target - closed); null with nothing left to cover', () => {
    expect(coverage(300, 200, 50)).toBe(2);
    expect(coverage(300, 200, 200)).toBeNull();
    expect(coverage(300, 200, 250)).toBeNull();
    // Float noise is cleaned: 0.3 / 0.1 is 3, not 2.9999999999999996.
    expect(coverage(0.3, 0.1, 0)).toBe(3);
  });

  it('opportunities needed: rounded up after cleaning; 0 with no gap; null when an opportunity closes nothing', () => {
    expect(opportunitiesNeeded(1000, 0.25, 100)).toBe(40);
    expect(opportunitiesNeeded(0.3, 0.1, 1)).toBe(3); // 2.9999999999999996 would round up to 3 anyway
    expect(opportunitiesNeeded(0.7, 0.1, 1)).toBe(7); // 6.999999999999999 before cleaning
    expect(opportunitiesNeeded(-5, 0, 0)).toBe(0);
    expect(opportunitiesNeeded(10, 0, 100)).toBeNull();
    expect(opportunitiesNeeded(10, 0.5, 0)).toBeNull();
  });

  it('velocity: per cycle, per day, per period; null for a cycle that is not above 0', () => {
    expect(velocity(10, 0.5, 1000)).toBe(5000);
    expect(velocity(10, 0.5, 1000, 50)).toBe(100);
    expect(velocity(10, 0.5, 1000, 50, 30)).toBe(3000);
    expect(velocity(10, 0.5, 1000, 0)).toBeNull();
  });

  it('the worksheet functions give what the module gives, and its nulls as errors that say why', () => {
    expect(coverageFn(300, 200, 50)).toBe(coverage(300, 200, 50));
    expect(coverageFn('USD 300', '$200', 50)).toBe(2);
    expect((coverageFn(300, 200, 200) as Error & { code: string }).code).toBe('#NUM!');
    expect(oppsNeeded(1000, '25%', 100)).toBe(opportunitiesNeeded(1000, 0.25, 100));
    expect((oppsNeeded(1000, 0, 100) as Error & { code: string }).code).toBe('#DIV/0!');
    expect(productivity(10, '50%', 1000, 50, 30)).toBe(velocity(10, 0.5, 1000, 50, 30));
  });
});

describe('core/plan.ts: gap and attainment (the tables and the pane)', () => {
  it('gap is the target less each forecast part, cleaned of float noise', () => {
    expect(gap(1000.3, 0.1, 0.2)).toBe(1000);
    expect(1000.3 - 0.1 - 0.2).not.toBe(1000);
    expect(gap(1000, 1250.5)).toBe(-250.5);
    expect(gap(1000)).toBe(1000);
  });

  it('attainment is closed / target, none without a target above 0', () => {
    expect(attainment(0.7, 1)).toBe(0.7);
    expect(attainment(1, 3)).toBe(0.333333333333333);
    expect(attainment(100, 0)).toBeNull();
    expect(attainment(100, -5)).toBeNull();
  });
});
