import {
  column1FromLetters,
  index0FromLetters,
  lettersFromColumn1,
  lettersFromIndex0,
} from '../../core/a1';

describe('column letters (core/a1.ts), the one helper of the hosts, the page and the fakes', () => {
  it('0-based index and 1-based column to letters', () => {
    expect([0, 25, 26, 701, 702, 16383].map(lettersFromIndex0)).toEqual([
      'A',
      'Z',
      'AA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    expect([1, 26, 27, 702, 703, 16384].map(lettersFromColumn1)).toEqual([
      'A',
      'Z',
      'AA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });

  it('letters back, either base, any case; anything else is NaN', () => {
    expect(['A', 'z', 'AA', 'ZZ', 'aaa', 'XFD'].map(column1FromLetters)).toEqual([
      1, 26, 27, 702, 703, 16384,
    ]);
    expect(index0FromLetters('A')).toBe(0);
    expect(index0FromLetters('xfd')).toBe(16383);
    expect(column1FromLetters('')).toBeNaN();
    expect(column1FromLetters('A1')).toBeNaN();
  });

  it('round-trips every column Excel has', () => {
    for (let i = 0; i < 16384; i++) {
      expect(index0FromLetters(lettersFromIndex0(i))).toBe(i);
      expect(column1FromLetters(lettersFromColumn1(i + 1))).toBe(i + 1);
    }
  });
});
