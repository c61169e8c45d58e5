// static/js/ids.js against the shared JSON vectors (the same ones tests/test_vectors.py runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VECTORS } from './vectors.mjs';
import * as ids from '../../static/js/ids.js';

const summary = (p) => ({ kind: p.kind, digits: p.digits, valid: p.valid, invalid_groups: p.invalidLabels });

test('the vector file has every section', () => {
  for (const key of ['check_digit', 'ids', 'substitutions', 'transpositions', 'parse', 'corrections']) {
    assert.ok(Array.isArray(VECTORS[key]) && VECTORS[key].length > 0, key);
  }
});

test('check_digit', () => {
  for (const c of VECTORS.check_digit) {
    assert.equal(ids.checkDigit(c.body), c.check, c.body);
    assert.equal(ids.groupIsValid(c.body + String(c.check)), true, c.body);
  }
});

test('known ids', () => {
  for (const c of VECTORS.ids) {
    const p = ids.analyse(c.digits);
    assert.equal(p.kind, c.kind, c.name);
    assert.equal(p.valid, c.valid, c.name);
    assert.deepEqual(p.invalidLabels, c.invalid_groups, c.name);
    assert.equal(p.form.length, c.digits.length);
  }
});

test('substitutions flag the right group', () => {
  for (const c of VECTORS.substitutions) assert.deepEqual(ids.analyse(c.digits).invalidLabels, c.invalid_groups, c.digits);
});

test('transpositions', () => {
  for (const c of VECTORS.transpositions) assert.deepEqual(ids.analyse(c.digits).invalidLabels, c.invalid_groups, c.digits);
});

for (const c of VECTORS.parse) {
  test(`parse: ${c.name}`, () => {
    assert.deepEqual(ids.parseIds(c.text).map(summary), c.expected);
  });
}

test('corrections', () => {
  for (const c of VECTORS.corrections) {
    assert.equal(ids.groupIsValid(c.group), c.valid, c.group);
    assert.deepEqual(ids.singleDigitCorrections(c.group), c.corrections, c.group);
  }
});

test('analyse refuses a length that fits no form', () => {
  assert.throws(() => ids.analyse('12345'), RangeError);
});

const SERVER_2025 = '0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604';
const NOT_STRINGS = [null, undefined, 5, 3320, 332550903850539046658241863427567378448951813845463943541296, SERVER_2025.split(' '), { length: 7 }];

test('judging and searching answer "nothing" for a non-string', () => {
  for (const bad of NOT_STRINGS) {
    assert.equal(ids.groupIsValid(bad), false, String(bad));
    assert.deepEqual(ids.singleDigitCorrections(bad), [], String(bad));
    assert.deepEqual(ids.parseIds(bad), [], String(bad));
    assert.equal(ids.parseOne(bad), null, String(bad));
    assert.equal(ids.longestRun(bad), 0, String(bad));
  }
});

test('computing refuses a non-string (a number loses its zeros, an array joins)', () => {
  for (const bad of NOT_STRINGS) {
    for (const fn of [ids.checkDigit, ids.analyse, ids.normalise, ids.digitRuns, ids.formatGroups]) {
      assert.throws(() => fn(bad), TypeError, `${fn.name}(${String(bad)})`);
    }
  }
  assert.throws(() => ids.checkDigit('12a45'), RangeError);
});

test('toDict has the Python shape', () => {
  const p = ids.analyse('396422 722594 970050 401326 863046 940426 938013 125993');
  const d = ids.toDict(p);
  assert.equal(d.form, 'cid48');
  assert.equal(d.valid, false);
  assert.deepEqual(d.invalid_groups, ['H']);
  assert.ok(d.groups[7].corrections.includes('125992'));
  assert.equal(d.display.split(' ').length, 8);
});

test('parseIds filters by kind and never throws', () => {
  assert.deepEqual(ids.parseIds(null), []);
  const text = VECTORS.parse.find((c) => c.name === 'two CIDs').text;
  assert.equal(ids.parseIds(text, 'iid').length, 0);
  assert.equal(ids.parseIds(text, 'cid').length, 2);
});
