/**
 * The layer rule of eslint.config.mjs bites: an adapter that imports an engine
 * or application file directly is a lint error; the same import through the
 * front door (core/index.ts) is clean. ESLint runs as `npm run lint` does, on
 * source given on standard input under an adapter's file name.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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

  it('no adapter file imports an engine or application file today', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (/from '(\.\.\/)+core\/(engine|app)\//.test(text))
            offenders.push(relative(root, path));
        }
      }
    };
    for (const dir of ['excel-addin', 'sheets-addon', 'web', 'cli', 'files']) walk(join(root, dir));
    expect(offenders).toEqual([]);
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
