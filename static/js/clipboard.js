/** Copying to the clipboard (with the textarea fallback older browsers need) and the copy buttons. */
import { t } from './i18n.js';
import { announce } from './feedback.js';

export async function copyText(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
  }
  announce(ok ? t('copied') : t('copyFailed'));
  if (button && ok) {
    // The button keeps its size while it says "Copied" (both labels share one grid cell),
    // so the ID beside it does not jump while the user reads it.
    const done = button.querySelector('.copy-done');
    if (!done) {
      button.style.minWidth = `${button.getBoundingClientRect().width}px`;
      const label = button.textContent;
      button.textContent = t('copied');
      setTimeout(() => {
        button.textContent = label;
        button.style.minWidth = '';
        button.classList.remove('copied');
      }, 1500);
    } else {
      setTimeout(() => button.classList.remove('copied'), 1500);
    }
    button.classList.add('copied');
  }
  return ok;
}

export function copyButton(text, what) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'btn-small copy';
  const label = document.createElement('span');
  label.className = 'copy-label';
  label.textContent = t('copy');
  const done = document.createElement('span');
  done.className = 'copy-done';
  done.setAttribute('aria-hidden', 'true');
  done.textContent = '✓'; // short, so the button keeps the width of "Copy"; the live region says "Copied"
  b.append(label, done);
  b.setAttribute('aria-label', t('copyLabel', { what }));
  b.addEventListener('click', () => copyText(text, b));
  return b;
}

/** One command of a list: what it does, the command, and its copy button. */
export function commandItem(description, command) {
  const li = document.createElement('li');
  li.className = 'cmd';
  const p = document.createElement('p');
  p.textContent = description;
  const code = document.createElement('code');
  code.textContent = command;
  code.tabIndex = 0;
  const wrap = document.createElement('div');
  wrap.className = 'cmd-line';
  wrap.append(code, copyButton(command, description));
  li.append(p, wrap);
  return li;
}
