/**
 * The ID rules in the browser: a faithful port of activation/ids.py.
 *
 * Why a port and not an API call: the typed and pasted flow must work with no
 * server at all (offline, service worker).  tests/js/ids.test.mjs holds this
 * file to the same JSON vectors as the Python module (tests/vectors/ids.json).
 *
 * Anything that is not a string is refused, never coerced (a number loses its
 * leading zeros, an array joins into digits): the functions that look for or
 * judge IDs (parseIds, parseOne, groupIsValid, singleDigitCorrections,
 * longestRun) answer "nothing here" / "not valid"; the functions that compute
 * from a given ID (checkDigit, analyse, normalise, digitRuns, formatGroups)
 * throw TypeError, since a caller passing a non-string has a bug to see.
 */

/** @typedef {{kind: 'iid'|'cid', groups: number, size: number, name: string, length: number, labels: string[]}} IdForm */

function makeForm(kind, groups, size, name) {
  const labels = [];
  for (let i = 0; i < groups; i++) labels.push(kind === 'iid' ? String(i + 1) : 'ABCDEFGH'[i]);
  return Object.freeze({ kind, groups, size, name, length: groups * size, labels: Object.freeze(labels) });
}

export const IID_63 = makeForm('iid', 9, 7, 'iid63');
export const IID_54 = makeForm('iid', 9, 6, 'iid54');
export const CID_48 = makeForm('cid', 8, 6, 'cid48');
export const CID_42 = makeForm('cid', 7, 6, 'cid42'); // Windows XP only
export const FORMS = Object.freeze([IID_63, IID_54, CID_48, CID_42]);
export const FORMS_BY_LENGTH = Object.freeze(Object.fromEntries(FORMS.map((f) => [f.length, f])));
export const FORMS_BY_NAME = Object.freeze(Object.fromEntries(FORMS.map((f) => [f.name, f])));

const ASCII_DIGITS = /^[0-9]+$/;

function requireString(value, what) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} expects a string of digits, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** The check digit for a group's digits before the last one; throws for anything but ASCII digits. */
export function checkDigit(body) {
  requireString(body, 'checkDigit');
  if (!/^[0-9]*$/.test(body)) throw new RangeError(`checkDigit expects ASCII digits, got ${JSON.stringify(body)}`);
  let total = 0;
  for (let i = 0; i < body.length; i++) total += Number(body[i]) * (i % 2 ? 2 : 1);
  return total % 7;
}

/** True if `group` is all ASCII digits and its last digit is its check digit. */
export function groupIsValid(group) {
  if (typeof group !== 'string' || group.length < 2 || !ASCII_DIGITS.test(group)) return false;
  return checkDigit(group.slice(0, -1)) === Number(group[group.length - 1]);
}

/** Every group differing from `group` in exactly one digit that is valid. */
export function singleDigitCorrections(group) {
  if (typeof group !== 'string' || !ASCII_DIGITS.test(group)) return [];
  const found = [];
  for (let pos = 0; pos < group.length; pos++) {
    for (const d of '0123456789') {
      if (d === group[pos]) continue;
      const candidate = group.slice(0, pos) + d + group.slice(pos + 1);
      if (groupIsValid(candidate)) found.push(candidate);
    }
  }
  return found;
}

export function splitGroups(digits, form) {
  const out = [];
  for (let i = 0; i < form.groups; i++) out.push(digits.slice(i * form.size, (i + 1) * form.size));
  return out;
}

/** Full-width digits and spaces to ASCII (Japanese input methods), NFKC. */
export function normalise(text) {
  return requireString(text, 'normalise').normalize('NFKC');
}

/**
 * @typedef {{label: string, text: string, valid: boolean, corrections: string[]}} Group
 * @typedef {{kind: string, form: IdForm, digits: string, groups: Group[], valid: boolean,
 *            invalidLabels: string[]}} ParsedId
 */

function makeParsed(form, digits, groups) {
  const invalidLabels = groups.filter((g) => !g.valid).map((g) => g.label);
  return {
    kind: form.kind,
    form,
    digits,
    groups,
    valid: invalidLabels.length === 0,
    invalidLabels,
    display: () => formatGroups(digits),
    forCommand: () => digits,
  };
}

/** The same shape as ParsedId.to_dict() in Python. */
export function toDict(parsed) {
  return {
    kind: parsed.kind,
    form: parsed.form.name,
    digits: parsed.digits,
    display: formatGroups(parsed.digits),
    valid: parsed.valid,
    invalid_groups: [...parsed.invalidLabels],
    groups: parsed.groups.map((g) => ({ label: g.label, text: g.text, valid: g.valid, corrections: [...g.corrections] })),
  };
}

/**
 * Check a digit string of a known length group by group; throws RangeError if
 * no form fits, TypeError if `digits` is not a string.
 */
export function analyse(digits, form = null) {
  // Python's \D is "not a Unicode decimal digit": keep the same meaning.
  digits = normalise(requireString(digits, 'analyse')).replace(/\P{Nd}/gu, '');
  const length = [...digits].length;
  form = form || FORMS_BY_LENGTH[length] || null;
  if (form === null || length !== form.length) {
    const lengths = FORMS.map((f) => f.length).join(', ');
    throw new RangeError(`${length} digits is not an ID length (${lengths})`);
  }
  const groups = splitGroups(digits, form).map((text, i) => {
    const valid = groupIsValid(text);
    return { label: form.labels[i], text, valid, corrections: valid ? [] : singleDigitCorrections(text) };
  });
  return makeParsed(form, digits, groups);
}

/** `digits` split into its form's groups; unchanged if no form fits. */
export function formatGroups(digits, sep = ' ') {
  requireString(digits, 'formatGroups');
  const form = FORMS_BY_LENGTH[digits.length];
  if (!form) return digits;
  return splitGroups(digits, form).join(sep);
}

// --- parsing free text ------------------------------------------------------

const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\u2043\ufe63';
const SEPARATOR = `[\\s\\-${DASHES}_.,'·・]`;
const LABEL =
  '(?<![0-9A-Za-z])' +
  '(?:(?:group|block|グループ|ブロック)\\s*)?' +
  '(?:\\(?[A-Ha-h]\\)?[:：.)]?|\\(?[1-9]\\)?[:：.)])' +
  '(?=[\\s\\-]*[0-9])';
const LETTER_ROW = '(?<![0-9A-Za-z])[A-H](?![0-9A-Za-z])';
const RUN = `[0-9](?:${SEPARATOR}*[0-9])*`;

/**
 * Runs of digits joined only by spaces, dashes, line breaks or labels.
 * @returns {{digits: string, cuts: Set<number>}[]}
 */
export function digitRuns(text) {
  text = normalise(text);
  text = text.replace(new RegExp(LABEL, 'giu'), ' ');
  text = text.replace(new RegExp(LETTER_ROW, 'gu'), ' ');
  const runs = [];
  for (const match of text.matchAll(new RegExp(RUN, 'gu'))) {
    let digits = '';
    const cuts = new Set();
    let gap = false;
    for (const ch of match[0]) {
      if (ch >= '0' && ch <= '9') {
        if (gap && digits) cuts.add(digits.length);
        digits += ch;
        gap = false;
      } else {
        gap = true;
      }
    }
    runs.push({ digits, cuts });
  }
  return runs;
}

/** Fully valid IDs hidden in a longer run (other numbers glued to them). */
function validWindows(run) {
  const found = [];
  let takenUntil = 0;
  let pos = 0;
  const digits = run.digits;
  while (pos < digits.length) {
    let hit = null;
    for (const form of FORMS) {
      if (form.length === 42) continue; // too short to find safely inside other digits
      const end = pos + form.length;
      if (end > digits.length) continue;
      if (pos && !run.cuts.has(pos)) continue; // an ID starts where a separator stood
      if (end !== digits.length && !run.cuts.has(end)) continue;
      const chunk = digits.slice(pos, end);
      if (splitGroups(chunk, form).every(groupIsValid)) {
        hit = analyse(chunk, form);
        break;
      }
    }
    if (hit !== null && pos >= takenUntil) {
      found.push(hit);
      takenUntil = pos + hit.form.length;
      pos = takenUntil;
    } else {
      pos += 1;
    }
  }
  return found;
}

/**
 * Every IID or CID in `text`, in order of appearance; never throws.
 * A run whose length is an ID's length is returned even when groups fail;
 * inside a longer run only fully valid IDs are returned.
 */
export function parseIds(text, kind = null) {
  if (typeof text !== 'string') return [];
  let found = [];
  const minLength = Math.min(...FORMS.map((f) => f.length));
  for (const run of digitRuns(text)) {
    const form = FORMS_BY_LENGTH[run.digits.length];
    if (form) found.push(analyse(run.digits, form));
    else if (run.digits.length > minLength) found.push(...validWindows(run));
  }
  if (kind) found = found.filter((p) => p.kind === kind);
  return found;
}

/** The first valid ID in `text`, else the first ID found, else null. */
export function parseOne(text, kind = null) {
  const found = parseIds(text, kind);
  return found.find((p) => p.valid) || found[0] || null;
}

/** How many digits the longest run holds (for "found N digits" hints). */
export function longestRun(text) {
  if (typeof text !== 'string') return 0;
  return digitRuns(text).reduce((n, r) => Math.max(n, r.digits.length), 0);
}

/** The group size of an IID whose groups the user is typing: 7 or 6, by what was typed. */
export function iidGroupSize(digitCount) {
  return digitCount === 54 ? 6 : 7;
}
