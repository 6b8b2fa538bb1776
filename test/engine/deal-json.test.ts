/** writeDealsJson: each deal's JSON written from the engine's columns equals the JSON of its DealRecord. */
import {
  runForecast,
  writeDealsJson,
  type DealRecord,
  type ForecastResult,
} from '../../core/engine';
import { jsonWritten, recordText, sampleCase } from './helpers';

/** What the command line printed for a deal before, parsed. */
const recordJson = (d: DealRecord, headers: string[]): unknown =>
  JSON.parse(recordText(d, headers));

/** The deals' JSON as writeDealsJson writes it (in chunks of `chunk` bytes), decoded, in brackets. */
const dealsText = (result: ForecastResult, chunk = 4096): string =>
  jsonWritten((out) => writeDealsJson(result, out), chunk);

describe('writeDealsJson', () => {
  it.each(['en', 'zh'] as const)(
    'matches the DealRecords of the %s sample, deal by deal',
    (language) => {
      const { sheet, settings } = sampleCase(language);
      const text = dealsText(runForecast(sheet, settings));
      const deals = JSON.parse(text) as unknown[];
      const reference = runForecast(sheet, settings);
      expect(deals).toHaveLength(reference.deals.length);
      deals.forEach((deal, i) =>
        expect(deal).toEqual(recordJson(reference.deals[i]!, reference.mapping.headers)),
      );
      // Byte for byte what the DealRecords give through JSON.stringify (a result whose deals are plain records).
      expect(dealsText({ ...reference, deals: reference.deals }, 100)).toBe(text);
    },
  );

  it('keeps a header named __proto__, and equal headers apart', () => {
    const result = runForecast(
      {
        name: 'Deals',
        values: [
          ['Stage', 'Amount', '__proto__', 'Note', 'Note'],
          ['Won', 100, 'x', 'first', 'second'],
        ],
      },
      { asOf: '2026-01-01' },
    );
    const deal = JSON.parse(dealsText(result))[0];
    expect(Object.keys(deal.original)).toEqual([
      'Stage',
      'Amount',
      '__proto__',
      'Note',
      'Note (2)',
    ]);
    expect(deal.original['Note (2)']).toBe('second');
    expect(JSON.stringify(deal.original)).toContain('"__proto__":"x"');
    // A result whose deals were replaced by hand is written from its records.
    const edited = { ...result, deals: result.deals.map((d) => ({ ...d, owner: 'Ann' })) };
    const fromRecords = JSON.parse(dealsText(edited))[0];
    expect(fromRecords).toMatchObject({ owner: 'Ann', original: { 'Note (2)': 'second' } });
    expect(Object.keys(fromRecords.original)).toContain('__proto__');
  });
});
