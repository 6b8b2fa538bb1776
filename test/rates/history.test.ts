/** Stage-history files mapped without manual mapping (core/rates/history.ts). */
import type { Grid } from '../../core/cells';
import { readHistory } from '../../core/rates/history';
import { computeStageRates } from '../../core/rates/stage-rates';
import { SALESFORCE_OPPORTUNITY_HISTORY_CSV } from '../fixtures';
import { csvFileSheet } from '../engine/helpers';

describe('a Salesforce OpportunityHistory export', () => {
  const sheet = csvFileSheet(SALESFORCE_OPPORTUNITY_HISTORY_CSV);
  const read = readHistory(sheet.values);

  it('finds OpportunityId, StageName and CreatedDate by their headers (not Id, not CloseDate)', () => {
    const { col, headers } = read.mapping;
    expect([headers[col.key], headers[col.stage], headers[col.date]]).toEqual([
      'OpportunityId',
      'StageName',
      'CreatedDate',
    ]);
    expect(col.outcome).toBe(-1);
    expect(read.notes[0]).toBe(
      'History: header row 1; columns key=OpportunityId, stage=StageName, date=CreatedDate.',
    );
  });

  it('reads every row: 27 used, 1 deleted (IsDeleted) and said so', () => {
    expect(read.rows).toHaveLength(27);
    expect(read.issues).toEqual([]);
    expect(read.notes).toContain('History: 1 rows marked deleted (IsDeleted); not read.');
    // date and time: the Closed Won row of opportunity 08 (listed first) comes after its other rows
    const o8 = read.rows.filter((r) => r.key === '0065g00000Abc08AAA');
    expect(o8.map((r) => r.stage)).toEqual(['Closed Won', 'Negotiation/Review', 'Prospecting']);
    expect(o8[0]!.at!).toBeGreaterThan(o8[1]!.at!);
    expect(o8[1]!.at! - Math.floor(o8[1]!.at!)).toBeCloseTo(14 / 24, 10);
  });

  it('gives the hand-computed rates', () => {
    const r = computeStageRates(read.rows, { priorStrength: 0 });
    // Won: 01, 03, 08 (in every open stage). Lost: 02 (highest Needs Analysis),
    // 04 (Id. Decision Makers, then back to Needs Analysis), 06 (Prospecting; its
    // Negotiation/Review row is deleted). Open: 05; 07 closed lost then reopened.
    expect(r.rates.map((x) => [x.stage.label, x.n, x.won, x.rawRate])).toEqual([
      ['Prospecting', 6, 3, 0.5],
      ['Qualification', 5, 3, 0.6],
      ['Needs Analysis', 5, 3, 0.6],
      ['Value Proposition', 4, 3, 0.75],
      ['Id. Decision Makers', 4, 3, 0.75],
      ['Perception Analysis', 3, 3, 1],
      ['Proposal/Price Quote', 3, 3, 1],
      ['Negotiation/Review', 3, 3, 1],
      ['Closed Won', 3, 3, 1],
      ['Closed Lost', 3, 0, 0],
    ]);
    expect(r.counts).toMatchObject({ deals: 8, won: 3, lost: 3, open: 2, reopened: 1 });
    expect(r.notes[0]).toMatch(
      /Salesforce default stages: it knows 10 of the 10 stage names in the history/,
    );
    // With the default prior (k = 10): (3 + 10 x 0.1) / (6 + 10) at Prospecting.
    const smoothed = computeStageRates(read.rows);
    expect(smoothed.rates[0]!.probability).toBe(4 / 16);
  });
});

describe('other history shapes', () => {
  it('OpportunityFieldHistory: only the StageName rows, the stage in NewValue', () => {
    const grid: Grid = [
      ['Id', 'OpportunityId', 'CreatedDate', 'Field', 'OldValue', 'NewValue', 'IsDeleted'],
      [
        '017A',
        '006A',
        '2025-01-02T10:00:00.000Z',
        'StageName',
        'Prospecting',
        'Needs Analysis',
        'false',
      ],
      ['017B', '006A', '2025-01-03T10:00:00.000Z', 'Amount', '1000', '2000', 'false'],
      [
        '017C',
        '006A',
        '2025-01-09T10:00:00.000Z',
        'StageName',
        'Needs Analysis',
        'Closed Won',
        'false',
      ],
    ];
    const read = readHistory(grid);
    expect(read.rows.map((r) => [r.key, r.stage])).toEqual([
      ['006A', 'Needs Analysis'],
      ['006A', 'Closed Won'],
    ]);
    expect(read.notes.join(' ')).toMatch(/only the rows whose Field is StageName/);
    expect(read.notes.join(' ')).toMatch(/1 rows change other fields/);
  });

  it("Fivetran's opportunity_history: id, stage_name, _fivetran_start, is_won with is_closed", () => {
    const grid: Grid = [
      ['_fivetran_start', 'id', 'stage_name', 'is_closed', 'is_won', 'created_date'],
      ['2025-01-01 10:00:00', 'o1', 'Pipeline', 'false', 'false', '2024-12-01 00:00:00'],
      ['2025-02-01 10:00:00', 'o1', 'Committed', 'true', 'true', '2024-12-01 00:00:00'],
    ];
    const read = readHistory(grid);
    const { col, headers } = read.mapping;
    expect([headers[col.key], headers[col.stage], headers[col.date], headers[col.outcome]]).toEqual(
      ['id', 'stage_name', '_fivetran_start', 'is_won'],
    );
    expect(read.rows.map((r) => r.outcome)).toEqual(['open', 'won']);
    const r = computeStageRates(read.rows, { priorStrength: 0 });
    expect(r.counts.won).toBe(1);
  });

  it('a plain sheet with a title row and Chinese headers; the user may name the columns', () => {
    const grid: Grid = [
      ['商机阶段历史', null, null],
      ['商机编号', '阶段', '变更日期'],
      ['S-1', '评估中', '2025/03/01'],
      ['S-1', '赢单', '2025/03/20'],
    ];
    const read = readHistory(grid, {}, 1);
    expect(read.mapping.headerRow).toBe(1);
    expect(read.rows.map((r) => [r.key, r.stage, r.row])).toEqual([
      ['S-1', '评估中', 3],
      ['S-1', '赢单', 4],
    ]);
    expect(() => readHistory(grid, { key: 'Deal' })).toThrow(/no column has that header/);
    const named = readHistory(
      [
        ['A', 'B'],
        ['x', 'Pipeline'],
      ],
      { key: 'A', stage: 'B' },
    );
    expect(named.rows).toHaveLength(1);
  });

  it('a bad date is a located issue and the row still counts (as earlier)', () => {
    const read = readHistory([
      ['Deal ID', 'Deal Stage', 'Date'],
      ['h1', 'Appointment Scheduled', 'soon'],
      ['h1', 'Closed Won', '2025-01-05'],
    ]);
    expect(read.issues).toEqual([
      expect.objectContaining({ row: 2, column: 'date', value: 'soon' }),
    ]);
    expect(read.rows).toHaveLength(2);
  });

  it('says which column is missing', () => {
    expect(() => readHistory([['Amount', 'Date']])).toThrow(/no deal key column found/);
  });
});
