import { Button, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CellValue, Grid } from '../../core/cells';
import { parseAmount } from '../../core/read/amount';
import { useI18n } from '../i18n/I18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  row: { display: 'grid', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  head: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  input: { minWidth: 0, width: '100%' },
  remove: { minWidth: 'auto' },
});

export interface GridColumn {
  /** Header written into the saved grid (English, as the engine reads it). */
  header: string;
  /** What the user sees. */
  label: string;
  numeric?: boolean;
  /** Relative width in the row. */
  width?: string;
}

/** A cell core's amount reader takes as an amount (core/read/amount.ts parseAmount). */
function isAmount(cell: unknown): boolean {
  const amount = parseAmount(cell);
  return amount !== null && !('error' in amount);
}

/**
 * The grid's data rows: a first row whose number column holds text that is not an
 * amount is a header and left out, as the run reads these grids (core/engine/settings.ts).
 */
export function dataRowsOf(grid: Grid | undefined, numberCol: number): Grid {
  if (!grid?.length) return [];
  const cell = grid[0]![numberCol];
  return typeof cell === 'string' && !isAmount(cell) ? grid.slice(1) : grid;
}

/**
 * What a typed cell is saved as: blank -> null; in a numeric column, a plain amount
 * ("1,000", "(1,000)", "12.5万") as the number core's amount reader makes of it
 * (core/read/amount.ts parseAmount, the reader the run applies to these cells); anything
 * else stays the text typed ("USD 1,000" keeps its currency for the run, "1,2,3" is
 * named by the run as a located problem instead of being saved as 123).
 */
export function cellOfText(text: string, numeric?: boolean): CellValue {
  if (text.trim() === '') return null;
  if (!numeric) return text;
  const amount = parseAmount(text);
  return amount !== null && !('error' in amount) && amount.currency === null ? amount.value : text;
}

/**
 * A small editable table (targets, currency rates) saved with the settings: one
 * input per cell, a row added or removed by one click. Numbers are kept as numbers;
 * a cell that is not one stays text, and the run names it as a located problem.
 */
export function GridEditor({
  columns,
  value,
  onChange,
  label,
  testId,
}: {
  columns: GridColumn[];
  value: Grid | undefined;
  onChange: (grid: Grid | undefined) => void;
  label: string;
  testId: string;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  const numberCol = columns.findIndex((c) => c.numeric);
  const rows = dataRowsOf(value, numberCol);
  const template = `${columns.map((c) => c.width ?? '1fr').join(' ')} auto`;
  const write = (next: Grid) =>
    onChange(next.length ? [columns.map((c) => c.header), ...next] : undefined);
  return (
    <div className={styles.root} role="group" aria-label={label} data-testid={testId}>
      {rows.length > 0 && (
        <div className={styles.row} style={{ gridTemplateColumns: template }} aria-hidden>
          {columns.map((c) => (
            <Text key={c.header} className={styles.head}>
              {c.label}
            </Text>
          ))}
          <span />
        </div>
      )}
      {rows.map((row, r) => (
        <div key={r} className={styles.row} style={{ gridTemplateColumns: template }}>
          {columns.map((c, k) => (
            <Input
              key={c.header}
              className={styles.input}
              size="small"
              inputMode={c.numeric ? 'decimal' : undefined}
              aria-label={`${c.label} ${r + 1}`}
              value={row[k] === null || row[k] === undefined ? '' : String(row[k])}
              onChange={(_, d) =>
                write(
                  rows.map((old, i) =>
                    i === r
                      ? columns.map((cc, j) =>
                          j === k ? cellOfText(d.value, cc.numeric) : (old[j] ?? null),
                        )
                      : old,
                  ),
                )
              }
            />
          ))}
          <Button
            size="small"
            appearance="subtle"
            className={styles.remove}
            aria-label={t('grid.remove', { n: r + 1 })}
            onClick={() => write(rows.filter((_, i) => i !== r))}
          >
            ×
          </Button>
        </div>
      ))}
      <div>
        <Button size="small" onClick={() => write([...rows, columns.map(() => null)])}>
          {t('grid.addRow')}
        </Button>
      </div>
    </div>
  );
}
