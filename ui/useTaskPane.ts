import { useCallback, useEffect, useRef, useState } from 'react';
import type { Grid } from '../core/cells';
import type { ForecastSettings } from '../core/for-ui';
import type { RunSummary, SourceInspection, SourceRef, WorkbookPort } from '../core/ports';
import type { MessageKey } from './i18n/messages';
import { errorText } from './model/errors';
import { DEFAULT_SETTINGS, toSaved, todayIso } from './model/settings';

export interface Progress {
  fraction: number;
  step: string;
}

/** What the task pane knows at any moment; the steps render from it. */
export interface TaskPaneState {
  loading: boolean;
  sources: SourceRef[];
  source: SourceRef | null;
  inspection: SourceInspection | null;
  inspecting: boolean;
  settings: ForecastSettings;
  running: boolean;
  progress: Progress | null;
  summary: RunSummary | null;
  error: string | null;
  notice: MessageKey | null;
  /**
   * Settings the source suggested rather than the user chose (the sample's own
   * as-of date and targets): replaced when another source is inspected.
   */
  suggested: { asOf: boolean; targets: boolean };
  /**
   * Set while calibrated rates are the stage table: the table they replaced
   * (undefined: there was none), which "Restore" puts back.
   */
  calibrated: { previous: Grid | undefined } | null;
}

const sameSource = (a: SourceRef, b: SourceRef) => a.kind === b.kind && a.id === b.id;

/**
 * The task pane's behaviour, host-neutral: everything goes through the port.
 * Inspections are sequenced so a slow answer for an old source or mapping
 * never overwrites the answer for the current one.
 */
export function useTaskPane(port: WorkbookPort) {
  const [state, setState] = useState<TaskPaneState>({
    loading: true,
    sources: [],
    source: null,
    inspection: null,
    inspecting: false,
    settings: { ...DEFAULT_SETTINGS, asOf: todayIso() },
    running: false,
    progress: null,
    summary: null,
    error: null,
    notice: null,
    suggested: { asOf: false, targets: false },
    calibrated: null,
  });
  const latest = useRef(state);
  /** The user set the as-of date themselves: no source suggestion overrides it. */
  const asOfChosen = useRef(false);
  latest.current = state;
  const inspectSeq = useRef(0);

  const patch = useCallback((p: Partial<TaskPaneState>) => setState((s) => ({ ...s, ...p })), []);

  /**
   * The source's own as-of date and targets (the sample's) fill in what the user has
   * not chosen; a source without them takes back what an earlier one suggested.
   */
  const applySuggestions = useCallback((inspection: SourceInspection) => {
    // Functional update: the state may be newer than the last render (saved settings).
    setState((st) => {
      const { settings, suggested } = st;
      const next = { ...settings };
      const now = { ...suggested };
      if (!asOfChosen.current) {
        if (inspection.suggestedAsOf) {
          next.asOf = inspection.suggestedAsOf;
          now.asOf = true;
        } else if (suggested.asOf) {
          next.asOf = todayIso();
          now.asOf = false;
        }
      }
      const ownTargets = !suggested.targets && (settings.targets?.length || settings.targetsRange);
      if (!ownTargets) {
        if (inspection.suggestedTargets) {
          next.targets = inspection.suggestedTargets;
          now.targets = true;
        } else if (suggested.targets) {
          delete next.targets;
          now.targets = false;
        }
      }
      if (next.asOf === settings.asOf && next.targets === settings.targets) return st;
      const updated = { ...st, settings: next, suggested: now };
      latest.current = updated;
      return updated;
    });
  }, []);

  const inspect = useCallback(
    async (source: SourceRef | null, settings: ForecastSettings) => {
      const seq = ++inspectSeq.current;
      if (!source) {
        patch({ inspection: null, inspecting: false });
        return;
      }
      patch({ inspecting: true });
      try {
        const inspection = await port.inspect(source, settings);
        if (seq === inspectSeq.current) {
          patch({ inspection, inspecting: false, error: null });
          applySuggestions(inspection);
        }
      } catch (err) {
        if (seq === inspectSeq.current)
          patch({ inspection: null, inspecting: false, error: errorText(err) });
      }
    },
    [port, patch],
  );

  const loadSources = useCallback(
    async (prefer?: SourceRef) => {
      const sources = await port.listSources();
      const keep = prefer ?? latest.current.source;
      const source = (keep && sources.find((s) => sameSource(s, keep))) ?? sources[0] ?? null;
      patch({ sources, source });
      return source;
    },
    [port, patch],
  );

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [saved, sources] = await Promise.all([port.loadSettings(), port.listSources()]);
        if (!live) return;
        const settings: ForecastSettings = {
          ...DEFAULT_SETTINGS,
          ...(saved ?? {}),
          asOf: todayIso(),
        };
        const source = sources[0] ?? null;
        patch({ sources, source, settings, loading: false });
        await inspect(source, settings);
      } catch (err) {
        if (live) patch({ loading: false, error: errorText(err) });
      }
    })();
    return () => {
      live = false;
    };
  }, [port, patch, inspect]);

  /** The settings to save: targets the sample suggested are the sample's, not the workbook's. */
  const ownSettings = (settings: ForecastSettings = latest.current.settings): ForecastSettings => {
    if (!latest.current.suggested.targets) return settings;
    const { targets: _targets, ...rest } = settings;
    return rest;
  };

  const actions = {
    dismissError: () => patch({ error: null }),
    dismissNotice: () => patch({ notice: null }),

    async selectSource(source: SourceRef) {
      patch({ source, summary: null });
      await inspect(source, latest.current.settings);
    },

    async refreshSources() {
      try {
        const source = await loadSources();
        await inspect(source, latest.current.settings);
      } catch (err) {
        patch({ error: errorText(err) });
      }
    },

    async openFile(file: { name: string; bytes: ArrayBuffer }) {
      if (!port.openFile) return;
      try {
        const opened = await port.openFile(file);
        const source = await loadSources(opened[0]);
        patch({ summary: null });
        await inspect(source, latest.current.settings);
      } catch (err) {
        patch({ error: errorText(err) });
      }
    },

    /** Calibrated rates become the stage table; the table they replace is kept for restore. */
    async applyCalibrated(stageTable: Grid): Promise<void> {
      const { settings, calibrated } = latest.current;
      // A second apply keeps the table from before the first: restore goes back to the user's own.
      patch({ calibrated: calibrated ?? { previous: settings.stageTable } });
      await actions.updateSettings({ ...settings, stageTable });
    },

    /** Puts back the stage table calibrated rates replaced. */
    async restoreStageTable(): Promise<void> {
      const { settings, calibrated } = latest.current;
      if (!calibrated) return;
      const { stageTable: _calibrated, ...rest } = settings;
      patch({ calibrated: null });
      await actions.updateSettings(
        calibrated.previous ? { ...rest, stageTable: calibrated.previous } : rest,
      );
    },

    /** Settings that change what the engine detects (mapping) are re-inspected. */
    async updateSettings(next: ForecastSettings, reinspect = false) {
      const { settings, suggested } = latest.current;
      if (next.asOf !== settings.asOf) asOfChosen.current = true;
      const targetsMine =
        next.targets !== settings.targets || next.targetsRange !== settings.targetsRange;
      patch({
        settings: next,
        suggested: {
          asOf: suggested.asOf && next.asOf === settings.asOf,
          targets: suggested.targets && !targetsMine,
        },
      });
      if (reinspect) await inspect(latest.current.source, next);
    },

    async save() {
      try {
        await port.saveSettings(toSaved(ownSettings()));
        patch({ notice: 'settings.saved' });
      } catch (err) {
        patch({ error: errorText(err) });
      }
    },

    async reset() {
      try {
        await port.clearSettings();
        const settings = { ...DEFAULT_SETTINGS, asOf: todayIso() };
        asOfChosen.current = false;
        patch({
          settings,
          summary: null,
          notice: 'settings.resetDone',
          suggested: { asOf: false, targets: false },
        });
        await inspect(latest.current.source, settings);
      } catch (err) {
        patch({ error: errorText(err) });
      }
    },

    /** Takes the as-of date the last run suggested (its last close date) and runs again. */
    async useAsOf(asOf: string) {
      asOfChosen.current = true;
      const settings = { ...latest.current.settings, asOf };
      latest.current = { ...latest.current, settings };
      patch({ settings });
      await actions.run();
    },

    async run() {
      const { source, settings } = latest.current;
      if (!source) return;
      patch({ running: true, progress: { fraction: 0, step: 'read' }, error: null, summary: null });
      try {
        const summary = await port.run(source, settings, (fraction, step) =>
          patch({ progress: { fraction, step } }),
        );
        // Everyone who opens the workbook gets the configuration that produced this run.
        await port.saveSettings(toSaved(ownSettings(settings)));
        patch({ summary, running: false, progress: { fraction: 1, step: 'done' } });
      } catch (err) {
        patch({ running: false, progress: null, error: errorText(err) });
      }
    },

    async showSheet(name: string) {
      try {
        await port.showSheet(name);
      } catch (err) {
        patch({ error: errorText(err) });
      }
    },
  };

  return { state, actions };
}

export type TaskPaneActions = ReturnType<typeof useTaskPane>['actions'];
