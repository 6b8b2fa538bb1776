import { useState, type ChangeEvent } from 'react';
import { Button, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { dateInFileName } from '../core/change';
import { useI18n } from '../ui/i18n/I18n';
import type { BrowserPort } from './browser-port';
import { isIsoDate } from '../core/read/date';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    marginTop: tokens.spacingVerticalS,
  },
  status: { display: 'block', marginTop: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

/**
 * "Compare with an earlier export": the page's second file and its date. The
 * next run adds the pipeline-change tables and the waterfall; the date comes
 * from the file name when it holds one, and the user can change it.
 */
export function ComparePanel({ port, className }: { port: BrowserPort; className: string }) {
  const styles = useStyles();
  const { t } = useI18n();
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [date, setDate] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const apply = async (f: typeof file, d: string) => {
    setError('');
    if (!f) {
      await port.setEarlierFile(null, '');
      setStatus('');
      return;
    }
    if (!isIsoDate(d)) {
      await port.setEarlierFile(null, '');
      setStatus(t('page.compare.needDate', { name: f.name }));
      return;
    }
    try {
      const name = await port.setEarlierFile(f, d);
      setStatus(t('page.compare.loaded', { name: name ?? f.name, date: d }));
    } catch (e) {
      setStatus('');
      setError(t('page.fileError', { name: f.name, message: (e as Error).message }));
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.target.files?.[0];
    if (!picked) return;
    const f = { name: picked.name, bytes: await picked.arrayBuffer() };
    const d = dateInFileName(picked.name) ?? date;
    setFile(f);
    setDate(d);
    await apply(f, d);
  };

  return (
    <section className={className} aria-labelledby="ff-compare" data-testid="compare">
      <h2 id="ff-compare" className={styles.heading}>
        {t('page.compare.heading')}
      </h2>
      <Text size={200}>{t('page.compare.hint')}</Text>
      <div className={styles.row}>
        <Field label={t('page.compare.file')}>
          <input
            type="file"
            accept=".csv,.tsv,.txt,.xlsx"
            data-testid="compare-file"
            onChange={(e) => void onFile(e)}
          />
        </Field>
        <Field label={t('page.compare.date')}>
          <Input
            type="date"
            value={date}
            data-testid="compare-date"
            onChange={(_, data) => {
              setDate(data.value);
              void apply(file, data.value);
            }}
          />
        </Field>
        {file && (
          <Button
            data-testid="compare-clear"
            onClick={() => {
              setFile(null);
              setDate('');
              void apply(null, '');
            }}
          >
            {t('page.compare.clear')}
          </Button>
        )}
      </div>
      <Text className={styles.status} role="status" data-testid="compare-status">
        {error || status}
      </Text>
    </section>
  );
}
