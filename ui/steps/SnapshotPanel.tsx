import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
} from '@fluentui/react-components';
import type { SavedSnapshot, SnapshotSave } from '../../core/change/store';
import { dateInFileName } from '../../core/change/snapshot';
import { windowOfLabel } from '../../core/change/window';
import type { ForecastSettings } from '../../core/for-ui';
import type { SourceRef } from '../../core/ports';
import { useI18n } from '../i18n/I18n';
import { errorText } from '../model/errors';
import { isIsoDate } from '../model/settings';
import { useStepStyles, type StepProps } from './common';

const SOURCE_PREFIX = 'source:';
const sourceValue = (s: { kind: string; id: string }) => `${SOURCE_PREFIX}${s.kind}:${s.id}`;

/** The message a window label gets before the run ('' when blank or valid). */
export function windowProblem(label: string, fiscalYearStart: number): string {
  if (!label.trim()) return '';
  try {
    windowOfLabel(label, fiscalYearStart);
    return '';
  } catch (err) {
    return errorText(err);
  }
}

/** Settings without a key (the field cleared). */
function without(settings: ForecastSettings, key: keyof ForecastSettings): ForecastSettings {
  const next = { ...settings };
  delete next[key];
  return next;
}

/**
 * Weekly snapshots in the workbook (Excel, Sheets): "Save snapshot" keeps the
 * source's key columns under the as-of date in FF Snapshots, and the run can
 * be compared with any saved date (settings.compareWith), which adds the
 * pipeline-change sheets. Shown only by a port that saves snapshots.
 */
export function SnapshotPanel({ port, state, actions }: StepProps) {
  const styles = useStepStyles();
  const { t, number } = useI18n();
  const { settings, source, running, sources } = state;
  const [saved, setSaved] = useState<SavedSnapshot[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<SnapshotSave | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!port.listSnapshots) return;
    try {
      setSaved(await port.listSnapshots());
    } catch (err) {
      setError(errorText(err));
    }
  }, [port]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!port.saveSnapshot) return null;
  const asOf = settings.asOf ?? '';
  const canSave = !!source && isIsoDate(asOf) && !saving && !running;

  const save = async () => {
    if (!port.saveSnapshot || !source) return;
    setSaving(true);
    setError(null);
    setDone(null);
    try {
      const result = await port.saveSnapshot(source, settings);
      setDone(result);
      await refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const dates = saved ?? [];
  const compareWith = settings.compareWith ?? '';
  const other = settings.compareSource;
  const listed = dates.some((d) => d.date === compareWith);
  const others = sources.filter(
    (s) => s.kind !== 'selection' && !(source && s.kind === source.kind && s.id === source.id),
  );
  const selected = other ? sourceValue(other) : compareWith;
  const windowText = settings.compareWindow ?? '';
  const badWindow = windowProblem(windowText, settings.fiscalYearStart ?? 1);
  const chooseCompare = (value: string) => {
    let rest = without(without(settings, 'compareWith'), 'compareSource');
    if (value.startsWith(SOURCE_PREFIX)) {
      const ref: SourceRef | undefined = others.find((s) => sourceValue(s) === value);
      if (!ref) return;
      const date = dateInFileName(ref.id) ?? dateInFileName(ref.label);
      rest = { ...rest, compareSource: { kind: ref.kind, id: ref.id, label: ref.label } };
      if (date) rest.compareWith = date;
    } else if (value) {
      rest.compareWith = value;
    }
    void actions.updateSettings(rest);
  };
  const setText = (key: 'compareWith' | 'compareWindow' | 'compareKey', value: string) =>
    void actions.updateSettings(
      value.trim() ? { ...settings, [key]: value.trim() } : without(settings, key),
    );

  return (
    <section aria-label={t('snapshot.heading')} className={styles.step}>
      <Text weight="semibold">{t('snapshot.heading')}</Text>
      <div className={styles.row}>
        <Button disabled={!canSave} onClick={() => void save()}>
          {saving ? t('snapshot.saving') : t('snapshot.save')}
        </Button>
        <Text className={styles.muted}>
          {t(port.host === 'browser' ? 'snapshot.saveHintPage' : 'snapshot.saveHint', {
            asOf: asOf || '—',
          })}
        </Text>
      </div>
      {done && (
        <MessageBar intent="success" layout="multiline" data-testid="snapshot-saved">
          <MessageBarBody>
            {done.replaced > 0
              ? t('snapshot.replaced', {
                  rows: number(done.rows),
                  date: done.date,
                  sheet: done.sheetName,
                  replaced: number(done.replaced),
                })
              : t('snapshot.saved', {
                  rows: number(done.rows),
                  date: done.date,
                  sheet: done.sheetName,
                })}
          </MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" layout="multiline" data-testid="snapshot-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t('snapshot.compare')} hint={t('snapshot.compareHint')}>
        <Select
          value={selected}
          disabled={running}
          onChange={(_, data) => chooseCompare(data.value)}
        >
          <option value="">{t('snapshot.none')}</option>
          {dates.map((d) => (
            <option key={d.date} value={d.date}>
              {t('snapshot.option', { date: d.date, rows: number(d.rows) })}
            </option>
          ))}
          {!other && compareWith && !listed && saved !== null && (
            <option value={compareWith}>{compareWith}</option>
          )}
          {others.length > 0 && (
            <optgroup label={t('snapshot.sources')}>
              {others.map((s) => (
                <option key={sourceValue(s)} value={sourceValue(s)}>
                  {t('snapshot.sourceOption', { label: s.label })}
                </option>
              ))}
            </optgroup>
          )}
          {other && !others.some((s) => sourceValue(s) === selected) && (
            <option value={selected}>{t('snapshot.sourceOption', { label: other.label })}</option>
          )}
        </Select>
      </Field>
      {other && (
        <Field
          label={t('snapshot.sourceDate')}
          hint={t('snapshot.sourceDateHint')}
          validationState={isIsoDate(compareWith) ? 'none' : 'error'}
          validationMessage={
            isIsoDate(compareWith)
              ? undefined
              : t('snapshot.sourceDateMissing', { label: other.label })
          }
        >
          <Input
            type="date"
            value={compareWith}
            disabled={running}
            onChange={(_, data) => setText('compareWith', data.value)}
          />
        </Field>
      )}
      {(other || compareWith) && (
        <div className={styles.row}>
          <Field
            label={t('snapshot.window')}
            hint={t('snapshot.windowHint')}
            validationState={badWindow ? 'error' : 'none'}
            validationMessage={badWindow || undefined}
          >
            <Input
              value={windowText}
              placeholder="2026-Q4"
              disabled={running}
              onChange={(_, data) => setText('compareWindow', data.value)}
            />
          </Field>
          <Field label={t('snapshot.key')} hint={t('snapshot.keyHint')}>
            <Input
              value={settings.compareKey ?? ''}
              disabled={running}
              onChange={(_, data) => setText('compareKey', data.value)}
            />
          </Field>
        </div>
      )}
    </section>
  );
}
