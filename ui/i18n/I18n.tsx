import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { CATALOGS, type Language, type MessageKey } from './messages';
import { compactMoney, compactNumber } from './compact';
import { headerLabel, valueLabel } from './labels';

export interface I18n {
  lang: Language;
  /** Looks a message up and fills its {placeholders}. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Plain number, grouped, up to 2 decimals. */
  number(value: number, maxDigits?: number): string;
  /** Money: 2 decimals, grouped, no currency symbol (the sheet's currency is the user's). */
  money(value: number): string;
  percent(value: number, digits?: number): string;
  /** Short money for tiles and chart labels: "USD 2.01M", Chinese "USD 201.27万". */
  compactMoney(value: number, currency?: string | null): string;
  /** Short number for chart labels: "2.01M", "201.27万". */
  compact(value: number): string;
  /** A UTC-midnight date as the locale writes it. */
  date(value: Date): string;
  /** An output column header, translated when it is one we know. */
  header(text: string): string;
  /**
   * A stage, category, tier or issue kind written by the engine, translated for
   * display; with a column header, only if that column holds such labels.
   */
  value(text: string, column?: string): string;
}

export function makeI18n(lang: Language): I18n {
  const catalog = CATALOGS[lang];
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-US';
  const numberFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const moneyFmt = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const dateFmt = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return {
    lang,
    t(key, vars) {
      const text = catalog[key] ?? key;
      if (!vars) return text;
      return text.replace(/\{(\w+)\}/g, (m, name: string) =>
        name in vars ? String(vars[name]) : m,
      );
    },
    number(value, maxDigits = 2) {
      return maxDigits === 2
        ? numberFmt.format(value)
        : new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits }).format(value);
    },
    money: (value) => moneyFmt.format(value),
    percent(value, digits = 1) {
      return new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: digits,
      }).format(value);
    },
    date: (value) => dateFmt.format(value),
    compactMoney: (value, currency) => compactMoney(value, currency, lang),
    compact: (value) => compactNumber(value, lang),
    header: (text) => headerLabel(lang, text),
    value: (text, column) => valueLabel(lang, text, catalog, column),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en'));

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
