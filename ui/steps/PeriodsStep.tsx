import {
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  FORECAST_DEFAULTS,
  type ForecastSettings,
  type PeriodKind,
  type TierMeasure,
} from '../../core/for-ui';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import { isIsoDate } from '../model/settings';
import { useStepStyles, type StepProps } from './common';
import { GridEditor } from './GridEditor';

const PERIODS: readonly PeriodKind[] = ['month', 'quarter', 'year'];
const MEASURES: readonly TierMeasure[] = ['won', 'open', 'weighted', 'total'];
type DayOrderSetting = NonNullable<ForecastSettings['dayOrder']>;

const useStyles = makeStyles({
  fields: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: tokens.spacingVerticalM,
  },
});

/** Step 4: period kind, fiscal-year start, as-of date, optional targets and currency rates. */
export function PeriodsStep({ state, actions, headingRef }: StepProps) {
  const styles = { ...useStepStyles(), ...useStyles() };
  const { t, lang } = useI18n();
  const { settings } = state;
  const set = (patch: Partial<typeof settings>) =>
    void actions.updateSettings({ ...settings, ...patch });
  const monthName = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-US', {
    month: 'long',
    timeZone: 'UTC',
  });
  const asOf = settings.asOf ?? '';
  const asOfBad = asOf !== '' && !isIsoDate(asOf);
  const optionalText = (v: string) => (v.trim() === '' ? undefined : v.trim());

  return (
    <div className={styles.step}>
      <h2 ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t('periods.heading')}
      </h2>
      <Field label={t('periods.period')}>
        <RadioGroup
          layout="horizontal"
          value={settings.period ?? FORECAST_DEFAULTS.period}
          onChange={(_, data) => set({ period: data.value as PeriodKind })}
        >
          {PERIODS.map((p) => (
            <Radio key={p} value={p} label={t(`period.${p}` as MessageKey)} />
          ))}
        </RadioGroup>
      </Field>
      <div className={styles.fields}>
        <Field label={t('periods.fiscalStart')}>
          <Select
            value={String(settings.fiscalYearStart ?? FORECAST_DEFAULTS.fiscalYearStart)}
            onChange={(_, data) => set({ fiscalYearStart: Number(data.value) })}
          >
            {Array.from({ length: 12 }, (_, i) => (
              <option key={i} value={i + 1}>
                {monthName.format(new Date(Date.UTC(2024, i, 1)))}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={t('periods.asOf')}
          hint={t('periods.asOfHint')}
          required
          validationState={asOfBad || asOf === '' ? 'error' : 'none'}
          validationMessage={asOfBad || asOf === '' ? 'YYYY-MM-DD' : undefined}
        >
          <Input
            type="date"
            data-testid="as-of"
            value={asOf}
            onChange={(_, data) => set({ asOf: data.value })}
          />
        </Field>
        <Field label={t('periods.targets')} hint={t('periods.targetsHint')}>
          <Input
            value={settings.targetsRange ?? ''}
            onChange={(_, data) => set({ targetsRange: optionalText(data.value) })}
          />
        </Field>
        <Field label={t('periods.rates')} hint={t('periods.ratesHint')}>
          <Input
            value={settings.ratesRange ?? ''}
            onChange={(_, data) => set({ ratesRange: optionalText(data.value) })}
          />
        </Field>
        <Field label={t('periods.baseCurrency')} hint={t('periods.baseCurrencyHint')}>
          <Input
            value={settings.baseCurrency ?? ''}
            maxLength={8}
            onChange={(_, data) => set({ baseCurrency: optionalText(data.value)?.toUpperCase() })}
          />
        </Field>
        <Field label={t('periods.tierMeasure')}>
          <Select
            value={settings.tierMeasure ?? FORECAST_DEFAULTS.tierMeasure}
            onChange={(_, data) => set({ tierMeasure: data.value as TierMeasure })}
          >
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`tierMeasure.${m}` as MessageKey)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('periods.dayOrder')}>
          <Select
            value={settings.dayOrder ?? 'auto'}
            onChange={(_, data) =>
              set({
                dayOrder: data.value === 'auto' ? undefined : (data.value as DayOrderSetting),
              })
            }
          >
            {(['auto', 'day-first', 'month-first'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`dayOrder.${o}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('periods.decimalSeparator')}>
          <Select
            value={
              settings.decimalSeparator === ','
                ? 'comma'
                : settings.decimalSeparator === '.'
                  ? 'point'
                  : 'auto'
            }
            onChange={(_, data) =>
              set({
                decimalSeparator:
                  data.value === 'comma' ? ',' : data.value === 'point' ? '.' : undefined,
              })
            }
          >
            {(['auto', 'point', 'comma'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`decimal.${o}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('periods.staleDays')}>
          <Input
            type="number"
            min={1}
            step={1}
            value={settings.staleDays === undefined ? '' : String(settings.staleDays)}
            onChange={(_, data) => {
              const n = Number(data.value);
              set({
                staleDays:
                  data.value.trim() === '' || !Number.isInteger(n) || n < 1 ? undefined : n,
              });
            }}
          />
        </Field>
      </div>
      <Field label={t('periods.targetsGrid')} hint={t('periods.targetsGridHint')}>
        <GridEditor
          testId="targets-grid"
          label={t('periods.targetsGrid')}
          columns={[
            { header: 'Owner or segment', label: t('grid.key'), width: '1.3fr' },
            { header: 'Period', label: t('grid.period') },
            { header: 'Target', label: t('grid.target'), numeric: true, width: '1.2fr' },
          ]}
          value={settings.targets}
          onChange={(targets) => set({ targets })}
        />
      </Field>
      <Field label={t('periods.ratesGrid')} hint={t('periods.ratesGridHint')}>
        <GridEditor
          testId="rates-grid"
          label={t('periods.ratesGrid')}
          columns={[
            { header: 'Currency', label: t('grid.currency') },
            { header: 'Rate', label: t('grid.rate'), numeric: true },
          ]}
          value={settings.rates}
          onChange={(rates) => set({ rates })}
        />
      </Field>
    </div>
  );
}
