import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
} from '@fluentui/react-components';
import type { SavedSnapshot, SnapshotSave } from '../../core/change/store';
import { useI18n } from '../i18n/I18n';
import { errorText } from '../model/errors';
import { isIsoDate } from '../model/settings';
import { useStepStyles, type StepProps } from './common';

/**
 * Weekly snapshots in the workbook (Excel, Sheets): "Save snapshot" keeps the
 * source's key columns under the as-of date in FF Snapshots, and the run can
 * be compared with any saved date (settings.compareWith), which adds the
 * pipeline-change sheets. Shown only by a port that saves snapshots.
 */
export function SnapshotPanel({ port, state, actions }: StepProps) {
  const styles = useStepStyles();
  const { t, number } = useI18n();
  const { settings, source, running } = state;
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
  const listed = dates.some((d) => d.date === compareWith);

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
          value={compareWith}
          disabled={running}
          onChange={(_, data) => {
            const { compareWith: _old, ...rest } = settings;
            void _old;
            void actions.updateSettings(data.value ? { ...rest, compareWith: data.value } : rest);
          }}
        >
          <option value="">{t('snapshot.none')}</option>
          {dates.map((d) => (
            <option key={d.date} value={d.date}>
              {t('snapshot.option', { date: d.date, rows: number(d.rows) })}
            </option>
          ))}
          {compareWith && !listed && saved !== null && (
            <option value={compareWith}>{compareWith}</option>
          )}
        </Select>
      </Field>
    </section>
  );
}
