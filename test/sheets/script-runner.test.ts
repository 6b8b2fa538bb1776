/**
 * The fake google.script.run applies Google's rule for what may cross between
 * the sidebar and the server to results as well as arguments: "HTML Service:
 * Communicate with Server Functions", section "Parameters and return values"
 * (developers.google.com/apps-script/guides/html/communication). A result the
 * real Sheets would refuse fails here too, so the wire format stays honest.
 */
import type { LoadedProject } from './support/bundle';
import { fakeScriptRunner, transfer } from './support/script-runner';

class Deal {
  constructor(readonly amount: number) {}
}

/** A server project with one function per kind of result. */
function project(results: Record<string, () => unknown>): LoadedProject {
  return {
    has: (name: string) => name in results,
    call: (name: string) => results[name]!(),
  } as unknown as LoadedProject;
}

function callServer(p: LoadedProject, name: string, ...args: unknown[]) {
  return new Promise<{ ok: boolean; value: unknown }>((resolve) => {
    const runner = fakeScriptRunner(p)
      .withSuccessHandler((value) => resolve({ ok: true, value }))
      .withFailureHandler((error) => resolve({ ok: false, value: error }));
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}

describe('google.script.run results follow the legality rule', () => {
  const server = project({
    text: () => '{"ok":true}',
    date: () => new Date('2026-03-15T00:00:00Z'),
    instance: () => new Deal(100),
    nestedDate: () => ({ rows: [[1, new Date(0)]] }),
    undefinedField: () => ({ a: 1, b: undefined }),
    holes: () => [1, undefined, 3],
    map: () => new Map([['a', 1]]),
    nothing: () => undefined,
    circular: () => {
      const o: Record<string, unknown> = {};
      o.self = o;
      return o;
    },
  });

  test('strings, numbers, plain objects and arrays pass as copies', async () => {
    expect(await callServer(server, 'text')).toEqual({ ok: true, value: '{"ok":true}' });
  });

  test.each(['date', 'instance', 'nestedDate', 'undefinedField', 'map', 'circular'])(
    'a result with %s fails the call, as in Sheets',
    async (name) => {
      const r = await callServer(server, name);
      expect(r.ok).toBe(false);
      expect((r.value as { message: string }).message).toMatch(/not (a )?legal/);
    },
  );

  test('undefined fields within arrays become null', async () => {
    expect(await callServer(server, 'holes')).toEqual({ ok: true, value: [1, null, 3] });
  });

  test('a function that returns nothing calls the success handler', async () => {
    expect(await callServer(server, 'nothing')).toEqual({ ok: true, value: undefined });
  });

  test('arguments follow the same rule, checked before the call leaves the page', () => {
    const runner = fakeScriptRunner(server);
    expect(() => (runner.text as (...a: unknown[]) => void)(new Date())).toThrow(/Dates/);
    expect(() => (runner.text as (...a: unknown[]) => void)(new Deal(1))).toThrow(/Deal instance/);
    expect(transfer([{ a: [undefined] }], 'args')).toEqual([{ a: [null] }]);
  });
});
