import { useEffect, useState } from 'react';
import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { SavedSnapshot } from '../../core/change/store';
import type { StageRatesView } from '../../core/ports';
import { useI18n } from '../i18n/I18n';
import { errorText } from '../model/errors';
import { withCalibrated } from '../model/stages';
import { useStepStyles, type StepProps } from './common';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase200,
    '& th, & td': {
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
      textAlign: 'right',
      whiteSpace: 'nowrap',
    },
    '& th:first-child, & td:first-child': { textAlign: 'left', whiteSpace: 'normal' },
  },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/**
 * The latest saved date before the as-of date: the host reads every snapshot up to it
 * (a save of the as-of date itself is the sheet now, not history).
 */
function historyDate(saved: readonly SavedSnapshot[], asOf: string): string | undefined {
  const dates = saved.map((s) => s.date).filter((d) => !asOf || d < asOf);
  return dates.sort().at(-1);
}

/**
 * "Use calibrated rates": each stage's win rate from the team's own history
 * (core/rates through the port), shown with n beside every rate; applied, the
 * rates become the stage table the run weights with, and the previous table
 * can be restored.
 */
export function CalibratedRates({ port, state, actions }: StepProps) {
  const styles = { ...useStepStyles(), ...useStyles() };
  const { t, percent, number } = useI18n();
  const { settings, source, calibrated } = state;
  const [saved, setSaved] = useState<SavedSnapshot[] | null>(null);
  const [view, setView] = useState<StageRatesView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<'applied' | 'restored' | null>(null);

  useEffect(() => {
    if (!port.listSnapshots) return;
    let live = true;
    port.listSnapshots().then(
      (list) => live && setSaved(list),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [port]);

  if (!port.stageRates) return null;
  const asOf = settings.asOf ?? '';
  const date = saved ? historyDate(saved, asOf) : undefined;
  // The page also reads an earlier export the user opened: only the port knows, so it may try.
  const noSnapshots = port.host !== 'browser' && saved !== null && !date;

  const compute = async () => {
    if (!port.stageRates || !source) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    setView(null);
    try {
      const withHistory = date ? { ...settings, compareWith: date } : settings;
      setView(await port.stageRates(source, withHistory));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const history = view ? view.snapshots.length - 1 : 0;
  const usable = view !== null && history > 0 && view.closedDeals > 0;

  return (
    <section className={styles.box} aria-label={t('rates.heading')} data-testid="calibrated-rates">
      <Text weight="semibold">{t('rates.heading')}</Text>
      <Text size={200} className={styles.muted}>
        {t('rates.intro')}
      </Text>
      {noSnapshots && (
        <Text size={200} data-testid="rates-no-snapshots">
          {t('rates.noSnapshots')}
        </Text>
      )}
      <div className={styles.row}>
        <Button
          size="small"
          disabled={busy || !source || noSnapshots}
          onClick={() => void compute()}
        >
          {t('rates.use')}
        </Button>
        {calibrated && (
          <Button
            size="small"
            onClick={() => {
              void actions.restoreStageTable();
              setStatus('restored');
            }}
          >
            {t('rates.restore')}
          </Button>
        )}
      </div>
      {busy && <Spinner size="tiny" label={t('rates.computing')} />}
      {error && (
        <Text role="alert" className={styles.warn}>
          {error}
        </Text>
      )}
      {status && (
        <Text role="status" data-testid="rates-status">
          {t(status === 'applied' ? 'rates.applied' : 'rates.restored')}
        </Text>
      )}
      {view && history === 0 && (
        <Text role="alert" className={styles.warn} data-testid="rates-not-enough">
          {t('rates.noHistory')}
        </Text>
      )}
      {view && history > 0 && view.closedDeals === 0 && (
        <Text role="alert" className={styles.warn} data-testid="rates-not-enough">
          {t('rates.noClosed', { deals: number(view.deals) })}
        </Text>
      )}
      {view && usable && (
        <>
          <Text size={200}>
            {t('rates.summary', { snapshots: history, closed: number(view.closedDeals) })}
          </Text>
          {view.rows.some((r) => r.n < view.fewDeals) && (
            <Text size={200} className={styles.warn} data-testid="rates-few">
              {t('rates.few', { few: view.fewDeals })}
            </Text>
          )}
          <div className={styles.scroll}>
            <table className={styles.table} aria-label={t('rates.heading')}>
              <thead>
                <tr>
                  <th scope="col">{t('rates.col.stage')}</th>
                  <th scope="col">{t('rates.col.probability')}</th>
                  <th scope="col">{t('rates.col.n')}</th>
                  <th scope="col">{t('rates.col.won')}</th>
                  <th scope="col">{t('rates.col.raw')}</th>
                  <th scope="col">{t('rates.col.interval')}</th>
                  <th scope="col">{t('rates.col.previous')}</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={r.stage} data-stage={r.stage} title={r.note || undefined}>
                    <th scope="row">{r.stage}</th>
                    <td>{percent(r.probability)}</td>
                    <td className={r.n < view.fewDeals ? styles.warn : undefined}>
                      {number(r.n)}
                      {r.n < view.fewDeals ? ` (${t('rates.fewMark')})` : ''}
                    </td>
                    <td>{number(r.won)}</td>
                    <td>{r.rawRate === null ? '—' : percent(r.rawRate)}</td>
                    <td>
                      {r.low === null || r.high === null
                        ? '—'
                        : `${percent(r.low)}–${percent(r.high)}`}
                    </td>
                    <td>{percent(r.previousProbability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className={styles.row}>
            <Button
              appearance="primary"
              size="small"
              onClick={() => {
                void actions.applyCalibrated(withCalibrated(view.stageTable, settings.stageTable));
                setView(null);
                setStatus('applied');
              }}
            >
              {t('rates.apply')}
            </Button>
            <Button size="small" onClick={() => setView(null)}>
              {t('rates.dismiss')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
