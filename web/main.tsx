import { createRoot } from 'react-dom/client';
import { SAMPLE_AS_OF, SAMPLE_RATES, SAMPLE_TARGETS, generateSampleSheet } from '../core/sample';
import { pickLanguage } from '../ui/i18n/messages';
import { BrowserPort } from './browser-port';
import { StandalonePage } from './StandalonePage';

/** ?lang=zh-CN overrides the browser's language (handy for sharing a link). */
function language(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  return fromUrl || navigator.language || 'en';
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const lang = language();
// The same generated sample as `npm run cli -- forecast` (Chinese headers and stages for zh readers).
const sample = generateSampleSheet({ language: pickLanguage(lang) === 'zh-CN' ? 'zh' : 'en' });
const port = new BrowserPort({
  sheets: [sample],
  storage: storage(),
  language: lang,
  builtInRates: SAMPLE_RATES,
  // A new user's first run shows the sample on its own date, with targets.
  builtInAsOf: SAMPLE_AS_OF,
  builtInTargets: SAMPLE_TARGETS,
});
createRoot(document.getElementById('app')!).render(<StandalonePage port={port} />);
