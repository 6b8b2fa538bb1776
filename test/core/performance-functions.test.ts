import type { FunnelError } from '../../core/errors';
import { coverage } from '../../core/functions/coverage';
import { oppsNeeded } from '../../core/functions/opps-needed';
import { productivity } from '../../core/functions/productivity';
import { funnelCategory } from '../../core/functions/funnel-category';
import { funnelStage } from '../../core/functions/funnel-stage';

const err = (r: unknown) => r as FunnelError;

describe('PRODUCTIVITY', () => {
  it('gives the check values', () => {
    expect(productivity(18, 0.24, 42000, 78)).toBe(2326.15384615385);
    expect(productivity(18, 0.24, 42000, 78, 90)).toBe(209353.846153846);
    expect(productivity(50, 0.25, 10000)).toBe(125000);
    expect(productivity(50, 0.25, 10000, 90)).toBe(1388.88888888889);
  });

  it('takes the win rate as 0.24, "24%" or 24', () => {
    for (const rate of [0.24, '24%', 24, '0.24', '２４％']) {
      expect(productivity(18, rate, 42000, 78)).toBe(2326.15384615385);
    }
    // A range is on the percent scale if any number exceeds 1.
    expect(productivity(100, [[50], [0.5]], 10)).toEqual([[500], [5]]);
  });

  it('rejects impossible inputs cell by cell', () => {
    expect(err(productivity(-1, 0.2, 100)).code).toBe('#NUM!');
    expect(productivity(1, 1.5, 100)).toBe(1.5); // a lone number above 1 is a percent: 1.5%
    expect(err(productivity(1, '150%', 100)).code).toBe('#NUM!');
    expect(err(productivity(1, 0.2, 100, 0)).code).toBe('#DIV/0!');
    expect(err(productivity(1, 0.2, 100, -3)).code).toBe('#NUM!');
    expect(err(productivity(1, 0.2, 100, null, 30)).message).toContain(
      'period_days needs cycle_days',
    );
    expect(err(productivity('ten', 0.2, 100)).message).toContain('opportunities: "ten"');
  });

  it('blank required inputs give a blank', () => {
    expect(productivity(null, 0.2, 100)).toBeNull();
    expect(productivity(10, '', 100)).toBeNull();
    expect(productivity([[10], [null]], 0.5, 100, 10)).toEqual([[50], [null]]);
  });
});

describe('FUNNEL_STAGE and FUNNEL_CATEGORY', () => {
  it('map labels to the ladder and the forecast category', () => {
    expect(funnelStage('Negotiation/Review')).toBe('Committed');
    expect(funnelStage('需求确认')).toBe('Opportunity');
    expect(funnelStage('丢单')).toBe('Lost');
    expect(funnelCategory('Upside')).toBe('Best Case');
    expect(funnelCategory('Closed Lost')).toBe('Omitted');
    expect(funnelCategory('Contract Sent')).toBe('Pipeline'); // HubSpot's open stages are Pipeline
    expect(funnelCategory([['导引', '承诺', '成交']])).toEqual([['Omitted', 'Commit', 'Closed']]);
  });

  it('use the user table, including its category column', () => {
    const table = [
      ['Stage', 'Probability', 'Category'],
      ['Verbal', '90%', 'Commit'],
      ['Demo', '30%', ''],
    ];
    expect(funnelStage('Verbal', table)).toBe('Committed');
    expect(funnelCategory('Verbal', table)).toBe('Commit');
    expect(funnelStage('demo', table)).toBe('Opportunity');
    expect(funnelCategory('demo', table)).toBe('Pipeline');
  });

  it('unknown is #N/A, blank is blank', () => {
    expect(err(funnelStage('Limbo')).code).toBe('#N/A');
    expect(funnelCategory(null)).toBeNull();
  });
});

describe('COVERAGE', () => {
  it('is pipeline / (target - closed)', () => {
    expect(coverage(300000, 150000, 50000)).toBe(3);
    expect(coverage(450000, 150000)).toBe(3);
    expect(coverage(100, 300)).toBe(0.333333333333333);
    expect(coverage(0.3, 0.3, 0.2)).toBe(3); // not 2.9999999999999996
    expect(coverage([[100], [200]], 100)).toEqual([[1], [2]]);
  });

  it('no gap left is #NUM! that says the target is met', () => {
    const e = err(coverage(1000, 500, 600));
    expect(e.code).toBe('#NUM!');
    expect(e.message).toBe('No gap to cover: closed 600 already meets the target 500.');
    expect(err(coverage(1000, 500, 500)).code).toBe('#NUM!');
  });

  it('negative or non-numeric inputs are errors; blanks are blank', () => {
    expect(err(coverage(-1, 500)).code).toBe('#NUM!');
    expect(err(coverage('lots', 500)).code).toBe('#VALUE!');
    expect(coverage(null, 500)).toBeNull();
  });
});

describe('OPPS_NEEDED', () => {
  it('is the gap over win rate x deal size, rounded up', () => {
    expect(oppsNeeded(1000000, 0.25, 10000)).toBe(400);
    expect(oppsNeeded(1000001, 0.25, 10000)).toBe(401);
    expect(oppsNeeded(1000000, '25%', 10000, 500000)).toBe(200);
    expect(oppsNeeded(1000000, 25, 10000)).toBe(400);
  });

  it('float noise never adds an opportunity', () => {
    // 980 / (0.35 x 700) is 4.000000000000001 in binary floating point: 5 after rounding up.
    expect(Math.ceil(980 / (0.35 * 700))).toBe(5);
    expect(oppsNeeded(980, 0.35, 700)).toBe(4);
    expect(oppsNeeded(980, '35%', 700)).toBe(4);
    // 0.3 - 0.1 = 0.19999999999999998: the gap is cleaned before dividing.
    expect(oppsNeeded(0.3, 1, 0.2, 0.1)).toBe(1);
  });

  it('no gap needs no opportunities', () => {
    expect(oppsNeeded(100, 0.5, 10, 100)).toBe(0);
    expect(oppsNeeded(100, 0.5, 10, 150)).toBe(0);
  });

  it('a zero win rate or deal size is #DIV/0!', () => {
    expect(err(oppsNeeded(100, 0, 10)).code).toBe('#DIV/0!');
    expect(err(oppsNeeded(100, 0.5, 0)).code).toBe('#DIV/0!');
  });
});
