/**
 * aoh-helper's phone app: one step per screen, from the PC's Installation ID
 * to the command that applies the Confirmation ID.  Everything except
 * reading pictures (OCR) works without the server.
 */
import { t, lang, loadLang, preferredLang, applyTranslations } from './i18n.js';
import { FORMS_BY_LENGTH, formatGroups, parseIds, longestRun } from './ids.js';
import { buildCommands, cmdFile, cmdFileName } from './commands.js';
import { explain, looksSuccessful } from './explain.js';
import { GroupBoxes } from './idboxes.js';
import { sendForOcr, loadImage, shrinkIfHuge } from './ocr.js';
import { Store, toJson, toCsv, parseImport } from './store.js';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const STEPS = 5;
const SAMPLE_IID = '033255090385053904665824186342756737844895181384546394354129604';

const store = new Store();
let step = 1;
let errorCatalog = null;
const boxes = {};
const lastOcr = { iid: null, cid: null };

// --- small helpers ---------------------------------------------------------

function announce(text) {
  const live = $('#live');
  live.textContent = '';
  requestAnimationFrame(() => {
    live.textContent = text;
  });
}

async function copyText(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
  }
  announce(ok ? t('copied') : t('copyFailed'));
  if (button && ok) {
    button.classList.add('copied');
    const label = button.textContent;
    button.textContent = t('copied');
    setTimeout(() => {
      button.textContent = label;
      button.classList.remove('copied');
    }, 1500);
  }
  return ok;
}

function copyButton(text, what) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'btn-small copy';
  b.textContent = t('copy');
  b.setAttribute('aria-label', t('copyLabel', { what }));
  b.addEventListener('click', () => copyText(text, b));
  return b;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function commandItem(description, command) {
  const li = document.createElement('li');
  li.className = 'cmd';
  const p = document.createElement('p');
  p.textContent = description;
  const code = document.createElement('code');
  code.textContent = command;
  code.tabIndex = 0;
  const wrap = document.createElement('div');
  wrap.className = 'cmd-line';
  wrap.append(code, copyButton(command, description));
  li.append(p, wrap);
  return li;
}

function machineName(m) {
  return m.label || t('machines.unnamed', { n: store.machines.indexOf(m) + 1 });
}

// --- state of the IDs ------------------------------------------------------

function iidStatus() {
  return boxes.iid.status();
}

function iidDigits() {
  const st = iidStatus();
  return st.valid ? boxes.iid.digits() : null;
}

function cidDigits() {
  const st = boxes.cid.status();
  return st.valid ? boxes.cid.digits() : null;
}

function reachable(n) {
  if (n <= 2) return true;
  if (n <= 4) return iidDigits() !== null;
  return iidDigits() !== null && cidDigits() !== null;
}

// --- rendering -------------------------------------------------------------

function renderProgress() {
  for (const b of $$('#progress button')) {
    const n = Number(b.dataset.goto);
    const current = n === step;
    b.toggleAttribute('aria-current', current);
    if (current) b.setAttribute('aria-current', 'step');
    b.disabled = !reachable(n) && !current;
    b.closest('li').dataset.state = current ? 'current' : n < step ? 'past' : 'future';
  }
  $('#step-count').textContent = t('nav.count', { n: step });
  $('#back').disabled = step === 1;
  $('#next').hidden = step === STEPS;
  const m = store.current;
  $('#machine-label').textContent = machineName(m) + (m.done ? ` ✓` : '');
}

function renderStep1() {
  const m = store.current;
  $('#pc-label').value = m.label;
  for (const r of $$('input[name=product]')) r.checked = r.value === m.product;
  const cmds = buildCommands(m.product);
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

function renderSummary(kind) {
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

function renderStep3() {
  const m = store.current;
  const digits = iidDigits();
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

function renderStep5() {
  const m = store.current;
  const cid = cidDigits();
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
    const cmds = buildCommands(m.product, cid);
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
  renderExplain();
}

function renderExplain() {
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
  const found = explain(text, errorCatalog);
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

function renderStep(n) {
  if (n === 1) renderStep1();
  if (n === 2) renderSummary('iid');
  if (n === 3) renderStep3();
  if (n === 4) renderSummary('cid');
  if (n === 5) renderStep5();
}

function show(n, { focus = true } = {}) {
  step = Math.min(STEPS, Math.max(1, n));
  for (const s of $$('.step')) s.hidden = Number(s.dataset.step) !== step;
  renderStep(step);
  renderProgress();
  if (store.current.step !== step) store.update({ step });
  if (focus) {
    $(`#h-${step}`).focus();
    window.scrollTo(0, 0);
  }
}

function blockedReason(kind) {
  const st = boxes[kind].status();
  if (st.bad.length) return t('summary.bad', { labels: st.bad.join(', ') });
  return t('summary.missing', { n: st.filled, total: st.total });
}

function next() {
  if (step === 2 && !iidDigits()) {
    const msg = t('nav.blockedIid', { why: blockedReason('iid') });
    $('#iid-summary').textContent = msg;
    announce(msg);
    boxes.iid.focusFirstProblem();
    return;
  }
  if (step === 4 && !cidDigits()) {
    const msg = t('nav.blockedCid', { why: blockedReason('cid') });
    $('#cid-summary').textContent = msg;
    announce(msg);
    boxes.cid.focusFirstProblem();
    return;
  }
  show(step + 1);
}

// --- the machine list ------------------------------------------------------

function loadMachine() {
  const m = store.current;
  boxes.iid.size = m.iidSize;
  boxes.iid.clearOcr();
  boxes.iid.setValues(m.iid, false);
  boxes.cid.clearOcr();
  boxes.cid.setValues(m.cid, false);
  for (const r of $$('input[name=iid-size]')) r.checked = Number(r.value) === m.iidSize;
  for (const kind of ['iid', 'cid']) {
    $(`#${kind}-paste`).value = '';
    const cap = $(`.capture[data-kind=${kind}]`);
    $('.ocr-msg', cap).textContent = '';
    $('.candidates', cap).hidden = true;
  }
  $('#error-text').value = '';
  $$('#portal-checklist input').forEach((c) => {
    c.checked = false;
  });
  show(m.step, { focus: false });
}

function renderMachines() {
  const list = $('#machine-list');
  list.textContent = '';
  for (const m of store.machines) {
    const li = document.createElement('li');
    li.className = 'machine' + (m.id === store.currentId ? ' current' : '') + (m.done ? ' done' : '');
    const info = document.createElement('p');
    const name = document.createElement('strong');
    name.textContent = machineName(m);
    info.append(name, document.createElement('br'));
    const iid = m.iid.join('');
    const detail = [t(`product.${m.product}`), m.done ? t('machines.isdone') : t('machines.step', { n: m.step })];
    if (m.id === store.currentId) detail.push(t('machines.isCurrent'));
    info.append(detail.join(' · '));
    if (iid) {
      const small = document.createElement('small');
      small.textContent = formatGroups(iid);
      info.append(document.createElement('br'), small);
    }
    const actions = document.createElement('div');
    actions.className = 'row';
    const mk = (key, fn, cls = 'btn-small') => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = cls;
      b.textContent = t(key);
      b.setAttribute('aria-label', `${t(key)}: ${machineName(m)}`);
      b.addEventListener('click', fn);
      actions.append(b);
    };
    mk('machines.open', () => {
      store.select(m.id);
      $('#machines').close();
      loadMachine();
      $(`#h-${step}`).focus();
    });
    mk(m.done ? 'machines.undone' : 'machines.done', () => {
      store.update({ done: !m.done }, m.id);
      renderMachines();
      renderProgress();
    });
    mk('machines.delete', () => {
      if (!window.confirm(t('machines.confirmDelete', { label: machineName(m) }))) return;
      const wasCurrent = m.id === store.currentId;
      store.remove(m.id);
      if (wasCurrent) loadMachine();
      renderMachines();
      renderProgress();
    });
    li.append(info, actions);
    list.append(li);
  }
}

function newMachine() {
  const product = store.current?.product || 'windows';
  store.add({ product });
  loadMachine();
  show(1);
}

// --- pictures --------------------------------------------------------------

async function readPicture(kind, file) {
  const cap = $(`.capture[data-kind=${kind}]`);
  const bar = $('progress', cap);
  const msg = $('.ocr-msg', cap);
  $('.candidates', cap).hidden = true;
  cap.dataset.busy = '1';
  for (const input of $$('input[type=file]', cap)) input.disabled = true;
  bar.hidden = false;
  bar.value = 0;
  msg.textContent = t('ocr.uploading', { pct: 0 });
  let image = null;
  try {
    image = await loadImage(file);
  } catch {
    image = null;
  }
  const upload = await shrinkIfHuge(file);
  const result = await sendForOcr(upload, kind, (phase, pct) => {
    if (phase === 'upload') {
      bar.value = pct;
      msg.textContent = t('ocr.uploading', { pct });
    } else {
      bar.removeAttribute('value'); // indeterminate while the server reads
      msg.textContent = t('ocr.reading');
    }
  });
  bar.hidden = true;
  delete cap.dataset.busy;
  for (const input of $$('input[type=file]', cap)) input.disabled = false;
  if (!result.ok) {
    const key = `ocr.error.${result.code}`;
    const text = t(key, { s: result.retryAfter });
    msg.textContent = text === key ? t('ocr.error.generic') : text;
    msg.dataset.state = 'bad';
    return;
  }
  const data = result.data;
  lastOcr[kind] = data;
  const box = boxes[kind];
  const hasGroups = Array.isArray(data.groups) && data.groups.some((g) => g.text);
  // Other IDs in the picture (e.g. Windows and its ESU add-on): strings or {digits, form, ...}.
  const candidates = (Array.isArray(data.candidates) ? data.candidates : [])
    .map((c) => (typeof c === 'string' ? c : c && typeof c.digits === 'string' ? c.digits : ''))
    .filter((c) => /^[0-9]+$/.test(c) && FORMS_BY_LENGTH[c.length]?.kind === kind);
  if (!hasGroups && !data.digits && !candidates.length) {
    msg.textContent = t('ocr.nothing', { kind: t(`kind.${kind}`) });
    msg.dataset.state = 'bad';
    return;
  }
  if (hasGroups || data.digits) box.showOcr(data, image);
  else box.fillDigits(candidates[0]);
  const all = [...new Set([data.digits, ...candidates].filter(Boolean))];
  if (all.length > 1) showCandidates(kind, all, data, image);
  const secs = typeof data.seconds === 'number' ? data.seconds.toFixed(1) : '?';
  msg.textContent = `${t('ocr.done', { s: secs })} ${data.complete ? t('ocr.complete') : t('ocr.incomplete')}`;
  msg.dataset.state = data.complete ? 'ok' : 'uncertain';
  box.focusFirstProblem();
}

function showCandidates(kind, list, data = null, image = null) {
  const cap = $(`.capture[data-kind=${kind}]`);
  const set = $('.candidates', cap);
  const holder = $('.candidate-list', set);
  holder.textContent = '';
  const current = boxes[kind].digits();
  list.forEach((digits, i) => {
    const label = document.createElement('label');
    label.className = 'choice';
    const r = document.createElement('input');
    r.type = 'radio';
    r.name = `${kind}-candidate`;
    r.value = digits;
    r.checked = digits === current;
    r.addEventListener('change', () => {
      if (data && digits === data.digits) boxes[kind].showOcr(data, image);
      else boxes[kind].fillDigits(digits);
      announce(formatGroups(digits));
    });
    const span = document.createElement('span');
    span.className = 'mono';
    span.textContent = `${i + 1}. ${formatGroups(digits)}`;
    label.append(r, ' ', span);
    holder.append(label);
  });
  set.hidden = false;
}

async function takeSharedPicture() {
  const params = new URLSearchParams(location.search);
  const share = params.get('share');
  if (!share) return;
  history.replaceState(null, '', '/');
  if (share === 'unavailable') {
    showNotice(t('share.unavailable'));
    return;
  }
  let file = null;
  try {
    const cache = await caches.open('aoh-share');
    const resp = await cache.match('/shared-image');
    if (resp) {
      const blob = await resp.blob();
      const name = resp.headers.get('X-File-Name') || 'shared';
      file = new File([blob], name, { type: blob.type || resp.headers.get('Content-Type') || 'image/png' });
      await cache.delete('/shared-image');
    }
  } catch {
    file = null;
  }
  if (!file) {
    showNotice(t('share.unavailable'));
    return;
  }
  // A screenshot shared from the gallery: the CID step once it is reached, else the IID step.
  const kind = store.current.step >= 4 && iidDigits() ? 'cid' : 'iid';
  show(kind === 'cid' ? 4 : 2);
  showNotice(t('share.received'));
  await readPicture(kind, file);
}

function showNotice(text) {
  const n = $('#notice');
  n.textContent = text;
  n.hidden = false;
}

// --- wiring ----------------------------------------------------------------

function onBoxesChange(kind, extra = {}) {
  const box = boxes[kind];
  if (kind === 'iid') {
    if (extra.size) for (const r of $$('input[name=iid-size]')) r.checked = Number(r.value) === extra.size;
    store.update({ iid: box.values(), iidSize: box.size });
  } else {
    const changes = { cid: box.values() };
    if (box.status().valid) changes.cidFor = iidDigits() || '';
    store.update(changes);
  }
  renderSummary(kind);
  renderProgress();
}

function handlePasteArea(kind) {
  const area = $(`#${kind}-paste`);
  const text = area.value;
  if (!text.trim()) return;
  const found = parseIds(text, kind).filter((p) => p.form.groups === boxes[kind].count);
  if (!found.length) {
    const want = kind === 'iid' ? '63 / 54' : '48';
    $(`#${kind}-summary`).textContent = t('paste.none', { kind: t(`kind.${kind}`), count: longestRun(text), want });
    return;
  }
  boxes[kind].pasteText(text, 0);
  if (found.length > 1) showCandidates(kind, [...new Set(found.map((p) => p.digits))]);
  announce($(`#${kind}-summary`).textContent);
}

async function pasteFromClipboard(kind) {
  try {
    const text = await navigator.clipboard.readText();
    $(`#${kind}-paste`).value = text;
    handlePasteArea(kind);
  } catch {
    $(`#${kind}-summary`).textContent = t('paste.denied');
  }
}

function wire() {
  $('#lang-btn').addEventListener('click', async () => {
    await loadLang(lang() === 'ja' ? 'en' : 'ja', true);
    translate();
  });
  $('#back').addEventListener('click', () => show(step - 1));
  $('#next').addEventListener('click', next);
  for (const b of $$('#progress button')) b.addEventListener('click', () => show(Number(b.dataset.goto)));

  $('#pc-label').addEventListener('input', (e) => {
    store.update({ label: e.target.value.slice(0, 60) });
    renderProgress();
  });
  for (const r of $$('input[name=product]')) {
    r.addEventListener('change', () => {
      store.update({ product: r.value });
      renderStep1();
    });
  }
  for (const r of $$('input[name=iid-size]')) {
    r.addEventListener('change', () => {
      boxes.iid.setSize(Number(r.value));
    });
  }
  for (const kind of ['iid', 'cid']) {
    $(`#${kind}-paste`).addEventListener('input', () => handlePasteArea(kind));
    $(`#${kind}-clipboard`).addEventListener('click', () => pasteFromClipboard(kind));
    $(`#${kind}-clear`).addEventListener('click', () => {
      boxes[kind].clear();
      $(`#${kind}-paste`).value = '';
      $('.candidates', $(`.capture[data-kind=${kind}]`)).hidden = true;
      boxes[kind].cells[0].input.focus();
    });
    for (const input of $$(`.capture[data-kind=${kind}] input[type=file]`)) {
      input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        input.value = '';
        if (file) readPicture(kind, file);
      });
    }
  }
  $('#copy-iid-all').addEventListener('click', (e) => {
    const digits = iidDigits();
    if (digits) copyText(digits, e.currentTarget);
  });
  $('#download-cmd').addEventListener('click', () => {
    const cid = cidDigits();
    if (!cid) return;
    const product = store.current.product;
    download(cmdFileName(product), cmdFile(product, cid), 'application/octet-stream');
  });
  $('#error-text').addEventListener('input', renderExplain);
  $('#mark-done').addEventListener('click', () => {
    store.update({ done: true });
    renderStep5();
    renderProgress();
    announce(t('s5.isdone'));
  });
  $('#next-pc').addEventListener('click', newMachine);

  $('#machines-btn').addEventListener('click', () => {
    renderMachines();
    $('#machines').showModal();
  });
  $('#machine-new').addEventListener('click', () => {
    $('#machines').close();
    newMachine();
  });
  const stamp = () => new Date().toISOString().slice(0, 10);
  $('#export-json').addEventListener('click', () =>
    download(`aoh-helper-pcs-${stamp()}.json`, toJson(store.machines), 'application/json'),
  );
  $('#export-csv').addEventListener('click', () =>
    download(`aoh-helper-pcs-${stamp()}.csv`, toCsv(store.machines), 'text/csv'),
  );
  $('#import-file').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      const n = store.importMachines(parseImport(await file.text()));
      $('#machines-msg').textContent = t('machines.imported', { n });
      renderMachines();
      loadMachine();
    } catch (err) {
      $('#machines-msg').textContent = t('machines.importFailed', { why: err.message });
    }
  });
}

function translate() {
  applyTranslations();
  const other = lang() === 'ja' ? 'en' : 'ja';
  const btn = $('#lang-btn');
  btn.textContent = t('lang.switch');
  btn.lang = other;
  btn.setAttribute('aria-label', t('lang.switchLabel'));
  boxes.iid.relabel();
  boxes.cid.relabel();
  renderStep(step);
  renderProgress();
  if ($('#machines').open) renderMachines();
  renderStorageNote();
}

let persisted = false;
function renderStorageNote() {
  $('#storage-note').textContent = persisted ? t('machines.persisted') : t('machines.notPersisted');
}

async function start() {
  await loadLang(preferredLang());
  const announceFn = (text) => announce(text);
  boxes.iid = new GroupBoxes($('#iid-groups'), {
    kind: 'iid',
    count: 9,
    size: store.current.iidSize,
    labels: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    onChange: (_b, extra) => onBoxesChange('iid', extra),
    onAnnounce: announceFn,
    onCandidates: (list) => showCandidates('iid', [...new Set(list)]),
  });
  boxes.cid = new GroupBoxes($('#cid-groups'), {
    kind: 'cid',
    count: 8,
    size: 6,
    labels: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
    onChange: (_b, extra) => onBoxesChange('cid', extra),
    onAnnounce: announceFn,
    onCandidates: (list) => showCandidates('cid', [...new Set(list)]),
  });
  wire();
  loadMachine();
  translate();
  document.documentElement.dataset.ready = '1';
  fetch('/data/errors.json')
    .then((r) => (r.ok ? r.json() : null))
    .then((data) => {
      errorCatalog = data;
      if (step === 5) renderExplain();
    })
    .catch(() => {});
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage
      .persisted()
      .then((p) => p || navigator.storage.persist())
      .then((p) => {
        persisted = Boolean(p);
        renderStorageNote();
      })
      .catch(() => {});
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  }
  await takeSharedPicture();
}

start();
