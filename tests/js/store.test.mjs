// static/js/store.js: the PC list survives a reload and an export/import round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store, cleanMachine, toCsv, toJson, parseImport, parseCsv, ImportError } from '../../static/js/store.js';

const IID = '033255090385053904665824186342756737844895181384546394354129604';
const CID = '396422722594970050401326863046940426938013125992';

class MemoryStorage {
  constructor() {
    this.data = new Map();
  }
  getItem(k) {
    return this.data.has(k) ? this.data.get(k) : null;
  }
  setItem(k, v) {
    this.data.set(k, String(v));
  }
}

test('a new store has one empty PC', () => {
  const s = new Store(new MemoryStorage());
  assert.equal(s.machines.length, 1);
  assert.equal(s.current.step, 1);
  assert.deepEqual(s.current.iid, Array(9).fill(''));
});

test('state survives a reload (a new Store on the same storage)', () => {
  const mem = new MemoryStorage();
  const a = new Store(mem);
  a.update({ label: 'Lab 1', iid: ['0332550', '90385'], step: 2 });
  const second = a.add({ label: 'Lab 2', product: 'office' });
  const b = new Store(mem);
  assert.equal(b.machines.length, 2);
  assert.equal(b.currentId, second.id);
  assert.equal(b.machines[0].label, 'Lab 1');
  assert.deepEqual(b.machines[0].iid.slice(0, 3), ['0332550', '90385', '']);
  b.remove(second.id);
  assert.equal(new Store(mem).machines.length, 1);
});

test('corrupt storage starts clean instead of crashing', () => {
  const mem = new MemoryStorage();
  mem.setItem('aoh-helper/machines/v1', '{not json');
  assert.equal(new Store(mem).machines.length, 1);
});

test('cleanMachine keeps digits only and known products', () => {
  const m = cleanMachine({ label: 'x'.repeat(100), product: 'evil', iid: '0332550-9038505 abc', step: 99, done: 'true' });
  assert.equal(m.label.length, 60);
  assert.equal(m.product, 'windows');
  assert.deepEqual(m.iid.slice(0, 3), ['0332550', '9038505', '']);
  assert.equal(m.step, 5);
  assert.equal(m.done, true);
  assert.equal(cleanMachine({ iid: IID.slice(0, 54) }).iidSize, 6);
});

test('JSON and CSV exports import back to the same PCs', () => {
  const s = new Store(new MemoryStorage());
  s.update({ label: 'Desk, "north"', iid: IID, cid: CID, product: 'esu1', step: 5, done: true });
  s.add({ label: '=cmd|calc', product: 'server' });
  for (const text of [toJson(s.machines), toCsv(s.machines)]) {
    const rows = parseImport(text);
    assert.equal(rows.length, 2);
    const back = rows.map(cleanMachine);
    assert.equal(back[0].label, 'Desk, "north"');
    assert.equal(back[0].iid.join(''), IID);
    assert.equal(back[0].cid.join(''), CID);
    assert.equal(back[0].product, 'esu1');
    assert.equal(back[0].done, true);
    assert.equal(back[1].label, '=cmd|calc');
    assert.equal(back[1].id, s.machines[1].id);
  }
  assert.ok(toCsv(s.machines).includes("'=cmd|calc"), 'formula cells are neutralised');
});

test('parseCsv handles quotes and CRLF', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x,1","y""z"\r\n'), [['a', 'b'], ['x,1', 'y"z']]);
});

test('parseImport refuses files that are not an export', () => {
  assert.throws(() => parseImport(''));
  assert.throws(() => parseImport('{"foo": 1}'));
  assert.throws(() => parseImport('just,some\n1,2'));
});

test('CSV for Excel: a BOM, and IDs as ="digits" text that imports back', () => {
  const s = new Store(new MemoryStorage());
  s.update({ label: '受付', iid: '0' + IID.slice(1), cid: CID });
  const csv = toCsv(s.machines);
  assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 byte order mark first');
  assert.ok(csv.includes(`"=""0${IID.slice(1)}"""`), 'the IID, leading zero and all, as a text formula');
  const back = cleanMachine(parseImport(csv)[0]);
  assert.equal(back.iid.join(''), '0' + IID.slice(1));
  assert.equal(back.cid.join(''), CID);
  assert.equal(back.label, '受付');
});

test('import on a fresh phone leaves no blank PC behind; a used PC stays', () => {
  const fresh = new Store(new MemoryStorage());
  fresh.importMachines([{ label: 'A', iid: IID }]);
  assert.deepEqual(
    fresh.machines.map((m) => m.label),
    ['A'],
  );
  assert.equal(fresh.current.label, 'A');
  const used = new Store(new MemoryStorage());
  used.update({ label: 'mine' });
  used.importMachines([{ label: 'B' }]);
  assert.deepEqual(
    used.machines.map((m) => m.label),
    ['mine', 'B'],
  );
});

test('import failures carry a code the UI words in its own language', () => {
  const code = (text) => {
    try {
      parseImport(text);
    } catch (err) {
      assert.ok(err instanceof ImportError);
      return err.code;
    }
    return null;
  };
  assert.equal(code(''), 'empty');
  assert.equal(code('{broken'), 'json');
  assert.equal(code('{"foo": 1}'), 'noList');
  assert.equal(code('just,some\n1,2'), 'noHeader');
});

test('the portal checklist ticks are kept per PC, cleaned', () => {
  const mem = new MemoryStorage();
  const s = new Store(mem);
  s.update({ ticks: [2, 0, 2, -1, 'x', 99] });
  assert.deepEqual(s.current.ticks, [0, 2]);
  s.add({});
  assert.deepEqual(s.current.ticks, []);
  assert.deepEqual(new Store(mem).machines[0].ticks, [0, 2]);
});

test('kit fields: channel, Activation ID, shell and the apply result survive export and import', () => {
  const s = new Store(new MemoryStorage());
  s.update({
    label: 'SRV-KMS',
    channel: 'VOLUME_KMSCLIENT',
    activationId: 'C052F164-CDF6-409A-A0CB-853BA0F0F55A',
    shell: 'powershell',
    result: { licensed: false, hresult: '0xc004f04d', finished: '2026-11-25T15:10:00Z' },
  });
  const m = s.current;
  assert.equal(m.channel, 'VOLUME_KMSCLIENT');
  assert.equal(m.activationId, 'c052f164-cdf6-409a-a0cb-853ba0f0f55a');
  assert.equal(m.shell, 'powershell');
  assert.deepEqual(m.result, { licensed: false, hresult: '0xC004F04D', finished: '2026-11-25T15:10:00Z' });
  for (const text of [toJson([m]), toCsv([m])]) {
    const [back] = parseImport(text).map(cleanMachine);
    assert.equal(back.channel, 'VOLUME_KMSCLIENT');
    assert.equal(back.shell, 'powershell');
    assert.equal(back.activationId, 'c052f164-cdf6-409a-a0cb-853ba0f0f55a');
    assert.deepEqual(back.result, m.result);
  }
});

test('kit fields: junk is dropped, the shell defaults to the Command Prompt', () => {
  const m = cleanMachine({ channel: 'volume kms; rm', activationId: 'nope', shell: 'bash', result: 'x' });
  assert.deepEqual([m.channel, m.activationId, m.shell, m.result], ['', '', 'cmd', null]);
});
