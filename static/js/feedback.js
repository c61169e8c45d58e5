/** Telling the user something: the screen reader's live region and the notice bar. */
import { $ } from './dom.js';

export function announce(text) {
  const live = $('#live');
  live.textContent = '';
  requestAnimationFrame(() => {
    live.textContent = text;
  });
}

export function showNotice(text) {
  const n = $('#notice');
  n.textContent = text;
  n.hidden = false;
}
