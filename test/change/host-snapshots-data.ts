import type { CellValue } from '../../core/cells';
import type { ForecastSettings } from '../../core/engine';
import { DEAL_COLUMNS } from '../support/deal-columns';

/**
 * Two weekly exports of one deal sheet for the host snapshot tests (Excel,
 * Sheets, the pane): every kind of move the bridge sorts, plus a column
 * ("Notes") a snapshot does not keep. Dates are Date objects (UTC midnight).
 */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export const HEADERS: string[] = ['Opportunity ID', ...DEAL_COLUMNS, 'Notes'];

/** The header of FF Snapshots after a save of these exports: the date, the key columns, no Notes. */
export const SNAPSHOT_HEADER: string[] = ['Snapshot date', 'Opportunity ID', ...DEAL_COLUMNS];

/** The export of 2026-11-02 (the earlier snapshot). */
export const WEEK_1: CellValue[][] = [
  HEADERS,
  ['OPP-1', 'Renewal', 'Acme', 'Ann', 'North', 'Proposal', 10000, day('2026-11-20'), 'call back'],
  ['OPP-2', 'Expansion', 'Globex', 'Bob', 'South', 'Negotiation', 25000, day('2026-12-10'), ''],
  ['OPP-3', 'Pilot', 'Umbrella', 'Ann', 'North', 'Qualification', 5000, day('2026-12-01'), ''],
  ['OPP-4', 'Upsell', 'Initech', 'Bob', 'South', 'Proposal', 8000, day('2026-11-15'), 'x'],
  ['OPP-5', 'New logo', 'Hooli', 'Cid', 'East', 'Discovery', 12000, day('2026-12-20'), ''],
  ['OPP-6', 'Services', 'Stark', 'Cid', 'East', 'Proposal', 3000, day('2026-10-30'), ''],
];

/** The export of 2026-11-09 (the later one): won, lost, pushed out, amount up, stage up, new. */
export const WEEK_2: CellValue[][] = [
  HEADERS,
  ['OPP-1', 'Renewal', 'Acme', 'Ann', 'North', 'Closed Won', 10000, day('2026-11-06'), ''],
  ['OPP-2', 'Expansion', 'Globex', 'Bob', 'South', 'Negotiation', 30000, day('2026-12-10'), ''],
  ['OPP-3', 'Pilot', 'Umbrella', 'Ann', 'North', 'Proposal', 5000, day('2026-12-01'), ''],
  ['OPP-4', 'Upsell', 'Initech', 'Bob', 'South', 'Proposal', 8000, day('2027-02-15'), ''],
  ['OPP-5', 'New logo', 'Hooli', 'Cid', 'East', 'Closed Lost', 12000, day('2026-12-20'), ''],
  ['OPP-7', 'Add-on', 'Acme', 'Ann', 'North', 'Discovery', 4000, day('2026-12-15'), 'new'],
];

export const D1 = '2026-11-02';
export const D2 = '2026-11-09';

export const SETTINGS: ForecastSettings = {
  asOf: D2,
  period: 'quarter',
  fiscalYearStart: 1,
  segmentBy: ['Region'],
};
