import {
  Button,
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
import type { DrillResult } from '../../core/for-ui';
import { useI18n } from '../i18n/I18n';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  head: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  scroll: { overflowX: 'auto', overflowY: 'auto', maxHeight: '24rem', maxWidth: '100%' },
  table: { tableLayout: 'auto' },
  num: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
});

/** The deals behind a clicked figure, with their names, adding up to it. */
export function DrillList({
  figure,
  result,
  capped,
  cap,
  currency,
  onClose,
}: {
  figure: string;
  result: DrillResult;
  capped: boolean;
  cap: number;
  currency: string | null;
  onClose: () => void;
}) {
  const styles = useStyles();
  const { t, money, number, value, header } = useI18n();
  const measure =
    result.measure === 'weighted' ? 'Weighted' : result.measure === 'pyramid' ? 'Value' : 'Amount';
  const withCurrency = (h: string) => (currency ? `${h} (${currency})` : h);
  return (
    <section
      className={styles.root}
      aria-label={t('results.drillTitle', { figure })}
      data-testid="drill"
    >
      <div className={styles.head}>
        <Text weight="semibold">{t('results.drillTitle', { figure })}</Text>
        <Button size="small" onClick={onClose}>
          {t('results.drillClose')}
        </Button>
      </div>
      <Text data-testid="drill-total" data-value={result.total} data-deals={result.deals.length}>
        {t('results.drillTotal', { n: number(result.deals.length, 0), total: money(result.total) })}
      </Text>
      {capped && <Text size={200}>{t('results.drillCapped', { n: number(cap, 0) })}</Text>}
      <div className={styles.scroll} role="region" tabIndex={0} aria-label={figure}>
        <Table size="extra-small" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('results.drillRow')}</TableHeaderCell>
              <TableHeaderCell>{t('results.drillDeal')}</TableHeaderCell>
              <TableHeaderCell>{header('Owner')}</TableHeaderCell>
              <TableHeaderCell>{header('Stage')}</TableHeaderCell>
              <TableHeaderCell>{header('Period')}</TableHeaderCell>
              <TableHeaderCell>{withCurrency(header(measure))}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.deals.map((d) => (
              <TableRow key={d.row}>
                <TableCell className={styles.num}>{d.row}</TableCell>
                <TableCell>{d.name ?? ''}</TableCell>
                <TableCell>{d.owner ?? ''}</TableCell>
                <TableCell>{d.stage ? value(d.stage, 'Stage') : ''}</TableCell>
                <TableCell>{d.period}</TableCell>
                <TableCell className={styles.num} data-value={result.value(d)}>
                  {d.amount === null ? '—' : money(result.value(d))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
