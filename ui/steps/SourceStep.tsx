import type { ChangeEvent } from 'react';
import { Button, Dropdown, Field, Option, Text } from '@fluentui/react-components';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import { useStepStyles, type StepProps } from './common';

const sourceKey = (kind: string, id: string) => `${kind}:${id}`;

/** Step 1: where the deals are (selection, a table, a sheet's used range, or a file on the page). */
export function SourceStep({ port, state, actions, headingRef }: StepProps) {
  const styles = useStepStyles();
  const { t, number } = useI18n();
  const { sources, source, inspection } = state;

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const bytes = await file.arrayBuffer();
    await actions.openFile({ name: file.name, bytes });
    e.target.value = '';
  };

  return (
    <div className={styles.step}>
      <h2 ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t('source.heading')}
      </h2>
      {sources.length === 0 ? (
        <Text>{t('source.none')}</Text>
      ) : (
        <Field label={t('source.pick')}>
          <Dropdown
            className={styles.full}
            value={source?.label ?? ''}
            selectedOptions={source ? [sourceKey(source.kind, source.id)] : []}
            onOptionSelect={(_, data) => {
              const next = sources.find((s) => sourceKey(s.kind, s.id) === data.optionValue);
              if (next) void actions.selectSource(next);
            }}
          >
            {sources.map((s) => (
              <Option key={sourceKey(s.kind, s.id)} value={sourceKey(s.kind, s.id)} text={s.label}>
                {`${t(`source.kind.${s.kind}` as MessageKey)}: ${s.label}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {inspection && (
        <div data-testid="source-facts">
          {port.host === 'browser' && (
            <Text block weight="semibold" data-testid="source-name">
              {t('source.file', { name: inspection.source.label })}
            </Text>
          )}
          <Text block>
            <span data-testid="rows-found" data-value={inspection.rows}>
              {t('source.rows', { rows: number(inspection.rows) })}
            </span>
          </Text>
          <Text block className={styles.muted}>
            <span data-testid="header-row" data-value={inspection.mapping.headerRow}>
              {t('source.headerRow', { row: inspection.mapping.headerRow })}
            </span>
          </Text>
        </div>
      )}
      <div className={styles.row}>
        <Button onClick={() => void actions.refreshSources()}>{t('source.refresh')}</Button>
      </div>
      {port.openFile && (
        <Field label={t('source.openFile')} hint={t('source.openFileHint')}>
          {(fieldProps) => (
            <input
              {...fieldProps}
              type="file"
              data-testid="file-input"
              accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => void onFile(e)}
            />
          )}
        </Field>
      )}
    </div>
  );
}
