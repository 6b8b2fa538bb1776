import { useState } from 'react';
import {
  Button,
  Field,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { isHygiene, type IssueKind } from '../../core/for-ui';
import { sheetNameFor } from '../../core/output';
import { attainment, gap } from '../../core/plan';
import { AssumptionsTable } from '../results/AssumptionsTable';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import { errorText } from '../model/errors';
import { isIsoDate } from '../model/settings';
import { useStepStyles, type StepProps } from './common';
import { SnapshotPanel } from './SnapshotPanel';

const useStyles = makeStyles({
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
    gap: tokens.spacingVerticalS,
    margin: 0,
  },
  figure: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  term: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  amount: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Step 5: run with progress, then the summary and the way to the data issues. */
export function RunStep({ port, state, actions, headingRef }: StepProps) {
  const styles = { ...useStepStyles(), ...useStyles() };
  const { t, money, number, date, percent, compactMoney } = useI18n();
  const issueLabel = (kind: IssueKind) => {
    const key = `issue.${kind}` as MessageKey;
    return t(key) === key ? kind : t(key);
  };
  const { running, progress, summary, settings, source, inspection } = state;
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<number | null>(null);
  const [showAssumptions, setShowAssumptions] = useState(false);
  const problem = inspection?.problem ?? null;
  const canRun =
    !!source && !!settings.asOf && isIsoDate(settings.asOf) && !running && problem === null;
  const currency = summary?.baseCurrency ?? null;
  const short = (v: number) => compactMoney(v, currency);
  const full = (v: number) => (currency ? `${currency} ${money(v)}` : money(v));
  const month = (iso: string) => iso.slice(0, 7);
  const target = summary?.targetsByPeriod?.[summary.thisPeriod.label];
  const attained =
    summary && target !== undefined ? attainment(summary.thisPeriod.closed, target) : null;
  const issueKinds = Object.entries(summary?.issuesByKind ?? {}) as [IssueKind, number][];
  const blocking = issueKinds.filter(([k]) => !isHygiene(k));
  const hygiene = issueKinds.filter(([k]) => isHygiene(k));
  const assumptions = summary?.tables.find((tb) => tb.key === 'Assumptions');
  const issuesSheet = sheetNameFor('DataIssues');

  const download = async () => {
    if (!port.downloadOutputs) return;
    try {
      setDownloadError(null);
      setDownloading(0);
      const { fileName, bytes } = await port.downloadOutputs((done, total) =>
        setDownloading(total > 0 ? Math.floor((100 * done) / total) : 100),
      );
      saveBytes(fileName, bytes);
    } catch (err) {
      setDownloadError(errorText(err));
    } finally {
      setDownloading(null);
    }
  };

  return (
    <div className={styles.step}>
      <h2 ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t('run.heading')}
      </h2>
      {problem && (
        <MessageBar intent="error" layout="multiline" data-testid="source-problem">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <SnapshotPanel port={port} state={state} actions={actions} headingRef={headingRef} />
      <div className={styles.row}>
        <Button appearance="primary" disabled={!canRun} onClick={() => void actions.run()}>
          {running ? t('run.running') : t('run.button')}
        </Button>
      </div>
      {progress && (
        <Field
          label={t('run.progress')}
          validationState="none"
          validationMessage={t(`run.step.${progress.step}` as MessageKey)}
        >
          <ProgressBar value={progress.fraction} max={1} thickness="large" />
        </Field>
      )}
      <div aria-live="polite">
        {summary && (
          <div data-testid="run-summary" className={styles.step}>
            {summary.suggestedAsOf && summary.closeDates && (
              <MessageBar intent="warning" layout="multiline" data-testid="dates-outside">
                <MessageBarBody>
                  {t('run.datesOutside', {
                    first: month(summary.closeDates.first),
                    last: month(summary.closeDates.last),
                    asOf: summary.asOf,
                  })}
                </MessageBarBody>
                <MessageBarActions>
                  <Button
                    size="small"
                    appearance="primary"
                    data-testid="use-suggested-as-of"
                    onClick={() => void actions.useAsOf(summary.suggestedAsOf!)}
                  >
                    {t('run.useAsOf', { date: summary.suggestedAsOf })}
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            <Text className={styles.muted} data-testid="as-of-used" data-value={summary.asOf}>
              {t('run.asOf', { date: date(isoToUtc(summary.asOf)) })}
              {currency ? ` · ${t('run.baseCurrency', { currency })}` : ''}
            </Text>
            <dl className={styles.figures}>
              <Figure
                term={t('run.thisPeriod', { period: summary.thisPeriod.label })}
                testId="this-period-weighted"
                value={summary.thisPeriod.weighted}
                shown={short(summary.thisPeriod.weighted)}
                title={full(summary.thisPeriod.weighted)}
              />
              <Figure
                term={t('run.closed', { period: summary.thisPeriod.label })}
                testId="this-period-closed"
                value={summary.thisPeriod.closed}
                shown={short(summary.thisPeriod.closed)}
                title={full(summary.thisPeriod.closed)}
              />
              <Figure
                term={t('run.nextPeriod', { period: summary.nextPeriod.label })}
                testId="next-period-weighted"
                value={summary.nextPeriod.weighted}
                shown={short(summary.nextPeriod.weighted)}
                title={full(summary.nextPeriod.weighted)}
              />
              {target !== undefined && (
                <>
                  <Figure
                    term={t('run.target', { period: summary.thisPeriod.label })}
                    testId="this-period-target"
                    value={target}
                    shown={short(target)}
                    title={full(target)}
                  />
                  <Figure
                    term={t('run.attainment', { period: summary.thisPeriod.label })}
                    testId="attainment"
                    value={attained ?? 0}
                    shown={attained === null ? '—' : percent(attained)}
                    title={`${full(summary.thisPeriod.closed)} / ${full(target)}`}
                  />
                  <Figure
                    term={t('run.gap', { period: summary.thisPeriod.label })}
                    testId="gap"
                    value={gap(target, summary.thisPeriod.weighted)}
                    shown={short(gap(target, summary.thisPeriod.weighted))}
                    title={full(gap(target, summary.thisPeriod.weighted))}
                  />
                </>
              )}
              <div className={styles.figure}>
                <dt className={styles.term}>{t('run.coverage')}</dt>
                <dd
                  className={styles.amount}
                  data-testid="coverage"
                  data-value={summary.coverage ?? ''}
                >
                  {summary.coverage === null ? (
                    <Text size={200}>{t('run.coverageNone')}</Text>
                  ) : (
                    `${number(summary.coverage)}×`
                  )}
                </dd>
              </div>
            </dl>
            <Text data-testid="counts">
              {t('run.counts', {
                rows: number(summary.counts.rows),
                counted: number(summary.counts.counted),
                excluded: number(summary.counts.excluded),
                issues: number(summary.counts.issues),
              })}
            </Text>
            <div>
              <Text weight="semibold" block>
                {t('run.issues')}
              </Text>
              {summary.counts.issues === 0 ? (
                <Text>{t('run.noIssues')}</Text>
              ) : (
                <>
                  <div data-testid="issues-by-kind">
                    {[
                      { key: 'blocking', title: t('run.blocking'), kinds: blocking },
                      { key: 'hygiene', title: t('run.hygiene'), kinds: hygiene },
                    ]
                      .filter((g) => g.kinds.length > 0)
                      .map((g) => (
                        <div key={g.key} data-testid={`issues-${g.key}`}>
                          <Text size={200} className={styles.muted} block>
                            {g.title}
                          </Text>
                          <ul className={styles.list}>
                            {g.kinds.map(([kind, n]) => (
                              <li key={kind}>{`${issueLabel(kind)}: ${number(n ?? 0)}`}</li>
                            ))}
                          </ul>
                        </div>
                      ))}
                  </div>
                  <Link as="button" onClick={() => void actions.showSheet(issuesSheet)}>
                    {t('run.showIssues')}
                  </Link>
                </>
              )}
            </div>
            {(summary.unconverted ?? []).length > 0 && (
              <ul className={styles.list} data-testid="unconverted">
                {summary.unconverted!.map((u) => (
                  <li key={u.currency}>
                    {t('run.unconverted', {
                      amount: `${u.currency} ${money(u.amount)}`,
                      deals: number(u.deals),
                    })}
                  </li>
                ))}
              </ul>
            )}
            {assumptions && (
              <div>
                <Button
                  size="small"
                  data-testid="show-assumptions"
                  aria-expanded={showAssumptions}
                  onClick={() => setShowAssumptions((v) => !v)}
                >
                  {showAssumptions ? t('run.hideAssumptions') : t('run.showAssumptions')}
                </Button>
                {showAssumptions && <AssumptionsTable table={assumptions} />}
              </div>
            )}
            {summary.written.length > 0 && (
              <div>
                <Text weight="semibold" block>
                  {t('run.written')}
                </Text>
                <ul className={styles.list}>
                  {summary.written.map((w) => (
                    <li key={w.sheetName}>
                      {t('run.writtenRows', { sheet: w.sheetName, rows: number(w.rows) })}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {summary.notes.length > 0 && (
              <ul className={styles.list}>
                {summary.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            )}
            {port.downloadOutputs && (
              <div className={styles.row}>
                <Button
                  appearance="primary"
                  disabled={downloading !== null}
                  onClick={() => void download()}
                >
                  {t('run.download')}
                </Button>
                {downloading !== null && (
                  <Text role="status" aria-live="polite">
                    {t('run.downloadProgress', { percent: number(downloading) })}
                  </Text>
                )}
                {downloadError && <Text role="alert">{downloadError}</Text>}
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

interface FigureProps {
  term: string;
  testId: string;
  /** The unrounded number, kept in data-value for the end-to-end checks. */
  value: number;
  shown: string;
  /** The exact figure, as a tooltip. */
  title?: string;
}

/** One headline figure of the run summary ("USD 2.01M"; the exact amount in its title). */
function Figure({ term, testId, value, shown, title }: FigureProps) {
  const styles = useStyles();
  return (
    <div className={styles.figure}>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.amount} data-testid={testId} data-value={value} title={title}>
        {shown}
      </dd>
    </div>
  );
}

function isoToUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Hands bytes to the browser as a download (the standalone page; nothing leaves the machine). */
function saveBytes(fileName: string, bytes: ArrayBuffer): void {
  const blob = new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
