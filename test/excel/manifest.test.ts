/**
 * The manifest rules that can be checked offline (office-addin-manifest validate
 * calls a web service): well-formed XML, consistent ids and resids, the shared
 * runtime wired the way Office requires, URLs that match what webpack builds,
 * and icons that exist in the sizes they claim.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { MANIFEST_REQUIREMENTS } from '../../excel-addin/requirements';
import { ICON_SIZES, iconPng } from '../../scripts/generate-icons';

const ROOT = join(__dirname, '..', '..');
const DEV_ORIGIN = 'https://localhost:3000';

const xml = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
const doc = new new JSDOM().window.DOMParser().parseFromString(xml, 'application/xml');

function all(name: string): Element[] {
  return [...doc.getElementsByTagName('*')].filter((e) => e.localName === name);
}

function one(name: string): Element {
  const found = all(name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function resources(kind: string): Map<string, Element> {
  const section = one(kind);
  return new Map([...section.children].map((e) => [e.getAttribute('id')!, e]));
}

/** What build/excel.config.js emits, from the config itself (no build needed). */
async function buildOutputs(): Promise<Set<string>> {
  // The webpack config is CommonJS, loaded as webpack loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(join(ROOT, 'build/excel.config.js')) as (
    env: unknown,
    argv: unknown,
  ) => Promise<{ entry: Record<string, string>; plugins: object[] }>;
  const config = await factory({}, { mode: 'production' });
  const files = new Set(Object.keys(config.entry).map((name) => `${name}.js`));
  for (const plugin of config.plugins) {
    const p = plugin as {
      userOptions?: { filename?: string };
      output?: string;
      patterns?: { from: string; to: string }[];
    };
    if (p.userOptions?.filename) files.add(p.userOptions.filename);
    if (p.output) files.add(p.output);
    for (const pattern of p.patterns ?? []) {
      for (const file of readdirSync(join(ROOT, pattern.from))) files.add(`${pattern.to}/${file}`);
    }
  }
  return files;
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  test('is well-formed XML: an Excel task pane add-in with a GUID id and a 4-part version', () => {
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const root = doc.documentElement;
    expect(root.localName).toBe('OfficeApp');
    expect(root.getAttribute('xsi:type')).toBe('TaskPaneApp');
    expect(one('Id').textContent).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    );
    expect(one('Version').textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(all('Host').map((h) => h.getAttribute('Name') ?? h.getAttribute('xsi:type'))).toEqual([
      'Workbook',
      'Workbook',
    ]);
    expect(one('Permissions').textContent).toBe('ReadWriteDocument');
  });

  test('one shared runtime, lifetime long, used by the functions page, the task pane and the commands', () => {
    const runtime = one('Runtime');
    expect(runtime.getAttribute('lifetime')).toBe('long');
    const resid = runtime.getAttribute('resid');
    const page = one('Page').getElementsByTagName('SourceLocation')[0]!;
    expect(page.getAttribute('resid')).toBe(resid);
    expect(one('FunctionFile').getAttribute('resid')).toBe(resid);
  });

  test('a shared runtime has one task pane: every ShowTaskpane action opens its page under one TaskpaneId', () => {
    // Microsoft, "Configure your Office Add-in to use a shared runtime"
    // (learn.microsoft.com/office/dev/add-ins/develop/configure-your-add-in-to-use-a-shared-runtime),
    // section "Multiple task panes": a shared runtime supports one task pane, and
    // any task pane without a <TaskpaneId> is considered a different task pane.
    for (const host of all('Host').filter((h) => h.getElementsByTagName('Runtime').length > 0)) {
      const runtimes = [...host.getElementsByTagName('Runtime')];
      const shared = runtimes.filter((r) => r.getAttribute('lifetime') === 'long');
      expect(shared).toHaveLength(1);
      const resid = shared[0]!.getAttribute('resid');
      const actions = [...host.getElementsByTagName('*')].filter(
        (e) => e.localName === 'Action' && e.getAttribute('xsi:type') === 'ShowTaskpane',
      );
      expect(actions.length).toBeGreaterThan(0);
      const panes = new Set<string>();
      for (const action of actions) {
        const location = [...action.children].find((e) => e.localName === 'SourceLocation');
        expect(location?.getAttribute('resid')).toBe(resid);
        const id = [...action.children].find((e) => e.localName === 'TaskpaneId');
        // Without an id the action would be a second task pane.
        expect(id?.textContent?.trim()).toBeTruthy();
        panes.add(id!.textContent!.trim());
      }
      expect([...panes]).toHaveLength(1);
    }
  });

  test('declares the requirement sets the code uses (excel-addin/requirements.ts)', () => {
    // SharedRuntime 1.1: "Shared runtime requirement sets"; CustomFunctionsRuntime 1.3:
    // CustomFunctions.ErrorCode, "Custom Functions requirement sets"
    // (learn.microsoft.com/javascript/api/requirement-sets/excel/custom-functions-requirement-sets).
    const sets = one('Requirements').getElementsByTagName('*').item(0)!.getElementsByTagName('*');
    const declared = [...sets]
      .filter((e) => e.localName === 'Set')
      .map((e) => ({ name: e.getAttribute('Name'), minVersion: e.getAttribute('MinVersion') }));
    expect(declared).toEqual(MANIFEST_REQUIREMENTS);
    // Every CustomFunctions.ErrorCode member the add-in uses, with the API set the
    // typings give it: the manifest must declare at least that version.
    const typings = readFileSync(
      require.resolve('@types/custom-functions-runtime/index.d.ts'),
      'utf8',
    );
    const setOf = new Map(
      [...typings.matchAll(/\[Api set: CustomFunctionsRuntime (\d+\.\d+)\]\s*\*\/\s*(\w+) =/g)].map(
        (m) => [m[2]!, m[1]!],
      ),
    );
    const used = new Set<string>();
    for (const file of [
      'excel-addin/functions/excel-result.ts',
      'excel-addin/functions/excel-args.ts',
    ]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/CustomFunctions\.ErrorCode\.(\w+)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThanOrEqual(4);
    const declaredCfr = Number(
      declared.find((d) => d.name === 'CustomFunctionsRuntime')?.minVersion ?? '0',
    );
    for (const member of used) {
      expect({ member, set: setOf.get(member) }).toEqual({ member, set: expect.any(String) });
      expect(Number(setOf.get(member))).toBeLessThanOrEqual(declaredCfr);
    }
  });

  test('custom functions: script, metadata and the SALES namespace', () => {
    const point = all('ExtensionPoint').find(
      (e) => e.getAttribute('xsi:type') === 'CustomFunctions',
    )!;
    const resid = (tag: string) =>
      point
        .getElementsByTagName(tag)[0]!
        .getElementsByTagName('SourceLocation')[0]!
        .getAttribute('resid')!;
    const urls = resources('Urls');
    expect(urls.get(resid('Script'))!.getAttribute('DefaultValue')).toBe(
      `${DEV_ORIGIN}/functions.js`,
    );
    expect(urls.get(resid('Metadata'))!.getAttribute('DefaultValue')).toBe(
      `${DEV_ORIGIN}/functions.json`,
    );
    const namespace = one('Namespace').getAttribute('resid')!;
    expect(resources('ShortStrings').get(namespace)!.getAttribute('DefaultValue')).toBe('SALES');
  });

  test('a button on the Home tab opens the task pane', () => {
    const tab = one('OfficeTab');
    expect(tab.getAttribute('id')).toBe('TabHome');
    const control = tab.getElementsByTagName('Control')[0]!;
    expect(control.getAttribute('xsi:type')).toBe('Button');
  });

  test('every resid is defined once, in the right kind of resource; element ids are unique', () => {
    const kinds = {
      Images: resources('Images'),
      Urls: resources('Urls'),
      ShortStrings: resources('ShortStrings'),
      LongStrings: resources('LongStrings'),
    };
    const defined = [...Object.values(kinds)].flatMap((m) => [...m.keys()]);
    expect(new Set(defined).size).toBe(defined.length);
    const expectedKind = (e: Element): keyof typeof kinds => {
      if (e.localName === 'Image') return 'Images';
      if (['Label', 'Title', 'Namespace'].includes(e.localName)) return 'ShortStrings';
      if (e.localName === 'Description' && e.parentElement?.localName !== 'OfficeApp')
        return 'LongStrings';
      return 'Urls';
    };
    const referencing = [...doc.getElementsByTagName('*')].filter((e) => e.hasAttribute('resid'));
    expect(referencing.length).toBeGreaterThan(10);
    for (const e of referencing) {
      const resid = e.getAttribute('resid')!;
      expect({ resid, in: kinds[expectedKind(e)].has(resid) }).toEqual({ resid, in: true });
      expect(resid.length).toBeLessThanOrEqual(32);
    }
    const used = new Set(referencing.map((e) => e.getAttribute('resid')));
    for (const id of defined) expect({ id, used: used.has(id) }).toEqual({ id, used: true });
    const ids = [...doc.getElementsByTagName('*')]
      .filter((e) => e.hasAttribute('id') && !['Image', 'Url', 'String'].includes(e.localName))
      .map((e) => e.getAttribute('id'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every URL is served by the dev server and names a file the Excel build emits', async () => {
    const outputs = await buildOutputs();
    expect([...outputs]).toEqual(
      expect.arrayContaining(['taskpane.html', 'taskpane.js', 'functions.js', 'functions.json']),
    );
    const urls = [
      ...all('Url').map((u) => u.getAttribute('DefaultValue')!),
      ...all('Image')
        .filter((i) => i.hasAttribute('DefaultValue'))
        .map((i) => i.getAttribute('DefaultValue')!),
      ...['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation']
        .flatMap((tag) => all(tag))
        .filter((e) => e.hasAttribute('DefaultValue'))
        .map((e) => e.getAttribute('DefaultValue')!),
    ];
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) {
      expect(url.startsWith(`${DEV_ORIGIN}/`)).toBe(true);
      const file = url.slice(DEV_ORIGIN.length + 1);
      expect({ url, built: outputs.has(file) }).toEqual({ url, built: true });
      // After `npm run build` (npm test builds first), the file is really there.
      if (existsSync(join(ROOT, 'dist', 'taskpane.html'))) {
        expect({ url, exists: existsSync(join(ROOT, 'dist', file)) }).toEqual({
          url,
          exists: true,
        });
      }
    }
    expect(all('AppDomain').map((d) => d.textContent)).toEqual([DEV_ORIGIN]);
  });

  test('icons exist in the sizes Office asks for, at the size each reference claims', () => {
    const check = (url: string, size: number) => {
      const file = join(ROOT, url.slice(DEV_ORIGIN.length + 1));
      expect(pngSize(file)).toEqual({ width: size, height: size });
    };
    check(one('IconUrl').getAttribute('DefaultValue')!, 32);
    check(one('HighResolutionIconUrl').getAttribute('DefaultValue')!, 64);
    const images = resources('Images');
    const sizes = new Set<number>();
    for (const ref of all('Image').filter((i) => i.hasAttribute('size'))) {
      const size = Number(ref.getAttribute('size'));
      sizes.add(size);
      check(images.get(ref.getAttribute('resid')!)!.getAttribute('DefaultValue')!, size);
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([16, 32, 80]);
  });

  test('the committed icons are what scripts/generate-icons.ts draws', () => {
    for (const size of ICON_SIZES) {
      expect(readFileSync(join(ROOT, 'assets', `icon-${size}.png`)).equals(iconPng(size))).toBe(
        true,
      );
    }
  });

  test('taskpane.html loads functions.js before taskpane.js (one shared runtime)', async () => {
    // The webpack config is CommonJS, loaded as webpack loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require(join(ROOT, 'build/excel.config.js')) as (
      env: unknown,
      argv: unknown,
    ) => Promise<{ plugins: { userOptions?: { filename?: string; chunks?: string[] } }[] }>;
    const config = await factory({}, { mode: 'production' });
    const html = config.plugins.find((p) => p.userOptions?.filename === 'taskpane.html')!;
    expect(html.userOptions!.chunks).toEqual(['functions', 'taskpane']);
  });
});
