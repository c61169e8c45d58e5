/** Saving text as a file on the phone (the .cmd file, the PC list exports). */

/** A PC's name made safe for a Windows file name (no \\ / : * ? " < > |, no trailing dot), at most 40 characters. */
export function safeFileName(text) {
  const clean = String(text)
    .replace(/[\u0000-\u001f\\/:*?"<>|]+/g, '_')
    .replace(/\s+/g, '_')
    .slice(0, 40)
    .replace(/[._]+$/, '');
  return clean || 'PC';
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
