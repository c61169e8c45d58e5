// The server's `found` and `advice` codes (ocr/advice.py) are all worded, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './vectors.mjs';
import { FOUND_CODES, ADVICE_CODES } from '../../static/js/ocr-advice.js';

const advicePy = readFileSync(join(ROOT, 'ocr', 'advice.py'), 'utf8');
const pipelinePy = readFileSync(join(ROOT, 'ocr', 'pipeline.py'), 'utf8');

test('every found code the server sends has words', () => {
  const sent = [...(advicePy + pipelinePy).matchAll(/Fact\("(\w+)"/g)].map((m) => m[1]).filter((c) => c !== 'no_id');
  assert.ok(sent.length >= 5 && sent.includes('stopped_early'), sent.join());
  for (const code of sent) assert.ok(FOUND_CODES.includes(code), code);
});

test('every advice code the server sends has words', () => {
  const tuple = advicePy.match(/^ADVICE = \(([^)]*)\)/m)[1];
  const sent = [...tuple.matchAll(/"(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual([...sent].sort(), [...ADVICE_CODES].sort());
});

test('the words follow the codes sent, and nothing else (no catalog loaded: keys stand for words)', async () => {
  const { describeOcr } = await import('../../static/js/ocr-advice.js');
  const small = { found: [{ code: 'text_small', glyph_px: 9 }], advice: 'move_closer' };
  assert.equal(describeOcr(small), 'ocr.found.text_small ocr.advice.move_closer');
  const cut = { found: [{ code: 'digits', count: 60, groups: 9, doubtful: 1 }, { code: 'cut_at_edge' }], advice: 'include_whole_id' };
  assert.equal(describeOcr(cut), 'ocr.found.digits ocr.found.cut_at_edge ocr.advice.include_whole_id');
  assert.equal(describeOcr({ found: [{ code: 'no_id' }, { code: 'unknown' }], advice: 'nonsense' }), '');
  assert.equal(describeOcr({}), '');
});
