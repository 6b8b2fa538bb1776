/**
 * The shared function vectors (test/vectors/functions.json) through the built
 * Code.js, called as Sheets calls a custom function: an omitted argument is
 * missing, an empty cell in a range is "". Each result must equal the vector
 * and core's own result cell for cell: numbers and text identical, an error
 * cell shown as the text "CODE: message" (same code, core's message), and an
 * error of a whole single-value call thrown with core's message.
 */
import vectors from '../vectors/functions.json';
import { findFunction } from '../../core/functions/registry';
import { loadProject, type LoadedProject } from './support/bundle';
import { observe, sheetsView } from './support/sheets-view';

interface VectorCase {
  id: string;
  fn: string;
  args: unknown[];
  expect: unknown;
  hosts?: string[];
}

// Cases with input cells holding errors are Excel's (allowErrorForDataTypeAny):
// Google documents no way for a custom function to receive an error cell.
const cases = (vectors as { cases: VectorCase[] }).cases.filter(
  (c) => !c.hosts || c.hosts.includes('sheets'),
);

function sheetsArgs(args: unknown[]): unknown[] {
  return args.map((a) =>
    a === null
      ? undefined
      : Array.isArray(a)
        ? a.map((row) => (Array.isArray(row) ? row.map((v) => (v === null ? '' : v)) : row))
        : a,
  );
}

const isErrorExpect = (e: unknown): e is { error: string } =>
  typeof e === 'object' && e !== null && !Array.isArray(e) && 'error' in e;

let project: LoadedProject;
beforeAll(() => {
  project = loadProject();
});

test('the vectors cover every custom function of the bundle', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  const names = new Set(cases.map((c) => c.fn.toUpperCase()));
  for (const name of [
    'FUNNEL_WEIGHT',
    'TIER',
    'PRODUCTIVITY',
    'FUNNEL_STAGE',
    'FUNNEL_CATEGORY',
    'COVERAGE',
    'OPPS_NEEDED',
    'STAGE_RATES',
  ]) {
    expect(names.has(name)).toBe(true);
  }
});

test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  const spec = findFunction(c.fn)!;
  const args = sheetsArgs(c.args);
  const actual = observe(() => project.call(spec.name, ...args));
  // identical to core, mapped the Sheets way
  expect(actual).toEqual(sheetsView(spec.impl(...c.args)));
  // and to the vector itself
  if (isErrorExpect(c.expect)) {
    expect(actual.kind).toBe('thrown');
    return;
  }
  expect(actual.kind).toBe('value');
  const value = (actual as { value: unknown }).value;
  if (!Array.isArray(c.expect)) {
    expect(value).toEqual(c.expect === null ? '' : c.expect);
    return;
  }
  const grid = value as unknown[][];
  expect(grid).toHaveLength(c.expect.length);
  (c.expect as unknown[][]).forEach((row, r) => {
    expect(grid[r]).toHaveLength(row.length);
    row.forEach((cell, k) => {
      const got = grid[r]![k];
      if (isErrorExpect(cell)) expect(String(got).startsWith(`${cell.error}: `)).toBe(true);
      else expect(got).toEqual(cell === null ? '' : cell);
    });
  });
});
