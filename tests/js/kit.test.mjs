// static/js/kit.js: the kit's files and QR payload, held to tests/vectors/kit.json (which Python passes too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './vectors.mjs';
import {
  KitFormatError,
  buildCidsDocument,
  channelIn,
  cidsFileText,
  cidsToExport,
  exportReport,
  parseFragment,
  parsePcFile,
  parseQrPayload,
  parseResultFile,
} from '../../static/js/kit.js';
import { cleanMachine } from '../../static/js/store.js';

const KIT = JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', 'kit.json'), 'utf8'));
const IID = '489126343257012289105546522085205332958764158851011127139061121';
const CID = '396422722594970050401326863046940426938013125992';

test('every .aoh.json vector', () => {
  for (const v of KIT.pc) {
    if (v.expected.error) {
      assert.throws(() => parsePcFile(v.text), KitFormatError, v.name);
      continue;
    }
    const got = parsePcFile(v.text);
    assert.equal(got.computer, v.expected.computer, v.name);
    assert.equal(got.collected, v.expected.collected, v.name);
    assert.deepEqual(
      got.products.map((p) => ({
        name: p.name,
        description: p.description,
        channel: p.channel,
        partial_key: p.partialKey,
        license_status: p.licenseStatus,
        activation_id: p.activationId,
        application_id: p.applicationId,
        product: p.product,
        iid: p.iid,
        iid_valid: p.iidValid,
        invalid_groups: p.invalidGroups,
        kms_client: p.kmsClient,
      })),
      v.expected.products,
      v.name,
    );
  }
});

test('every .result.json vector', () => {
  for (const v of KIT.result) {
    if (v.expected.error) {
      assert.throws(() => parseResultFile(v.text), KitFormatError, v.name);
      continue;
    }
    const got = parseResultFile(v.text);
    assert.equal(got.computer, v.expected.computer, v.name);
    assert.equal(got.finished, v.expected.finished, v.name);
    assert.equal(got.allLicensed, v.expected.all_licensed, v.name);
    assert.deepEqual(
      got.results.map((r) => ({
        activation_id: r.activationId,
        iid: r.iid,
        hresult: r.hresult,
        license_status: r.licenseStatus,
        licensed: r.licensed,
      })),
      v.expected.results,
      v.name,
    );
  }
});

test('every QR payload vector, as a scanned text and as the link fragment', () => {
  for (const v of KIT.qr_parse) {
    const got = parseQrPayload(v.text);
    if (v.expected === null) {
      assert.equal(got, null, v.name);
      continue;
    }
    const mapped = {
      pc: got.pc,
      product: got.product,
      activation_id: got.activationId,
      iid: got.iid,
      iid_valid: got.iidValid,
      invalid_groups: got.invalidGroups,
    };
    assert.deepEqual(mapped, v.expected, v.name);
    if (v.text.startsWith('http')) {
      const hash = v.text.slice(v.text.indexOf('#'));
      assert.deepEqual(parseFragment(hash), got, `${v.name} (fragment)`);
    }
  }
});

test('the QR texts the kit builds are read back', () => {
  for (const v of KIT.qr_build) {
    const got = parseQrPayload(v.expected);
    assert.equal(got.pc, v.computer);
    assert.equal(got.product, v.product);
    assert.equal(got.iid, v.iid);
    assert.equal(got.activationId, v.activation_id || null);
  }
});

test('fragments that are not a kit link', () => {
  assert.equal(parseFragment(''), null);
  assert.equal(parseFragment('#'), null);
  assert.equal(parseFragment('#top'), null);
  assert.equal(parseFragment('#aoh=1&pc=%E0%A4&iid=' + IID), null); // broken escape
});

test('aoh-cids.json: the apply script reads what the vectors say', () => {
  for (const v of KIT.cids) {
    if (v.expected.error || !v.expected.pcs.every((p) => p.valid)) continue;
    const entries = v.expected.pcs.map((p) => ({
      computer: p.computer,
      activationId: p.activation_id,
      iid: p.iid,
      cid: p.cid,
    }));
    const doc = buildCidsDocument(entries);
    assert.equal(doc.format, 'aoh-helper.cids');
    assert.equal(doc.version, 1);
    assert.deepEqual(
      doc.pcs,
      v.expected.pcs.map((p) => ({ computer: p.computer, activation_id: p.activation_id, iid: p.iid, cid: p.cid })),
      v.name,
    );
  }
});

test('aoh-cids.json: CRLF text, grouped CID accepted, a wrong digit refused', () => {
  const text = cidsFileText([{ computer: 'PC-01', activationId: '', iid: IID, cid: '396422-722594-970050-401326-863046-940426-938013-125992' }]);
  assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text));
  assert.deepEqual(JSON.parse(text).pcs, [{ computer: 'PC-01', activation_id: '', iid: IID, cid: CID }]);
  const wrong = CID.slice(0, 20) + (CID[20] === '9' ? '0' : '9') + CID.slice(21);
  assert.throws(() => buildCidsDocument([{ computer: 'PC-01', activationId: '', iid: IID, cid: wrong }]), KitFormatError);
  assert.throws(() => buildCidsDocument([{ computer: 'PC-01', activationId: '', iid: IID, cid: CID.slice(6) }]), KitFormatError);
});

// The PC list as the batch view holds it (store.js's shape), from the vectors' licences.
const [WIN_PC, ESU_PC, LAB_PC] = KIT.cids[0].expected.pcs;
const pcOf = (v, extra = {}) =>
  cleanMachine({ label: v.computer, activationId: v.activation_id, iid: v.iid, cid: v.cid, cidFor: v.iid, ...extra });
const LICENSED = { result: { licensed: true, hresult: '0x00000000', finished: '2026-11-25T15:10:00Z' } };
const FAILED = { result: { licensed: false, hresult: '0xC004F04D', finished: '2026-11-25T15:10:00Z' } };
const CATALOGS = Object.fromEntries(
  ['en', 'ja'].map((l) => [l, JSON.parse(readFileSync(join(ROOT, 'static', 'locales', `${l}.json`), 'utf8'))]),
);
const say = (lines, l) =>
  lines.map(({ key, vars }) => {
    assert.ok(Object.hasOwn(CATALOGS[l], key), `${l}: ${key}`);
    return CATALOGS[l][key].replace(/\{(\w+)\}/g, (m, k) => (Object.hasOwn(vars, k) ? String(vars[k]) : m));
  });

test('aoh-cids.json export: a PC whose result says licensed is left out, a failed one is kept', () => {
  const list = [pcOf(WIN_PC, LICENSED), pcOf(ESU_PC, FAILED), pcOf(LAB_PC), cleanMachine({ label: 'SRV-KMS', iid: ESU_PC.iid })];
  const { entries, licensed, missing } = cidsToExport(list);
  const doc = JSON.parse(cidsFileText(entries));
  // exactly the vectors' entries for the two licences still to apply, in the list's order
  assert.deepEqual(doc, {
    format: 'aoh-helper.cids',
    version: 1,
    pcs: [ESU_PC, LAB_PC].map((p) => ({ computer: p.computer, activation_id: p.activation_id, iid: p.iid, cid: p.cid })),
  });
  assert.deepEqual(licensed.map((m) => m.iid.join('')), [WIN_PC.iid]);
  assert.deepEqual(missing.map((m) => m.label), ['SRV-KMS']);
  for (const l of ['en', 'ja']) {
    const text = say(exportReport({ n: 2, licensed: ['ALPHA', 'BRAVO', 'CHARLIE'], missing: ['SRV-KMS'] }), l);
    assert.equal(text.length, 3, l);
    assert.match(text[0], /2/, l);
    assert.match(text[1], /3/, l); // how many were left out as licensed
    assert.match(text[1], /ALPHA, BRAVO, CHARLIE/, l);
    assert.match(text[1], /\.result\.json/, l); // and why
    assert.match(text[2], /SRV-KMS/, l);
    for (const line of text) assert.doesNotMatch(line, /\{\w+\}/, l);
  }
});

test('aoh-cids.json export: every PC licensed gives no entries and says so', () => {
  const list = [pcOf(WIN_PC, LICENSED), pcOf(ESU_PC, LICENSED), cleanMachine()];
  const { entries, licensed, missing } = cidsToExport(list);
  assert.deepEqual(entries, []);
  assert.equal(licensed.length, 2);
  assert.deepEqual(missing, []); // the untouched empty PC is not counted
  const lines = exportReport({ n: 0, licensed: ['PC-01', 'PC-01'], missing: [] });
  assert.deepEqual(lines, [{ key: 'kit.export.allLicensed', vars: { n: 2 } }]);
  for (const l of ['en', 'ja']) assert.match(say(lines, l)[0], /2/, l);
  // licensed and the rest without a CID: "nothing to export", and both reasons
  const mixed = exportReport({ n: 0, licensed: ['PC-01'], missing: ['SRV-KMS'] }).map((x) => x.key);
  assert.deepEqual(mixed, ['kit.export.none', 'kit.export.licensed', 'kit.export.missing']);
  assert.deepEqual(exportReport({ n: 1, licensed: [], missing: [] }).map((x) => x.key), ['kit.export.done']);
});

test('aoh-cids.json export: a CID with a wrong digit or typed for an earlier IID stays out', () => {
  const wrong = LAB_PC.cid.slice(0, 47) + (LAB_PC.cid[47] === '9' ? '0' : '9');
  const list = [pcOf(LAB_PC, { cid: wrong }), pcOf(WIN_PC, { cidFor: ESU_PC.iid }), pcOf(ESU_PC, { label: '' })];
  const { entries, licensed, missing } = cidsToExport(list);
  assert.deepEqual(entries, []);
  assert.deepEqual(licensed, []);
  assert.equal(missing.length, 3);
});

test('the channel in a pasted /dlv', () => {
  const dlv = 'Name: Windows(R), ServerStandard edition\r\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\n';
  assert.equal(channelIn(dlv), 'VOLUME_KMSCLIENT');
  assert.equal(channelIn('説明: Windows(R) Operating System, VOLUME_MAK channel'), 'VOLUME_MAK');
  assert.equal(channelIn('Description: Windows(R) Operating System, RETAIL channel'), 'RETAIL');
  assert.equal(channelIn('Installation ID: 123'), null);
});
