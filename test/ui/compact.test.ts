/** Short money for tiles and chart labels: K/M/B in English, 万/亿 in Chinese. */
import { compactMoney, compactNumber } from '../../ui/i18n/compact';
import { ISSUE_KIND_NAMES } from '../../core/engine/issues';
import { en } from '../../ui/i18n/messages';

describe('compact figures', () => {
  test('English: K, M, B with two decimals at most', () => {
    expect(compactMoney(2_012_683.42, 'USD', 'en')).toBe('USD 2.01M');
    expect(compactNumber(999_999, 'en')).toBe('1M');
    expect(compactNumber(1_500, 'en')).toBe('1.5K');
    expect(compactNumber(-2_500_000_000, 'en')).toBe('-2.5B');
    expect(compactNumber(512, 'en')).toBe('512');
    expect(compactMoney(2_000_000, null, 'en')).toBe('2M');
  });

  test('Chinese: 万 and 亿, as Chinese readers count', () => {
    expect(compactMoney(2_012_683.42, 'CNY', 'zh-CN')).toBe('CNY 201.27万');
    expect(compactNumber(350_000_000, 'zh-CN')).toBe('3.5亿');
    expect(compactNumber(9_000, 'zh-CN')).toBe('9,000');
  });
});

describe('one name per issue kind', () => {
  test('the page’s English says what the workbook and the command line say', () => {
    for (const [kind, name] of Object.entries(ISSUE_KIND_NAMES)) {
      expect(en[`issue.${kind}` as keyof typeof en]).toBe(name);
    }
  });
});
