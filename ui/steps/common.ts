import type { RefObject } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { WorkbookPort } from '../../core/ports';
import type { TaskPaneActions, TaskPaneState } from '../useTaskPane';

export interface StepProps {
  port: WorkbookPort;
  state: TaskPaneState;
  actions: TaskPaneActions;
  /** The step's heading takes focus when the step opens. */
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export const useStepStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  muted: { color: tokens.colorNeutralForeground3 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
  },
  full: { width: '100%', minWidth: 0 },
});
