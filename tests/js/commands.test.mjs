// static/js/commands.js and static/js/explain.js against the shared JSON vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VECTORS, ERRORS } from './vectors.mjs';
import { buildCommands, cmdFile, CommandError } from '../../static/js/commands.js';
import { explain, looksSuccessful } from '../../static/js/explain.js';

for (const c of VECTORS.commands) {
  test(`commands: ${c.product} cid=${c.cid} act=${c.activation_id} dir=${c.office_dir}`, () => {
    const args = [c.product, c.cid, c.activation_id, c.office_dir];
    if (c.expected.error) {
      assert.throws(() => buildCommands(...args), CommandError);
      return;
    }
    assert.deepEqual(buildCommands(...args), c.expected);
    if ('cmd_file' in c) assert.equal(cmdFile(...args), c.cmd_file);
  });
}

for (const c of VECTORS.errors) {
  test(`errors: ${JSON.stringify(c.text).slice(0, 40)}`, () => {
    const found = explain(c.text, ERRORS);
    assert.deepEqual(found.map((e) => e.code), c.codes);
    assert.deepEqual(found.map((e) => e.known), c.known);
    assert.equal(looksSuccessful(c.text), c.success);
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
