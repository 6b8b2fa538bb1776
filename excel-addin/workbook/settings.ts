import type { ForecastSettings } from '../../core';

/**
 * The part of Office.Settings the add-in uses: the workbook's document
 * settings, saved inside the file, so everyone who opens the workbook gets the
 * same stages and mapping.
 */
export interface SettingsStore {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback: (result: { status: string; error?: { message: string } }) => void): void;
}

export const SETTINGS_KEY = 'FunnelForecast.settings';
const VERSION = 1;

function save(store: SettingsStore): Promise<void> {
  return new Promise((resolve, reject) => {
    store.saveAsync((result) => {
      if (result.status === 'succeeded') resolve();
      else
        reject(
          new Error(
            `The workbook did not save the settings: ${result.error?.message ?? result.status}`,
          ),
        );
    });
  });
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
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
  asOf: (x) => isString(x) && /^\d{4}-\d{2}-\d{2}$/.test(x),
  targets: isGrid,
  targetsRange: isString,
  rates: isGrid,
  ratesRange: isString,
  compareWith: (x) => isString(x) && /^\d{4}-\d{2}-\d{2}$/.test(x),
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

/** Settings read back from a workbook someone else may have edited: keep what is well-formed. */
export function sanitizeSettings(raw: unknown): ForecastSettings | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { version, settings } = raw as { version?: unknown; settings?: unknown };
  if (version !== VERSION || typeof settings !== 'object' || settings === null) return null;
  const clean: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(CHECKS)) {
    const value = (settings as Record<string, unknown>)[key];
    if (value !== undefined && check(value)) clean[key] = value;
  }
  return clean as ForecastSettings;
}

export async function loadSettings(store: SettingsStore): Promise<ForecastSettings | null> {
  return sanitizeSettings(store.get(SETTINGS_KEY));
}

export async function saveSettings(
  store: SettingsStore,
  settings: ForecastSettings,
): Promise<void> {
  // A JSON round trip keeps only plain data (no functions, no undefined).
  store.set(SETTINGS_KEY, { version: VERSION, settings: JSON.parse(JSON.stringify(settings)) });
  await save(store);
}

export async function clearSettings(store: SettingsStore): Promise<void> {
  store.remove(SETTINGS_KEY);
  await save(store);
}
