// static/js/candidates.js: several IDs in one pasted text, named after their product.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namedIds, preferredId } from '../../static/js/candidates.js';

// Public sample IIDs (docs/ids.md): Windows Server 2025 and Windows 11 (both pass every check digit).
const IID = '033255090385053904665824186342756737844895181384546394354129604';
const IID2 = '489126343257012289105546522085205332958764158851011127139061121';

const DLV = `Name: Windows(R), Professional edition
Installation ID: ${IID}

Name: Windows(R), Client-ESU-Year1 add-on for Windows 10
Installation ID: ${IID2}
`;

test('/dlv: each IID named after the Name: line before it (English and Japanese Windows)', () => {
  for (const text of [DLV, DLV.replaceAll('Name:', '名前:')]) {
    assert.deepEqual(namedIds(text, 'iid'), [
      { digits: IID, name: 'Windows(R), Professional edition' },
      { digits: IID2, name: 'Windows(R), Client-ESU-Year1 add-on for Windows 10' },
    ]);
  }
});

test('ospp.vbs /dinstid: each IID named after its product on the same line', () => {
  const text =
    `Installation ID for: Office 16, Office16ProPlusVL_MAK edition: ${IID}\n` +
    `Installation ID for: Office 16, Office16VisioProVL_MAK edition: ${IID2}\n`;
  assert.deepEqual(
    namedIds(text, 'iid').map((c) => c.name),
    ['Office 16, Office16ProPlusVL_MAK edition', 'Office 16, Office16VisioProVL_MAK edition'],
  );
});

test('the ID that fits the product', () => {
  const list = namedIds(DLV, 'iid');
  assert.equal(preferredId('esu2', list), IID2);
  assert.equal(preferredId('windows', list), IID);
  assert.equal(preferredId('office', list), null); // the user chooses
  assert.equal(preferredId('esu1', list.slice(0, 1)), null); // one ID: nothing to choose
  const unnamed = [
    { digits: IID, name: '' },
    { digits: IID2, name: '' },
  ];
  assert.equal(preferredId('esu1', unnamed), IID2, '/dlv lists add-ons after Windows');
});
