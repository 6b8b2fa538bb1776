/**
 * SheetsPort over a scripted server client: the run's progress is polled
 * while the run call is outstanding, only forward, and polling stops when the
 * run ends (with a result or an error).
 */
import type { RunSummary } from '../../core/ports';
import type { ServerClient } from '../../sheets-addon/client/server-client';
import { SheetsPort } from '../../sheets-addon/client/sheets-port';
import type { RunProgress } from '../../sheets-addon/shared/api';

const SOURCE = { kind: 'sheet' as const, id: 'Deals', label: 'Deals' };
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A server whose run lasts runMs, or, with untilPolled, until the sidebar has
 * polled that many times: no assumption about how many polls fit in a time on
 * a loaded machine.
 */
function scriptedServer(
  posts: (RunProgress | null)[],
  runMs: number,
  fail = false,
  untilPolled = 0,
) {
  const polled: string[] = [];
  let ranWith: unknown[] = [];
  const server = {
    run: async (...args: unknown[]) => {
      ranWith = args;
      await tick(runMs);
      while (polled.length < untilPolled) await tick(5);
      if (fail) throw new Error('No as-of date');
      return { asOf: '2024-03-01' } as RunSummary;
    },
    progress: async (id: string) => {
      polled.push(id);
      return posts.shift() ?? null;
    },
  } as unknown as ServerClient;
  return { server, polled, ranWith: () => ranWith };
}

test('progress is polled with the run id while the run works, forward only, then done', async () => {
  const { server, polled, ranWith } = scriptedServer(
    [
      { fraction: 0.2, step: 'compute' },
      { fraction: 0.1, step: 'read' },
      null,
      { fraction: 0.7, step: 'write' },
    ],
    0,
    false,
    4,
  );
  const port = new SheetsPort(server, 'en', { pollMs: 10, newId: () => 'id-12345678' });
  const seen: [number, string][] = [];
  await port.run(SOURCE, { asOf: '2024-03-01' }, (f, s) => seen.push([f, s]));
  expect(ranWith()).toEqual([SOURCE, { asOf: '2024-03-01' }, 'id-12345678']);
  expect(polled.length).toBeGreaterThanOrEqual(4);
  expect(new Set(polled)).toEqual(new Set(['id-12345678']));
  expect(seen).toEqual([
    [0, 'read'],
    [0.2, 'compute'],
    [0.7, 'write'],
    [1, 'done'],
  ]);
  const after = polled.length;
  await tick(50);
  expect(polled.length).toBe(after);
});

test('a failed run rejects with the server message and stops polling', async () => {
  const { server, polled } = scriptedServer([], 40, true);
  const port = new SheetsPort(server, 'en', { pollMs: 5 });
  const seen: string[] = [];
  await expect(port.run(SOURCE, {}, (_f, s) => seen.push(s))).rejects.toThrow('No as-of date');
  const after = polled.length;
  await tick(30);
  expect(polled.length).toBe(after);
  expect(seen).toEqual(['read']);
});

test('without a progress callback there is no polling; each run gets a fresh id', async () => {
  const { server, polled, ranWith } = scriptedServer([], 30);
  const port = new SheetsPort(server, 'zh-CN', { pollMs: 5 });
  await port.run(SOURCE, {});
  expect(polled).toEqual([]);
  const first = ranWith()[2];
  await port.run(SOURCE, {});
  expect(ranWith()[2]).not.toBe(first);
  expect(String(first)).toMatch(/^[A-Za-z0-9-]{8,64}$/);
  expect(port.displayLanguage()).toBe('zh-CN');
  expect(port.host).toBe('sheets');
});
