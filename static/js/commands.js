/**
 * The commands the user runs on the offline PC: a faithful port of
 * activation/commands.py, held to the same vectors (tests/vectors/commands.json,
 * tests/js/commands.test.mjs).
 *
 * Why in the browser: the result step must work offline.  A command is only
 * ever built from a CID whose every check digit holds.
 */
import { CID_48, parseIds } from './ids.js';

export const SLMGR = 'cscript %WinDir%\\system32\\slmgr.vbs';
export const SHELLS = Object.freeze(['cmd', 'powershell']);
// Where ospp.vbs lives (docs/commands.md): Office14/15/16, 64-bit and 32-bit folders.
export const OFFICE_VERSIONS = Object.freeze({ office: ['16', '15', '14'], office2010: ['14'] });
// %V and %G: for-variables that are no path modifier letters (d p n x s a f t z).
export const OFFICE_LOOP =
  'for %V in ({versions}) do @for %G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do ' +
  '@if exist "%~G\\Microsoft Office\\Office%V\\ospp.vbs" cscript "%~G\\Microsoft Office\\Office%V\\ospp.vbs"';
// The Software Protection WMI provider (learn.microsoft.com, SoftwareLicensingProduct class)
export const WINDOWS_APP_ID = '55c92734-d682-4d71-983e-d6ec3f16059f';
export const OFFICE_APP_ID = '0ff1ce15-a989-479d-af46-f275c6370663';
export const WMI_CLASSES = Object.freeze({
  spp: ['SoftwareLicensingProduct', 'SoftwareLicensingService'],
  office2010: ['OfficeSoftwareProtectionProduct', 'OfficeSoftwareProtectionService'],
});

// learn.microsoft.com, "Enable Extended Security Updates" (docs/commands.md)
export const ESU_ACTIVATION_IDS = Object.freeze({
  esu1: 'f520e45e-7413-4a34-a497-d2765967d094',
  esu2: '1043add5-23b1-4afb-9a0f-64343c8f3f8d',
  esu3: '83d49986-add3-41d7-ba33-87c7bfb5c0fb',
});
export const PRODUCTS = Object.freeze({
  windows: 'Windows',
  server: 'Windows Server',
  esu1: 'Windows 10 ESU year 1',
  esu2: 'Windows 10 ESU year 2',
  esu3: 'Windows 10 ESU year 3',
  office: 'Office',
  office2010: 'Office 2010',
});
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Input from which no safe command can be built; the message says why. */
export class CommandError extends Error {
  constructor(message, code = 'command_error', detail = null) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.detail = detail;
  }
}

/** A GUID in the lower-case, brace-less form slmgr accepts. */
export function activationId(text) {
  const match = GUID.exec(String(text).trim());
  if (!match) {
    throw new CommandError(`not an Activation ID (expected a GUID like ${ESU_ACTIVATION_IDS.esu1})`, 'bad_activation_id');
  }
  return match[1].toLowerCase();
}

/** The CID in `text`, or CommandError saying which groups fail. */
export function checkedCid(text) {
  const found = parseIds(text, 'cid').filter((p) => p.form === CID_48);
  if (!found.length) {
    throw new CommandError('no Confirmation ID found: expected 48 digits (8 groups of 6)', 'no_cid');
  }
  const cid = found.find((c) => c.valid) || found[0];
  if (!cid.valid) {
    const bad = cid.invalidLabels.join(', ');
    throw new CommandError(`the Confirmation ID fails its check digit in group(s) ${bad}`, 'cid_invalid', cid.invalidLabels);
  }
  return cid;
}

function officeScript(officeDir) {
  return `cscript "${officeDir}\\ospp.vbs"`;
}

function officeLoop(product) {
  return OFFICE_LOOP.replace('{versions}', OFFICE_VERSIONS[product].join(' '));
}

/** The WQL filter that selects the product's licence (docs/commands.md). */
export function wmiFilter(product, activation) {
  if (activation) return `ID = '${activation}'`;
  if (product === 'office') return `ApplicationID = '${OFFICE_APP_ID}' AND PartialProductKey IS NOT NULL`;
  if (product === 'office2010') return 'PartialProductKey IS NOT NULL';
  // LicenseIsAddon: the ESU add-on shares Windows' ApplicationID
  return `ApplicationID = '${WINDOWS_APP_ID}' AND PartialProductKey IS NOT NULL AND LicenseIsAddon = FALSE`;
}

function powershell(product, title, act, digits, key) {
  const [cls, svc] = WMI_CLASSES[product === 'office2010' ? 'office2010' : 'spp'];
  const get = `Get-CimInstance ${cls} -Filter "${wmiFilter(product, act)}"`;
  const service = `(Get-CimInstance ${svc})`;
  const apply = digits
    ? `$p = @(${get})[0]; ` +
      'Invoke-CimMethod -InputObject $p -MethodName DepositOfflineConfirmationId ' +
      `-Arguments @{InstallationId = $p.OfflineInstallationId; ConfirmationId = '${digits}'}; ` +
      `Invoke-CimMethod -InputObject ${service} -MethodName RefreshLicenseStatus; ` +
      `Get-CimInstance ${cls} -Filter "ID = '$($p.ID)'" | Format-List Name, LicenseStatus`
    : null;
  return {
    product,
    title,
    install_key: `Invoke-CimMethod -InputObject ${service} -MethodName InstallProductKey -Arguments @{ProductKey = '${key}'}`,
    show_iid: `${get} | Format-List Name, ID, OfflineInstallationId`,
    apply_cid: apply,
    status: `${get} | Format-List Name, Description, LicenseStatus`,
    activation_id: act,
    shell: 'powershell',
  };
}

/**
 * Commands for `product`; apply_cid is null until a valid CID is given.
 * Same keys as CommandSet.to_dict() in Python.  shell 'powershell' gives the
 * WMI twins that work where VBScript is off.
 */
export function buildCommands(product = 'windows', cid = null, activation = null, officeDir = null, shell = 'cmd') {
  if (!Object.hasOwn(PRODUCTS, product)) {
    throw new CommandError(`unknown product '${product}'; choose one of ${Object.keys(PRODUCTS).join(', ')}`, 'bad_product');
  }
  if (!SHELLS.includes(shell)) {
    throw new CommandError(`unknown shell '${shell}'; choose one of ${SHELLS.join(', ')}`, 'bad_shell');
  }
  const digits = cid !== null && cid !== undefined ? checkedCid(cid).forCommand() : null;
  let title = PRODUCTS[product];
  const office = Object.hasOwn(OFFICE_VERSIONS, product);
  if (office && activation) throw new CommandError('Office (ospp.vbs) takes no Activation ID', 'office_activation_id');
  let act = ESU_ACTIVATION_IDS[product] || null;
  if (activation) {
    const given = activationId(activation);
    if (act && given !== act) throw new CommandError(`${title} has its own Activation ID ${act}`, 'esu_activation_id');
    act = given;
  }
  if (activation && (product === 'windows' || product === 'server')) title = `${title} add-on`;
  const key = product.startsWith('esu') ? '<ESU MAK key>' : '<product key>';
  if (shell === 'powershell') return powershell(product, title, act, digits, key);
  if (office) {
    const script = officeDir ? officeScript(officeDir) : officeLoop(product);
    return {
      product,
      title,
      install_key: `${script} /inpkey:<product key>`,
      show_iid: `${script} /dinstid`,
      apply_cid: digits ? `${script} /actcid:${digits}` : null,
      status: `${script} /dstatus`,
      activation_id: null,
      shell: 'cmd',
    };
  }
  const suffix = act ? ` ${act}` : '';
  return {
    product,
    title,
    install_key: `${SLMGR} /ipk ${key}`,
    show_iid: `${SLMGR} /dti${suffix}`,
    apply_cid: digits ? `${SLMGR} /atp ${digits}${suffix}` : null,
    status: `${SLMGR} /dlv${suffix}`,
    activation_id: act,
    shell: 'cmd',
  };
}

// The .cmd file's messages (see activation/commands.py: CP932, chosen at run time).
export const CMD_MESSAGES = Object.freeze({
  en: {
    M_ADMIN1: 'This file must run as administrator:',
    M_ADMIN2: 'right-click it and choose Run as administrator.',
    M_APPLY: 'Applying the Confirmation ID...',
    M_OK: 'The Confirmation ID was accepted. Licence status:',
    M_SUCCESS: 'Success looks like: License Status: Licensed',
    M_FAILED: 'ACTIVATION FAILED. The error code is on a line above, 0x...',
    M_EXPLAIN: 'Type it into the error explainer of aoh-helper for the meaning and the next step.',
    M_NOOSPP: 'ospp.vbs was not found in Office14, Office15 or Office16 under either Program Files folder.',
    M_NOOSPP2: 'Use the PowerShell commands of aoh-helper instead.',
  },
  ja: {
    M_ADMIN1: 'このファイルは管理者として実行する必要があります。',
    M_ADMIN2: '右クリックして「管理者として実行」を選んでください。',
    M_APPLY: '確認 ID を適用しています...',
    M_OK: '確認 ID は受け付けられました。ライセンスの状態:',
    M_SUCCESS: '成功時の表示: ライセンスの状態: ライセンスされています',
    M_FAILED: 'ライセンス認証に失敗しました。エラー コード 0x... は上の行にあります。',
    M_EXPLAIN: 'aoh-helper のエラー説明に入力すると、意味と次の手順がわかります。',
    M_NOOSPP: 'Program Files の Office14、Office15、Office16 のどこにも ospp.vbs がありません。',
    M_NOOSPP2: 'aoh-helper の PowerShell のコマンドを使ってください。',
  },
});
const NAME_UNSAFE = /[^A-Za-z0-9._-]/g;

function safeName(computer) {
  return String(computer).trim().replace(NAME_UNSAFE, '_').slice(0, 63);
}

/** Named after the PC, so files for several PCs on one USB stick stay apart. */
export function cmdFileName(product, computer = null) {
  if (computer && String(computer).trim()) return `aoh-${safeName(computer)}-${product}.cmd`;
  return `aoh-activate-${product}.cmd`;
}

/**
 * A Windows batch file (CRLF) that applies the CID and reports the outcome.
 * options: {computer, iid, date: 'YYYY-MM-DD', lang: 'en'|'ja'}; the first
 * lines name the PC, the IID and the date.  Save it with cmdFileBytes().
 */
export function cmdFile(product, cid, activation = null, officeDir = null, options = {}) {
  const { computer = null, iid = null, date = null, lang = 'en' } = options || {};
  if (!Object.hasOwn(CMD_MESSAGES, lang)) throw new CommandError(`unknown language '${lang}'`, 'bad_lang');
  const cmds = buildCommands(product, cid, activation, officeDir);
  if (cmds.apply_cid === null) throw new CommandError('no Confirmation ID', 'no_cid');
  const lines = ['@echo off', 'rem aoh-helper: apply a Confirmation ID on an offline PC.'];
  if (computer && String(computer).trim()) lines.push(`rem PC: ${safeName(computer)}`);
  if (iid) {
    const found = parseIds(iid, 'iid');
    if (!found.length) throw new CommandError('the Installation ID for the file header is not 63 or 54 digits', 'bad_iid');
    lines.push(`rem Installation ID: ${found[0].display()}`);
  }
  if (date) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CommandError('the date must be YYYY-MM-DD', 'bad_date');
    lines.push(`rem Date: ${date}`);
  }
  lines.push(`rem Product: ${cmds.title}`, "rem Right-click this file and choose 'Run as administrator'.", 'setlocal');
  for (const [k, v] of Object.entries(CMD_MESSAGES.en)) lines.push(`set "${k}=${v}"`);
  if (lang !== 'en') {
    lines.push('chcp | find ": 932" >nul', 'if errorlevel 1 goto start');
    for (const [k, v] of Object.entries(CMD_MESSAGES[lang])) lines.push(`set "${k}=${v}"`);
    lines.push(':start');
  }
  lines.push('net session >nul 2>&1', 'if errorlevel 1 goto notadmin', 'set "LOG=%TEMP%\\aoh-helper-result.txt"');
  let applyCmd = cmds.apply_cid;
  let statusCmd = cmds.status;
  const findOspp = Object.hasOwn(OFFICE_VERSIONS, product) && !officeDir;
  if (findOspp) {
    const versions = [...OFFICE_VERSIONS[product]].reverse().join(' '); // the newest found wins
    lines.push(
      'set "OSPP="',
      `for %%V in (${versions}) do for %%G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do ` +
        'if exist "%%~G\\Microsoft Office\\Office%%V\\ospp.vbs" ' +
        'set "OSPP=%%~G\\Microsoft Office\\Office%%V\\ospp.vbs"',
      'if not defined OSPP goto noospp',
    );
    const loop = officeLoop(product);
    applyCmd = applyCmd.split(loop).join('cscript "%OSPP%"');
    statusCmd = statusCmd.split(loop).join('cscript "%OSPP%"');
  }
  applyCmd = applyCmd.replace('cscript ', 'cscript //nologo ');
  statusCmd = statusCmd.replace('cscript ', 'cscript //nologo ');
  lines.push(
    'echo %M_APPLY%',
    `${applyCmd} > "%LOG%" 2>&1`,
    'type "%LOG%"',
    'findstr /i /r /c:"0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "%LOG%" >nul',
    'if not errorlevel 1 goto failed',
    'echo.',
    'echo %M_OK%',
    statusCmd,
    'echo.',
    'echo %M_SUCCESS%',
    'del "%LOG%" >nul 2>&1',
    'goto end',
    ':failed',
    'echo.',
    'echo %M_FAILED%',
    'echo %M_EXPLAIN%',
    'del "%LOG%" >nul 2>&1',
    'goto end',
    ':notadmin',
    'echo %M_ADMIN1%',
    'echo %M_ADMIN2%',
    'goto end',
  );
  if (findOspp) lines.push(':noospp', 'echo %M_NOOSPP%', 'echo %M_NOOSPP2%', 'goto end');
  lines.push(':end', 'echo.', 'pause', 'endlocal');
  return lines.join('\r\n') + '\r\n';
}

// CP932 (Shift_JIS) bytes of every non-ASCII character the messages use:
// browsers decode CP932 but cannot encode it.  Held to Python's cp932 codec
// by the shared vectors (tests/vectors/commands.json).
const CP932_CHARS = '、。「」あいかがくけこさしすせただってでとどにのはまもらりるれわをんァイエクコスセッドフマラリルンー上付使入力功受右味失実必意態成手敗明時次状理用確示管者行表要証認説適選順';
const CP932_HEX = '814181428175817682a082a282a982aa82ad82af82b182b382b582b782b982bd82be82c182c482c582c682c782c982cc82cd82dc82e082e782e882e982ea82ed82f082f1834083438347834e83528358835a836283688374837d8389838a838b8393815b8fe395748e6793fc97cd8cf78ef3894596a18eb88ec0954b88d391d490ac8ee8947396be8e9e8e9f8ff3979d97708a6d8ea68ac78ed28d73955c97768fd8944690e0934b91498f87';

/**
 * The .cmd file's bytes: ASCII for English, CP932 for Japanese (what a
 * Japanese console reads).  Save these, not the string: a UTF-8 Blob would
 * show mojibake.  Throws for a character with no known encoding.
 */
export function cmdFileBytes(text, lang = 'en') {
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const at = lang === 'ja' ? CP932_CHARS.indexOf(ch) : -1;
    if (at < 0) throw new CommandError(`cannot write '${ch}' into the .cmd file`, 'bad_char');
    out.push(parseInt(CP932_HEX.slice(at * 4, at * 4 + 2), 16), parseInt(CP932_HEX.slice(at * 4 + 2, at * 4 + 4), 16));
  }
  return new Uint8Array(out);
}
