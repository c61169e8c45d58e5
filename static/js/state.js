/**
 * The app's shared state: the PC list, the step shown, the two ID box sets,
 * and what the IDs in the boxes make possible.  One place, so every view
 * module reads the same values.
 */
import { t } from './i18n.js';
import { Store } from './store.js';

export const STEPS = 5;
export const store = new Store();
/** Mutable view state; `boxes.iid` / `boxes.cid` are set by app.js at start. */
export const ui = { step: 1, errorCatalog: null, persisted: false };
export const boxes = {};
export const lastOcr = { iid: null, cid: null };

/**
 * The Installation ID's group size a product starts with: 7 for every product offered
 * (Windows Vista to 11, Server, ESU, Office 2010 to LTSC 2024); 6-digit IDs (Windows XP,
 * an Office KMS host) are switched to by what is typed, pasted or read.
 */
export function productIidSize(_product) {
  return 7;
}

export function machineName(m) {
  return m.label || t('machines.unnamed', { n: store.machines.indexOf(m) + 1 });
}

export function iidStatus() {
  return boxes.iid.status();
}

export function iidDigits() {
  const st = iidStatus();
  return st.valid ? boxes.iid.digits() : null;
}

export function cidDigits() {
  const st = boxes.cid.status();
  return st.valid ? boxes.cid.digits() : null;
}

export function reachable(n) {
  if (n <= 2) return true;
  if (n <= 4) return iidDigits() !== null;
  return iidDigits() !== null && cidDigits() !== null;
}
