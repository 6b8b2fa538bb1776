/**
 * Settings saved in a workbook (Excel's document settings, Sheets' document
 * properties) or a browser's storage come back from a file anyone may have
 * edited: one rule for what is kept. Each host only stores and fetches.
 */
import type { ForecastSettings } from '../engine/types';

/** The version of the saved form: { version, settings }. */
export const SAVED_SETTINGS_VERSION = 1;

const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isIsoText = (x: unknown): boolean => isString(x) && /^\d{4}-\d{2}-\d{2}$/.test(x);
const isGrid = (x: unknown): boolean => Array.isArray(x) && x.every((row) => Array.isArray(row));
const isStringRecord = (x: unknown): boolean =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  Object.values(x).every((v) => v === null || isString(v));

/** Which check each setting must pass; a value that fails is dropped, not trusted. */
const CHECKS: Record<keyof ForecastSettings, (x: unknown) => boolean> = {
  mapping: isStringRecord,
  stageTable: isGrid,
  segmentBy: (x) => Array.isArray(x) && x.every(isString),
  period: (x) => x === 'month' || x === 'quarter' || x === 'year',
  fiscalYearStart: (x) => isNumber(x) && Number.isInteger(x) && x >= 1 && x <= 12,
  asOf: isIsoText,
  targets: isGrid,
  targetsRange: isString,
  rates: isGrid,
  ratesRange: isString,
  compareWith: isIsoText,
  compareSource: (x) =>
    typeof x === 'object' &&
    x !== null &&
    ['table', 'sheet'].includes((x as { kind?: unknown }).kind as string) &&
    isString((x as { id?: unknown }).id) &&
    isString((x as { label?: unknown }).label),
  compareWindow: isString,
  compareKey: isString,
  baseCurrency: isString,
  tierMeasure: (x) => x === 'won' || x === 'open' || x === 'weighted' || x === 'total',
  staleDays: (x) => isNumber(x) && x >= 0,
  headerRow: (x) => isNumber(x) && Number.isInteger(x) && x >= 0,
  dayOrder: (x) => x === 'day-first' || x === 'month-first',
  decimalSeparator: (x) => x === '.' || x === ',',
  keepRaggedRows: (x) => typeof x === 'boolean',
};

/** The well-formed settings of an object read back (unknown and malformed ones dropped); null for a non-object. */
export function cleanSettings(raw: unknown): ForecastSettings | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const clean: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(CHECKS)) {
    const value = (raw as Record<string, unknown>)[key];
    if (value !== undefined && check(value)) clean[key] = value;
  }
  return clean as ForecastSettings;
}

/** The saved form of settings: { version, settings } (the host serialises it its own way). */
export function toSavedForm(settings: ForecastSettings): {
  version: number;
  settings: ForecastSettings;
} {
  return { version: SAVED_SETTINGS_VERSION, settings };
}

/** Settings from their saved form: null for another version or a damaged save, else the well-formed ones. */
export function fromSavedForm(raw: unknown): ForecastSettings | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { version, settings } = raw as { version?: unknown; settings?: unknown };
  if (version !== SAVED_SETTINGS_VERSION) return null;
  return cleanSettings(settings);
}
