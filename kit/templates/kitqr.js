/**
 * The text of the kit's QR code (docs/commands.md, "The QR code"), held to
 * tests/vectors/kit.json like activation/kitfiles.py's qr_text.
 *
 * Why a link when the app's address is known: the phone's own camera opens
 * the app with the PC filled in; the fragment never reaches the server.
 */
export const QR_PREFIX = 'AOH:';

/** `<app URL>#aoh=1&pc=..&p=..&aid=..&iid=..`, or `AOH:aoh=1&...` without an app URL. */
export function qrText(computer, product, activationId, iid, appUrl = null) {
  const enc = encodeURIComponent;
  const params = `aoh=1&pc=${enc(computer)}&p=${enc(product)}&aid=${enc(activationId || '')}&iid=${iid}`;
  if (appUrl) return `${String(appUrl).split('#')[0]}#${params}`;
  return QR_PREFIX + params;
}
