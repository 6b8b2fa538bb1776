/**
 * `npm run bench -- ui` (after `npm run build`): sizes of the built task pane,
 * functions.js and standalone page (minified as built, and gzipped), and the
 * standalone page's time to first render in headless Chromium, served from a
 * local server. Figures go to docs/benchmarks.md ("Task pane and standalone page").
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveStatic } from '../test/e2e/support/server';
import { median } from './support';

const DIST = resolve(__dirname, '../dist');
const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function size(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(DIST, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** Scripts an HTML page loads at start (its <script src> tags). */
function scriptsOf(html: string): string[] {
  return [
    ...readFileSync(join(DIST, html), 'utf8').matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g),
  ].map((m) => m[1]!);
}

function sizes(): void {
  for (const f of ['index.html', 'taskpane.js', 'functions.js']) {
    if (!existsSync(join(DIST, f))) fail(`dist/${f} is missing: run \`npm run build\` first.`);
  }
  const pageInitial = scriptsOf('index.html');
  // Chunks the page's runtime can load later: their content hash appears in the initial scripts.
  const runtime = pageInitial.map((f) => readFileSync(join(DIST, f), 'utf8')).join('\n');
  const lazy = readdirSync(join(DIST, 'web'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `web/${f}`)
    .filter((f) => !pageInitial.includes(f))
    .filter((f) => runtime.includes(/\.([0-9a-f]{8})\.js$/.exec(f)?.[1] ?? '\u0000'));
  const rows: [string, { raw: number; gzip: number }][] = [
    ['Excel task pane: taskpane.js', size(['taskpane.js'])],
    ['Excel custom functions: functions.js', size(['functions.js'])],
    [`Standalone page, loaded at start (${pageInitial.join(', ')})`, size(pageInitial)],
    [`Standalone page, loaded on first file open/download (${lazy.join(', ')})`, size(lazy)],
  ];
  console.log('| bundle | minified | gzip -9 |');
  console.log('|---|---|---|');
  for (const [name, s] of rows) console.log(`| ${name} | ${kib(s.raw)} | ${kib(s.gzip)} |`);
}

async function firstRender(): Promise<void> {
  if (!existsSync(CHROMIUM)) fail(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const server = await serveStatic(DIST);
  const samples: { dcl: number; first: number; ready: number }[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const profile = mkdtempSync(join(tmpdir(), 'ff-bench-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 900 },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${server.origin}/index.html`);
        await page.waitForFunction(
          () => !!document.querySelector('[data-testid="rows-found"]'),
          null,
          {
            polling: 'raf',
            timeout: 60_000,
          },
        );
        samples.push(
          await page.evaluate(() => {
            const nav = performance.getEntriesByType(
              'navigation',
            )[0] as PerformanceNavigationTiming;
            const mark = performance.getEntriesByName('ff-first-render')[0];
            return {
              dcl: nav.domContentLoadedEventEnd,
              first: mark ? mark.startTime : NaN,
              ready: performance.now(),
            };
          }),
        );
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  const ms = (xs: number[]) => `${Math.round(median(xs))} ms (min ${Math.round(Math.min(...xs))})`;
  console.log(
    `\nStandalone page in headless Chromium, ${RUNS} cold loads (fresh profile each), median:`,
  );
  console.log('| moment (from navigation start) | median (min) |');
  console.log('|---|---|');
  console.log(`| scripts parsed (DOMContentLoaded end) | ${ms(samples.map((s) => s.dcl))} |`);
  console.log(
    `| first render of the React tree (first frame after render) | ${ms(samples.map((s) => s.first))} |`,
  );
  console.log(
    `| task pane ready: sample deal sheet inspected, rows shown | ${ms(samples.map((s) => s.ready))} |`,
  );
}

sizes();
firstRender().catch((e: unknown) => fail(String(e)));
