import { Button, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CellValue, Grid } from '../../core/cells';
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

/** The grid's data rows (a header row, when the first row has one, is left out). */
export function dataRowsOf(grid: Grid | undefined, numberCol: number): Grid {
  if (!grid?.length) return [];
  const first = grid[0]!;
  const cell = first[numberCol];
  const header = typeof cell === 'string' && !/^[\s\d.,%()-]*\d[\s\d.,%()-]*$/.test(cell);
  return header ? grid.slice(1) : grid;
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
  const cellValue = (text: string, numeric?: boolean): CellValue => {
    if (text.trim() === '') return null;
    const n = Number(text.replace(/,/g, ''));
    return numeric && Number.isFinite(n) ? n : text;
  };
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
                          j === k ? cellValue(d.value, cc.numeric) : (old[j] ?? null),
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
