import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { OutputTable } from '../../core/output';
import { useI18n } from '../i18n/I18n';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%', maxHeight: '24rem', overflowY: 'auto' },
  table: { tableLayout: 'auto' },
  cell: { overflowWrap: 'break-word', fontSize: tokens.fontSizeBase200 },
});

/** The run's Assumptions table (as-of, source, mapping, stage table, rates, targets, notes), shown in the pane. */
export function AssumptionsTable({ table }: { table: OutputTable }) {
  const styles = useStyles();
  const { t, header } = useI18n();
  return (
    <div
      className={styles.scroll}
      role="region"
      aria-label={t('table.Assumptions')}
      tabIndex={0}
      data-testid="assumptions"
    >
      <Table size="extra-small" className={styles.table} aria-label={t('table.Assumptions')}>
        <TableHeader>
          <TableRow>
            {table.columns.map((c) => (
              <TableHeaderCell key={c.header}>{header(c.header)}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {table.rows.map((row, r) => (
            <TableRow key={r}>
              {table.columns.map((c, i) => (
                <TableCell key={c.header} className={styles.cell}>
                  {row[i] === null || row[i] === undefined ? '' : String(row[i])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
