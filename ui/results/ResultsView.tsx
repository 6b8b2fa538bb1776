import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { CellValue } from '../../core/cells';
import { sum } from '../../core/money';
import {
  CHANGE_ORDER,
  OUTPUT_ORDER,
  type ColumnFormat,
  type OutputKey,
  type OutputTable,
} from '../../core/output';
import type { RunSummary } from '../../core/port';
import { useI18n, type I18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import { ColumnChart, FunnelChart, WaterfallChart } from './charts';
import { barsBy, bridgeBars, columnIndex } from './columns';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, minWidth: 0 },
  charts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
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
});

/** The results of a run on screen: charts, then each output table (FunnelData stays on its sheet). */
export function ResultsView({ summary }: { summary: RunSummary }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const byKey = new Map(summary.tables.map((tb) => [tb.key, tb]));
  const written = new Map(summary.written.map((w) => [w.sheetName, w.rows]));
  const tables = [...OUTPUT_ORDER, ...CHANGE_ORDER]
    .filter((k) => k !== 'FunnelData')
    .map((k) => byKey.get(k))
    .filter((tb): tb is OutputTable => !!tb);

  const funnel = byKey.get('Funnel');
  const forecast = byKey.get('Forecast');
  const funnelBars = funnel
    ? barsBy(funnel, columnIndex(funnel, 'Stage', 'Ladder stage'), columnIndex(funnel, 'Amount'))
    : [];
  const periodBars = forecast
    ? barsBy(
        forecast,
        columnIndex(forecast, 'Period'),
        columnIndex(forecast, 'Weighted', 'Weighted amount', 'Weighted forecast'),
      )
    : [];
  const change = byKey.get('PipelineChange');
  const bridge = change ? bridgeBars(change) : [];

  return (
    <section className={styles.root} aria-labelledby="ff-results" data-testid="results">
      <h2 id="ff-results" className={styles.heading}>
        {t('results.heading')}
      </h2>
      <div className={styles.charts}>
        {funnelBars.length > 0 && (
          <FunnelChart
            testId="chart-funnel"
            title={t('results.chartFunnel')}
            description={t('results.chartFunnelDesc')}
            bars={funnelBars.map((b) => ({ ...b, label: i18n.value(b.label, 'Stage') }))}
          />
        )}
        {periodBars.length > 0 && (
          <ColumnChart
            testId="chart-forecast"
            title={t('results.chartForecast')}
            description={t('results.chartForecastDesc')}
            bars={periodBars}
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
      {tables.map((table) => (
        <ResultTable
          key={table.key}
          table={table}
          totalRows={written.get(table.sheetName) ?? table.rows.length}
          i18n={i18n}
          styles={styles}
        />
      ))}
    </section>
  );
}

/** Tables whose amounts add up meaningfully get a total row (when every row is on screen). */
const TOTALLED: readonly OutputKey[] = ['Forecast', 'Funnel'];

function totalsFor(table: OutputTable): (number | null)[] {
  return table.columns.map((c, i) =>
    c.format === 'currency' || (c.format === 'integer' && /^deals$/i.test(c.header))
      ? sum(table.rows.map((r) => r[i]).filter((v): v is number => typeof v === 'number'))
      : null,
  );
}

function ResultTable({
  table,
  totalRows,
  i18n,
  styles,
}: {
  table: OutputTable;
  totalRows: number;
  i18n: I18n;
  styles: ReturnType<typeof useStyles>;
}) {
  const { t } = i18n;
  const complete = table.rows.length >= totalRows;
  const totals = complete && TOTALLED.includes(table.key) ? totalsFor(table) : null;
  const title = t(`table.${table.key}` as MessageKey);
  const id = `ff-table-${table.key}`;
  return (
    <section aria-labelledby={id} data-testid={`table-${table.key}`}>
      <h3 id={id} className={styles.heading}>
        {title}
      </h3>
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
                {table.columns.map((c, i) => (
                  <TableHeaderCell key={i} data-header={c.header} className={styles.header}>
                    {i18n.header(c.header)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {table.rows.map((row, r) => (
                <TableRow key={r}>
                  {table.columns.map((c, i) => (
                    <TableCell
                      key={i}
                      className={isNumeric(c.format) ? styles.num : styles.text}
                      data-value={rawValue(row[i] ?? null)}
                    >
                      {formatCell(row[i] ?? null, c.format, c.header, i18n)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
              {totals && (
                <TableRow data-testid={`total-${table.key}`} className={styles.total}>
                  {table.columns.map((c, i) => {
                    const v = totals[i];
                    return i === 0 ? (
                      <TableHeaderCell key={i} scope="row">
                        {t('results.total')}
                      </TableHeaderCell>
                    ) : (
                      <TableCell
                        key={i}
                        className={styles.num}
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
      {!complete && (
        <Text size={200}>
          {t('results.rowsShown', { shown: table.rows.length, total: totalRows })}
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
        return i18n.percent(v);
      case 'integer':
        return i18n.number(v, 0);
      default:
        return i18n.number(v);
    }
  }
  if (typeof v === 'boolean') return v ? '✓' : '—';
  return i18n.value(v, header);
}
