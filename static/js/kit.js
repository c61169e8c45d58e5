/**
 * The USB kit's files and its QR code, read by the app: the browser's side of
 * activation/kitfiles.py, held to the same examples (tests/vectors/kit.json).
 *
 * Why its own module: the formats are a contract with scripts that run on
 * Windows PCs the app never sees; every reader accepts a UTF-8 BOM and CRLF,
 * refuses what it cannot read with a message, and reads an ID with a wrong
 * digit as such (flagged, never silently trusted).
 */
import { CID_48, FORMS_BY_LENGTH, analyse, parseIds } from './ids.js';

export const PC_FORMAT = 'aoh-helper.pc';
export const CIDS_FORMAT = 'aoh-helper.cids';
export const RESULT_FORMAT = 'aoh-helper.result';
export const VERSION = 1;
// The portal cannot activate a KMS client key (0x8007232B / 0xC004F074): a MAK or retail key first.
export const KMS_CLIENT_CHANNEL = 'VOLUME_KMSCLIENT';
const QR_PREFIX = 'AOH:';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A kit file that cannot be read; `code` picks the user's message (kit.error.<code>). */
export class KitFormatError extends Error {
  constructor(message, code = 'unreadable') {
    super(message);
    this.name = 'KitFormatError';
    this.code = code;
  }
}

function load(text, format) {
  const clean = String(text ?? '').replace(/^\uFEFF/, '');
  let data;
  try {
    data = JSON.parse(clean);
  } catch (e) {
    throw new KitFormatError(`not a JSON file (${e.message})`, 'not_json');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || data.format !== format) {
    throw new KitFormatError(`not an ${format} file`, 'wrong_format');
  }
  if (data.version !== VERSION) {
    throw new KitFormatError(`${format} version ${JSON.stringify(data.version)} is not supported (expected ${VERSION})`, 'version');
  }
  return data;
}

function iidOf(value) {
  const digits = String(value ?? '');
  if (!/^[0-9]+$/.test(digits) || FORMS_BY_LENGTH[digits.length]?.kind !== 'iid') {
    throw new KitFormatError('an Installation ID must be 63 or 54 digits', 'bad_iid');
  }
  return analyse(digits);
}

const str = (v) => String(v ?? '');
const int = (v) => Math.trunc(Number(v)) || 0;

/** `<COMPUTERNAME>.aoh.json`, written by the kit's collect script: the PC and its products. */
export function parsePcFile(text) {
  const data = load(text, PC_FORMAT);
  const computer = str(data.computer).trim();
  if (!computer) throw new KitFormatError('the file names no computer', 'no_computer');
  if (!Array.isArray(data.products)) throw new KitFormatError("'products' must be a list", 'unreadable');
  const products = data.products.map((item) => {
    if (!item || typeof item !== 'object') throw new KitFormatError('each product must be an object', 'unreadable');
    const iid = iidOf(item.iid);
    const channel = str(item.channel);
    return {
      name: str(item.name),
      description: str(item.description),
      channel,
      partialKey: str(item.partial_key),
      licenseStatus: int(item.license_status),
      activationId: str(item.activation_id).toLowerCase(),
      applicationId: str(item.application_id).toLowerCase(),
      product: str(item.product),
      iid: iid.digits,
      iidValid: iid.valid,
      invalidGroups: [...iid.invalidLabels],
      kmsClient: channel === KMS_CLIENT_CHANNEL,
    };
  });
  return { computer, collected: str(data.collected), products };
}

/** `<COMPUTERNAME>.result.json`, written by the kit's apply script. */
export function parseResultFile(text) {
  const data = load(text, RESULT_FORMAT);
  if (!Array.isArray(data.results)) throw new KitFormatError("'results' must be a list", 'unreadable');
  const results = data.results.map((r) => ({
    activationId: str(r?.activation_id).toLowerCase(),
    iid: str(r?.iid),
    hresult: str(r?.hresult),
    licenseStatus: int(r?.license_status),
    licensed: r?.licensed === true,
  }));
  return {
    computer: str(data.computer),
    finished: str(data.finished),
    results,
    allLicensed: results.length > 0 && results.every((r) => r.licensed),
  };
}

/**
 * `aoh-cids.json` for the apply script: one entry per licence, {computer, activationId, iid, cid}.
 * Refuses a CID that is not 48 digits with every check digit holding: the script would deposit it.
 */
export function buildCidsDocument(entries) {
  const pcs = entries.map((e) => {
    const found = parseIds(str(e.cid), 'cid').filter((p) => p.form === CID_48);
    if (found.length !== 1 || !found[0].valid) {
      throw new KitFormatError(`the Confirmation ID for ${e.computer} is not 48 valid digits`, 'bad_cid');
    }
    const aid = str(e.activationId).toLowerCase();
    return {
      computer: str(e.computer),
      activation_id: GUID.test(aid) ? aid : '',
      iid: str(e.iid).replace(/\D/g, ''),
      cid: found[0].digits,
    };
  });
  return { format: CIDS_FORMAT, version: VERSION, pcs };
}

/** The valid 48-digit CID of PC `m` (the PC list's shape) for its current IID, or null. */
function validCidOf(m) {
  const digits = m.cid.join('');
  const found = parseIds(digits, 'cid').filter((p) => p.form === CID_48 && p.valid);
  if (found.length !== 1) return null;
  if (m.cidFor && m.cidFor !== m.iid.join('')) return null; // typed for an earlier IID
  return found[0].digits;
}

/** True when the apply script's imported .result.json says this PC's licence is activated. */
function isLicensed(m) {
  return m.result?.licensed === true;
}

/**
 * Which PCs of the list go into aoh-cids.json: `entries` (for buildCidsDocument) are the named PCs
 * with a valid CID that still need it applied; `licensed` are left out because their imported
 * result says licensed (the apply script would only deposit the CID again); `missing` have no
 * valid CID yet.  PCs with neither a name nor an IID are not counted at all.
 */
export function cidsToExport(machines) {
  const entries = [];
  const licensed = [];
  const missing = [];
  for (const m of machines) {
    const iid = m.iid.join('');
    if (!m.label && !iid) continue;
    if (isLicensed(m)) {
      licensed.push(m);
      continue;
    }
    const cid = validCidOf(m);
    if (cid && m.label && iid) entries.push({ computer: m.label, activationId: m.activationId, iid, cid });
    else missing.push(m);
  }
  return { entries, licensed, missing };
}

/**
 * What the page says after an export of `{n, licensed, missing}` (counts and names of PCs):
 * the messages' keys (kit.export.*) and values, written or why not first, then what was left out.
 * Every PC licensed is said as such, so that "no file" is never a silent outcome.
 */
export function exportReport({ n, licensed, missing }) {
  const allLicensed = !n && licensed.length > 0 && !missing.length;
  const lines = [];
  if (n) lines.push({ key: 'kit.export.done', vars: { n } });
  else if (allLicensed) lines.push({ key: 'kit.export.allLicensed', vars: { n: licensed.length } });
  else lines.push({ key: 'kit.export.none', vars: {} });
  if (licensed.length && !allLicensed) {
    lines.push({ key: 'kit.export.licensed', vars: { n: licensed.length, pcs: licensed.join(', ') } });
  }
  if (missing.length) lines.push({ key: 'kit.export.missing', vars: { n: missing.length, pcs: missing.join(', ') } });
  return lines;
}

/** The text of aoh-cids.json as the app saves it (CRLF: the apply script runs on Windows). */
export function cidsFileText(entries) {
  return JSON.stringify(buildCidsDocument(entries), null, 1).replace(/\n/g, '\r\n') + '\r\n';
}

function fromParams(params) {
  const fields = {};
  for (const part of params.split('&')) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    const value = at < 0 ? '' : part.slice(at + 1);
    try {
      fields[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      return null; // a broken %-escape: not our payload
    }
  }
  if (fields.aoh !== '1') return null;
  let iid;
  try {
    iid = iidOf(fields.iid);
  } catch {
    return null;
  }
  return payload(iid, fields.pc || null, fields.p || null, fields.aid || null);
}

function payload(iid, pc, product, activationId) {
  return { pc, product, activationId, iid: iid.digits, iidValid: iid.valid, invalidGroups: [...iid.invalidLabels] };
}

/**
 * What the kit's QR code (or any QR code) holds: a link with `#aoh=1&...`, `AOH:aoh=1&...`, or a bare
 * IID; null for anything else.  The IID is read even with a wrong digit: check `iidValid`.
 */
export function parseQrPayload(text) {
  const s = str(text).trim();
  if (s.slice(0, QR_PREFIX.length).toUpperCase() === QR_PREFIX) return fromParams(s.slice(QR_PREFIX.length));
  if (/^https?:\/\//i.test(s) && s.includes('#')) return fromParams(s.slice(s.indexOf('#') + 1));
  if (!/^[0-9\s-]+$/.test(s)) return null;
  const found = parseIds(s, 'iid');
  return found.length === 1 ? payload(found[0], null, null, null) : null;
}

/** The kit link's fragment (`location.hash`, with or without its `#`), or null when it is not one. */
export function parseFragment(hash) {
  const params = str(hash).replace(/^#/, '');
  return params ? fromParams(params) : null;
}

/** The licence channel a pasted `slmgr /dlv` names ("Description: ..., VOLUME_KMSCLIENT channel"), or null. */
export function channelIn(text) {
  const m = /(?<![A-Za-z0-9_])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*) channel\b/.exec(str(text));
  return m ? m[1] : null;
}

export function isKmsClient(channel) {
  return channel === KMS_CLIENT_CHANNEL;
}
