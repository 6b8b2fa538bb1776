/** writeIssuesJson: the issues' JSON written from the engine's columns is, byte for byte, the JSON of result.issues. */
import { writeIssuesJson, runForecast, type ForecastResult } from '../../core/engine';
import { IssueList, issueListOf } from '../../core/engine/issue-list';
import { dealStoreOf } from '../../core/engine/deals';
import { isoDates, jsonWritten, sampleCase } from './helpers';

/** What `forecast --json` printed before: each DataIssue through JSON.stringify, dates as YYYY-MM-DD. */
function objectsJson(result: ForecastResult): string {
  return `[${result.issues.map((x) => JSON.stringify(x, isoDates)).join(',')}]`;
}

const issuesJson = (result: ForecastResult, chunk?: number): string =>
  jsonWritten((out) => writeIssuesJson(result, out), chunk);

describe('writeIssuesJson', () => {
  it.each(['en', 'zh'] as const)(
    'writes the %s sample issues (planted bad rows; no-rate deals in en) as JSON.stringify would',
    (language) => {
      const { sheet, settings } = sampleCase(language, [['EUR', 1.1]]);
      const fresh = runForecast(sheet, settings);
      const text = issuesJson(fresh);
      const reference = runForecast(sheet, settings);
      expect(reference.issues.length).toBeGreaterThan(10);
      expect(text).toBe(objectsJson(reference));
      // Taken in chunks of 64 bytes (an issue split between chunks), the bytes are the same.
      const list = issueListOf(fresh, dealStoreOf(fresh)!);
      expect(list).toBeInstanceOf(IssueList);
      expect(jsonWritten((out) => list.write(out), 64)).toBe(text);
    },
  );

  it('writes dates as YYYY-MM-DD, an invalid date as null, blank names as null, and follows a replaced issue list', () => {
    const sheet = {
      name: 'Deals',
      values: [
        ['Opportunity', 'Stage', 'Amount', 'Close Date', 'Currency'],
        [new Date(Date.UTC(2026, 0, 5)), 'Won', 'lots', new Date(Date.UTC(2026, 2, 1)), 'USD'],
        ['', 'Pipeline', 100, new Date(Date.UTC(2025, 2, 1)), 'JPY'],
        ['B "quoted"', 'Mystery', 100, 'someday', 'USD'],
        ['C', 'Won', 100, new Date(Number.NaN), 'USD'],
      ],
    };
    const settings = { asOf: '2026-01-01', baseCurrency: 'USD' };
    const text = issuesJson(runForecast(sheet, settings));
    const reference = runForecast(sheet, settings);
    expect(reference.issues.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['bad-amount', 'slipped', 'no-rate', 'unknown-stage']),
    );
    expect(text).toBe(objectsJson(reference));
    // An invalid Date cell is a located bad date, not a crash; its JSON value is null.
    const invalid = reference.issues.find((i) => i.row === 5)!;
    expect(invalid).toMatchObject({ kind: 'bad-date', column: 'Close Date' });
    expect(invalid.problem).toContain('(invalid date) is an invalid date');
    expect(JSON.parse(text)[reference.issues.indexOf(invalid)].value).toBeNull();
    // Once result.issues is read (or replaced), the JSON is written from it.
    reference.issues = reference.issues.slice(0, 1);
    expect(issuesJson(reference)).toBe(objectsJson(reference));
    expect(JSON.parse(issuesJson(reference))).toHaveLength(1);
  });
});
