// The kit's offline page: the PC's IDs as QR codes and checked groups, and the
// CID typed back, checked group by group, turned into the exact commands.
// Runs from file:// with no network; the ID rules (ids.js), the commands
// (commands.js) and the QR text (kitqr.js) are the app's own, inlined at
// build time together with the vendored QR encoder (global `qrcode`).

const TEXT = {
  en: {
    title: 'Offline activation: this PC',
    intro: "Scan a QR code with the phone's camera, or type the groups into the activation portal (aka.ms/aoh). Then type the Confirmation ID below.",
    paste_h: 'No collect script? Paste the Installation ID',
    paste_hint: 'Run slmgr /dti (or ospp.vbs /dinstid), then paste its output, or press Ctrl+C on its message box and paste here.',
    paste_label: 'Output of slmgr /dti, or the Installation ID',
    product_label: 'Product: ',
    pc_label: ' PC name: ',
    open_label: 'Or open a .aoh.json file:',
    cid_h: 'Type the Confirmation ID',
    cid_target: 'For: ',
    cid_label: 'Confirmation ID from the portal (48 digits, groups A to H)',
    pc: 'PC',
    collected: 'Collected',
    channel: 'Channel',
    key: 'Partial product key',
    status: 'Licence status',
    aid: 'Activation ID',
    licensed: 'Licensed',
    not_licensed: 'Not licensed',
    kms: 'KMS client key (GVLK): the portal cannot activate it (0x8007232B / 0xC004F074). Install a MAK or retail key first (slmgr /ipk), then run the collect script again.',
    qr_label: 'QR code holding the Installation ID of',
    iid: 'Installation ID',
    group: 'Group',
    group_ok: 'check digit holds',
    group_bad: 'check digit fails: a digit in this group is wrong',
    fixes: 'one-digit changes that would pass',
    iid_bad: 'This Installation ID has groups that fail their check digit: {labels}. Run the command again; do not enter it in the portal.',
    none_found: 'No Installation ID found: {hint}.',
    no_products: 'No product with a product key was found on this PC.',
    cid_count: '{n} of 48 digits.',
    cid_ok: 'All 8 groups are correct. Run one of these as administrator on this PC:',
    cid_bad: 'Group(s) {labels} fail their check digit: compare them with the portal and retype.',
    cmd_h: 'Command Prompt (slmgr / ospp)',
    ps_h: 'PowerShell (works where VBScript is off)',
    apply: 'Apply the Confirmation ID',
    check: 'Then check the licence',
    file_bad: 'This file cannot be read: {msg}',
  },
  ja: {
    title: 'オフライン ライセンス認証: この PC',
    intro: 'スマートフォンのカメラで QR コードを読み取るか、各グループをライセンス認証ポータル (aka.ms/aoh) に入力してください。その後、確認 ID を下に入力します。',
    paste_h: '収集スクリプトを使わない場合: インストール ID を貼り付け',
    paste_hint: 'slmgr /dti (または ospp.vbs /dinstid) を実行して出力を貼り付けるか、メッセージ ボックスで Ctrl+C を押してここに貼り付けてください。',
    paste_label: 'slmgr /dti の出力、またはインストール ID',
    product_label: '製品: ',
    pc_label: ' PC 名: ',
    open_label: '.aoh.json ファイルを開く:',
    cid_h: '確認 ID を入力',
    cid_target: '対象: ',
    cid_label: 'ポータルの確認 ID (48 桁、グループ A～H)',
    pc: 'PC',
    collected: '収集日時',
    channel: 'チャネル',
    key: 'プロダクト キーの一部',
    status: 'ライセンスの状態',
    aid: 'ライセンス認証 ID',
    licensed: 'ライセンスされています',
    not_licensed: 'ライセンスされていません',
    kms: 'KMS クライアント キー (GVLK) です。ポータルでは認証できません (0x8007232B / 0xC004F074)。先に MAK またはリテールのキーをインストールし (slmgr /ipk)、収集スクリプトをもう一度実行してください。',
    qr_label: 'インストール ID の QR コード:',
    iid: 'インストール ID',
    group: 'グループ',
    group_ok: 'チェック ディジット OK',
    group_bad: 'チェック ディジットが一致しません: このグループの数字が間違っています',
    fixes: '1 桁だけ変えて一致する候補',
    iid_bad: 'チェック ディジットが一致しないグループがあります: {labels}。コマンドをもう一度実行してください。このままポータルに入力しないでください。',
    none_found: 'インストール ID が見つかりません: {hint}。',
    no_products: 'プロダクト キーのある製品がこの PC に見つかりませんでした。',
    cid_count: '48 桁中 {n} 桁。',
    cid_ok: '8 グループすべて正しいです。この PC で管理者として次のどちらかを実行してください:',
    cid_bad: 'グループ {labels} のチェック ディジットが一致しません。ポータルの表示と見比べて入力し直してください。',
    cmd_h: 'コマンド プロンプト (slmgr / ospp)',
    ps_h: 'PowerShell (VBScript が無効でも動作)',
    apply: '確認 ID を適用',
    check: 'ライセンスの確認',
    file_bad: 'このファイルは読み込めません: {msg}',
  },
};

let lang = (navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
const $ = (sel) => document.querySelector(sel);
const t = (key, vars = {}) => TEXT[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
const el = (tag, props = {}, ...kids) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...kids.filter((k) => k !== null && k !== undefined));
  return node;
};

function readJson(id) {
  try {
    return JSON.parse(document.getElementById(id).textContent);
  } catch {
    return null;
  }
}

const APP_URL = readJson('aoh-app-url');
let pcFile = readJson('aoh-pc');
let pasted = []; // products found in pasted text

/** Validate an aoh-helper.pc document (docs/commands.md); returns an error message or null. */
function pcError(doc) {
  if (!doc || doc.format !== 'aoh-helper.pc') return 'not an aoh-helper.pc file';
  if (doc.version !== 1) return `version ${doc.version} is not supported`;
  if (!doc.computer) return 'no computer name';
  if (!Array.isArray(doc.products)) return "'products' is not a list";
  for (const p of doc.products) if (!/^(\d{63}|\d{54})$/.test(String(p.iid || ''))) return 'an Installation ID is not 63 or 54 digits';
  return null;
}

function qrSvg(text) {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
}

function groupList(parsed, cls = 'groups') {
  const list = el('ol', { class: cls });
  for (const g of parsed.groups) {
    const label = `${t('group')} ${g.label}`;
    const state = g.valid ? t('group_ok') : t('group_bad');
    const li = el(
      'li',
      { 'data-valid': String(g.valid), 'data-label': g.label, 'aria-label': `${label}: ${g.text.split('').join(' ')}, ${state}` },
      el('span', { class: 'mark', 'aria-hidden': 'true', text: g.valid ? '✓' : '✗' }),
      el('span', { class: 'label', 'aria-hidden': 'true', text: g.label }),
      el('span', { class: 'digits', text: g.text }),
    );
    if (!g.valid && g.corrections.length) li.append(el('span', { class: 'label', text: `${t('fixes')}: ${g.corrections.join(', ')}` }));
    list.append(li);
  }
  return list;
}

/** One product: its facts, a KMS warning, the QR code and the checked groups. */
function productCard(computer, p) {
  const card = el('article', { class: 'card product', 'data-product': p.product });
  card.append(el('h2', { text: p.name || p.product }));
  if (p.channel || p.partial_key) {
    const meta = el('p', { class: 'meta' });
    const rows = [
      [t('channel'), p.channel],
      [t('key'), p.partial_key],
      [t('status'), p.license_status === 1 ? t('licensed') : t('not_licensed')],
      [t('aid'), p.activation_id],
    ];
    meta.textContent = rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}: ${v}`).join(' · ');
    card.append(meta);
  }
  if (p.channel === 'VOLUME_KMSCLIENT') card.append(el('p', { class: 'warn kms', role: 'alert', text: t('kms') }));
  let parsed;
  try {
    parsed = analyse(p.iid);
  } catch {
    card.append(el('p', { class: 'bad', text: t('none_found', { hint: p.iid }) }));
    return card;
  }
  if (!parsed.valid) {
    card.append(el('p', { class: 'bad iid-bad', role: 'alert', text: t('iid_bad', { labels: parsed.invalidLabels.join(', ') }) }));
  } else if (p.channel !== 'VOLUME_KMSCLIENT') {
    const text = qrText(computer || '', p.product || 'windows', p.activation_id || '', parsed.digits, APP_URL);
    const fig = el('figure', { class: 'qr', role: 'img', 'aria-label': `${t('qr_label')} ${p.name || p.product}`, 'data-qr': text });
    fig.innerHTML = qrSvg(text);
    card.append(fig);
  }
  card.append(el('h3', { text: t('iid') }), groupList(parsed));
  return card;
}

/** The kit product name to the builders' product and Activation ID (docs/commands.md). */
function commandTarget(p) {
  if (p.product === 'addon') return ['windows', p.activation_id || null];
  if (Object.hasOwn(PRODUCTS, p.product)) return [p.product, null];
  return ['windows', null];
}

function allProducts() {
  const list = [];
  if (pcFile) for (const p of pcFile.products) list.push({ computer: pcFile.computer, ...p });
  for (const p of pasted) list.push(p);
  return list;
}

function renderPc() {
  const box = $('#pc');
  box.textContent = '';
  if (!pcFile) return;
  box.append(el('p', { class: 'pc-name', id: 'pc-name', text: `${t('pc')}: ${pcFile.computer}` }));
  if (pcFile.collected) box.append(el('p', { class: 'meta', text: `${t('collected')}: ${pcFile.collected}` }));
  if (!pcFile.products.length) box.append(el('p', { class: 'warn', text: t('no_products') }));
  for (const p of pcFile.products) box.append(productCard(pcFile.computer, p));
}

function renderPaste() {
  const out = $('#paste-result');
  out.textContent = '';
  const text = $('#paste').value;
  pasted = [];
  if (text.trim()) {
    const found = parseIds(text, 'iid');
    if (!found.length) {
      out.append(el('p', { class: 'bad', text: t('none_found', { hint: longestRunHint(text) }) }));
    }
    found.forEach((parsed, i) => {
      const product = $('#paste-product').value;
      const p = { computer: $('#paste-pc').value.trim(), name: `${PRODUCTS[product]} (${i + 1})`, product, activation_id: ESU_ACTIVATION_IDS[product] || '', iid: parsed.digits };
      pasted.push(p);
      out.append(productCard(p.computer, p));
    });
  }
  renderTargets();
}

function longestRunHint(text) {
  const n = longestRun(text);
  return lang === 'ja' ? `連続した数字は ${n} 桁 (63 桁または 54 桁が必要)` : `found ${n} digits together; an ID has 63 or 54`;
}

function renderTargets() {
  const select = $('#cid-target');
  const keep = select.value;
  select.textContent = '';
  const products = allProducts();
  if (!products.length) products.push({ name: 'Windows', product: 'windows', iid: '' });
  products.forEach((p, i) => {
    const label = `${p.computer ? p.computer + ': ' : ''}${p.name || p.product}`;
    select.append(el('option', { value: String(i), text: label }));
  });
  if (keep && Number(keep) < products.length) select.value = keep;
  renderCid();
}

function commandBlock(title, cmds) {
  const box = el('div', { class: 'commands', 'data-shell': cmds.shell });
  box.append(el('h3', { text: title }));
  box.append(el('p', { text: t('apply') }), el('pre', { class: 'apply' }, el('code', { text: cmds.apply_cid })));
  box.append(el('p', { text: t('check') }), el('pre', { class: 'status' }, el('code', { text: cmds.status })));
  return box;
}

function renderCid() {
  const text = $('#cid').value;
  const status = $('#cid-status');
  const groups = $('#cid-groups');
  const out = $('#cid-commands');
  groups.textContent = '';
  out.textContent = '';
  status.textContent = '';
  status.className = '';
  if (!text.trim()) return;
  const found = parseIds(text, 'cid').filter((p) => p.form === CID_48);
  if (!found.length) {
    const digits = (normalise(text).match(/[0-9]/g) || []).length;
    status.textContent = t('cid_count', { n: digits });
    return;
  }
  const cid = found.find((c) => c.valid) || found[0];
  groups.replaceWith(Object.assign(groupList(cid, 'groups cid'), { id: 'cid-groups' }));
  if (!cid.valid) {
    status.className = 'bad';
    status.textContent = t('cid_bad', { labels: cid.invalidLabels.join(', ') });
    return;
  }
  const products = allProducts();
  const p = products[Number($('#cid-target').value)] || { product: 'windows' };
  const [product, act] = commandTarget(p);
  status.className = 'ok';
  status.textContent = t('cid_ok');
  out.append(commandBlock(t('cmd_h'), buildCommands(product, cid.digits, act, null, 'cmd')));
  out.append(commandBlock(t('ps_h'), buildCommands(product, cid.digits, act, null, 'powershell')));
}

function renderAll() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  renderPc();
  renderPaste();
}

async function openFile(event) {
  const file = event.target.files[0];
  if (!file) return;
  const raw = (await file.text()).replace(/^\uFEFF/, '');
  let doc = null;
  try {
    doc = JSON.parse(raw);
  } catch (err) {
    doc = null;
  }
  const problem = pcError(doc);
  if (problem) {
    $('#paste-result').replaceChildren(el('p', { class: 'bad', role: 'alert', text: t('file_bad', { msg: problem }) }));
    return;
  }
  pcFile = doc;
  renderAll();
}

if (pcFile && pcError(pcFile)) pcFile = null;
for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => {
    lang = b.dataset.lang;
    renderAll();
  });
}
$('#paste').addEventListener('input', renderPaste);
$('#paste-product').addEventListener('change', renderPaste);
$('#paste-pc').addEventListener('input', renderPaste);
$('#cid').addEventListener('input', renderCid);
$('#cid-target').addEventListener('change', renderCid);
$('#open-file').addEventListener('change', openFile);
renderAll();
