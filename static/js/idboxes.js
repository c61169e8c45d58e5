/**
 * The boxes an ID is typed into: one input per group, checked live.
 *
 * Why one box per group: the check digit of each group tells at once which
 * group holds a typo, and people compare group by group with the screen.
 * Paste of any text into any box is parsed with the same rules as the server.
 */
import { groupIsValid, normalise, parseIds, FORMS_BY_LENGTH } from './ids.js';
import { t } from './i18n.js';

export const UNCERTAIN_BELOW = 0.6; // OCR confidence under which a group is flagged for review

function onlyDigits(text) {
  return normalise(text).replace(/[^0-9]/g, '');
}

/** More than half of the groups of `digits`, cut into `size`, pass their check digit. */
export function mostlyValid(digits, size) {
  const groups = [];
  for (let i = 0; i < digits.length; i += size) groups.push(digits.slice(i, i + size));
  return groups.filter(groupIsValid).length * 2 > groups.length;
}

export class GroupBoxes {
  /**
   * @param {HTMLElement} container
   * @param {{kind: 'iid'|'cid', count: number, size: number, labels: string[], onChange: Function,
   *          onAnnounce: Function, onCandidates: Function}} opts
   */
  constructor(container, opts) {
    this.container = container;
    this.kind = opts.kind;
    this.count = opts.count;
    this.size = opts.size;
    this.labels = opts.labels;
    this.onChange = opts.onChange || (() => {});
    this.onAnnounce = opts.onAnnounce || (() => {});
    this.onCandidates = opts.onCandidates || (() => {});
    // Which of several IDs in a pasted text to fill in (e.g. the ESU licence's when ESU is chosen).
    this.choose = opts.choose || (() => null);
    this.uncertain = new Set();
    this.cells = [];
    this.render();
  }

  render() {
    this.container.textContent = '';
    this.cells = this.labels.map((label, i) => {
      const id = `${this.kind}-g${label}`;
      const cell = document.createElement('div');
      cell.className = 'group';
      const lab = document.createElement('label');
      lab.htmlFor = id;
      const vis = document.createElement('span');
      vis.className = 'glabel';
      vis.setAttribute('aria-hidden', 'true');
      vis.textContent = label;
      const sr = document.createElement('span');
      sr.className = 'sr-only';
      lab.append(vis, sr);
      const input = document.createElement('input');
      input.id = id;
      input.type = 'text';
      input.inputMode = 'numeric';
      input.autocomplete = 'off';
      input.setAttribute('autocorrect', 'off');
      input.spellcheck = false;
      input.enterKeyHint = i === this.count - 1 ? 'done' : 'next';
      input.className = 'ginput';
      input.setAttribute('aria-describedby', `${id}-state`);
      const state = document.createElement('span');
      state.className = 'gstate';
      state.id = `${id}-state`;
      const crop = document.createElement('canvas');
      crop.className = 'crop';
      crop.hidden = true;
      crop.setAttribute('role', 'img');
      cell.append(lab, input, state, crop);
      this.container.append(cell);
      input.addEventListener('input', () => this.handleInput(i));
      input.addEventListener('paste', (e) => this.handlePaste(e, i));
      input.addEventListener('keydown', (e) => this.handleKey(e, i));
      input.addEventListener('change', () => this.maybeSwitchToSix());
      return { cell, input, state, crop, sr, label };
    });
    this.relabel();
  }

  /** Accessible names and states in the current language. */
  relabel() {
    for (const c of this.cells) {
      c.sr.textContent = t('group.label', { label: c.label });
      c.crop.setAttribute('aria-label', t('group.crop', { label: c.label }));
    }
    this.refresh(false);
  }

  values() {
    return this.cells.map((c) => c.input.value);
  }

  setValues(values, notify = true) {
    this.cells.forEach((c, i) => {
      c.input.value = onlyDigits(values[i] ?? '');
    });
    this.refresh(notify);
  }

  /** Empties the boxes; `size` (the product's group size) undoes a size a picture or paste chose. */
  clear(size = null) {
    this.clearOcr();
    if (size && size !== this.size) {
      this.size = size;
      this.onChange(this, { size });
    }
    this.setValues([]);
  }

  setSize(size) {
    if (size === this.size) return;
    const all = this.values().join('');
    this.size = size;
    this.setValues(Array.from({ length: this.count }, (_, i) => all.slice(i * size, (i + 1) * size)), false);
    this.onChange(this, { size });
  }

  digits() {
    return this.values().join('');
  }

  /**
   * Switching by length: an IID typed as groups of 6 (Windows XP, some Office)
   * moves the boxes to 6 digits when the user leaves a box, if two or more
   * groups are filled and every one has exactly 6 digits and passes its check.
   */
  maybeSwitchToSix() {
    if (this.kind !== 'iid' || this.size !== 7) return;
    const filled = this.values().filter(Boolean);
    if (filled.length < 2 || !filled.every((v) => v.length === 6 && groupIsValid(v))) return;
    if (this.values().some((v, i) => v && i > 0 && !this.values()[i - 1])) return; // gaps: not sure
    this.size = 6;
    this.onChange(this, { size: 6 });
    this.refresh();
    this.onAnnounce(`${t('s2.size')}: ${t('s2.size6')}`);
  }

  /** Per-group state: empty, partial, ok, bad, long. */
  groupState(i) {
    const v = this.cells[i].input.value;
    if (!v) return 'empty';
    if (v.length < this.size) return 'partial';
    if (v.length > this.size) return 'long';
    return groupIsValid(v) ? 'ok' : 'bad';
  }

  status() {
    const states = this.cells.map((_, i) => this.groupState(i));
    const bad = this.labels.filter((_, i) => states[i] === 'bad' || states[i] === 'long');
    const filled = states.filter((s) => s === 'ok' || s === 'bad' || s === 'long').length;
    const uncertain = this.labels.filter((l, i) => this.uncertain.has(i) && states[i] === 'ok');
    const complete = filled === this.count;
    return { states, bad, filled, total: this.count, uncertain, complete, valid: complete && bad.length === 0 };
  }

  refresh(notify = true) {
    this.cells.forEach((c, i) => {
      const s = this.groupState(i);
      c.cell.dataset.state = s;
      const unsure = this.uncertain.has(i) && s === 'ok';
      c.cell.classList.toggle('uncertain', unsure);
      c.input.setAttribute('aria-invalid', s === 'bad' || s === 'long' ? 'true' : 'false');
      let text = '';
      if (s === 'partial') text = t('group.partial', { n: c.input.value.length, size: this.size });
      else if (s === 'ok') text = unsure ? t('group.uncertain') : t('group.ok');
      else if (s === 'bad') text = t('group.bad');
      else if (s === 'long') text = t('group.long');
      c.state.textContent = text;
    });
    if (notify) this.onChange(this);
  }

  handleInput(i) {
    const c = this.cells[i];
    const raw = c.input.value;
    const digits = onlyDigits(raw);
    this.uncertain.delete(i);
    if (this.kind === 'iid' && this.size === 6 && digits.length === 7) {
      // A 7th digit typed into a 6-digit group: the ID has 7-digit groups after all (the 6 came
      // from a picture, a paste or a guess). Re-cut what was typed into 7s and carry on.
      c.input.value = digits;
      this.setSize(7);
      const open = this.cells.findIndex((x) => x.input.value.length < this.size);
      const target = this.cells[open >= 0 ? open : this.count - 1].input;
      target.focus();
      target.setSelectionRange(target.value.length, target.value.length);
      this.onAnnounce(`${t('s2.size')}: ${t('s2.size7')}`);
      return;
    }
    if (digits.length > this.size) {
      // Typed fast, autofilled or pasted without a paste event: treat as a paste.
      c.input.value = '';
      this.pasteText(raw, i);
      return;
    }
    if (digits !== raw) c.input.value = digits;
    this.refresh();
    if (digits.length === this.size) {
      this.onAnnounce(`${t('group.label', { label: c.label })}: ${c.state.textContent}`);
      const next = this.cells[i + 1];
      if (next && document.activeElement === c.input) {
        next.input.focus();
        next.input.select();
      }
    }
  }

  handlePaste(e, i) {
    const text = e.clipboardData ? e.clipboardData.getData('text') : '';
    if (!text) return;
    e.preventDefault();
    this.pasteText(text, i);
  }

  handleKey(e, i) {
    const c = this.cells[i];
    if (e.key === 'Backspace' && !c.input.value && i > 0) {
      e.preventDefault();
      const prev = this.cells[i - 1].input;
      prev.focus();
      prev.value = prev.value.slice(0, -1);
      this.refresh();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const next = this.cells[i + 1];
      if (next) next.input.focus();
    }
  }

  /**
   * Any text: a whole ID fills every box (and picks the group size); other
   * digits fill boxes from `start` on.  Returns 'id', 'digits' or 'none'.
   */
  pasteText(text, start = 0) {
    const found = parseIds(text, this.kind).filter((p) => p.form.groups === this.count);
    if (found.length) {
      const chosen = found.length > 1 ? this.choose(found, text) : null;
      const pick = found.find((p) => p.digits === chosen) || found.find((p) => p.valid) || found[0];
      this.fillDigits(pick.digits);
      if (found.length > 1) this.onCandidates(found.map((p) => p.digits), text);
      return 'id';
    }
    const digits = onlyDigits(text);
    if (!digits) return 'none';
    const values = this.values();
    let rest = digits;
    for (let i = start; i < this.count && rest; i++) {
      values[i] = rest.slice(0, this.size);
      rest = rest.slice(this.size);
    }
    this.clearOcr();
    this.setValues(values);
    const firstOpen = this.cells.findIndex((c) => c.input.value.length < this.size);
    const target = this.cells[firstOpen >= 0 ? firstOpen : this.count - 1].input;
    target.focus();
    return 'digits';
  }

  /**
   * A whole ID's digits into the boxes; the size follows the length (63 -> 7, 54 -> 6), but only
   * for an ID most of whose groups pass their check: junk (e.g. an Extended PID and dates read
   * as 54 digits) must not switch the boxes to 6 digits behind the user's back.
   */
  fillDigits(digits) {
    const form = FORMS_BY_LENGTH[digits.length];
    if (form && form.groups === this.count && form.size !== this.size && mostlyValid(digits, form.size)) {
      this.size = form.size;
      this.onChange(this, { size: form.size });
    }
    this.clearOcr();
    this.setValues(Array.from({ length: this.count }, (_, i) => digits.slice(i * this.size, (i + 1) * this.size)));
  }

  clearOcr() {
    this.uncertain.clear();
    this.container.classList.remove('review');
    for (const c of this.cells) {
      c.crop.hidden = true;
      c.cell.classList.remove('has-crop');
    }
  }

  /** The OCR result into the boxes, each group beside its crop of the picture. */
  showOcr(result, image) {
    const groups = Array.isArray(result.groups) ? result.groups : [];
    const byLabel = new Map(groups.map((g) => [String(g.label), g]));
    const digits = typeof result.digits === 'string' ? result.digits : null;
    if (digits && FORMS_BY_LENGTH[digits.length]?.groups === this.count) this.fillDigits(digits);
    else if (groups.length) {
      const first = groups.find((g) => g.text)?.text || '';
      const sameLength = groups.filter((g) => g.text && g.text.length === first.length);
      const checked = sameLength.filter((g) => groupIsValid(g.text)).length;
      if (this.kind === 'iid' && (first.length === 6 || first.length === 7) && checked >= 2 && checked * 2 > sameLength.length) {
        this.setSize(first.length);
      }
      this.setValues(this.labels.map((l) => byLabel.get(l)?.text || ''), false);
    }
    this.uncertain.clear();
    this.cells.forEach((c, i) => {
      const g = byLabel.get(c.label);
      const fromOcr = g && (!digits || g.text === c.input.value);
      if (!fromOcr || !g) {
        c.crop.hidden = true;
        c.cell.classList.remove('has-crop');
        return;
      }
      if (!g.valid || g.repaired || (typeof g.confidence === 'number' && g.confidence < UNCERTAIN_BELOW)) {
        this.uncertain.add(i);
      }
      // A group wrapped over two lines may come as several boxes ("boxes"); else one "box".
      const parts = Array.isArray(g.boxes) && g.boxes.length ? g.boxes : [g.box];
      if (image && parts.every((b) => Array.isArray(b) && b.length === 4)) {
        drawCrop(c.crop, image, parts);
        c.crop.hidden = false;
        c.cell.classList.add('has-crop');
      }
    });
    this.container.classList.toggle('review', this.cells.some((c) => !c.crop.hidden));
    this.refresh();
  }

  focusFirstProblem() {
    const st = this.status();
    let i = st.states.findIndex((s) => s === 'bad' || s === 'long' || s === 'partial' || s === 'empty');
    if (i < 0) i = [...this.uncertain][0] ?? 0;
    this.cells[i].input.focus();
  }
}

/**
 * Each box (upright-image pixels) plus a small margin, side by side, scaled to
 * a readable height.  Several boxes: the pieces of a group wrapped over lines.
 */
export function drawCrop(canvas, image, boxes) {
  const W = image.naturalWidth || image.width;
  const H = image.naturalHeight || image.height;
  const TARGET_H = 48;
  const pieces = [];
  for (const box of boxes) {
    const [x, y, w, h] = box.map(Number);
    const mx = Math.round(h * 0.25);
    const my = Math.round(h * 0.3);
    const sx = Math.max(0, x - mx);
    const sy = Math.max(0, y - my);
    const sw = Math.min(W - sx, w + 2 * mx);
    const sh = Math.min(H - sy, h + 2 * my);
    if (sw > 0 && sh > 0) pieces.push({ sx, sy, sw, sh, scale: Math.min(3, TARGET_H / sh) });
  }
  if (!pieces.length) return;
  const gap = 6;
  canvas.width = Math.max(1, Math.round(pieces.reduce((n, p) => n + p.sw * p.scale, 0) + gap * (pieces.length - 1)));
  canvas.height = Math.max(1, Math.round(Math.max(...pieces.map((p) => p.sh * p.scale))));
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  let at = 0;
  for (const p of pieces) {
    const dw = p.sw * p.scale;
    ctx.drawImage(image, p.sx, p.sy, p.sw, p.sh, at, 0, dw, p.sh * p.scale);
    at += dw + gap;
  }
}
