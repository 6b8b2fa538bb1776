import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import {
  FluentProvider,
  Select,
  Field,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import type { CellValue } from '../core/cells';
import { OUTPUT_ORDER, sheetNameFor } from '../core/output';
import type { RunSummary, SourceInspection } from '../core';
import { I18nProvider, useI18n } from '../ui/i18n/I18n';
import { pickLanguage, type Language } from '../ui/i18n/messages';
import { ResultsView } from '../ui/results/ResultsView';
import { TaskPane } from '../ui/TaskPane';
import type { BrowserPort } from './browser-port';
import { ComparePanel } from './ComparePanel';

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    // A narrow pane keeps the header short: the figures matter more than the title.
    '@media (max-width: 600px)': {
      fontSize: tokens.fontSizeBase500,
      lineHeight: tokens.lineHeightBase500,
    },
  },
  intro: { '@media (max-width: 600px)': { display: 'none' } },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalL,
    '@media (min-width: 900px)': { gridTemplateColumns: '380px minmax(0, 1fr)' },
  },
  pane: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    alignSelf: 'start',
    minWidth: 0,
  },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    padding: tokens.spacingHorizontalL,
    minWidth: 0,
  },
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
  },
  dropActive: {
    border: `2px dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  scroll: {
    overflowX: 'auto',
    maxWidth: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  cell: { whiteSpace: 'nowrap' },
  // Fluent's Table is fixed-layout; the preview sizes columns to their content and scrolls.
  grid: { tableLayout: 'auto' },
});

/** The standalone page: language switch, drop zone, the shared task pane, source preview and results. */
export function StandalonePage({ port }: { port: BrowserPort }) {
  const [lang, setLang] = useState<Language>(pickLanguage(port.displayLanguage()));
  // The first frame after React's first commit: bench/ui.bench.ts reads this mark.
  useEffect(() => {
    requestAnimationFrame(() => performance.mark('ff-first-render'));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider lang={lang}>
        <PageBody port={port} lang={lang} setLang={setLang} />
      </I18nProvider>
    </FluentProvider>
  );
}

function PageBody({
  port,
  lang,
  setLang,
}: {
  port: BrowserPort;
  lang: Language;
  setLang: (l: Language) => void;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  const [inspection, setInspection] = useState<SourceInspection | null>(null);
  const [summary, setSummary] = useState<RunSummary | null>(null);
  const [dropped, setDropped] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [dragging, setDragging] = useState(false);
  const resultsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = t('appTitle');
  }, [t]);

  // "Show the Data issues sheet" on this page: scroll to that table and move focus there.
  useEffect(
    () =>
      port.onShowSheet((sheetName) => {
        const key = OUTPUT_ORDER.find((k) => sheetNameFor(k) === sheetName);
        const target = key && resultsRef.current?.querySelector<HTMLElement>(`#ff-table-${key}`);
        if (target) {
          target.tabIndex = -1;
          target.scrollIntoView({ block: 'start' });
          target.focus();
        }
      }),
    [port],
  );

  const onDrop = useCallback(async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) setDropped({ name: file.name, bytes: await file.arrayBuffer() });
  }, []);

  return (
    <div
      className={styles.page}
      data-testid="page"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <header className={styles.header}>
        <div>
          <h1 className={styles.title}>{t('appTitle')}</h1>
          <Text className={styles.intro}>{t('page.intro')}</Text>
        </div>
        <Field label={t('language')}>
          <Select
            data-testid="language"
            value={lang}
            onChange={(_, data) => setLang(data.value as Language)}
          >
            <option value="en">English</option>
            <option value="zh-CN">中文（简体）</option>
          </Select>
        </Field>
      </header>
      <div className={styles.layout}>
        <aside className={styles.pane} aria-label={t('appTitle')}>
          <TaskPane
            port={port}
            onInspection={setInspection}
            onSummary={setSummary}
            fileToOpen={dropped}
          />
        </aside>
        <main className={styles.main}>
          <div className={`${styles.drop} ${dragging ? styles.dropActive : ''}`} aria-hidden>
            {t('page.dropHint')}
          </div>
          <ComparePanel port={port} className={styles.card} />
          {inspection && (
            <section className={styles.card} aria-labelledby="ff-preview">
              <h2 id="ff-preview" className={styles.heading}>
                {t('page.sourcePreview')}
              </h2>
              <Text size={200}>{t('source.preview', { name: inspection.source.label })}</Text>
              <PreviewGrid
                headers={inspection.mapping.headers}
                rows={inspection.preview}
                className={styles.scroll}
                cellClass={styles.cell}
                tableClass={styles.grid}
              />
            </section>
          )}
          {summary && (
            <div className={styles.card} ref={resultsRef}>
              <ResultsView summary={summary} />
            </div>
          )}
        </main>
      </div>
    </div>
  );
}

function PreviewGrid({
  headers,
  rows,
  className,
  cellClass,
  tableClass,
}: {
  headers: string[];
  rows: CellValue[][];
  className: string;
  cellClass: string;
  tableClass: string;
}) {
  const { t, date } = useI18n();
  const show = (v: CellValue) =>
    v === null ? '' : v instanceof Date ? date(v) : typeof v === 'boolean' ? String(v) : String(v);
  return (
    <div className={className} role="region" aria-labelledby="ff-preview" tabIndex={0}>
      <Table
        size="extra-small"
        className={tableClass}
        aria-label={t('page.sourcePreview')}
        data-testid="preview"
      >
        <TableHeader>
          <TableRow>
            {headers.map((h, i) => (
              <TableHeaderCell key={i} className={cellClass}>
                {h}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, r) => (
            <TableRow key={r}>
              {headers.map((_, c) => (
                <TableCell key={c} className={cellClass}>
                  {show(row[c] ?? null)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
