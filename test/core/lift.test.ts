import fc from 'fast-check';
import { FunnelError, isFunnelError } from '../../core/errors';
import { argumentCells, guard, lift, shapeOf } from '../../core/functions/lift';

const add = (v: unknown[]) => {
  if (v[0] === null || v[1] === null) return null;
  if (typeof v[0] !== 'number') throw new FunnelError('#VALUE!', `bad ${String(v[0])}`);
  return (v[0] as number) + (v[1] as number);
};

describe('lift (Excel-style)', () => {
  it('all single values give a single value', () => {
    expect(lift(['a', 'b'], [1, 2], add)).toBe(3);
  });

  it('a single value broadcasts over a range', () => {
    expect(
      lift(
        ['a', 'b'],
        [
          [
            [1, 2],
            [3, 4],
          ],
          10,
        ],
        add,
      ),
    ).toEqual([
      [11, 12],
      [13, 14],
    ]);
  });

  it('a 1x1 range broadcasts but makes the result a range', () => {
    expect(lift(['a', 'b'], [[[1], [2]], [[10]]], add)).toEqual([[11], [12]]);
    expect(lift(['a', 'b'], [[[1]], 2], add)).toEqual([[3]]);
  });

  it('ranges of different shapes give one #VALUE! naming both shapes', () => {
    const r = lift(['amount', 'stage'], [[[1], [2]], [[1, 2]]], add);
    expect(isFunnelError(r)).toBe(true);
    expect((r as FunnelError).code).toBe('#VALUE!');
    expect((r as FunnelError).message).toBe(
      'amount is 2 rows x 1 column but stage is 1 row x 2 columns: give ranges of the same shape, or a single value that applies to every cell.',
    );
  });

  it('a row vector does not broadcast against a column (only single values do)', () => {
    expect(isFunnelError(lift(['a', 'b'], [[[1, 2]], [[1], [2]]], add))).toBe(true);
  });

  it('a bad cell becomes an error in its own place only', () => {
    const r = lift(['a', 'b'], [[['x'], [2]], 1], add) as unknown[][];
    expect(isFunnelError(r[0]![0])).toBe(true);
    expect(r[1]![0]).toBe(3);
  });

  it('undefined from the cell function becomes a blank (null)', () => {
    expect(lift(['a'], [[[1]]], () => undefined)).toEqual([[null]]);
  });

  it('rejects ragged and empty arrays with a message', () => {
    const ragged = lift(['a'], [[[1, 2], [3]]], () => 1) as FunnelError;
    expect(ragged.code).toBe('#VALUE!');
    expect(ragged.message).toContain('rectangular');
    expect((lift(['a'], [[]], () => 1) as FunnelError).message).toContain('non-empty 2D array');
    expect((lift(['a'], [[1, 2]], () => 1) as FunnelError).code).toBe('#VALUE!');
  });

  it('rethrows programming errors instead of hiding them in a cell', () => {
    expect(() =>
      lift(['a'], [1], () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });

  it('guard returns a thrown FunnelError as the result', () => {
    const e = new FunnelError('#N/A', 'nope');
    expect(
      guard(() => {
        throw e;
      }),
    ).toBe(e);
  });

  it('shapeOf and argumentCells', () => {
    expect(shapeOf('a', 5)).toBeNull();
    expect(shapeOf('a', [[1, 2, 3]])).toEqual({ rows: 1, cols: 3 });
    expect(
      argumentCells([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([1, 2, 3, 4]);
    expect(argumentCells(7)).toEqual([7]);
  });

  it('property: lifting over ranges equals calling cell by cell', () => {
    const cell = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.constant(null),
      fc.constant('x'),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.infiniteStream(cell),
        fc.integer({ min: -5, max: 5 }),
        (rows, cols, stream, b) => {
          const a = Array.from({ length: rows }, () =>
            Array.from({ length: cols }, () => stream.next().value),
          );
          const whole = lift(['a', 'b'], [a, b], add) as unknown[][];
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < cols; c++) {
              const single = lift(['a', 'b'], [a[r]![c], b], add);
              const got = whole[r]![c];
              if (isFunnelError(single)) expect((got as FunnelError).message).toBe(single.message);
              else expect(got).toBe(single);
            }
        },
      ),
    );
  });
});

describe('results beyond a double (issue 9, item 6)', () => {
  it('a cell result of Infinity or NaN is a #NUM! error cell, never a number or null', () => {
    const r = lift(['a'], [[[1e308], [1], [NaN]]], (v) => (v[0] as number) * 10) as unknown[][];
    expect(isFunnelError(r[0]![0])).toBe(true);
    expect((r[0]![0] as FunnelError).code).toBe('#NUM!');
    expect(r[1]![0]).toBe(10);
    expect((r[2]![0] as FunnelError).code).toBe('#NUM!');
    expect((guard(() => Infinity) as FunnelError).code).toBe('#NUM!');
    expect((guard(() => [[1, -Infinity]]) as unknown[][])[0]![1]).toBeInstanceOf(FunnelError);
  });
});
