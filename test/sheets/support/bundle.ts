/**
 * Loads the BUILT Apps Script project (dist/sheets/, what clasp pushes) into a
 * Node vm context holding fake Apps Script globals, so tests exercise the
 * exact file users get. `npm test` builds before jest; a direct
 * `npx jest test/sheets` needs `npm run build:sheets` first.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import vm from 'node:vm';
import { createEnvironment, type FakeEnvironment } from './fake-apps-script';
import type { FakeSpreadsheet } from './fake-spreadsheet';

export const DIST = resolve(__dirname, '../../../dist/sheets');

const ROOT = resolve(__dirname, '../../..');

/** The sources each built file is made from: a test on an older build would test old code. */
const SOURCES: Record<string, string[]> = {
  'Code.js': [
    'core',
    'sheets-addon/server',
    'sheets-addon/shared',
    'scripts/generate-sheets-functions.ts',
  ],
  'Sidebar.html': ['ui', 'core', 'sheets-addon/client', 'sheets-addon/shared'],
};

function newestSource(paths: string[]): { path: string; mtime: number } {
  let newest = { path: '', mtime: 0 };
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
    else if (/\.(ts|tsx|json|html)$/.test(p) && st.mtimeMs > newest.mtime)
      newest = { path: p, mtime: st.mtimeMs };
  };
  for (const p of paths) if (existsSync(join(ROOT, p))) visit(join(ROOT, p));
  return newest;
}

const warned = new Set<string>();

/**
 * A warning, not a failure: while several people edit core/ a build is
 * often a minute behind, and `npm test` always builds first.
 */
function warnIfStale(file: string, path: string): void {
  if (warned.has(file)) return;
  warned.add(file);
  const newest = newestSource(SOURCES[file] ?? []);
  if (newest.mtime > statSync(path).mtimeMs) {
    console.warn(
      `dist/sheets/${file} is older than ${relative(ROOT, newest.path)}: these tests check the last build; run "npm run build:sheets" to test the code as it is now.`,
    );
  }
}

export function readBuilt(file: string): string {
  const path = join(DIST, file);
  if (!existsSync(path)) {
    throw new Error(
      `dist/sheets/${file} is missing: run "npm run build:sheets" (npm test builds it first).`,
    );
  }
  warnIfStale(file, path);
  return readFileSync(path, 'utf8');
}

let code: vm.Script | null = null;

function compiled(): vm.Script {
  code ??= new vm.Script(readBuilt('Code.js'), { filename: 'Code.js' });
  return code;
}

/** A script project's global scope: call any top-level function of Code.js by name. */
export interface LoadedProject extends FakeEnvironment {
  context: vm.Context;
  call(name: string, ...args: unknown[]): unknown;
  has(name: string): boolean;
}

export function loadProject(
  options: { spreadsheet?: FakeSpreadsheet; locale?: string } = {},
): LoadedProject {
  const env = createEnvironment({
    ...options,
    htmlFiles: { Sidebar: readBuilt('Sidebar.html') },
  });
  // Date and Error come from the test's realm so instanceof and jest matchers
  // work across the vm boundary, as they do within one Apps Script runtime.
  const context = vm.createContext({ ...env.globals, Date, Error });
  compiled().runInContext(context);
  return {
    ...env,
    context,
    has: (name) => typeof context[name] === 'function',
    call: (name, ...args) => {
      const fn: unknown = context[name];
      if (typeof fn !== 'function') throw new Error(`Code.js has no top-level function ${name}.`);
      return (fn as (...a: unknown[]) => unknown)(...args);
    },
  };
}

/**
 * The same project loaded as one function in this realm instead of a vm
 * context. Node's vm contexts route every global lookup (Math, Number...)
 * through an interceptor, which slows hot loops several times over; Apps
 * Script has no such layer. Benchmarks use this loader so the figures
 * reflect the add-on's code, not the sandbox; tests use loadProject.
 */
export function loadProjectInRealm(
  options: { spreadsheet?: FakeSpreadsheet; locale?: string } = {},
): Pick<LoadedProject, 'call' | 'has'> & FakeEnvironment {
  const env = createEnvironment({ ...options, htmlFiles: { Sidebar: readBuilt('Sidebar.html') } });
  const source = readBuilt('Code.js');
  // The top-level functions are the generated stubs after the bundle.
  const stubs = source.slice(source.indexOf('// ---- Top-level functions generated'));
  const names = [...stubs.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]!);
  const globals = Object.keys(env.globals);
  const factory = vm.runInThisContext(
    `(function (${globals.join(', ')}) {\n${source}\nreturn { ${names.join(', ')} };\n})`,
    { filename: 'Code.js' },
  ) as (...services: unknown[]) => Record<string, (...a: unknown[]) => unknown>;
  const fns = factory(...globals.map((g) => env.globals[g]));
  return {
    ...env,
    has: (name) => typeof fns[name] === 'function',
    call: (name, ...args) => {
      const fn = fns[name];
      if (!fn) throw new Error(`Code.js has no top-level function ${name}.`);
      return fn(...args);
    },
  };
}
