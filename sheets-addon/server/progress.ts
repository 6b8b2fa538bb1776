import type { RunProgress } from '../shared/api';

/**
 * A google.script.run call cannot stream anything back, so a run posts its
 * progress in a document property under an id the sidebar chose, and the
 * sidebar polls it with a second, concurrent call. A handful of writes per run
 * (one per step and per output table); the property is removed at the end.
 */
const PREFIX = 'funnelForecast.progress.';
const VALID_ID = /^[A-Za-z0-9-]{8,64}$/;
/** Progress older than this is from a run that died without cleaning up. */
const STALE_MS = 10 * 60 * 1000;

function key(id: string): string | null {
  return VALID_ID.test(id) ? PREFIX + id : null;
}

export interface ProgressPost {
  report(fraction: number, step: string): void;
  clear(): void;
}

export function progressPost(id: string | undefined): ProgressPost {
  const k = id ? key(id) : null;
  if (!k) return { report: () => {}, clear: () => {} };
  const props = PropertiesService.getDocumentProperties();
  let last = -1;
  return {
    report(fraction, step) {
      // Only forward steps are worth a write.
      if (fraction <= last || fraction >= 1) return;
      last = fraction;
      props.setProperty(k, JSON.stringify({ fraction, step, at: Date.now() }));
    },
    clear() {
      props.deleteProperty(k);
    },
  };
}

export function readProgress(id: string): RunProgress | null {
  const k = key(id);
  if (!k) return null;
  const text = PropertiesService.getDocumentProperties().getProperty(k);
  if (!text) return null;
  try {
    const p = JSON.parse(text) as RunProgress & { at: number };
    if (Date.now() - p.at > STALE_MS) return null;
    return { fraction: p.fraction, step: p.step };
  } catch {
    return null;
  }
}
