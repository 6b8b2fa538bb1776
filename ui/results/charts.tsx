import { useId, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/I18n';
import type { Bar } from './columns';

// Charts are drawn at their own pixel size (no scaling down) inside a box that
// scrolls sideways when the pane is narrower: text stays at 12-13 px at 320 px
// as at 1280 px.
const useStyles = makeStyles({
  figure: { margin: 0, minWidth: 0 },
  caption: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  svg: { display: 'block', maxWidth: 'none' },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '13px' },
  value: { fill: tokens.colorNeutralForeground1, fontSize: '12px' },
  muted: { fill: tokens.colorNeutralForeground3, fontSize: '12px' },
  bar: { fill: tokens.colorBrandBackground },
  lost: { fill: tokens.colorNeutralBackground5 },
  axis: { stroke: tokens.colorNeutralStroke1 },
  past: { fill: tokens.colorNeutralBackground3 },
  target: { stroke: tokens.colorPaletteRedForeground1, strokeWidth: 2, strokeDasharray: '6 3' },
  asOf: { stroke: tokens.colorNeutralForeground1, strokeWidth: 1.5 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
    listStyleType: 'none',
    margin: `${tokens.spacingVerticalXS} 0 0`,
    padding: 0,
    fontSize: tokens.fontSizeBase200,
  },
  swatch: {
    display: 'inline-block',
    width: '12px',
    height: '12px',
    marginRight: tokens.spacingHorizontalXS,
    verticalAlign: 'middle',
    borderRadius: '2px',
  },
  up: { fill: tokens.colorPaletteGreenBackground3 },
  down: { fill: tokens.colorPaletteRedBackground3 },
  link: { stroke: tokens.colorNeutralStroke1, strokeDasharray: '2 2' },
});

/** Stack colours: one colour per forecast category, the same wherever it appears. */
export const CATEGORY_COLOURS: Record<string, string> = {
  Closed: '#0f6cbd',
  Commit: '#5b9bd5',
  'Best Case': '#8fbf5f',
  Pipeline: '#c8c6c4',
};

interface FrameProps {
  title: string;
  /** Every figure in words, for screen readers. */
  description: string;
  testId: string;
  width: number;
  height: number;
  legend?: { label: string; colour: string; dashed?: boolean }[];
  children: ReactNode;
}

/**
 * What every chart shares: a captioned figure and an SVG with role="img", named by
 * its title and described by a text that lists every figure, so a screen reader
 * gets the same information as the eye.
 */
function ChartFrame({ title, description, testId, width, height, legend, children }: FrameProps) {
  const styles = useStyles();
  const id = useId();
  return (
    <figure className={styles.figure} data-testid={testId}>
      <figcaption className={styles.caption} id={`${id}-t`}>
        {title}
      </figcaption>
      <div className={styles.scroll}>
        <svg
          className={styles.svg}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-t ${id}-d`}
        >
          <desc id={`${id}-d`}>{description}</desc>
          {children}
        </svg>
      </div>
      {legend && legend.length > 0 && (
        <ul className={styles.legend} data-testid={`${testId}-legend`}>
          {legend.map((l) => (
            <li key={l.label}>
              <span
                className={styles.swatch}
                style={
                  l.dashed
                    ? { borderTop: `2px dashed ${l.colour}`, height: 0, borderRadius: 0 }
                    : { backgroundColor: l.colour }
                }
              />
              {l.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

export interface FunnelBar extends Bar {
  deals: number;
  /** Conversion from the stage before (null at the top and for Lost). */
  fromPrevious: number | null;
  /** Lost stands apart: drawn grey, after a gap. */
  apart?: boolean;
}

/** The funnel: one centred bar per stage, width by amount, with amount, deals and conversion written on it. */
export function FunnelChart({
  title,
  description,
  bars,
  testId,
  currency,
}: {
  title: string;
  description: string;
  bars: FunnelBar[];
  testId: string;
  currency?: string | null;
}) {
  const styles = useStyles();
  const { t, compactMoney, number, percent } = useI18n();
  const width = 440;
  const rowH = 44;
  const labelW = 100;
  const height = Math.max(1, bars.length) * rowH + 8;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plotW = width - labelW - 10;
  const text = (b: FunnelBar) =>
    `${compactMoney(b.value, currency)} · ${number(b.deals, 0)}` +
    (b.fromPrevious === null
      ? ''
      : ` · ${t('results.conversion', { p: percent(b.fromPrevious) })}`);
  const legend = bars.some((b) => b.apart)
    ? [
        { label: t('results.chartFunnel'), colour: tokens.colorBrandBackground },
        { label: t('ladder.Lost'), colour: tokens.colorNeutralBackground5 },
      ]
    : undefined;
  return (
    <ChartFrame
      title={title}
      description={`${description} ${bars.map((b) => `${b.label}: ${text(b)}`).join('; ')}`}
      testId={testId}
      width={width}
      height={height}
      legend={legend}
    >
      {bars.map((b, i) => {
        const w = max > 0 ? Math.max(2, (b.value / max) * plotW) : 2;
        const x = labelW + (plotW - w) / 2;
        const y = 4 + i * rowH;
        return (
          <g key={b.label} data-stage={b.label}>
            <text className={styles.label} x={labelW - 6} y={y + 14} textAnchor="end">
              {b.label}
            </text>
            <rect
              className={b.apart ? styles.lost : styles.bar}
              x={x}
              y={y}
              width={w}
              height={18}
              rx={3}
            >
              <title>{`${b.label}: ${text(b)}`}</title>
            </rect>
            <text className={styles.value} x={labelW + plotW / 2} y={y + 34} textAnchor="middle">
              {text(b)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

export interface PeriodStack {
  period: string;
  /** Amount per category, in CATEGORY order. */
  values: Record<string, number>;
  target?: number;
}

/**
 * The forecast per period: Closed, Commit, Best Case and Pipeline stacked, a target
 * line where targets exist, periods before the as-of date shaded, and a marker at
 * the as-of date's period.
 */
export function ForecastChart({
  title,
  description,
  periods,
  categories,
  thisPeriod,
  asOfLabel,
  testId,
  currency,
}: {
  title: string;
  description: string;
  periods: PeriodStack[];
  /** Category keys (Closed, Commit, Best Case, Pipeline) with their display names. */
  categories: { key: string; label: string }[];
  /** The as-of date's period label. */
  thisPeriod: string;
  asOfLabel: string;
  testId: string;
  currency?: string | null;
}) {
  const styles = useStyles();
  const { t, compact, compactMoney } = useI18n();
  const height = 260;
  const top = 22;
  const bottom = 40;
  const left = 8;
  const slot = 78;
  const width = Math.max(300, left + periods.length * slot + 8);
  const totals = periods.map((p) =>
    categories.reduce((s, c) => s + Math.max(0, p.values[c.key] ?? 0), 0),
  );
  const max = Math.max(0, ...totals, ...periods.map((p) => p.target ?? 0));
  const plotH = height - top - bottom;
  const yOf = (v: number) => top + plotH - (max > 0 ? (v / max) * plotH : 0);
  const nowIndex = periods.findIndex((p) => p.period === thisPeriod);
  const hasTargets = periods.some((p) => p.target !== undefined);
  const legend = [
    ...categories.map((c) => ({ label: c.label, colour: CATEGORY_COLOURS[c.key]! })),
    ...(hasTargets
      ? [{ label: t('results.target'), colour: tokens.colorPaletteRedForeground1, dashed: true }]
      : []),
  ];
  const words = periods
    .map(
      (p, i) =>
        `${p.period}: ${categories.map((c) => `${c.label} ${compactMoney(p.values[c.key] ?? 0, currency)}`).join(', ')}` +
        (p.target !== undefined
          ? `, ${t('results.target')} ${compactMoney(p.target, currency)}`
          : '') +
        (i === nowIndex ? ` (${asOfLabel})` : ''),
    )
    .join('; ');
  return (
    <ChartFrame
      title={title}
      description={`${description} ${words}`}
      testId={testId}
      width={width}
      height={height}
      legend={legend}
    >
      {nowIndex > 0 && (
        <rect
          className={styles.past}
          data-testid="past-periods"
          x={left}
          y={top}
          width={nowIndex * slot}
          height={plotH}
        />
      )}
      <line className={styles.axis} x1={left} x2={width - 4} y1={top + plotH} y2={top + plotH} />
      {periods.map((p, i) => {
        const x = left + i * slot + 10;
        const w = slot - 20;
        let acc = 0;
        return (
          <g key={p.period} data-period={p.period}>
            {categories.map((c) => {
              const v = Math.max(0, p.values[c.key] ?? 0);
              const y1 = yOf(acc);
              acc += v;
              const y2 = yOf(acc);
              return (
                <rect
                  key={c.key}
                  data-category={c.key}
                  x={x}
                  y={y2}
                  width={w}
                  height={Math.max(0, y1 - y2)}
                  fill={CATEGORY_COLOURS[c.key]}
                >
                  <title>{`${p.period} ${c.label}: ${compactMoney(v, currency)}`}</title>
                </rect>
              );
            })}
            <text className={styles.value} x={x + w / 2} y={yOf(acc) - 4} textAnchor="middle">
              {compact(totals[i]!)}
            </text>
            {p.target !== undefined && (
              <line
                className={styles.target}
                data-testid="target-line"
                x1={x - 6}
                x2={x + w + 6}
                y1={yOf(p.target)}
                y2={yOf(p.target)}
              >
                <title>{`${t('results.target')} ${p.period}: ${compactMoney(p.target, currency)}`}</title>
              </line>
            )}
            <text
              className={i < nowIndex ? styles.muted : styles.label}
              x={x + w / 2}
              y={top + plotH + 16}
              textAnchor="middle"
            >
              {p.period}
            </text>
          </g>
        );
      })}
      {nowIndex >= 0 && (
        <g data-testid="as-of-marker">
          <line
            className={styles.asOf}
            x1={left + nowIndex * slot + slot / 2}
            x2={left + nowIndex * slot + slot / 2}
            y1={top - 4}
            y2={top + plotH + 22}
          />
          <text
            className={styles.value}
            x={left + nowIndex * slot + slot / 2}
            y={top + plotH + 34}
            textAnchor="middle"
          >
            {asOfLabel}
          </text>
        </g>
      )}
    </ChartFrame>
  );
}

/**
 * The pipeline bridge as a waterfall: Start and End as full bars, each change
 * between them floating from the running total, up (green) or down (red), a
 * dashed line carrying the total from one bar to the next. bars[0] is Start,
 * the last is End, the ones between are the changes.
 */
export function WaterfallChart({
  title,
  description,
  bars,
  testId,
}: {
  title: string;
  description: string;
  bars: Bar[];
  testId: string;
}) {
  const styles = useStyles();
  const { money, compact } = useI18n();
  const height = 240;
  const top = 18;
  const bottom = 56;
  const left = 8;
  const slot = 56;
  const width = Math.max(360, left + bars.length * slot + 8);
  // Running totals: where each bar starts and ends.
  const spans: { from: number; to: number; total: boolean }[] = [];
  let running = 0;
  bars.forEach((b, i) => {
    const total = i === 0 || i === bars.length - 1;
    if (total) {
      spans.push({ from: 0, to: b.value, total });
      running = b.value;
    } else {
      spans.push({ from: running, to: running + b.value, total });
      running += b.value;
    }
  });
  const hi = Math.max(0, ...spans.map((s) => Math.max(s.from, s.to)));
  const lo = Math.min(0, ...spans.map((s) => Math.min(s.from, s.to)));
  const plotH = height - top - bottom;
  const y = (v: number) => top + (hi === lo ? plotH : ((hi - v) / (hi - lo)) * plotH);
  const barW = slot - 16;
  return (
    <ChartFrame
      title={title}
      description={`${description} ${bars.map((b) => `${b.label}: ${money(b.value)}`).join('; ')}`}
      testId={testId}
      width={width}
      height={height}
    >
      <line className={styles.axis} x1={left} x2={width - 4} y1={y(0)} y2={y(0)} />
      {bars.map((b, i) => {
        const s = spans[i]!;
        const x = left + i * slot + 8;
        const y1 = y(Math.max(s.from, s.to));
        const h = Math.max(1, Math.abs(y(s.from) - y(s.to)));
        const cls = s.total ? styles.bar : b.value >= 0 ? styles.up : styles.down;
        const next = spans[i + 1];
        return (
          <g key={b.label}>
            <rect className={cls} x={x} y={y1} width={barW} height={h} data-label={b.label}>
              <title>{`${b.label}: ${money(b.value)}`}</title>
            </rect>
            {next && (
              <line className={styles.link} x1={x + barW} x2={x + slot} y1={y(s.to)} y2={y(s.to)} />
            )}
            <text className={styles.value} x={x + barW / 2} y={y1 - 3} textAnchor="middle">
              {compact(b.value)}
            </text>
            <text
              className={styles.label}
              x={x + barW / 2}
              y={top + plotH + 14}
              textAnchor="end"
              transform={`rotate(-35 ${x + barW / 2} ${top + plotH + 14})`}
            >
              {b.label}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
