import { useMemo, useState } from 'react';
import {
  Field,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { CellValue } from '../../core/cells';
import { HYGIENE, drillDown, type DrillResult, type DrillTarget } from '../../core/for-ui';
import {
  CHANGE_ORDER,
  OUTPUT_ORDER,
  columnTotal,
  type ColumnFormat,
  type OutputColumn,
  type OutputKey,
  type OutputTable,
} from '../../core/output';
import type { RunSummary } from '../../core/ports';
import { useI18n, type I18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import {
  ForecastChart,
  FunnelChart,
  WaterfallChart,
  type FunnelBar,
  type PeriodStack,
} from './charts';
import { DrillList } from './DrillList';
import { barsBy, bridgeBars, columnIndex } from './columns';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, minWidth: 0 },
  charts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(280px, 100%), 1fr))',
    gap: tokens.spacingHorizontalXL,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  header: {
    whiteSpace: 'nowrap',
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // Long tables scroll inside their own box with the header kept in view.
  scroll: {
    overflowX: 'auto',
    overflowY: 'auto',
    maxHeight: '32rem',
    maxWidth: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  // Fluent's Table is fixed-layout; result tables size columns to their content instead.
  table: { tableLayout: 'auto', width: '100%' },
  num: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  // break-word (not anywhere): long text wraps, but a column never shrinks below its words.
  text: { overflowWrap: 'break-word', minWidth: '5em', maxWidth: '32em' },
  total: { fontWeight: tokens.fontWeightSemibold },
  // The Forecast's first two columns (Period, Weighted) stay in view while the rest scrolls.
  stick0: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    minWidth: '6.5em',
    maxWidth: '6.5em',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  stick1: {
    position: 'sticky',
    left: '6.5em',
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  headStick: { zIndex: 2 },
  drill: {
    background: 'none',
    border: 'none',
    padding: 0,
    font: 'inherit',
    color: tokens.colorBrandForegroundLink,
    cursor: 'pointer',
    textDecorationLine: 'underline',
    textDecorationStyle: 'dotted',
    ':hover': { textDecorationStyle: 'solid' },
  },
  note: { color: tokens.colorNeutralForeground2 },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, minWidth: 0 },
  // A select is as wide as its longest option unless told otherwise: keep it inside a 320px pane.
  filter: { flex: '1 1 12em', minWidth: 0, maxWidth: '24em' },
  filterSelect: { width: '100%', minWidth: 0 },
});

/** The results of a run on screen: charts, then each output table (FunnelData stays on its sheet). */
export function ResultsView({ summary }: { summary: RunSummary }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [drill, setDrill] = useState<{ figure: string; result: DrillResult } | null>(null);
  const byKey = new Map(summary.tables.map((tb) => [tb.key, tb]));
  const written = new Map(summary.written.map((w) => [w.sheetName, w.rows]));
  const tables = [...OUTPUT_ORDER, ...CHANGE_ORDER]
    .filter((k) => k !== 'FunnelData' && k !== 'Assumptions')
    .map((k) => byKey.get(k))
    .filter((tb): tb is OutputTable => !!tb);
  const currency = summary.baseCurrency ?? null;

  const funnel = byKey.get('Funnel');
  const forecast = byKey.get('Forecast');
  const funnelBars: FunnelBar[] = useMemo(() => {
    if (!funnel) return [];
    const col = (h: string) => columnIndex(funnel, h);
    const [stage, deals, amount, prev] = [
      col('Stage'),
      col('Deals'),
      col('Amount'),
      col('Conversion from Previous'),
    ];
    if (stage < 0 || amount < 0) return [];
    return funnel.rows.map((r) => ({
      label: i18n.value(String(r[stage]), 'Stage'),
      value: typeof r[amount] === 'number' ? r[amount] : 0,
      deals: typeof r[deals] === 'number' ? r[deals] : 0,
      fromPrevious: typeof r[prev] === 'number' ? r[prev] : null,
      apart: r[stage] === 'Lost',
    }));
  }, [funnel, i18n]);
  const categories = [
    { key: 'Closed', label: i18n.value('Closed', 'Category') },
    { key: 'Commit', label: i18n.value('Commit', 'Category') },
    { key: 'Best Case', label: i18n.value('Best Case', 'Category') },
    { key: 'Pipeline', label: i18n.value('Pipeline', 'Category') },
  ];
  const stacks: PeriodStack[] = useMemo(() => {
    if (!forecast) return [];
    const p = columnIndex(forecast, 'Period');
    const byCat = categories.map((c) => barsBy(forecast, p, columnIndex(forecast, c.key)));
    const labels = [...new Set(byCat.flatMap((b) => b.map((x) => x.label)))].sort((a, b) =>
      a.startsWith('(') ? 1 : b.startsWith('(') ? -1 : a < b ? -1 : a > b ? 1 : 0,
    );
    return labels.map((period) => {
      const values: Record<string, number> = {};
      categories.forEach((c, k) => {
        values[c.key] = byCat[k]!.find((x) => x.label === period)?.value ?? 0;
      });
      const target = summary.targetsByPeriod?.[period];
      return { period, values, ...(target !== undefined ? { target } : {}) };
    });
    // categories are fixed per language
  }, [forecast, summary.targetsByPeriod, i18n]);

  const open = (figure: string, target: DrillTarget) => {
    if (!summary.drill) return;
    setDrill({ figure, result: drillDown(summary.drill, target) });
  };
  const change = byKey.get('PipelineChange');
  const bridge = change ? bridgeBars(change) : [];

  return (
    <section className={styles.root} aria-labelledby="ff-results" data-testid="results">
      <h2 id="ff-results" className={styles.heading}>
        {t('results.heading')}
      </h2>
      <div className={styles.charts}>
        {stacks.length > 0 && (
          <ForecastChart
            testId="chart-forecast"
            title={t('results.chartForecast')}
            description={`${t('results.chartForecastDesc')} ${t('results.pastFuture')}`}
            periods={stacks}
            categories={categories}
            thisPeriod={summary.thisPeriod.label}
            asOfLabel={`${t('results.asOfMarker')} ${summary.asOf}`}
            currency={currency}
          />
        )}
        {funnelBars.length > 0 && (
          <FunnelChart
            testId="chart-funnel"
            title={t('results.chartFunnel')}
            description={t('results.chartFunnelDesc')}
            bars={funnelBars}
            currency={currency}
          />
        )}
        {bridge.length > 0 && (
          <WaterfallChart
            testId="chart-waterfall"
            title={t('results.chartWaterfall')}
            description={t('results.chartWaterfallDesc')}
            bars={bridge}
          />
        )}
      </div>
      {summary.drill && <Text className={styles.note}>{t('results.drillHint')}</Text>}
      {drill && summary.drill && (
        <DrillList
          figure={drill.figure}
          result={drill.result}
          capped={!summary.drill.complete}
          cap={summary.drill.deals.length}
          currency={currency}
          onClose={() => setDrill(null)}
        />
      )}
      {tables.map((table) => (
        <ResultTable
          key={table.key}
          table={table}
          totalRows={written.get(table.sheetName) ?? table.rows.length}
          i18n={i18n}
          styles={styles}
          drillable={!!summary.drill}
          onDrill={open}
        />
      ))}
    </section>
  );
}

/** Tables whose amounts add up meaningfully get a total row (when every row is on screen). */
const TOTALLED: readonly OutputKey[] = ['Forecast', 'Funnel'];

/** Each column's total as core defines it (sums; a spread's root of summed squares; none for ratios). */
function totalsFor(table: OutputTable): (number | null)[] {
  return table.columns.map((c, i) =>
    columnTotal(
      c,
      table.rows.map((r) => r[i]),
    ),
  );
}

/** "Amount (USD)": money headers name the base currency. */
export function headerText(c: OutputColumn, i18n: I18n): string {
  const h = i18n.header(c.header);
  return c.currency ? `${h} (${c.currency})` : h;
}

/** Which figure of a row a click lists the deals of, or null for a figure that has none. */
function drillTargetOf(table: OutputTable, row: CellValue[], c: number): DrillTarget | null {
  const column = table.columns[c]!;
  const header = column.header;
  if (table.key === 'Forecast') {
    if (column.format === 'text' || /^(target|gap|coverage)$/i.test(header)) return null;
    const p = columnIndex(table, 'Period');
    // Segment values by position: the table may have renamed a header that clashed.
    const segment = row.slice(0, p).map((v) => String(v ?? ''));
    return { table: 'Forecast', segment, period: String(row[p]), column: header };
  }
  if (table.key === 'Funnel') {
    if (!/^(deals|amount|weighted)$/i.test(header)) return null;
    return { table: 'Funnel', stage: String(row[0]), column: header };
  }
  if (table.key === 'Reps') {
    if (!/^(won|lost|open deals|open amount|weighted)$/i.test(header)) return null;
    return { table: 'Reps', owner: String(row[0]), column: header };
  }
  if (table.key === 'Pyramid') {
    if (/^value$/i.test(header))
      return {
        table: 'Pyramid',
        account: String(row[columnIndex(table, 'Account')]),
        column: header,
      };
    if (/^tier$/i.test(header)) return { table: 'Pyramid', tier: String(row[c]), column: 'Value' };
  }
  return null;
}

/** The Forecast shows Period and Weighted first (kept in view), then the segments and the rest. */
function displayOrder(table: OutputTable): number[] {
  const all = table.columns.map((_, i) => i);
  if (table.key !== 'Forecast') return all;
  const first = [columnIndex(table, 'Period'), columnIndex(table, 'Weighted')].filter(
    (i) => i >= 0,
  );
  return [...first, ...all.filter((i) => !first.includes(i))];
}

function ResultTable({
  table: full,
  totalRows,
  i18n,
  styles,
  drillable,
  onDrill,
}: {
  table: OutputTable;
  totalRows: number;
  i18n: I18n;
  styles: ReturnType<typeof useStyles>;
  drillable: boolean;
  onDrill: (figure: string, target: DrillTarget) => void;
}) {
  const { t } = i18n;
  const [kind, setKind] = useState('');
  const [severity, setSeverity] = useState('');
  const isIssues = full.key === 'DataIssues';
  const kindCol = isIssues ? columnIndex(full, 'Kind') : -1;
  const sevCol = isIssues ? columnIndex(full, 'Severity') : -1;
  const kinds = kindCol >= 0 ? [...new Set(full.rows.map((r) => String(r[kindCol])))] : [];
  const table =
    isIssues && (kind || severity)
      ? {
          ...full,
          rows: full.rows.filter(
            (r) =>
              (!kind || String(r[kindCol]) === kind) &&
              (!severity || String(r[sevCol]) === severity),
          ),
        }
      : full;
  const complete = full.rows.length >= totalRows;
  const totals = complete && TOTALLED.includes(table.key) ? totalsFor(table) : null;
  const title = t(`table.${table.key}` as MessageKey);
  const id = `ff-table-${table.key}`;
  const order = displayOrder(table);
  const sticky = table.key === 'Forecast';
  const stickClass = (pos: number) =>
    sticky && pos === 0 ? styles.stick0 : sticky && pos === 1 ? styles.stick1 : undefined;
  const explained = table.columns.filter((c) => c.total === 'rss' && c.note);
  const cell = (row: CellValue[], i: number) => {
    const c = table.columns[i]!;
    const shown = formatCell(row[i] ?? null, c.format, c.header, i18n);
    const clickable =
      typeof row[i] === 'number' || (table.key === 'Pyramid' && /^tier$/i.test(c.header));
    const tgt = drillable && clickable ? drillTargetOf(table, row, i) : null;
    if (!tgt) return shown;
    const figure = `${i18n.header(c.header)} · ${String(row[table.key === 'Forecast' ? columnIndex(table, 'Period') : 0] ?? '')} · ${shown}`;
    return (
      <button
        type="button"
        className={styles.drill}
        title={t('results.drillOpen', { figure })}
        onClick={() => onDrill(figure, tgt)}
      >
        {shown}
      </button>
    );
  };
  return (
    <section aria-labelledby={id} data-testid={`table-${table.key}`}>
      <h3 id={id} className={styles.heading}>
        {title}
      </h3>
      {isIssues && full.rows.length > 0 && (
        <div className={styles.filters}>
          <Field label={t('results.filterSeverity')} className={styles.filter}>
            <Select
              className={styles.filterSelect}
              data-testid="issues-severity"
              value={severity}
              onChange={(_, d) => setSeverity(d.value)}
            >
              <option value="">{t('results.allSeverities')}</option>
              <option value="Blocking">{t('run.blocking')}</option>
              <option value={HYGIENE}>{t('run.hygiene')}</option>
            </Select>
          </Field>
          <Field label={t('results.filterKind')} className={styles.filter}>
            <Select
              className={styles.filterSelect}
              data-testid="issues-kind"
              value={kind}
              onChange={(_, d) => setKind(d.value)}
            >
              <option value="">{t('results.allKinds')}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {i18n.value(k, 'Kind')}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      )}
      {table.rows.length === 0 ? (
        <Text>{t('results.empty')}</Text>
      ) : (
        // A focusable scroll region, so keyboard users can scroll a wide table.
        <div className={styles.scroll} role="region" aria-labelledby={id} tabIndex={0}>
          <Table
            size="small"
            className={styles.table}
            aria-labelledby={id}
            data-key={table.key as OutputKey}
          >
            <TableHeader>
              <TableRow>
                {order.map((i, pos) => {
                  const c = table.columns[i]!;
                  return (
                    <TableHeaderCell
                      key={i}
                      data-header={c.header}
                      title={c.note}
                      className={mergeClasses(
                        styles.header,
                        stickClass(pos),
                        stickClass(pos) && styles.headStick,
                      )}
                    >
                      {headerText(c, i18n)}
                    </TableHeaderCell>
                  );
                })}
              </TableRow>
            </TableHeader>
            <TableBody>
              {table.rows.map((row, r) => (
                <TableRow key={r}>
                  {order.map((i, pos) => {
                    const c = table.columns[i]!;
                    return (
                      <TableCell
                        key={i}
                        className={mergeClasses(
                          isNumeric(c.format) ? styles.num : styles.text,
                          stickClass(pos),
                        )}
                        data-value={rawValue(row[i] ?? null)}
                      >
                        {cell(row, i)}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
              {totals && (
                <TableRow data-testid={`total-${table.key}`} className={styles.total}>
                  {order.map((i, pos) => {
                    const c = table.columns[i]!;
                    const v = totals[i];
                    return pos === 0 ? (
                      <TableHeaderCell key={i} scope="row" className={stickClass(pos)}>
                        {t('results.total')}
                      </TableHeaderCell>
                    ) : (
                      <TableCell
                        key={i}
                        className={mergeClasses(styles.num, stickClass(pos))}
                        data-header={c.header}
                        data-value={v ?? ''}
                      >
                        {v === null || v === undefined
                          ? ''
                          : formatCell(v, c.format, c.header, i18n)}
                      </TableCell>
                    );
                  })}
                </TableRow>
              )}
            </TableBody>
          </Table>
        </div>
      )}
      {explained.map((c) => (
        <Text key={c.header} size={200} block className={styles.note} data-testid="column-note">
          {`${i18n.header(c.header)}: ${c.note}`}
        </Text>
      ))}
      {!complete && (
        <Text size={200}>
          {t('results.rowsShown', { shown: full.rows.length, total: totalRows })}
        </Text>
      )}
    </section>
  );
}

const isNumeric = (f: ColumnFormat) => f !== 'text' && f !== 'date';

/** The unformatted value, for tests and copy-paste tools. */
function rawValue(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** Formats one cell for display; user text is rendered as text, never as markup. */
export function formatCell(v: CellValue, format: ColumnFormat, header: string, i18n: I18n): string {
  if (v === null || v === '') return '';
  if (v instanceof Date) return i18n.date(v);
  if (typeof v === 'number') {
    switch (format) {
      case 'currency':
        return i18n.money(v);
      case 'percent':
        return i18n.percent(v, 1);
      case 'integer':
        return i18n.number(v, 0);
      default:
        return i18n.number(v);
    }
  }
  if (typeof v === 'boolean') return v ? '✓' : '—';
  return i18n.value(v, header);
}
