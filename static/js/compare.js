/**
 * Step 5's side-by-side check: when the PC is not Licensed, the portal (after
 * "No") shows its Confirmation ID again; the user types or pastes it here and
 * sees, group by group, whether it is the one the app holds.
 */
import { t } from './i18n.js';
import { normalise } from './ids.js';
import { $ } from './dom.js';
import { cidDigits } from './state.js';

const LETTERS = 'ABCDEFGH';

export function renderCompare() {
  const out = $('#cid-compare-result');
  out.textContent = '';
  const ours = cidDigits();
  const theirs = normalise($('#cid-compare').value).replace(/[^0-9]/g, '').slice(0, 48);
  if (!ours || !theirs) return;
  const table = document.createElement('table');
  table.className = 'compare';
  const head = table.createTHead().insertRow();
  for (const key of ['compare.group', 'compare.ours', 'compare.portal', '']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = key ? t(key) : '';
    head.append(th);
  }
  const body = table.createTBody();
  const differ = [];
  let complete = 0;
  for (let i = 0; i < 8; i++) {
    const a = ours.slice(i * 6, i * 6 + 6);
    const b = theirs.slice(i * 6, i * 6 + 6);
    const row = body.insertRow();
    row.dataset.group = LETTERS[i];
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = LETTERS[i];
    row.append(th);
    for (const v of [a, b]) {
      const td = row.insertCell();
      td.className = 'mono';
      td.textContent = v;
    }
    const state = row.insertCell();
    if (b.length === 6) {
      complete++;
      const same = a === b;
      if (!same) differ.push(LETTERS[i]);
      row.dataset.state = same ? 'same' : 'differs';
      state.textContent = same ? `✓ ${t('compare.same')}` : `✗ ${t('compare.differs')}`;
    } else row.dataset.state = 'missing';
  }
  const summary = document.createElement('p');
  summary.className = 'summary';
  if (differ.length) {
    summary.textContent = t('compare.someDiffer', { labels: differ.join(', ') });
    summary.dataset.state = 'bad';
  } else if (complete < 8) {
    summary.textContent = t('compare.notYet', { n: complete });
    summary.dataset.state = 'partial';
  } else {
    summary.textContent = t('compare.allSame');
    summary.dataset.state = 'ok';
  }
  out.append(table, summary);
}
