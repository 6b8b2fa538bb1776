/** The built-in sample deal sheet: deterministic, realistic, with its bad rows where the docs say. */
import { runForecast } from '../../core/engine';
import {
  SAMPLE_AS_OF,
  SAMPLE_BAD_ROWS,
  SAMPLE_RATES,
  generateSampleSheet,
} from '../../core/sample';
import { LADDER_STAGES } from '../../core/stages';

describe('sample deal sheet', () => {
  it('is the same sheet every time for a seed, and another for another seed', () => {
    expect(generateSampleSheet()).toEqual(generateSampleSheet());
    expect(generateSampleSheet({ seed: 1 }).values).not.toEqual(generateSampleSheet().values);
  });

  it('has a few hundred deals over regions, industries, owners and every ladder stage, and its planted bad rows', () => {
    const sheet = generateSampleSheet();
    const r = runForecast(sheet, {
      asOf: SAMPLE_AS_OF,
      rates: SAMPLE_RATES,
      segmentBy: ['Region'],
    });
    expect(r.counts.rows).toBe(360);
    expect(r.mapping.headerRow).toBe(3);
    expect(new Set(r.forecast.map((f) => f.segment.Region)).size).toBe(4);
    expect(r.reps.length).toBeGreaterThanOrEqual(8);
    for (const stage of LADDER_STAGES)
      expect(r.funnel.find((f) => f.stage === stage)!.deals).toBeGreaterThan(0);
    const at = (k: number) => r.issues.filter((i) => i.row === 3 + 1 + k).map((i) => i.kind);
    expect(at(SAMPLE_BAD_ROWS.badAmount)).toContain('bad-amount');
    expect(at(SAMPLE_BAD_ROWS.unknownStage)).toContain('unknown-stage');
    expect(at(SAMPLE_BAD_ROWS.blankCloseDate)).toContain('missing-close-date');
    expect(at(SAMPLE_BAD_ROWS.impossibleDate)).toContain('bad-date');
    expect(at(SAMPLE_BAD_ROWS.blankStageWithProbability)).toContain('missing-stage');
    expect(at(SAMPLE_BAD_ROWS.badProbability)).toContain('bad-probability');
    expect(r.unconverted.map((u) => u.currency)).toEqual(['JPY']);
    expect(r.counts.byKind.slipped).toBeGreaterThan(0);
    expect(r.counts.byKind.stale).toBeGreaterThan(0);
  });

  it('has a Chinese-headed variant that maps and resolves with the Chinese CRM preset', () => {
    const r = runForecast(generateSampleSheet({ language: 'zh' }), {
      asOf: SAMPLE_AS_OF,
      segmentBy: ['区域'],
    });
    expect(r.mapping.fields.amount?.header).toBe('商机金额');
    expect(r.mapping.stagePreset).toBe('chinese-crm');
    expect(r.baseCurrency).toBe('CNY');
    expect(r.counts.excluded).toBe(2); // "TBD" and the unknown stage 暂停
  });
});
