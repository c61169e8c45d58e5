/**
 * The USB kit in the app: a PC filled in from the kit's QR code (the link's
 * fragment, a scanned code, or /api/ocr's reading of it), kit files imported
 * as PCs, the CIDs exported for the apply script, its results shown, the KMS
 * client warning, and the choice of shell for the commands.
 *
 * Why one module: these are the batch flow's parts, built on static/js/kit.js
 * (the formats) and the PC store; the step views only call in here.
 */
import { t, lang } from './i18n.js';
import { PRODUCTS, buildCommands } from './commands.js';
import { explain } from './explain.js';
import { $, $$ } from './dom.js';
import { announce, showNotice } from './feedback.js';
import { download } from './download.js';
import { store, ui } from './state.js';
import {
  KitFormatError,
  PC_FORMAT,
  RESULT_FORMAT,
  channelIn,
  cidsFileText,
  cidsToExport,
  exportReport,
  isKmsClient,
  parseFragment,
  parsePcFile,
  parseQrPayload,
  parseResultFile,
} from './kit.js';

const OFFICE = new Set(['office', 'office2010']);

/** The app's product for the kit's: an add-on (by Activation ID) is a Windows licence. */
export function appProduct(kitProduct) {
  return Object.hasOwn(PRODUCTS, kitProduct) ? kitProduct : 'windows';
}

/** The Activation ID the commands for PC `m` aim at: the kit's, except for Office (ospp finds its own). */
export function activationFor(m) {
  return OFFICE.has(m.product) ? null : m.activationId || null;
}

/** The commands for PC `m` in its chosen shell, aimed at its Activation ID when the kit gave one. */
export function commandsFor(m, cid = null) {
  const activation = activationFor(m);
  const shell = m.shell || 'cmd';
  // An Activation ID the builder refuses (e.g. an ESU's that is not its own) is left out, not fatal.
  try {
    return buildCommands(m.product, cid, activation, null, shell);
  } catch {
    return buildCommands(m.product, cid, null, null, shell);
  }
}

const sameName = (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase();
const iidOf = (m) => m.iid.join('');

/** Adds the PC (or refreshes the one already listed with this name and IID or Activation ID); returns it. */
function upsert({ computer, product, activationId = '', iid, channel = '' }) {
  const found =
    store.machines.find((m) => sameName(m.label, computer) && iidOf(m) === iid) ||
    store.machines.find((m) => sameName(m.label, computer) && activationId && m.activationId === activationId) ||
    // the empty PC a fresh app starts with is filled rather than left beside the new one
    store.machines.find((m) => !m.label && !iidOf(m) && !m.cid.join(''));
  const fields = { label: computer, product: appProduct(product), iid, iidSize: iid.length === 54 ? 6 : 7 };
  if (activationId) fields.activationId = activationId;
  if (channel) fields.channel = channel;
  if (found) {
    if (iidOf(found) !== iid) Object.assign(fields, { cid: '', cidFor: '', result: null, done: false, step: 2 });
    store.update(fields, found.id);
    store.select(found.id);
    return store.current;
  }
  return store.add({ ...fields, step: 2 });
}

// --- the QR code: link, scan, server ---------------------------------------

/** A kit payload (parseQrPayload's shape) into the PC list; the PC becomes the current one. */
export function fillFromPayload(p) {
  return upsert({ computer: p.pc || store.current.label || '', product: p.product, activationId: p.activationId || '', iid: p.iid });
}

/**
 * Opened from the kit's QR code (`https://…/#aoh=1&pc=…&iid=…`): the PC filled in, the fragment
 * cleared so that a reload or a shared link does not add it again.  Returns true when it was one.
 */
export function openKitLink(loadMachine, show) {
  if (!location.hash.startsWith('#aoh=')) return false;
  const p = parseFragment(location.hash);
  history.replaceState(null, '', location.pathname + location.search);
  if (!p) {
    showNotice(t('kit.linkBroken'));
    return false;
  }
  const m = fillFromPayload(p);
  loadMachine();
  show(p.iidValid ? 3 : 2);
  const name = m.label || t('kit.noname');
  showNotice(p.iidValid ? t('kit.linkFilled', { pc: name }) : t('kit.linkBad', { pc: name, labels: p.invalidGroups.join(', ') }));
  return true;
}

/** What /api/ocr read from a QR code (`source: "qr"`): the PC's name and product into the current PC. */
export function takeQrReading(data) {
  if (!data || data.source !== 'qr') return;
  const m = store.current;
  const fields = {};
  if (data.pc && !m.label) fields.label = String(data.pc);
  if (data.product) fields.product = appProduct(String(data.product));
  if (data.activation_id) fields.activationId = String(data.activation_id);
  if (Object.keys(fields).length) store.update(fields);
}

/**
 * A photo of the QR code: decoded in the browser where BarcodeDetector exists (Android Chrome);
 * null when it does not or finds no kit code with every check digit valid (the photo then goes to
 * /api/ocr, which looks for the QR code first).
 */
export async function scanInBrowser(file) {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    const bitmap = await createImageBitmap(file);
    const codes = await detector.detect(bitmap);
    bitmap.close?.();
    for (const code of codes) {
      const p = parseQrPayload(code.rawValue);
      if (p && p.iidValid) return p;
    }
  } catch {
    return null;
  }
  return null;
}

// --- kit files in, CIDs out ------------------------------------------------

async function readFileText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return new TextDecoder('utf-8').decode(bytes);
}

function formatOf(text) {
  try {
    const data = JSON.parse(String(text).replace(/^\uFEFF/, ''));
    return data && typeof data === 'object' ? data.format : null;
  } catch {
    return null;
  }
}

function applyResult(res) {
  let matched = 0;
  for (const r of res.results) {
    const named = store.machines.filter((m) => sameName(m.label, res.computer));
    const m =
      named.find((x) => iidOf(x) === r.iid) ||
      named.find((x) => r.activationId && x.activationId === r.activationId) ||
      (named.length === 1 ? named[0] : null);
    if (!m) continue;
    const changes = { result: { licensed: r.licensed, hresult: r.hresult, finished: res.finished } };
    if (r.licensed) changes.done = true;
    store.update(changes, m.id);
    matched++;
  }
  return matched;
}

/**
 * `.aoh.json` files become PCs, `.result.json` files mark them licensed or failed.
 * Returns the lines of a report for the user (one per file that did not go as planned).
 */
export async function importKitFiles(files) {
  let pcs = 0;
  let results = 0;
  let kms = 0;
  const problems = [];
  let first = null;
  for (const file of files) {
    let text;
    try {
      text = await readFileText(file);
    } catch {
      problems.push(t('kit.import.unreadable', { file: file.name }));
      continue;
    }
    try {
      const format = formatOf(text);
      if (format === RESULT_FORMAT) {
        const res = parseResultFile(text);
        const n = applyResult(res);
        results += n;
        if (n < res.results.length) problems.push(t('kit.import.noPc', { file: file.name, pc: res.computer }));
      } else if (format === PC_FORMAT || format === null) {
        const pc = parsePcFile(text);
        if (!pc.products.length) problems.push(t('kit.import.noProducts', { file: file.name, pc: pc.computer }));
        for (const p of pc.products) {
          const m = upsert({
            computer: pc.computer,
            product: p.product,
            activationId: p.activationId,
            iid: p.iid,
            channel: p.channel,
          });
          first = first || m;
          pcs++;
          if (p.kmsClient) kms++;
          if (!p.iidValid) problems.push(t('kit.import.badIid', { pc: pc.computer, labels: p.invalidGroups.join(', ') }));
        }
      } else {
        throw new KitFormatError(`not a kit file (${format})`, 'wrong_format');
      }
    } catch (err) {
      const why = err instanceof KitFormatError ? t(`kit.error.${err.code}`) : err.message;
      problems.push(t('kit.import.failed', { file: file.name, why }));
    }
  }
  if (first) store.select(first.id);
  const summary = [t('kit.import.done', { pcs, results })];
  if (kms) summary.push(t('kit.import.kms', { n: kms }));
  return { pcs, results, lines: [...summary, ...problems] };
}

/**
 * aoh-cids.json for the apply script: every named PC with a valid CID that is not licensed yet.
 * No file when there is nothing to apply.  Returns the count written and the names left out, and why.
 */
export function exportCids() {
  const { entries, licensed, missing } = cidsToExport(store.machines);
  const names = (list) => list.map((m) => m.label || t('kit.noname'));
  const left = { licensed: names(licensed), missing: names(missing) };
  if (!entries.length) return { n: 0, ...left };
  download('aoh-cids.json', cidsFileText(entries), 'application/json');
  return { n: entries.length, ...left };
}

// --- views -----------------------------------------------------------------

/** The PC list's extra lines for `m`: the KMS client warning and the apply script's result. */
export function machineNotes(m) {
  const notes = [];
  if (isKmsClient(m.channel)) notes.push({ state: 'bad', text: t('kit.kms.short') });
  if (m.result) {
    if (m.result.licensed) notes.push({ state: 'ok', text: t('kit.result.licensed') });
    else {
      const [e] = explain(m.result.hresult, ui.errorCatalog);
      const l = lang() === 'ja' ? 'ja' : 'en';
      const meaning = e ? (e.known ? e[`meaning_${l}`] : e[`action_${l}`]) : '';
      notes.push({ state: 'bad', text: t('kit.result.failed', { code: m.result.hresult || '?', meaning }) });
    }
  }
  return notes;
}

/** Step 3's warning before the portal, for a KMS client key (from a kit file or a pasted /dlv). */
export function renderKmsWarning() {
  const el = $('#kms-warning');
  if (el) el.hidden = !isKmsClient(store.current.channel);
}

/** The shell choice of steps 1 and 5 shows the current PC's choice. */
export function renderShellChoice() {
  for (const r of $$('input[data-shell]')) r.checked = r.value === store.current.shell;
}

function noteChannel(text) {
  const channel = channelIn(text);
  if (channel && channel !== store.current.channel) {
    store.update({ channel });
    renderKmsWarning();
    if (isKmsClient(channel)) announce(t('kit.kms.short'));
  }
}

/** The kit's buttons and fields; `hooks` are the step views this module may not import (cycles). */
export function wireKit({ loadMachine, renderMachines, renderStep, readPicture, show }) {
  for (const r of $$('input[data-shell]')) {
    r.addEventListener('change', () => {
      store.update({ shell: r.value });
      renderShellChoice();
      renderStep(ui.step);
    });
  }
  // a pasted slmgr /dlv names the channel ("Description: …, VOLUME_KMSCLIENT channel")
  for (const id of ['#iid-paste', '#error-text', '#dlv-paste']) {
    $(id)?.addEventListener('input', (e) => noteChannel(e.target.value));
  }
  $('#iid-qr')?.addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    const p = await scanInBrowser(file);
    if (!p) {
      await readPicture('iid', file);
      return;
    }
    const m = fillFromPayload(p);
    loadMachine();
    show(2);
    showNotice(t('kit.scanFilled', { pc: m.label || t('kit.noname') }));
  });
  $('#kit-import')?.addEventListener('change', async (e) => {
    const files = [...(e.target.files || [])];
    e.target.value = '';
    if (!files.length) return;
    const report = await importKitFiles(files);
    const msg = $('#kit-msg');
    msg.textContent = report.lines.join(' ');
    announce(report.lines[0]);
    loadMachine();
    renderMachines();
  });
  $('#kit-export')?.addEventListener('click', () => {
    const lines = exportReport(exportCids()).map(({ key, vars }) => t(key, vars));
    $('#kit-msg').textContent = lines.join(' ');
    announce(lines[0]);
  });
}
