import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from './server';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO = resolve(__dirname, '../../..');
export const DIST = resolve(REPO, 'dist');
export const ARTIFACTS = resolve(REPO, 'test-artifacts');

/** Fails loudly (never skips) when the browser or the build is missing. */
export function requirePrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`,
    );
  }
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `npm run build` first (npm test does).');
  }
}

export interface Session {
  server: StaticServer;
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Messages of any alert/confirm/prompt dialog that fired. */
  dialogs: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** Requests that stay on this machine: the local server, and data:/blob: URLs the page makes itself. */
export function isLocal(url: string, origin: string): boolean {
  return url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:');
}

export async function openSession(
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<Session> {
  requirePrerequisites();
  const server = await serveStatic(DIST);
  const userDataDir = mkdtempSync(join(tmpdir(), 'ff-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    locale: options.locale ?? 'en-US',
    timezoneId: 'UTC',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
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
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return {
    server,
    context,
    page,
    requests,
    dialogs,
    errors,
    async close() {
      await context.close();
      await server.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The end of every page test: the session stayed private by construction (every
 * request on this machine, no dialog, no page error), then it is closed either way.
 */
export async function checkAndCloseSession(s: Session | null): Promise<void> {
  if (!s) return;
  try {
    expect(s.requests.filter((url) => !isLocal(url, s.server.origin))).toEqual([]);
    expect(s.dialogs).toEqual([]);
    expect(s.errors).toEqual([]);
  } finally {
    await s.close();
  }
}
