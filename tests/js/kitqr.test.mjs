// kit/templates/kitqr.js (the offline page's QR text) against tests/vectors/kit.json (activation/kitfiles.py passes the same).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KIT } from './vectors.mjs';
import { qrText } from '../../kit/templates/kitqr.js';

for (const c of KIT.qr_build) {
  test(`qr text: ${c.expected.slice(0, 40)}`, () => {
    assert.equal(qrText(c.computer, c.product, c.activation_id, c.iid, c.app_url), c.expected);
  });
}
