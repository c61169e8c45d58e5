/** Wiring: every button, field and file input of the page connected to what it does. */
import { t, lang, loadLang, applyTranslations } from './i18n.js';
import { cmdFile, cmdFileBytes, cmdFileName } from './commands.js';
import { toJson, toCsv, parseImport, ImportError } from './store.js';
import { $, $$ } from './dom.js';
import { announce } from './feedback.js';
import { copyText } from './clipboard.js';
import { download } from './download.js';
import { store, ui, boxes, iidDigits, cidDigits, productIidSize, machineName } from './state.js';
import { show, next, renderStep, renderStep1, renderStep5, renderProgress } from './steps.js';
import { renderExplain } from './explain-view.js';
import { renderCompare } from './compare.js';
import { loadMachine, renderMachines, newMachine } from './machines.js';
import { readPicture } from './pictures.js';
import { handlePasteArea, pasteFromClipboard } from './paste.js';
import { wireKit, activationFor } from './kit-view.js';

/** Today on this device's calendar, as the .cmd file's header writes it (YYYY-MM-DD). */
function localDate() {
  const d = new Date();
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

export function wire() {
  $('#lang-btn').addEventListener('click', async () => {
    await loadLang(lang() === 'ja' ? 'en' : 'ja', true);
    translate();
  });
  $('#back').addEventListener('click', () => show(ui.step - 1));
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
      // Clearing starts over: the product's group size, no picture message, no chooser.
      boxes[kind].clear(kind === 'iid' ? productIidSize(store.current.product) : null);
      $(`#${kind}-paste`).value = '';
      const cap = $(`.capture[data-kind=${kind}]`);
      $('.candidates', cap).hidden = true;
      $('.ocr-msg', cap).textContent = '';
      delete $('.ocr-msg', cap).dataset.state;
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
    const m = store.current;
    const language = lang();
    // Named after the PC, with its name, IID and date in the first lines, so that files for
    // several PCs on one USB stick stay apart; messages in the user's language (CP932 for Japanese).
    const header = { computer: machineName(m), iid: iidDigits(), date: localDate(), lang: language };
    let text;
    try {
      text = cmdFile(m.product, cid, activationFor(m), null, header);
    } catch {
      text = cmdFile(m.product, cid, null, null, header); // an Activation ID the builder refuses is left out
    }
    download(cmdFileName(m.product, machineName(m)), cmdFileBytes(text, language), 'application/octet-stream');
  });
  $('#cid-compare').addEventListener('input', renderCompare);
  $$('#portal-checklist input').forEach((box) => {
    box.addEventListener('change', () => {
      const ticks = $$('#portal-checklist input').flatMap((c, i) => (c.checked ? [i] : []));
      store.update({ ticks });
    });
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
      // The reason in the user's language, never a parser's English message.
      const why = err instanceof ImportError ? t(`import.${err.code}`) : t('import.generic');
      $('#machines-msg').textContent = t('machines.importFailed', { why });
    }
  });
  wireKit({ loadMachine, renderMachines, renderStep, readPicture, show });
}

export function translate() {
  applyTranslations();
  const other = lang() === 'ja' ? 'en' : 'ja';
  const btn = $('#lang-btn');
  btn.textContent = t('lang.switch');
  btn.lang = other;
  btn.setAttribute('aria-label', t('lang.switchLabel'));
  boxes.iid.relabel();
  boxes.cid.relabel();
  renderStep(ui.step);
  renderProgress();
  if ($('#machines').open) renderMachines();
  renderStorageNote();
}

export function renderStorageNote() {
  $('#storage-note').textContent = ui.persisted ? t('machines.persisted') : t('machines.notPersisted');
}
