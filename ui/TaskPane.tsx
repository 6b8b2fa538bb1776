import { useEffect, useRef, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { RunSummary, SourceInspection, WorkbookPort } from '../core/ports';
import { useI18n } from './i18n/I18n';
import type { MessageKey } from './i18n/messages';
import { useTaskPane } from './useTaskPane';
import { SourceStep } from './steps/SourceStep';
import { ColumnsStep } from './steps/ColumnsStep';
import { StagesStep } from './steps/StagesStep';
import { PeriodsStep } from './steps/PeriodsStep';
import { RunStep } from './steps/RunStep';

const STEPS = ['source', 'columns', 'stages', 'periods', 'run'] as const;
type Step = (typeof STEPS)[number];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    minWidth: 0,
    maxWidth: '100%',
    boxSizing: 'border-box',
    fontFamily: tokens.fontFamilyBase,
    color: tokens.colorNeutralForeground1,
  },
  steps: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  stepButton: { minWidth: 'auto', paddingLeft: tokens.spacingHorizontalS },
  current: { fontWeight: tokens.fontWeightSemibold },
  footer: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    justifyContent: 'space-between',
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalS,
  },
  group: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface TaskPaneProps {
  port: WorkbookPort;
  /** The standalone page shows the source preview beside the pane. */
  onInspection?: (inspection: SourceInspection | null) => void;
  /** The standalone page shows the full results below the pane. */
  onSummary?: (summary: RunSummary | null) => void;
  /** A file dropped on the page: opened through port.openFile like one picked in step 1. */
  fileToOpen?: { name: string; bytes: ArrayBuffer } | null;
}

/** The five-step flow: Source, Columns, Stages, Periods, Run. */
export function TaskPane({ port, onInspection, onSummary, fileToOpen }: TaskPaneProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { state, actions } = useTaskPane(port);
  const [step, setStep] = useState<Step>('source');
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => onInspection?.(state.inspection), [state.inspection, onInspection]);
  useEffect(() => onSummary?.(state.summary), [state.summary, onSummary]);
  const openFile = actions.openFile;
  useEffect(() => {
    if (fileToOpen) void openFile(fileToOpen);
    // Each dropped file object is opened once; actions are recreated every render.
  }, [fileToOpen]);

  // Moving to a step moves focus to its heading, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const index = STEPS.indexOf(step);
  const go = (i: number) => setStep(STEPS[Math.max(0, Math.min(STEPS.length - 1, i))]!);
  const label = (s: Step) => t(`step.${s}` as MessageKey);

  if (state.loading) {
    return (
      <div className={styles.root}>
        <Spinner label={t('loading')} />
      </div>
    );
  }

  const stepProps = { port, state, actions, headingRef: heading };
  return (
    <div className={styles.root} data-testid="task-pane">
      <nav aria-label={t('stepsNav')}>
        <ol className={styles.steps}>
          {STEPS.map((s, i) => (
            <li key={s}>
              <Button
                size="small"
                appearance={s === step ? 'primary' : 'subtle'}
                className={mergeClasses(styles.stepButton, s === step && styles.current)}
                aria-current={s === step ? 'step' : undefined}
                onClick={() => setStep(s)}
              >
                {`${i + 1} ${label(s)}`}
              </Button>
            </li>
          ))}
        </ol>
      </nav>

      {state.error && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('error.title')}</MessageBarTitle>
            <span data-testid="error-text">{state.error}</span>
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={actions.dismissError}>
              {t('error.dismiss')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {state.notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t(state.notice)}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={actions.dismissNotice}>
              {t('error.dismiss')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <section aria-label={t('stepOf', { n: index + 1, total: STEPS.length })}>
        {step === 'source' && <SourceStep {...stepProps} />}
        {step === 'columns' && <ColumnsStep {...stepProps} />}
        {step === 'stages' && <StagesStep {...stepProps} />}
        {step === 'periods' && <PeriodsStep {...stepProps} />}
        {step === 'run' && <RunStep {...stepProps} />}
      </section>

      <div className={styles.footer}>
        <div className={styles.group}>
          <Button disabled={index === 0} onClick={() => go(index - 1)}>
            {t('back')}
          </Button>
          <Button
            appearance="primary"
            disabled={index === STEPS.length - 1}
            onClick={() => go(index + 1)}
          >
            {t('next')}
          </Button>
        </div>
        <div className={styles.group}>
          <Button appearance="secondary" onClick={() => void actions.save()}>
            {t('settings.save')}
          </Button>
          <Button appearance="subtle" onClick={() => void actions.reset()}>
            {t('settings.reset')}
          </Button>
        </div>
      </div>
    </div>
  );
}
