import { useId, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/I18n';
import type { Bar } from './columns';

const useStyles = makeStyles({
  figure: { margin: 0, minWidth: 0 },
  caption: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS },
  svg: { width: '100%', height: 'auto', display: 'block', maxWidth: '520px' },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '12px' },
  value: { fill: tokens.colorNeutralForeground2, fontSize: '11px' },
  bar: { fill: tokens.colorBrandBackground },
  barAlt: { fill: tokens.colorPaletteTealBackground2 },
  axis: { stroke: tokens.colorNeutralStroke1 },
  up: { fill: tokens.colorPaletteGreenBackground3 },
  down: { fill: tokens.colorPaletteRedBackground3 },
  link: { stroke: tokens.colorNeutralStroke1, strokeDasharray: '2 2' },
});

interface ChartProps {
  title: string;
  description: string;
  bars: Bar[];
  testId: string;
}

/**
 * What every chart shares: a captioned figure and an SVG with role="img", named by
 * its title and described by a text that lists every figure, so a screen reader
 * gets the same information as the eye.
 */
function ChartFrame({
  title,
  description,
  bars,
  testId,
  width,
  height,
  children,
}: ChartProps & { width: number; height: number; children: ReactNode }) {
  const styles = useStyles();
  const { money } = useI18n();
  const id = useId();
  return (
    <figure className={styles.figure} data-testid={testId}>
      <figcaption className={styles.caption} id={`${id}-t`}>
        {title}
      </figcaption>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <desc id={`${id}-d`}>
          {`${description} ${bars.map((b) => `${b.label}: ${money(b.value)}`).join('; ')}`}
        </desc>
        {children}
      </svg>
    </figure>
  );
}

/** The funnel: one centred bar per stage, width proportional to amount (hand-written SVG, no chart library in the bundle). */
export function FunnelChart({ title, description, bars, testId }: ChartProps) {
  const styles = useStyles();
  const { money } = useI18n();
  const width = 360;
  const rowH = 26;
  const labelW = 96;
  const height = Math.max(1, bars.length) * rowH + 8;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plotW = width - labelW - 10;
  return (
    <ChartFrame {...{ title, description, bars, testId }} width={width} height={height}>
      {bars.map((b, i) => {
        const w = max > 0 ? Math.max(2, (b.value / max) * plotW) : 2;
        const x = labelW + (plotW - w) / 2;
        const y = 4 + i * rowH;
        return (
          <g key={b.label}>
            <text className={styles.label} x={labelW - 6} y={y + rowH / 2 + 4} textAnchor="end">
              {b.label}
            </text>
            <rect
              className={i % 2 ? styles.barAlt : styles.bar}
              x={x}
              y={y}
              width={w}
              height={rowH - 6}
              rx={3}
            >
              <title>{`${b.label}: ${money(b.value)}`}</title>
            </rect>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** Weighted forecast per period as vertical bars. */
export function ColumnChart({ title, description, bars, testId }: ChartProps) {
  const styles = useStyles();
  const { money, number } = useI18n();
  const height = 220;
  const top = 16;
  const bottom = 40;
  const left = 8;
  const slot = 64;
  const width = Math.max(360, left + bars.length * slot + 8);
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plotH = height - top - bottom;
  return (
    <ChartFrame {...{ title, description, bars, testId }} width={width} height={height}>
      <line className={styles.axis} x1={left} x2={width - 4} y1={top + plotH} y2={top + plotH} />
      {bars.map((b, i) => {
        const h = max > 0 ? Math.max(1, (Math.max(0, b.value) / max) * plotH) : 1;
        const x = left + i * slot + 8;
        return (
          <g key={b.label}>
            <rect className={styles.bar} x={x} y={top + plotH - h} width={slot - 16} height={h}>
              <title>{`${b.label}: ${money(b.value)}`}</title>
            </rect>
            <text
              className={styles.value}
              x={x + (slot - 16) / 2}
              y={top + plotH - h - 3}
              textAnchor="middle"
            >
              {compact(b.value, number)}
            </text>
            <text
              className={styles.label}
              x={x + (slot - 16) / 2}
              y={top + plotH + 16}
              textAnchor="middle"
            >
              {b.label}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/**
 * The pipeline bridge as a waterfall: Start and End as full bars, each change
 * between them floating from the running total, up (green) or down (red), a
 * dashed line carrying the total from one bar to the next. bars[0] is Start,
 * the last is End, the ones between are the changes.
 */
export function WaterfallChart({ title, description, bars, testId }: ChartProps) {
  const styles = useStyles();
  const { money, number } = useI18n();
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
    <ChartFrame {...{ title, description, bars, testId }} width={width} height={height}>
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
              {compact(b.value, number)}
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

/** 1234567 -> "1.2M" so bar labels fit; the exact figure is in the title and the table. */
function compact(v: number, number: (v: number, d?: number) => string): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${number(v / 1e9, 1)}B`;
  if (a >= 1e6) return `${number(v / 1e6, 1)}M`;
  if (a >= 1e3) return `${number(v / 1e3, 1)}k`;
  return number(v, 0);
}
