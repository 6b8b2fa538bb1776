/**
 * The built Apps Script project (dist/sheets/) is what clasp pushes: these
 * checks read the files themselves.
 */
import { FUNCTIONS } from '../../core/functions/registry';
import { SERVER_METHODS, serverFunctionName } from '../../sheets-addon/shared/api';
import { loadProject, readBuilt } from './support/bundle';

const code = readBuilt('Code.js');
const sidebar = readBuilt('Sidebar.html');
const manifest = JSON.parse(readBuilt('appsscript.json')) as Record<string, unknown>;

/** The JSDoc block directly above `function NAME(`, or null. */
function jsdocAbove(name: string): { doc: string; params: string[] } | null {
  const m = new RegExp(
    `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*\\nfunction ${name}\\(([^)]*)\\)`,
  ).exec(code);
  if (!m) return null;
  const params = m[2]!
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return { doc: m[1]!, params };
}

const squash = (s: string) => s.replace(/\s*\n\s*\*\s?/g, ' ').replace(/\s+/g, ' ');

describe('Code.js', () => {
  test.each(FUNCTIONS.map((f) => [f.name, f] as const))(
    '%s is a top-level @customfunction with the registry JSDoc',
    (name, spec) => {
      const found = jsdocAbove(name);
      expect(found).not.toBeNull();
      const doc = squash(found!.doc);
      expect(doc).toContain(spec.description);
      expect(doc).toContain('@customfunction');
      expect(found!.params).toEqual(spec.params.map((p) => p.name));
      for (const p of spec.params) {
        expect(doc).toMatch(new RegExp(`@param \\{[^}]+\\} ${p.name} `));
        expect(doc).toContain(p.description);
      }
      expect(doc).toMatch(/@return \{[^}]+\} \S/);
      expect(doc).toContain(spec.result.description);
      // @customfunction comes last in its block, as Google's samples write it
      expect(found!.doc.trim().endsWith('@customfunction')).toBe(true);
    },
  );

  test('declares the menu triggers and every sidebar server call at top level', () => {
    const project = loadProject();
    for (const name of ['onOpen', 'onInstall', 'showSidebar']) expect(project.has(name)).toBe(true);
    for (const method of SERVER_METHODS) expect(project.has(serverFunctionName(method))).toBe(true);
  });

  test('marks no other top-level function as a custom function', () => {
    const marked = [...code.matchAll(/@customfunction\s*\n\s*\*\/\s*\nfunction (\w+)\(/g)].map(
      (m) => m[1],
    );
    expect(marked.sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
  });

  test('uses no module system, Node API or network service', () => {
    expect(code).not.toMatch(
      /\brequire\(|\bimport\(|\bprocess\.env\b|UrlFetchApp|XMLHttpRequest|\bfetch\(/,
    );
  });

  test('loads in a fresh script runtime without touching any service', () => {
    // Custom functions run with no authorisation: top-level code must call nothing.
    const project = loadProject();
    expect(project.spreadsheet.calls.getValues).toBe(0);
    expect(project.context.FunnelForecastServer).toBeDefined();
  });
});

describe('Sidebar.html', () => {
  test('is one self-contained page: scripts inline, nothing loaded from elsewhere', () => {
    // Booleans, not toMatch: a failure must not print a 600 KB page.
    const has = (re: RegExp) => re.test(sidebar);
    expect(has(/^<!doctype html>/i)).toBe(true);
    expect(has(/<div id="?root"?><\/div>/)).toBe(true);
    expect(has(/<script[^>]*\bsrc\s*=/i)).toBe(false);
    expect(has(/<link\b/i)).toBe(false);
    expect(has(/<img[^>]*\bsrc\s*=\s*["']?(https?:)?\/\//i)).toBe(false);
    expect(has(/@import\s+(url\(|["'])|url\(\s*["']?(https?:)?\/\//i)).toBe(false);
    expect(has(/\b(src|href)\s*=\s*["'](https?:)?\/\//i)).toBe(false);
    // Every absolute URL left is an XML namespace or an error-page link in a message, never a load.
    const urls = [...sidebar.matchAll(/https?:\/\/[^\s"'`)<>]+/g)].map((m) => m[0]);
    const harmless = /^http:\/\/www\.w3\.org\/|^https:\/\/react\.dev\/errors\//;
    expect(urls.filter((u) => !harmless.test(u))).toEqual([]);
  });

  test('holds the sidebar script and talks through google.script.run', () => {
    expect(sidebar.includes('google.script.run')).toBe(true);
    // The minified client builds each name as `ffApi_${method}`.
    expect(sidebar.includes(serverFunctionName('' as never))).toBe(true);
    const missing = SERVER_METHODS.filter((m) => !sidebar.includes(`"${m}"`));
    expect(missing).toEqual([]);
    // The inline script cannot contain a closing tag that would cut it short.
    expect((sidebar.match(/<\/script/gi) ?? []).length).toBe(1);
    expect(/<\/script>\s*(<\/body>)?\s*(<\/html>)?\s*$/i.test(sidebar)).toBe(true);
    // Licence notices of the bundled libraries travel inside the page.
    expect(sidebar.includes('LICENSE.txt')).toBe(false);
    expect(/@license React/.test(sidebar)).toBe(true);
  });
});

describe('appsscript.json', () => {
  test('runs on V8 with the narrowest scopes and no outside access', () => {
    expect(manifest.runtimeVersion).toBe('V8');
    expect([...(manifest.oauthScopes as string[])].sort()).toEqual([
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
    ]);
    expect(manifest).not.toHaveProperty('urlFetchWhitelist');
    expect(JSON.stringify(manifest)).not.toMatch(
      /external_request|auth\/drive|auth\/spreadsheets"/,
    );
  });
});
