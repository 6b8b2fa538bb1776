/**
 * Short money for tiles and chart labels: 2,012,683 -> "2.01M" in English,
 * "201.27万" in Chinese (万 = 10^4, 亿 = 10^8, as Chinese readers count). The
 * exact figure stays in the tables and in each tile's title.
 */
export function compactNumber(value: number, lang: string, digits = 2): string {
  const zh = lang === 'zh-CN';
  const locale = zh ? 'zh-CN' : 'en-US';
  const a = Math.abs(value);
  const fmt = (v: number, d: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: d, minimumFractionDigits: 0 }).format(v);
  const steps: [number, string][] = zh
    ? [
        [1e8, '亿'],
        [1e4, '万'],
      ]
    : [
        [1e9, 'B'],
        [1e6, 'M'],
        [1e3, 'K'],
      ];
  for (const [size, unit] of steps) {
    // Rounding may carry into the next unit (999,999 -> "1,000K"): take the larger unit then.
    if (a >= size * 0.9995) return `${fmt(value / size, digits)}${unit}`;
  }
  return fmt(value, 0);
}

/** "USD 2.01M"; without a currency, just the short number. */
export function compactMoney(
  value: number,
  currency: string | null | undefined,
  lang: string,
): string {
  const n = compactNumber(value, lang);
  return currency ? `${currency} ${n}` : n;
}
