/** The PC list: loading a PC into the boxes, the list dialog, adding a PC. */
import { t } from './i18n.js';
import { formatGroups } from './ids.js';
import { $, $$ } from './dom.js';
import { store, ui, boxes, machineName } from './state.js';
import { show, renderProgress } from './steps.js';
import { machineNotes } from './kit-view.js';

export function loadMachine() {
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
  $('#cid-compare').value = '';
  $$('#portal-checklist input').forEach((c, i) => {
    c.checked = m.ticks.includes(i);
  });
  show(m.step, { focus: false });
}

export function renderMachines() {
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
    for (const note of machineNotes(m)) {
      const line = document.createElement('span');
      line.className = 'note';
      line.dataset.state = note.state;
      line.textContent = note.text;
      info.append(document.createElement('br'), line);
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
      $(`#h-${ui.step}`).focus();
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

export function newMachine() {
  const product = store.current?.product || 'windows';
  store.add({ product });
  loadMachine();
  show(1);
}
