import { useState } from 'react';
import { Button, Input, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  FORECAST_CATEGORIES,
  HUBSPOT_PRESET,
  LADDER_STAGES,
  DEFAULT_LADDER,
  SALESFORCE_PRESET,
  CHINESE_CRM_PRESET,
  type ForecastCategory,
  type LadderStage,
  type StageTable,
} from '../../core/stages';
import { clean } from '../../core/money';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import { applyPreset, stageRows, upsertStage, withLadder, type StageRow } from '../model/stages';
import { CalibratedRates } from './CalibratedRates';
import { useStepStyles, type StepProps } from './common';

export const STAGE_PRESETS: readonly StageTable[] = [
  DEFAULT_LADDER,
  SALESFORCE_PRESET,
  HUBSPOT_PRESET,
  CHINESE_CRM_PRESET,
];

// A list of stage cards rather than a table: it stays usable in a 320px task pane.
const CONTROLS = 'minmax(0, 1fr) 4.75em minmax(0, 1fr)';
const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  legend: {
    display: 'grid',
    gridTemplateColumns: CONTROLS,
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
  },
  controls: { display: 'grid', gridTemplateColumns: CONTROLS, gap: tokens.spacingHorizontalXS },
  prob: { width: '100%', minWidth: 0 },
  // No spin arrows: they would hide "100" in a narrow pane; arrow keys still step the value.
  noSpin: {
    MozAppearance: 'textfield',
    '::-webkit-inner-spin-button': { appearance: 'none', margin: 0 },
    '::-webkit-outer-spin-button': { appearance: 'none', margin: 0 },
  },
  select: { minWidth: 0 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  note: { color: tokens.colorNeutralForeground2 },
  // Column headers wrap inside their column rather than spill past it in a 320px pane.
  legendCell: { minWidth: 0, overflowWrap: 'anywhere', lineHeight: tokens.lineHeightBase200 },
  stageLabel: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
});

/** Step 3: every stage the sheet uses, with ladder stage, probability and category, editable. */
export function StagesStep(props: StepProps) {
  const { state, actions, headingRef } = props;
  const styles = { ...useStepStyles(), ...useStyles() };
  const { t } = useI18n();
  const { inspection, settings } = state;
  const [applied, setApplied] = useState<string | null>(null);
  const usages = inspection?.stages ?? [];
  const rows = stageRows(usages, settings.stageTable);
  const detected = inspection?.mapping.stagePreset;

  const setTable = (stageTable: typeof settings.stageTable) =>
    void actions.updateSettings({ ...settings, stageTable });

  const presetName = (p: StageTable) => t(`stages.preset.${p.source}` as MessageKey);

  return (
    <div className={styles.step}>
      <h2 ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t('stages.heading')}
      </h2>
      <Text className={styles.muted}>{t('stages.intro')}</Text>
      {detected && detected !== 'user' && (
        <Text>
          {t('stages.detectedPreset', {
            name: t(`stages.preset.${detected}` as MessageKey),
          })}
        </Text>
      )}
      <div role="group" aria-label={t('stages.presets')} className={styles.row}>
        <Text weight="semibold">{t('stages.presets')}</Text>
        {STAGE_PRESETS.map((p) => (
          <Button
            key={p.source}
            size="small"
            onClick={() => {
              setTable(applyPreset(p, usages, settings.stageTable));
              setApplied(presetName(p));
            }}
          >
            {presetName(p)}
          </Button>
        ))}
      </div>
      <CalibratedRates {...props} />
      {applied && (
        <Text role="status" data-testid="preset-applied">
          {t('stages.presetApplied', { name: applied })}
        </Text>
      )}
      {rows.length === 0 ? (
        <Text>{t('stages.none')}</Text>
      ) : (
        <div>
          <div className={styles.legend} aria-hidden>
            <span className={styles.legendCell}>{t('stages.col.ladder')}</span>
            <span className={styles.legendCell}>{t('stages.col.probability')}</span>
            <span className={styles.legendCell}>{t('stages.col.category')}</span>
          </div>
          <ul className={styles.list} aria-label={t('stages.heading')}>
            {rows.map((row) => (
              <StageLine
                key={row.label}
                row={row}
                onLadder={(ladder) => setTable(withLadder(settings.stageTable, row.label, ladder))}
                onChange={(p, c) => setTable(upsertStage(settings.stageTable, row.label, p, c))}
                styles={styles}
              />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function StageLine({
  row,
  onLadder,
  onChange,
  styles,
}: {
  row: StageRow;
  onLadder: (ladder: LadderStage) => void;
  onChange: (probability: number, category: ForecastCategory) => void;
  styles: Record<
    'item' | 'head' | 'controls' | 'prob' | 'noSpin' | 'select' | 'warn' | 'note' | 'stageLabel',
    string
  >;
}) {
  const { t, percent } = useI18n();
  const def = row.def;
  const shown = def ? String(clean(def.probability * 100)) : '';
  const [draft, setDraft] = useState<string | null>(null);
  const bad = draft !== null && !isPercent(draft);

  const commit = () => {
    if (draft === null) return;
    if (isPercent(draft)) onChange(Number(draft) / 100, def?.category ?? 'Pipeline');
    if (!bad) setDraft(null);
  };

  return (
    <li className={styles.item} data-stage={row.label}>
      <div className={styles.head}>
        <span className={styles.stageLabel}>{row.label}</span>
        <Text size={200}>
          {row.deals === 1 ? t('stages.dealsCountOne') : t('stages.dealsCount', { n: row.deals })}
        </Text>
      </div>
      {!def && (
        <Text size={200} className={styles.warn} data-testid="stage-unknown">
          {row.own
            ? t('stages.unknownRun', { ladder: t(`ladder.${row.own.ladder}` as MessageKey) })
            : t('stages.unknownNotCounted')}
        </Text>
      )}
      {def && row.own && (
        <Text size={200} className={styles.note} data-testid="stage-own-probability">
          {t('stages.ownProbability', {
            n: row.own.deals,
            p: percent(row.own.median),
            category: t(`category.${row.own.category}` as MessageKey),
          })}
        </Text>
      )}
      <div className={styles.controls}>
        <Select
          className={styles.select}
          aria-label={t('stages.ladderFor', { stage: row.label })}
          value={def?.ladder ?? ''}
          onChange={(_, data) => onLadder(data.value as LadderStage)}
        >
          {!def && <option value="">—</option>}
          {LADDER_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`ladder.${s}` as MessageKey)}
            </option>
          ))}
        </Select>
        <Input
          className={styles.prob}
          input={{ className: styles.noSpin }}
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step="any"
          aria-label={t('stages.probabilityFor', { stage: row.label })}
          aria-invalid={bad || undefined}
          title={bad ? t('stages.badProbability') : undefined}
          value={draft ?? shown}
          onChange={(_, data) => setDraft(data.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
        />
        <Select
          className={styles.select}
          aria-label={t('stages.categoryFor', { stage: row.label })}
          value={def?.category ?? ''}
          onChange={(_, data) => onChange(def?.probability ?? 0, data.value as ForecastCategory)}
        >
          {!def && <option value="">—</option>}
          {FORECAST_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}` as MessageKey)}
            </option>
          ))}
        </Select>
      </div>
      {bad && (
        <Text size={200} role="alert" className={styles.warn}>
          {t('stages.badProbability')}
        </Text>
      )}
    </li>
  );
}

function isPercent(text: string): boolean {
  if (text.trim() === '') return false;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 100;
}
