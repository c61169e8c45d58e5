// static/js/commands.js and static/js/explain.js against the shared JSON vectors
// (derived from the facts by tests/vectors/make_vectors.py, not from the code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VECTORS, ERRORS, PINNED } from './vectors.mjs';
import { buildCommands, cmdFile, cmdFileBytes, cmdFileName, CommandError } from '../../static/js/commands.js';
import { explain, looksSuccessful } from '../../static/js/explain.js';

for (const c of VECTORS.commands) {
  test(`commands: ${c.product} ${c.shell} cid=${c.cid} act=${c.activation_id} dir=${c.office_dir}`, () => {
    const args = [c.product, c.cid, c.activation_id, c.office_dir];
    if (c.expected.error) {
      assert.throws(() => buildCommands(...args, c.shell), CommandError);
      return;
    }
    assert.deepEqual(buildCommands(...args, c.shell), c.expected);
    if ('cmd_file_lines' in c) {
      const text = cmdFile(...args);
      assert.ok(text.endsWith('\r\n') && !text.split('\r\n').join('').includes('\n'), 'CRLF only');
      assert.ok(holdsInOrder(text, c.cmd_file_lines), text);
    }
  });
}

// commands.json: whole .cmd files (text, CP932 bytes, name) as activation/commands.py makes them.
for (const c of PINNED.commands) {
  test(`pinned: ${c.product} ${c.shell} cid=${c.cid} act=${c.activation_id} opts=${JSON.stringify(c.options)}`, () => {
    const args = [c.product, c.cid, c.activation_id, c.office_dir];
    if (c.expected.error) {
      assert.throws(() => {
        buildCommands(...args, c.shell);
        cmdFile(...args, c.options || {});
      }, CommandError);
      return;
    }
    assert.deepEqual(buildCommands(...args, c.shell), c.expected);
    if ('cmd_file' in c) {
      const opts = c.options || {};
      const text = cmdFile(...args, opts);
      assert.equal(text, c.cmd_file);
      assert.deepEqual(Buffer.from(cmdFileBytes(text, opts.lang || 'en')), Buffer.from(c.cmd_file_b64, 'base64'));
      assert.equal(cmdFileName(c.product, opts.computer || null), c.cmd_file_name);
    }
  });
}

/** True when each of `wanted` is in a line of `text`, each after the previous one. */
function holdsInOrder(text, wanted) {
  const lines = text.split('\r\n');
  let i = 0;
  for (const w of wanted) {
    while (i < lines.length && !lines[i].includes(w)) i += 1;
    if (i === lines.length) return false;
    i += 1;
  }
  return true;
}

test('holdsInOrder can fail', () => {
  assert.equal(holdsInOrder('a\r\nb\r\nc', ['a', 'c']), true);
  assert.equal(holdsInOrder('a\r\nb\r\nc', ['c', 'a']), false);
  assert.equal(holdsInOrder('ab', ['a', 'b']), false);
});

for (const c of VECTORS.errors) {
  test(`errors: ${JSON.stringify(c.text).slice(0, 40)}`, () => {
    const found = explain(c.text, ERRORS);
    assert.deepEqual(found.map((e) => e.code), c.codes);
    assert.deepEqual(found.map((e) => e.known), c.known);
    assert.equal(looksSuccessful(c.text), c.success);
  });
}

for (const c of VECTORS.error_meanings) {
  test(`error meaning: ${c.code}`, () => {
    const [found] = explain(c.code, ERRORS);
    assert.equal(found.known, true, `${c.code} is in the facts' error table`);
    for (const field of ['meaning_en', 'action_en', 'meaning_ja', 'action_ja']) {
      for (const word of c[field]) {
        assert.ok(found[field].toLowerCase().includes(word.toLowerCase()), `${field} ${word}: ${found[field]}`);
      }
    }
  });
}

test('every catalogue entry has both languages', () => {
  const codes = Object.keys(ERRORS.errors);
  assert.ok(codes.length >= 10);
  for (const code of codes) {
    const e = explain(code, ERRORS)[0];
    assert.equal(e.code, code);
    assert.equal(e.known, true);
    for (const k of ['meaning_en', 'action_en', 'meaning_ja', 'action_ja']) assert.ok(e[k], `${code} ${k}`);
  }
});

test('success text is recognised', () => {
  assert.equal(looksSuccessful('License Status: Licensed'), true);
  assert.equal(looksSuccessful('ライセンスの状態: ライセンスされています'), true);
  assert.equal(looksSuccessful('License Status: Licensed\nError: 0xC004F04D'), false);
});
