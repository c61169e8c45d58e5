/**
 * Several IDs in one text: `slmgr /dlv` prints an Installation ID per licence
 * (Windows, then add-ons such as ESU, each after its "Name:" line), and
 * `ospp.vbs /dinstid` one per Office product ("Installation ID for: <product>:").
 * Names each ID after its product so the user can choose, and picks the one
 * that fits the product chosen in step 1.
 */
import { parseIds } from './ids.js';

const NAME_LINE = /^\s*(?:Name|名前)\s*[:：]\s*(.+?)\s*$/i;
const OSPP_LINE = /Installation ID for\s*:\s*(.+?)\s*:\s*[0-9]/i;
const ESU = /ESU/i;

/** Each ID in `text` of this kind, once, in order, with the product name printed before it ('' if none). */
export function namedIds(text, kind) {
  const names = new Map();
  let lastName = '';
  for (const line of String(text).split(/\r?\n/)) {
    const name = NAME_LINE.exec(line);
    if (name) lastName = name[1];
    const inline = OSPP_LINE.exec(line);
    for (const p of parseIds(line, kind)) {
      if (!names.has(p.digits)) names.set(p.digits, inline ? inline[1] : lastName);
    }
  }
  const seen = new Set();
  const out = [];
  for (const p of parseIds(String(text), kind)) {
    if (seen.has(p.digits)) continue;
    seen.add(p.digits);
    out.push({ digits: p.digits, name: names.get(p.digits) || '' });
  }
  return out;
}

/**
 * The ID that fits the product: for ESU the ESU licence's (by name, else the
 * last: /dlv lists add-ons after Windows), for Windows the first that is not an
 * ESU add-on; null when the text does not say (the caller keeps its default).
 */
export function preferredId(product, list) {
  if (list.length < 2) return null;
  if (String(product).startsWith('esu')) {
    return (list.find((c) => ESU.test(c.name)) || list[list.length - 1]).digits;
  }
  if (product === 'windows' || product === 'server') {
    return list.find((c) => c.name && !ESU.test(c.name))?.digits ?? null;
  }
  return null;
}
