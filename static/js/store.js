/**
 * The list of PCs, kept on the phone (localStorage) so that a reload, a
 * closed app or a dead battery loses nothing; exported/imported as JSON/CSV.
 */
import { PRODUCTS } from './commands.js';

const KEY = 'aoh-helper/machines/v1';
export const FIELDS = [
  'id', 'label', 'product', 'iid', 'iidSize', 'cid', 'cidFor', 'step', 'done', 'updated',
  'channel', 'activationId', 'shell', 'result',
];
export const SHELL_CHOICES = ['cmd', 'powershell'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const MAX_TICKS = 32;
/** Columns holding digit strings: written so that Excel keeps them as text (63 digits, leading zeros). */
const DIGIT_COLUMNS = new Set(['iid', 'cid', 'cidFor']);

/** A file that is not an export of this app; `code` names the reason for the UI's own wording. */
export class ImportError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}

/** A PC nobody has touched yet (the one a fresh phone starts with). */
export function isBlank(m) {
  return !m.label && !m.iid.some(Boolean) && !m.cid.some(Boolean) && !m.done && m.step === 1;
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A machine with every field present and sane; digits only in ID fields. */
export function cleanMachine(raw = {}) {
  const digits = (v) => (Array.isArray(v) ? v.map((g) => String(g ?? '').replace(/\D/g, '').slice(0, 7)) : null);
  const groupsFrom = (v, count, size) => {
    if (Array.isArray(v)) return digits(v).slice(0, count).concat(Array(count).fill('')).slice(0, count);
    const s = String(v ?? '').replace(/\D/g, '');
    return Array.from({ length: count }, (_, i) => s.slice(i * size, (i + 1) * size));
  };
  const givenSize = Number(raw.iidSize);
  const iidSize =
    givenSize === 6 || givenSize === 7 ? givenSize : String(raw.iid ?? '').replace(/\D/g, '').length === 54 ? 6 : 7;
  const step = Math.min(5, Math.max(1, Math.trunc(Number(raw.step)) || 1));
  const done = raw.done === true || raw.done === 'true' || raw.done === '1' || raw.done === 'yes';
  return {
    id: typeof raw.id === 'string' && raw.id ? raw.id.slice(0, 64) : newId(),
    label: String(raw.label ?? '').slice(0, 60),
    product: Object.hasOwn(PRODUCTS, raw.product) ? raw.product : 'windows',
    iidSize,
    iid: groupsFrom(raw.iid, 9, iidSize),
    cid: groupsFrom(raw.cid, 8, 6),
    // The IID the CID was entered for: a later change of the IID makes the CID stale.
    cidFor: String(raw.cidFor ?? '').replace(/\D/g, '').slice(0, 63),
    step,
    done,
    // Which of step 3's portal checklist items are ticked (their indexes): kept per PC across reloads.
    ticks: Array.isArray(raw.ticks)
      ? [...new Set(raw.ticks.map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n < MAX_TICKS))].sort((a, b) => a - b)
      : [],
    updated: typeof raw.updated === 'string' ? raw.updated.slice(0, 40) : new Date().toISOString(),
    // From a kit file or a pasted /dlv: VOLUME_KMSCLIENT means the portal cannot help.
    channel: /^[A-Z][A-Z0-9_]{0,39}$/.test(String(raw.channel ?? '')) ? String(raw.channel) : '',
    activationId: GUID.test(String(raw.activationId ?? '').toLowerCase()) ? String(raw.activationId).toLowerCase() : '',
    shell: SHELL_CHOICES.includes(raw.shell) ? raw.shell : 'cmd',
    result: cleanResult(raw.result),
  };
}

/** What the kit's apply script reported for this PC (a .result.json), or null. */
function cleanResult(raw) {
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!raw || typeof raw !== 'object') return null;
  const hresult = /^0x[0-9A-Fa-f]{8}$/.test(String(raw.hresult ?? '')) ? `0x${String(raw.hresult).slice(2).toUpperCase()}` : '';
  return {
    licensed: raw.licensed === true || raw.licensed === 'true',
    hresult,
    finished: String(raw.finished ?? '').slice(0, 40),
  };
}

export class Store {
  constructor(storage = globalThis.localStorage) {
    this.storage = storage;
    this.machines = [];
    this.currentId = null;
    this.listeners = [];
    this.load();
  }

  load() {
    let data = null;
    try {
      data = JSON.parse(this.storage.getItem(KEY) || 'null');
    } catch {
      data = null;
    }
    this.machines = Array.isArray(data?.machines) ? data.machines.map(cleanMachine) : [];
    this.currentId = data?.current ?? null;
    if (!this.machines.length) this.machines.push(cleanMachine());
    if (!this.machines.some((m) => m.id === this.currentId)) this.currentId = this.machines[0].id;
  }

  save() {
    try {
      this.storage.setItem(KEY, JSON.stringify({ version: 1, current: this.currentId, machines: this.machines }));
    } catch {
      /* quota or private mode: the session still works */
    }
    for (const fn of this.listeners) fn();
  }

  onChange(fn) {
    this.listeners.push(fn);
  }

  get current() {
    return this.machines.find((m) => m.id === this.currentId);
  }

  update(changes, id = this.currentId) {
    const m = this.machines.find((x) => x.id === id);
    if (!m) return;
    Object.assign(m, cleanMachine({ ...m, ...changes, id: m.id, updated: new Date().toISOString() }));
    this.save();
  }

  add(fields = {}) {
    const m = cleanMachine(fields);
    this.machines.push(m);
    this.currentId = m.id;
    this.save();
    return m;
  }

  select(id) {
    if (this.machines.some((m) => m.id === id)) {
      this.currentId = id;
      this.save();
    }
  }

  remove(id) {
    this.machines = this.machines.filter((m) => m.id !== id);
    if (!this.machines.length) this.machines.push(cleanMachine());
    if (!this.machines.some((m) => m.id === this.currentId)) this.currentId = this.machines[0].id;
    this.save();
  }

  /** Adds machines from an export; an id already present is replaced. Returns the count. */
  importMachines(list) {
    // The empty PC a fresh phone starts with would stay behind as a blank "PC 1": drop it.
    const blank = this.machines.filter(isBlank).map((m) => m.id);
    if (list.length) this.machines = this.machines.filter((m) => !blank.includes(m.id));
    let n = 0;
    for (const raw of list) {
      const m = cleanMachine(raw);
      const at = this.machines.findIndex((x) => x.id === m.id);
      if (at >= 0) this.machines[at] = m;
      else this.machines.push(m);
      n++;
    }
    if (!this.machines.length) this.machines.push(cleanMachine());
    if (!this.machines.some((m) => m.id === this.currentId)) this.currentId = this.machines[0].id;
    this.save();
    return n;
  }
}

/** The export form of a machine: IDs as plain digit strings. */
export function exportRow(m) {
  return {
    id: m.id,
    label: m.label,
    product: m.product,
    iid: m.iid.join(''),
    iidSize: m.iidSize,
    cid: m.cid.join(''),
    cidFor: m.cidFor,
    step: m.step,
    done: m.done,
    updated: m.updated,
    channel: m.channel,
    activationId: m.activationId,
    shell: m.shell,
    result: m.result,
  };
}

export function toJson(machines) {
  return JSON.stringify({ app: 'aoh-helper', version: 1, machines: machines.map(exportRow) }, null, 1);
}

function csvCell(value, column = '') {
  let s = String(value ?? '');
  // ="0123…": Excel shows the digits as text instead of a rounded number; parseImport unwraps it.
  if (DIGIT_COLUMNS.has(column) && /^[0-9]+$/.test(s)) return `"=""${s}"""`;
  // Keep the digit strings as text in spreadsheets, and refuse formula injection.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(machines) {
  const lines = [FIELDS.join(',')];
  for (const m of machines.map(exportRow)) {
    lines.push(FIELDS.map((f) => csvCell(f === 'result' && m.result ? JSON.stringify(m.result) : m[f], f)).join(','));
  }
  // The byte order mark tells Japanese Excel the file is UTF-8 (else PC names in Japanese are garbled).
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** RFC 4180 CSV to rows of strings. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim()));
}

/** Machines from an exported JSON or CSV text; throws Error with a reason. */
export function parseImport(text) {
  const trimmed = String(text).replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new ImportError('empty', 'empty file');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      throw new ImportError('json', err.message);
    }
    const list = Array.isArray(data) ? data : data?.machines;
    if (!Array.isArray(list)) throw new ImportError('noList', 'no "machines" list');
    return list.filter((x) => x && typeof x === 'object');
  }
  const rows = parseCsv(trimmed);
  const head = rows.shift()?.map((h) => h.trim()) || [];
  if (!head.includes('iid') && !head.includes('label')) throw new ImportError('noHeader', 'no header row with label, iid');
  return rows.map((r) => {
    const obj = {};
    head.forEach((h, i) => {
      obj[h] = (r[i] ?? '').replace(/^'/, '').replace(/^="([0-9]*)"$/, '$1');
    });
    return obj;
  });
}
