/** Typed and pasted IDs: the paste boxes, the clipboard button, and saving what the boxes hold. */
import { t } from './i18n.js';
import { parseIds, longestRun } from './ids.js';
import { $, $$ } from './dom.js';
import { announce } from './feedback.js';
import { store, boxes, iidDigits } from './state.js';
import { renderSummary, renderProgress } from './steps.js';

export function onBoxesChange(kind, extra = {}) {
  const box = boxes[kind];
  if (kind === 'iid') {
    if (extra.size) for (const r of $$('input[name=iid-size]')) r.checked = Number(r.value) === extra.size;
    store.update({ iid: box.values(), iidSize: box.size });
  } else {
    const changes = { cid: box.values() };
    if (box.status().valid) changes.cidFor = iidDigits() || '';
    store.update(changes);
  }
  // A picture's failure message is stale once the boxes hold a whole, checked ID.
  const msg = $(`.capture[data-kind=${kind}] .ocr-msg`);
  if (box.status().valid && (msg.dataset.state === 'bad' || msg.dataset.state === 'uncertain')) {
    msg.textContent = '';
    delete msg.dataset.state;
  }
  renderSummary(kind);
  renderProgress();
}

export function handlePasteArea(kind) {
  const area = $(`#${kind}-paste`);
  const text = area.value;
  if (!text.trim()) return;
  const found = parseIds(text, kind).filter((p) => p.form.groups === boxes[kind].count);
  if (!found.length) {
    const want = kind === 'iid' ? '63 / 54' : '48';
    $(`#${kind}-summary`).textContent = t('paste.none', { kind: t(`kind.${kind}`), count: longestRun(text), want });
    return;
  }
  boxes[kind].pasteText(text, 0); // several IDs: the boxes' onCandidates shows the chooser
  announce($(`#${kind}-summary`).textContent);
}

export async function pasteFromClipboard(kind) {
  try {
    const text = await navigator.clipboard.readText();
    $(`#${kind}-paste`).value = text;
    handlePasteArea(kind);
  } catch {
    $(`#${kind}-summary`).textContent = t('paste.denied');
  }
}
