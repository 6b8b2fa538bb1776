/** Parameters several functions share, each described once (core/functions/spec.ts `param`). */
import { param } from './spec';

export const RANGE_NOTE = 'A single value or a range.';

export const STAGE_TABLE = param(
  'stage_table',
  'any',
  true,
  'Optional. Your stage table: a range of 2, 3 or 4 columns (stage name, probability as 0.7, 70 or 70%, optional forecast category, optional ladder stage such as Lost), header row allowed. Stages not in it fall back to the default ladder and the Salesforce, HubSpot and Chinese CRM presets.',
);

export const STAGE = param(
  'stage',
  'string',
  false,
  `The deal's stage name, e.g. Committed, 评估中 or Closed Won. Case, spaces and full-width letters do not matter. ${RANGE_NOTE}`,
);

/** A win rate; `what` starts its description ("Win rate", "Your win rate,"). */
export const winRateParam = (what: string) =>
  param(
    'win_rate',
    'any',
    false,
    `${what} written 0.24, 24% or 24 (a range is read as percents if any of its numbers exceeds 1). ${RANGE_NOTE}`,
  );

/** A target for the period (COVERAGE, OPPS_NEEDED). */
export const TARGET = param('target', 'number', false, `Target for the period. ${RANGE_NOTE}`);

/** Closed (won) to date, default 0 (COVERAGE, OPPS_NEEDED). */
export const CLOSED = param(
  'closed',
  'number',
  true,
  `Optional. Closed (won) to date; default 0. ${RANGE_NOTE}`,
);
