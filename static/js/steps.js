/** The five steps' views: the progress bar, each step's rendering, moving between steps. */
import { t, lang } from './i18n.js';
import { $, $$ } from './dom.js';
import { announce } from './feedback.js';
import { copyButton, commandItem } from './clipboard.js';
import { renderExplain } from './explain-view.js';
import { renderCompare } from './compare.js';
import { commandsFor, renderKmsWarning, renderShellChoice } from './kit-view.js';
import { STEPS, store, ui, boxes, machineName, iidDigits, cidDigits, reachable } from './state.js';

const SAMPLE_IID = '033255090385053904665824186342756737844895181384546394354129604';

export function renderProgress() {
  for (const b of $$('#progress button')) {
    const n = Number(b.dataset.goto);
    const current = n === ui.step;
    b.toggleAttribute('aria-current', current);
    if (current) b.setAttribute('aria-current', 'step');
    b.disabled = !reachable(n) && !current;
    b.closest('li').dataset.state = current ? 'current' : n < ui.step ? 'past' : 'future';
  }
  $('#step-count').textContent = t('nav.count', { n: ui.step });
  $('#back').disabled = ui.step === 1;
  $('#next').hidden = ui.step === STEPS;
  const m = store.current;
  $('#machine-label').textContent = machineName(m) + (m.done ? ` ✓` : '');
}

export function renderStep1() {
  const m = store.current;
  $('#pc-label').value = m.label;
  for (const r of $$('input[name=product]')) r.checked = r.value === m.product;
  renderShellChoice();
  const cmds = commandsFor(m);
  const list = $('#pc-commands');
  list.textContent = '';
  const esu = m.product.startsWith('esu');
  list.append(commandItem(t(esu ? 's1.cmd.install_key_esu' : 's1.cmd.install_key'), cmds.install_key));
  list.append(commandItem(t('s1.cmd.show_iid'), cmds.show_iid));
  if (m.product === 'office') {
    const li = document.createElement('li');
    li.className = 'hint';
    li.textContent = t('s1.cmd.office_dir');
    list.append(li);
  }
  const label = lang() === 'ja' ? 'インストール ID' : 'Installation ID';
  $('#pc-example').textContent =
    m.product === 'office'
      ? `---Processing--------------------------\n---------------------------------------\nInstallation ID for: Office 16, Office16ProPlusVL_MAK edition: ${SAMPLE_IID}\n---------------------------------------\n---Exiting-----------------------------`
      : `Microsoft (R) Windows Script Host Version 5.812\nCopyright (C) Microsoft Corporation. All rights reserved.\n\n${label}: ${SAMPLE_IID}`;
}

export function renderSummary(kind) {
  const st = boxes[kind].status();
  const el = $(`#${kind}-summary`);
  let text;
  let state;
  if (st.bad.length) {
    text = t('summary.bad', { labels: st.bad.join(', ') });
    state = 'bad';
  } else if (!st.complete) {
    text = t('summary.missing', { n: st.filled, total: st.total });
    state = 'partial';
  } else if (st.uncertain.length) {
    text = t('summary.uncertain', { labels: st.uncertain.join(', ') });
    state = 'uncertain';
  } else {
    text = t('summary.ok', { n: st.total });
    state = 'ok';
  }
  el.textContent = text;
  el.dataset.state = state;
}

export function renderStep3() {
  const m = store.current;
  const digits = iidDigits();
  renderKmsWarning();
  const portalKey = m.product.startsWith('esu') ? 'portal.esu' : `portal.${m.product}`;
  $('#portal-product').textContent = t('s3.product', { portal: t(portalKey) });
  $('#portal-digits').textContent = t('s3.digits', { n: boxes.iid.size });
  const grid = $('#portal-grid');
  grid.textContent = '';
  if (!digits) {
    grid.textContent = t('s3.noiid');
    $('#copy-iid-all').disabled = true;
    return;
  }
  $('#copy-iid-all').disabled = false;
  boxes.iid.values().forEach((g, i) => {
    const cell = document.createElement('div');
    cell.className = 'pcell';
    const num = document.createElement('span');
    num.className = 'pnum';
    num.textContent = String(i + 1);
    const val = document.createElement('span');
    val.className = 'pval';
    val.textContent = g;
    cell.append(num, val, copyButton(g, t('s3.group', { label: i + 1 })));
    grid.append(cell);
  });
}

export function renderStep5() {
  const m = store.current;
  const cid = cidDigits();
  renderShellChoice();
  const list = $('#result-commands');
  list.textContent = '';
  const big = $('#cid-big');
  big.textContent = '';
  $('#download-cmd').disabled = !cid;
  const stale = Boolean(cid && m.cidFor && iidDigits() && m.cidFor !== iidDigits());
  $('#cid-stale').hidden = !stale;
  if (!cid) {
    const li = document.createElement('li');
    li.textContent = t('s5.nocid');
    list.append(li);
  } else {
    const cmds = commandsFor(m, cid);
    list.append(commandItem(t('s5.cmd.apply_cid'), cmds.apply_cid));
    list.append(commandItem(t('s5.cmd.status'), cmds.status));
    const rows = [
      [0, 5],
      [5, 8],
    ];
    for (const [from, to] of rows) {
      const row = document.createElement('div');
      row.className = 'cid-row';
      for (let i = from; i < to; i++) {
        const g = document.createElement('div');
        g.className = 'cid-group';
        const l = document.createElement('span');
        l.className = 'cid-letter';
        l.textContent = 'ABCDEFGH'[i];
        const v = document.createElement('span');
        v.className = 'cid-digits';
        v.textContent = cid.slice(i * 6, i * 6 + 6);
        g.append(l, v);
        row.append(g);
      }
      big.append(row);
    }
  }
  const office = m.product === 'office';
  // What the PC prints, in the PC's language (English or Japanese Windows), not the phone's.
  $('#success-example').textContent = office
    ? 'LICENSE STATUS:  ---LICENSED---'
    : 'Confirmation ID for product <GUID> deposited successfully.\n\n' +
      'License Status: Licensed\nライセンスの状態: ライセンスされています';
  $('#mark-done').textContent = m.done ? t('s5.isdone') : t('s5.done');
  $('#mark-done').disabled = m.done;
  renderCompare();
  renderExplain();
}

export function renderStep(n) {
  if (n === 1) renderStep1();
  if (n === 2) renderSummary('iid');
  if (n === 3) renderStep3();
  if (n === 4) renderSummary('cid');
  if (n === 5) renderStep5();
}

export function show(n, { focus = true } = {}) {
  ui.step = Math.min(STEPS, Math.max(1, n));
  for (const s of $$('.step')) s.hidden = Number(s.dataset.step) !== ui.step;
  renderStep(ui.step);
  renderProgress();
  if (store.current.step !== ui.step) store.update({ step: ui.step });
  if (focus) {
    $(`#h-${ui.step}`).focus();
    window.scrollTo(0, 0);
  }
}

export function blockedReason(kind) {
  const st = boxes[kind].status();
  if (st.bad.length) return t('summary.bad', { labels: st.bad.join(', ') });
  return t('summary.missing', { n: st.filled, total: st.total });
}

export function next() {
  if (ui.step === 2 && !iidDigits()) {
    const msg = t('nav.blockedIid', { why: blockedReason('iid') });
    $('#iid-summary').textContent = msg;
    announce(msg);
    boxes.iid.focusFirstProblem();
    return;
  }
  if (ui.step === 4 && !cidDigits()) {
    const msg = t('nav.blockedCid', { why: blockedReason('cid') });
    $('#cid-summary').textContent = msg;
    announce(msg);
    boxes.cid.focusFirstProblem();
    return;
  }
  show(ui.step + 1);
}
