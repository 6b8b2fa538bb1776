/**
 * One statement of how each host passes blank cells (docs/architecture.md,
 * "Blank cells, host by host"), and the code doing what it says: Excel hands ""
 * for an empty cell and null for an omitted argument ("Blank and null values in
 * Excel add-ins", "Custom functions parameter options"); Sheets hands "" and
 * undefined (Google, Range.getValues; "Custom Functions in Google Sheets"),
 * which its adapter gives the core as null.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { associations } from '../excel/custom-functions-stub';
import '../../excel-addin/functions/functions';
import { findFunction } from '../../core/functions/registry';
import { loadProject } from '../sheets/support/bundle';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const LINK = 'architecture.md#blank-cells-host-by-host';

test('the statement is in docs/architecture.md; the other docs and the code point at it and agree', () => {
  const architecture = read('docs/architecture.md');
  expect(architecture).toMatch(/## Blank cells, host by host/);
  expect(architecture).toMatch(/\*\*Excel\*\* hands an empty cell of a range .* as `""`/);
  expect(architecture).toMatch(/\*\*Sheets\*\* hands an empty cell of a range as `""`/);
  for (const doc of ['docs/benchmarks.md', 'docs/sheets.md', 'docs/excel.md']) {
    expect({ doc, links: read(doc).includes(LINK) }).toEqual({ doc, links: true });
    // The old contradiction: Sheets does not hand blanks over as null.
    expect(read(doc)).not.toMatch(/Sheets and the `fn` command line as `null`/);
  }
  expect(read('core/functions/args.ts')).toMatch(/Blank cells, host by host/);
  expect(read('core/functions/args.ts')).not.toMatch(/Sheets and the CLI null/);
});

test('Excel: "" and null blanks give the same results', () => {
  const weight = associations.get('FUNNEL_WEIGHT')!;
  // A blank own probability falls back to the stage's (Pipeline, 50%); a won stage would
  // weigh 100% whatever the own probability (docs/engine.md, "Probability used").
  const withEmpty = weight([[100], [200]], [['Pipeline']], null, [[''], [0.5]]);
  const withNull = weight([[100], [200]], [['Pipeline']], null, [[null], [0.5]]);
  expect(withEmpty).toEqual([[50], [100]]);
  expect(withNull).toEqual(withEmpty);
});

test('Sheets: "" blanks and an omitted argument give what the core gives for null', () => {
  const project = loadProject();
  const core = findFunction('FUNNEL_WEIGHT')!.impl([[100], [200]], 'Pipeline', null, [
    [null],
    [0.5],
  ]);
  expect(core).toEqual([[50], [100]]);
  expect(
    project.call('FUNNEL_WEIGHT', [[100], [200]], 'Pipeline', undefined, [[''], [0.5]]),
  ).toEqual(core);
});
