/** Step 5's error box: what the PC printed, explained from the error catalogue. */
import { t, lang } from './i18n.js';
import { explain, looksSuccessful } from './explain.js';
import { $ } from './dom.js';
import { ui } from './state.js';

export function renderExplain() {
  const text = $('#error-text').value;
  const out = $('#error-result');
  out.textContent = '';
  if (!text.trim()) return;
  if (looksSuccessful(text)) {
    const p = document.createElement('p');
    p.className = 'ok';
    p.textContent = t('s5.successText');
    out.append(p);
    return;
  }
  const found = explain(text, ui.errorCatalog);
  if (!found.length) {
    const p = document.createElement('p');
    p.textContent = t('s5.nocode');
    out.append(p);
    return;
  }
  const l = lang() === 'ja' ? 'ja' : 'en';
  for (const e of found) {
    const card = document.createElement('div');
    card.className = 'explain-card';
    const h = document.createElement('h3');
    h.textContent = e.code;
    card.append(h);
    const dl = document.createElement('dl');
    const add = (term, value) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dl.append(dt, dd);
    };
    add(t('s5.meaning'), e.known ? e[`meaning_${l}`] : t('s5.unknown', { code: e.code }));
    add(t('s5.action'), e[`action_${l}`]);
    card.append(dl);
    out.append(card);
  }
}
