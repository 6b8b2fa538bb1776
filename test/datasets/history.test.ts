/**
 * Fivetran's Salesforce opportunity_history seed (../shared/datasets/salesforce-api-headers,
 * Apache-2.0, SOURCE.txt there): snake_case API headers mapped without manual mapping.
 * Its stage names are hashed, so the rates themselves come from a stage table that names them.
 */
import { parseStageTable } from '../../core/stages';
import { readHistory } from '../../core/rates/history';
import { computeStageRates } from '../../core/rates/stage-rates';
import { datasetSheet } from './support';

const FILE = 'salesforce-api-headers/sf_opportunity_history_data.csv';

describe('sf_opportunity_history_data.csv (Fivetran opportunity_history)', () => {
  const grid = datasetSheet(FILE).values;

  it('maps id, stage_name, _fivetran_start and is_won with is_closed; every row is deleted and said so', () => {
    const read = readHistory(grid);
    const { col, headers } = read.mapping;
    expect([headers[col.key], headers[col.stage], headers[col.date], headers[col.outcome]]).toEqual(
      ['id', 'stage_name', '_fivetran_start', 'is_won'],
    );
    expect(read.notes.join(' ')).toMatch(/outcome from is_won with is_closed/);
    expect(read.rows).toHaveLength(0);
    expect(read.notes).toContain('History: 10 rows marked deleted (is_deleted); not read.');
  });

  it('without the deleted flag: 10 rows in, 10 unknown (hashed) stages reported; named in a stage table, 5 won, 4 lost, 1 open', () => {
    const del = grid[0]!.indexOf('is_deleted');
    const kept = grid.map((r) => r.filter((_, i) => i !== del));
    const read = readHistory(kept);
    expect(read.rows).toHaveLength(10);
    const unknown = computeStageRates(read.rows);
    expect(unknown.issues).toHaveLength(10);
    expect(unknown.counts.rowsUsed + unknown.issues.length).toBe(10);
    const table = parseStageTable([
      ['GavUFuuf4DrnQAoiRGlWpQ==', 1, 'Closed', 'Won'],
      ['tXi3M8u3iPxq0ggxTSxMKw==', 0, 'Omitted', 'Lost'],
      ['9RN9J3tlxr89gDctReax5w==', 0.9, 'Commit', 'Committed'],
    ]);
    const r = computeStageRates(read.rows, { stageTable: table, priorStrength: 0 });
    expect(r.issues).toEqual([]);
    expect(r.counts).toMatchObject({ deals: 10, won: 5, lost: 4, open: 1 });
  });
});
