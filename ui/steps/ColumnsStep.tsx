import {
  Checkbox,
  Dropdown,
  Field,
  Option,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FIELD_NAMES, type FieldName } from '../../core/for-ui';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/messages';
import { REQUIRED_FIELDS, headerFor, segmentsFor } from '../model/settings';
import { useStepStyles, type StepProps } from './common';

const NONE = '\u0000none';
/** The engine's segment name for the value-pyramid tier of each deal's account. */
export const TIER_SEGMENT = 'Tier';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: tokens.spacingVerticalS,
  },
  segments: {
    display: 'flex',
    flexDirection: 'column',
    border: 'none',
    margin: 0,
    padding: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS },
});

/** Step 2: the detected mapping, each field a dropdown; segment columns to choose. */
export function ColumnsStep({ state, actions, headingRef }: StepProps) {
  const styles = { ...useStepStyles(), ...useStyles() };
  const { t } = useI18n();
  const { inspection, settings } = state;
  const mapping = inspection?.mapping;
  const headers = mapping?.headers ?? [];

  const setField = (field: FieldName, header: string | null) =>
    void actions.updateSettings(
      { ...settings, mapping: { ...settings.mapping, [field]: header } },
      true,
    );

  const segments = segmentsFor(settings, mapping);
  const toggleSegment = (name: string, on: boolean) =>
    void actions.updateSettings({
      ...settings,
      segmentBy: on
        ? [...segments.filter((s) => s !== name), name]
        : segments.filter((s) => s !== name),
    });
  const mapped = new Set(
    FIELD_NAMES.map((f) => headerFor(f, settings, mapping)).filter((h): h is string => !!h),
  );
  const segmentChoices = [
    ...headers.filter((h) => h && !mapped.has(h)),
    ...headers.filter((h) => h && mapped.has(h) && headerFor('owner', settings, mapping) === h),
    TIER_SEGMENT,
  ];

  return (
    <div className={styles.step}>
      <h2 ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t('columns.heading')}
      </h2>
      <Text className={styles.muted}>{t('columns.intro')}</Text>
      {mapping && (
        <>
          <div className={styles.grid}>
            {FIELD_NAMES.map((field) => {
              const header = headerFor(field, settings, mapping);
              const how = settings.mapping?.[field] !== undefined ? 'chosen' : 'detected';
              const required = REQUIRED_FIELDS.includes(field);
              return (
                <Field
                  key={field}
                  label={t(`field.${field}` as MessageKey)}
                  required={required}
                  hint={header ? t(`columns.${how}`) : undefined}
                  validationState={required && !header ? 'warning' : 'none'}
                  validationMessage={required && !header ? t('columns.required') : undefined}
                >
                  <Dropdown
                    data-field={field}
                    value={header ?? t('columns.notInSheet')}
                    selectedOptions={[header ?? NONE]}
                    onOptionSelect={(_, data) =>
                      setField(field, data.optionValue === NONE ? null : (data.optionValue ?? null))
                    }
                  >
                    <Option value={NONE}>{t('columns.notInSheet')}</Option>
                    {headers
                      .filter((h) => h !== '')
                      .map((h) => (
                        <Option key={h} value={h}>
                          {h}
                        </Option>
                      ))}
                  </Dropdown>
                </Field>
              );
            })}
          </div>
          <fieldset className={styles.segments}>
            <legend className={styles.legend}>{t('columns.segments')}</legend>
            <Text size={200} className={styles.muted}>
              {t('columns.segmentsHint')}
            </Text>
            {[...new Set(segmentChoices)].map((name) => (
              <Checkbox
                key={name}
                label={name === TIER_SEGMENT ? t('columns.tierSegment') : name}
                checked={segments.includes(name)}
                onChange={(_, data) => toggleSegment(name, data.checked === true)}
              />
            ))}
          </fieldset>
        </>
      )}
    </div>
  );
}
