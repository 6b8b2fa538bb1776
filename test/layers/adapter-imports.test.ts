/**
 * The layer rule of eslint.config.mjs bites: an adapter that imports an engine
 * or application file directly is a lint error; the same import through the
 * front door (core/index.ts) is clean; the shared UI (ui/) goes through its
 * narrow door, core/for-ui.ts, instead. ESLint runs as `npm run lint` does, on
 * source given on standard input under an adapter's file name.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as frontDoor from '../../core';
import * as forUiDoor from '../../core/for-ui';

const root = join(__dirname, '..', '..');
const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

function lint(source: string, fileName: string): LintMessage[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', fileName],
      { cwd: root, input: source, encoding: 'utf8' },
    );
  } catch (e) {
    // ESLint exits 1 when it reports errors; the JSON is still on stdout.
    out = (e as { stdout: string }).stdout;
  }
  const [result] = JSON.parse(out) as { messages: LintMessage[] }[];
  return result!.messages;
}

const restricted = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports');

describe('adapters reach core through its front door', () => {
  it.each([
    ['cli/example.ts', "import { runForecast } from '../core/engine/run';\nrunForecast;\n"],
    [
      'excel-addin/workbook/example.ts',
      "import type { ForecastSettings } from '../../core/engine/types';\nexport type S = ForecastSettings;\n",
    ],
    [
      'sheets-addon/server/example.ts',
      "import { runJobSync } from '../../core/app/pipeline';\nrunJobSync;\n",
    ],
    ['web/example.ts', "import { summarizeRun } from '../core/app/summary';\nsummarizeRun;\n"],
    [
      'files/example.ts',
      "import type { SourceSheet } from '../core/engine/types';\nexport type S = SourceSheet;\n",
    ],
  ])('%s: a deep import is an error', (file, source) => {
    const found = restricted(lint(source, file));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('front door (core/index.ts)');
  });

  it.each([
    [
      'ui/results/Example.tsx',
      'through core/for-ui.ts, not their files',
      "import { drillDown } from '../../core/engine/drill';\ndrillDown;\n",
    ],
    [
      'ui/model/example.ts',
      'through core/for-ui.ts, not their files',
      "import type { FieldName } from '../../core/engine/types';\nexport type F = FieldName;\n",
    ],
    [
      'ui/example.ts',
      'through core/for-ui.ts, not their files',
      "import { summarizeRun } from '../core/app/summary';\nsummarizeRun;\n",
    ],
    [
      'ui/steps/Example.tsx',
      'not the front door',
      "import { FORECAST_DEFAULTS } from '../../core';\nFORECAST_DEFAULTS;\n",
    ],
    [
      'ui/example.ts',
      'not the front door',
      "import { FORECAST_DEFAULTS } from '../core/index';\nFORECAST_DEFAULTS;\n",
    ],
  ])('%s: an error (%#), the message says %s', (file, message, source) => {
    const found = restricted(lint(source, file));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(message);
  });

  it("the UI's imports through core/for-ui.ts and the domain modules are clean", () => {
    const source =
      "import { drillDown, FORECAST_DEFAULTS, type FieldName } from '../../core/for-ui';\n" +
      "import { clean } from '../../core/money';\n" +
      "import type { WorkbookPort } from '../../core/ports';\n" +
      'export type F = FieldName;\nexport type P = WorkbookPort;\ndrillDown;\nFORECAST_DEFAULTS;\nclean;\n';
    expect(restricted(lint(source, 'ui/results/Example.tsx'))).toEqual([]);
  });

  it('core/for-ui.ts is a subset of the front door: the same names, the same values', () => {
    const forUi: Record<string, unknown> = { ...forUiDoor };
    const front: Record<string, unknown> = { ...frontDoor };
    const names = Object.keys(forUi);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      expect({ name, same: front[name] === forUi[name] }).toEqual({ name, same: true });
  });

  it('the same imports through core/index.ts are clean', () => {
    const source =
      "import { runForecast, runJobSync, summarizeRun, type SourceSheet } from '../core';\n" +
      'export type S = SourceSheet;\nrunForecast;\nrunJobSync;\nsummarizeRun;\n';
    expect(restricted(lint(source, 'cli/example.ts'))).toEqual([]);
  });

  it('core itself may import its own layers', () => {
    const source = "import { runForecast } from '../engine/run';\nrunForecast;\n";
    expect(restricted(lint(source, 'core/app/example.ts'))).toEqual([]);
  });

  /** The .ts/.tsx files under the given folders whose text matches an import pattern. */
  function importing(dirs: string[], pattern: RegExp): string[] {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && pattern.test(readFileSync(path, 'utf8')))
          offenders.push(relative(root, path));
      }
    };
    for (const dir of dirs) walk(join(root, dir));
    return offenders;
  }

  it('no adapter file imports an engine or application file today', () => {
    const adapters = ['excel-addin', 'sheets-addon', 'web', 'cli', 'files'];
    expect(importing(adapters, /from '(\.\.\/)+core\/(engine|app)(\/|')/)).toEqual([]);
  });

  it('no UI file imports an engine or application file, or the front door, today', () => {
    expect(importing(['ui'], /from '(\.\.\/)+core(\/(engine|app)\/[^']*|\/index)?'/)).toEqual([]);
  });
});

describe('the engine knows no port', () => {
  it('no file of core/engine imports the ports or the application', () => {
    // Every file at any depth (core/engine/tables/, core/engine/rows/ ...): an
    // import that climbs out of core/engine to the ports or the application.
    const offenders: string[] = [];
    const walk = (dir: string, depth: number): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path, depth + 1);
        else if (/\.tsx?$/.test(name)) {
          const up = `(\\.\\./){${depth + 1}}`;
          const re = new RegExp(`from '${up}(ports|app/|port'|job')`);
          if (re.test(readFileSync(path, 'utf8'))) offenders.push(relative(root, path));
        }
      }
    };
    walk(join(root, 'core', 'engine'), 0);
    expect(offenders).toEqual([]);
  });
});
