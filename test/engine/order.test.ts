/**
 * The engine's row order does not depend on the host's ICU (localeCompare):
 * case-folded code units, ties by raw code units, the same in Apps Script,
 * browsers and Node.
 */
import { inspectSheet, runForecast } from '../../core';
import { compareText } from '../../core/text';
import { sheet } from './helpers';

describe('compareText', () => {
  it('folds case first, then breaks ties by code units', () => {
    const words = ['beta', 'Émile', 'alpha', 'Zed', 'Alpha', '(blank)', '华东', 'emile', '10', '9'];
    expect([...words].sort(compareText)).toEqual([
      '(blank)',
      '10',
      '9',
      'Alpha',
      'alpha',
      'beta',
      'emile',
      'Zed',
      'Émile',
      '华东',
    ]);
  });

  it('is 0 only for identical strings and antisymmetric', () => {
    const words = ['a', 'A', 'b', 'B', 'ß', 'SS', 'ss', ''];
    for (const a of words) {
      for (const b of words) {
        expect(Math.sign(compareText(a, b)) + Math.sign(compareText(b, a))).toBe(0);
        expect(compareText(a, b) === 0).toBe(a === b);
      }
    }
  });
});

describe('table order', () => {
  const rows = [
    ['Amount', 'Stage', 'Close Date', 'Owner', 'Region'],
    [100, 'Won', '2026-03-01', 'émile', 'emea'],
    [200, 'Won', '2026-03-01', 'Zoe', 'EMEA'],
    [300, 'Won', '2026-03-01', 'adam', 'Éire'],
    [400, 'Won', '2026-03-01', 'Adam', 'apac'],
    [500, 'Lost', '2026-03-01', 'bo', 'Zone'],
  ];
  const run = () => runForecast(sheet(rows), { asOf: '2026-06-30', segmentBy: ['Region'] });

  it('sorts reps and forecast segments without locale rules', () => {
    const result = run();
    expect(result.reps.map((r) => r.owner)).toEqual(['Adam', 'adam', 'bo', 'Zoe', 'émile']);
    expect(result.forecast.map((f) => f.segment.Region)).toEqual([
      'apac',
      'EMEA',
      'emea',
      'Zone',
      'Éire',
    ]);
  });

  it('lists equally frequent stage labels in the same order', () => {
    const inspection = inspectSheet(
      { kind: 'sheet', id: 'Deals', label: 'Deals' },
      sheet(rows),
      {},
    );
    expect(inspection.stages.map((s) => s.label)).toEqual(['Won', 'Lost']);
    const tie = inspectSheet(
      { kind: 'sheet', id: 'Deals', label: 'Deals' },
      sheet([
        ['Amount', 'Stage'],
        [1, 'won'],
        [2, 'Lost'],
      ]),
      {},
    );
    // Ladder order first (Won before Lost), whatever the case of the labels.
    expect(tie.stages.map((s) => s.label)).toEqual(['won', 'Lost']);
  });
});
