/** The stub generator on its own: Apps Script JSDoc, safe comments, names checked. */
import { FUNCTIONS, type FunctionSpec } from '../../core/functions/registry';
import {
  SERVER_LIBRARY,
  customFunctionStub,
  renderSheetsGlobals,
} from '../../scripts/generate-sheets-functions';

const spec = (over: Partial<FunctionSpec>): FunctionSpec => ({ ...FUNCTIONS[0]!, ...over });

test('a stub is a top-level function forwarding its arguments to the bundle', () => {
  const text = customFunctionStub(FUNCTIONS[0]!);
  expect(text).toMatch(/^\/\*\*\n/);
  expect(text).toContain(' * @param {number|Array<Array<number>>} amount ');
  expect(text).toContain(
    ' * @customfunction\n */\nfunction FUNNEL_WEIGHT(amount, stage, stage_table, probability) {',
  );
  expect(text).toContain(
    `return ${SERVER_LIBRARY}.callCustomFunction("FUNNEL_WEIGHT", arguments);`,
  );
});

test('a description cannot end the comment early, and stays on one line per tag', () => {
  const text = customFunctionStub(spec({ description: 'Weights */ alert(1) /* and\nmore' }));
  const body = text.slice(3, text.indexOf('*/\nfunction'));
  expect(body).not.toContain('*/');
  expect(text).toContain('Weights *\u2215 alert(1) /* and more');
});

test('a name that is not an identifier is refused at build time', () => {
  expect(() => customFunctionStub(spec({ name: 'FUNNEL-WEIGHT' }))).toThrow(
    /not a JavaScript identifier/,
  );
  expect(() =>
    customFunctionStub(
      spec({ params: [{ name: 'stage table', type: 'any', optional: true, description: 'x' }] }),
    ),
  ).toThrow(/not a JavaScript identifier/);
});

test('the whole text parses as JavaScript and declares every function once', () => {
  const text = renderSheetsGlobals();
  expect(() => new Function(text)).not.toThrow();
  const names = [...text.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toEqual(
    expect.arrayContaining([...FUNCTIONS.map((f) => f.name), 'onOpen', 'onInstall', 'showSidebar']),
  );
});
