/**
 * What an activation error code means: a port of activation/explain.py's parsing.
 * The catalogue itself is not copied: it is loaded from static/data/errors.json,
 * which activation/explain.py exports (one source for both).
 */

// A GUID (the Activation ID in "Confirmation ID for product <GUID> deposited
// successfully.") starts with eight hex digits: blank GUIDs out before looking.
const GUID = /[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}/g;
const HEX = /(?<![0-9A-Za-z])(?:0x)?([0-9A-Fa-f]{8})(?![0-9A-Za-z])/g;
const NEG = /(?<![0-9])-(\d{9,10})(?![0-9])/g;
// PowerShell prints a method's result as an unsigned number: "ReturnValue : 3221549133"
const LABELLED = /(?:HRESULT|HResult|ReturnValue|ErrorCode|Error Code|NativeErrorCode|StatusCode)\s*[:=]?\s*(\d{10})(?![0-9])/gi;
const S_OK = '0x00000000';
const SUCCESS = /deposited successfully|License Status:\s*Licensed|LicenseStatus\s*:\s*1(?![0-9])|ライセンスされています|正常に/i;

/** Error codes in `text` as 0xXXXXXXXX, in order, without repeats (PowerShell forms too; not S_OK). */
export function codesIn(input) {
  const text = String(input).replace(GUID, (g) => ' '.repeat(g.length));
  const found = [];
  for (const m of text.matchAll(HEX)) {
    const raw = m[1];
    if (/^[0-9]+$/.test(raw) && !m[0].toLowerCase().startsWith('0x')) continue; // likely part of an ID
    found.push([m.index, '0x' + raw.toUpperCase()]);
  }
  for (const m of text.matchAll(NEG)) {
    const value = -Number(m[1]);
    if (value >= -(2 ** 31) && value < 0) {
      const hex = ((value >>> 0).toString(16).toUpperCase()).padStart(8, '0');
      found.push([m.index, '0x' + hex]);
    }
  }
  for (const m of text.matchAll(LABELLED)) {
    const value = Number(m[1]);
    if (value >= 0x80000000 && value <= 0xffffffff) {
      found.push([m.index + m[0].length - m[1].length, '0x' + value.toString(16).toUpperCase().padStart(8, '0')]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const seen = [];
  for (const [, code] of found) if (!seen.includes(code) && code !== S_OK) seen.push(code);
  return seen;
}

/** One explanation per code found: {code, known, meaning_en, action_en, meaning_ja, action_ja}. */
export function explain(text, catalogue) {
  const errors = (catalogue && catalogue.errors) || {};
  return codesIn(text).map((code) => {
    const info = errors[code];
    if (info) {
      const { code: _c, ...rest } = info;
      return { code, known: true, ...rest };
    }
    return {
      code,
      known: false,
      action_en: `Run slui.exe 0x2a ${code} on the PC to see Windows' own text for this code.`,
      action_ja: `PC で slui.exe 0x2a ${code} を実行すると、このコードの Windows による説明が表示されます。`,
    };
  });
}

/** True when pasted PC output reports success and holds no error code. */
export function looksSuccessful(text) {
  return SUCCESS.test(String(text)) && codesIn(text).length === 0;
}
