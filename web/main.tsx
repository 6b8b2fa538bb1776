import { createRoot } from 'react-dom/client';
import { SAMPLE_RATES, generateSampleSheet } from '../core/sample';
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
});
createRoot(document.getElementById('app')!).render(<StandalonePage port={port} />);
