/** Pictures: sending one for OCR, choosing between several IDs found, pictures shared from the gallery. */
import { t } from './i18n.js';
import { FORMS_BY_LENGTH, formatGroups, groupIsValid } from './ids.js';
import { sendForOcr, loadImage, shrinkIfHuge } from './ocr.js';
import { $, $$ } from './dom.js';
import { announce, showNotice } from './feedback.js';
import { store, boxes, lastOcr, iidDigits } from './state.js';
import { show } from './steps.js';
import { takeQrReading } from './kit-view.js';
import { describeOcr } from './ocr-advice.js';

export async function readPicture(kind, file) {
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
  const upload = await shrinkIfHuge(file, image);
  if (upload !== file) {
    // The server's boxes refer to the picture it got: crop from that one.
    try {
      image = await loadImage(upload);
    } catch {
      image = null;
    }
  }
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
  takeQrReading(data); // the kit's QR code names the PC and its product
  const box = boxes[kind];
  const hasGroups = Array.isArray(data.groups) && data.groups.some((g) => g.text);
  // Other IDs in the picture (e.g. Windows and its ESU add-on): strings or {digits, form, ...}.
  const candidates = (Array.isArray(data.candidates) ? data.candidates : [])
    .map((c) => (typeof c === 'string' ? c : c && typeof c.digits === 'string' ? c.digits : ''))
    .filter((c) => /^[0-9]+$/.test(c) && FORMS_BY_LENGTH[c.length]?.kind === kind);
  if (!hasGroups && !data.digits && !candidates.length) {
    msg.textContent = `${t('ocr.nothing', { kind: t(`kind.${kind}`) })} ${describeOcr(data) || t('ocr.advice.paste_text')}`;
    msg.dataset.state = 'bad';
    return;
  }
  const junk = junkGroups(data, kind);
  if (junk) {
    // Not an ID at all (e.g. an Extended PID and dates read together): leave the boxes and
    // their group size as they were, and say what went wrong.
    msg.textContent = t('ocr.junk', { kind: t(`kind.${kind}`), n: junk.bad, total: junk.total });
    msg.dataset.state = 'bad';
    return;
  }
  if (hasGroups || data.digits) box.showOcr(data, data.source === 'qr' ? null : image); // no crops of a QR code
  else box.fillDigits(candidates[0]);
  const all = [...new Set([data.digits, ...candidates].filter(Boolean))];
  if (all.length > 1) showCandidates(kind, all, { data, image, source: 'picture' });
  const secs = typeof data.seconds === 'number' ? data.seconds.toFixed(1) : '?';
  const verdict = data.complete ? t('ocr.complete') : `${t('ocr.incomplete')} ${describeOcr(data)}`.trim();
  msg.textContent = `${t('ocr.done', { s: secs })} ${verdict}`;
  msg.dataset.state = data.complete ? 'ok' : 'uncertain';
  box.focusFirstProblem();
}

/** How many groups of the read ID fail their check, when more than half do; else null. */
function junkGroups(data, kind) {
  const digits = typeof data.digits === 'string' ? data.digits : '';
  const form = FORMS_BY_LENGTH[digits.length];
  if (!form || form.kind !== kind) return null;
  const groups = Array.from({ length: form.groups }, (_, i) => digits.slice(i * form.size, (i + 1) * form.size));
  const bad = groups.filter((g) => !groupIsValid(g)).length;
  return bad * 2 > groups.length ? { bad, total: groups.length } : null;
}

/**
 * The chooser for several IDs found at once. `source` ('text' or 'picture') words its
 * heading; `names` (digits -> product name from the text) labels each choice.
 */
export function showCandidates(kind, list, { data = null, image = null, source = 'picture', names = null } = {}) {
  const cap = $(`.capture[data-kind=${kind}]`);
  const set = $('.candidates', cap);
  $('legend', set).dataset.i18n = source === 'text' ? 'pick.text' : 'pick.picture';
  $('legend', set).textContent = t($('legend', set).dataset.i18n);
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
    const name = names?.get(digits);
    if (name) {
      const product = document.createElement('strong');
      product.className = 'candidate-name';
      product.textContent = name;
      const text = document.createElement('span');
      text.className = 'candidate-text';
      text.append(product, span);
      label.append(r, ' ', text);
    } else label.append(r, ' ', span);
    holder.append(label);
  });
  set.hidden = false;
  set.scrollIntoView({ block: 'center' });
}

export async function takeSharedPicture() {
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
