/**
 * The columns of a deal export that every hand-made deal sheet of the tests
 * (and the Sheets benchmark) has, in this order; each fixture adds its own
 * columns around them (an id, Created, Notes, Currency).
 */
export const DEAL_COLUMNS = [
  'Opportunity',
  'Account',
  'Owner',
  'Region',
  'Stage',
  'Amount',
  'Close Date',
] as const;
