/**
 * What the server found when a picture gave no complete ID, and what to do next, in the
 * user's words.  The server sends codes and numbers (`found`, `advice`: ocr/advice.py, ocr/pipeline.py);
 * wording them here keeps the server free of languages and lets the advice fit the
 * failure: "move closer" only when the text was small, never for a big photo.
 */
import { t } from './i18n.js';

const FOUND = {
  digits: (f) => t('ocr.found.digits', f),
  order_unknown: () => t('ocr.found.order_unknown'),
  cut_at_edge: () => t('ocr.found.cut_at_edge'),
  text_small: (f) => t('ocr.found.text_small', f),
  stopped_early: (f) => t('ocr.found.stopped_early', f),
};
const ADVICE = {
  move_closer: () => t('ocr.advice.move_closer'),
  include_whole_id: () => t('ocr.advice.include_whole_id'),
  type_doubtful: () => t('ocr.advice.type_doubtful'),
  paste_text: () => t('ocr.advice.paste_text'),
};
export const FOUND_CODES = Object.freeze(Object.keys(FOUND));
export const ADVICE_CODES = Object.freeze(Object.keys(ADVICE));

/** One or two sentences for an incomplete reading; '' when the server said nothing we know. */
export function describeOcr(data) {
  const parts = [];
  for (const f of Array.isArray(data?.found) ? data.found : []) {
    if (f && Object.hasOwn(FOUND, f.code)) parts.push(FOUND[f.code](f));
  }
  if (Object.hasOwn(ADVICE, data?.advice)) parts.push(ADVICE[data.advice]());
  return parts.join(' ');
}
