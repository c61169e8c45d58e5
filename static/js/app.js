/**
 * aoh-helper's phone app: one step per screen, from the PC's Installation ID
 * to the command that applies the Confirmation ID.  Everything except
 * reading pictures (OCR) works without the server.  This module starts the
 * app; the views live in their own modules (steps, machines, pictures, paste,
 * wiring) around the shared state (state.js).
 */
import { loadLang, preferredLang } from './i18n.js';
import { GroupBoxes } from './idboxes.js';
import { $ } from './dom.js';
import { announce } from './feedback.js';
import { store, ui, boxes } from './state.js';
import { renderExplain } from './explain-view.js';
import { loadMachine } from './machines.js';
import { showCandidates, takeSharedPicture } from './pictures.js';
import { namedIds, preferredId } from './candidates.js';
import { onBoxesChange } from './paste.js';
import { wire, translate, renderStorageNote } from './wiring.js';
import { openKitLink } from './kit-view.js';
import { show } from './steps.js';

/** Several IDs in a pasted text: the chooser, each ID named after its product where the text says. */
function showTextCandidates(kind, list, text) {
  const names = new Map(namedIds(text, kind).map((c) => [c.digits, c.name]));
  showCandidates(kind, [...new Set(list)], { source: 'text', names });
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
    onCandidates: (list, text) => showTextCandidates('iid', list, text),
    choose: (_found, text) => preferredId(store.current.product, namedIds(text, 'iid')),
  });
  boxes.cid = new GroupBoxes($('#cid-groups'), {
    kind: 'cid',
    count: 8,
    size: 6,
    labels: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
    onChange: (_b, extra) => onBoxesChange('cid', extra),
    onAnnounce: announceFn,
    onCandidates: (list, text) => showTextCandidates('cid', list, text),
  });
  wire();
  loadMachine();
  // opened from the kit's QR code (…/#aoh=1&pc=…&iid=…): that PC filled in, the fragment cleared
  openKitLink(loadMachine, show);
  window.addEventListener('hashchange', () => openKitLink(loadMachine, show));
  translate();
  document.documentElement.dataset.ready = '1';
  fetch('/data/errors.json')
    .then((r) => (r.ok ? r.json() : null))
    .then((data) => {
      ui.errorCatalog = data;
      if (ui.step === 5) renderExplain();
    })
    .catch(() => {});
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage
      .persisted()
      .then((p) => p || navigator.storage.persist())
      .then((p) => {
        ui.persisted = Boolean(p);
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
