/**
 * The commands the user runs on the offline PC: a faithful port of
 * activation/commands.py, held to the same vectors (tests/js/commands.test.mjs).
 *
 * Why in the browser: the result step must work offline.  A command is only
 * ever built from a CID whose every check digit holds.
 */
import { CID_48, parseIds } from './ids.js';

export const SLMGR = 'cscript %WinDir%\\system32\\slmgr.vbs';
export const OFFICE_DIR = '%ProgramFiles%\\Microsoft Office\\Office16';
export const OFFICE_DIR_X86 = '%ProgramFiles(x86)%\\Microsoft Office\\Office16';

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
  return `cscript "${officeDir || OFFICE_DIR}\\ospp.vbs"`;
}

/**
 * Commands for `product`; apply_cid is null until a valid CID is given.
 * Same keys as CommandSet.to_dict() in Python.
 */
export function buildCommands(product = 'windows', cid = null, activation = null, officeDir = null) {
  if (!Object.hasOwn(PRODUCTS, product)) {
    throw new CommandError(`unknown product '${product}'; choose one of ${Object.keys(PRODUCTS).join(', ')}`, 'bad_product');
  }
  const digits = cid !== null && cid !== undefined ? checkedCid(cid).forCommand() : null;
  const title = PRODUCTS[product];
  if (product === 'office') {
    if (activation) throw new CommandError('Office (ospp.vbs) takes no Activation ID', 'office_activation_id');
    const script = officeScript(officeDir);
    return {
      product,
      title,
      install_key: `${script} /inpkey:<product key>`,
      show_iid: `${script} /dinstid`,
      apply_cid: digits ? `${script} /actcid:${digits}` : null,
      status: `${script} /dstatus`,
      activation_id: null,
    };
  }
  let act = ESU_ACTIVATION_IDS[product] || null;
  if (activation) {
    const given = activationId(activation);
    if (act && given !== act) throw new CommandError(`${title} has its own Activation ID ${act}`, 'esu_activation_id');
    act = given;
  }
  const suffix = act ? ` ${act}` : '';
  const key = product.startsWith('esu') ? '<ESU MAK key>' : '<product key>';
  return {
    product,
    title: activation && (product === 'windows' || product === 'server') ? `${title} add-on` : title,
    install_key: `${SLMGR} /ipk ${key}`,
    show_iid: `${SLMGR} /dti${suffix}`,
    apply_cid: digits ? `${SLMGR} /atp ${digits}${suffix}` : null,
    status: `${SLMGR} /dlv${suffix}`,
    activation_id: act,
  };
}

/** A Windows batch file (CRLF) that applies the CID and reports the outcome. */
export function cmdFile(product, cid, activation = null, officeDir = null) {
  const cmds = buildCommands(product, cid, activation, officeDir);
  if (cmds.apply_cid === null) throw new CommandError('no Confirmation ID', 'no_cid');
  const lines = [
    '@echo off',
    'rem aoh-helper: apply a Confirmation ID on an offline PC.',
    `rem Product: ${cmds.title}`,
    "rem Right-click this file and choose 'Run as administrator'.",
    'setlocal',
    'net session >nul 2>&1',
    'if errorlevel 1 goto notadmin',
    'set "LOG=%TEMP%\\aoh-helper-result.txt"',
  ];
  let applyCmd = cmds.apply_cid;
  let statusCmd = cmds.status;
  const findOspp = product === 'office' && !officeDir;
  if (findOspp) {
    lines.push(
      `set "OSPP=${OFFICE_DIR}\\ospp.vbs"`,
      `if not exist "%OSPP%" set "OSPP=${OFFICE_DIR_X86}\\ospp.vbs"`,
      'if not exist "%OSPP%" goto noospp',
    );
    const script = officeScript(null);
    applyCmd = applyCmd.split(script).join('cscript "%OSPP%"');
    statusCmd = statusCmd.split(script).join('cscript "%OSPP%"');
  }
  applyCmd = applyCmd.replace('cscript ', 'cscript //nologo ');
  statusCmd = statusCmd.replace('cscript ', 'cscript //nologo ');
  lines.push(
    'echo Applying the Confirmation ID...',
    `${applyCmd} > "%LOG%" 2>&1`,
    'type "%LOG%"',
    'findstr /i /r /c:"0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "%LOG%" >nul',
    'if not errorlevel 1 goto failed',
    'echo.',
    'echo The Confirmation ID was accepted. Licence status:',
    statusCmd,
    'echo.',
    'echo Success looks like: License Status: Licensed',
    'del "%LOG%" >nul 2>&1',
    'goto end',
    ':failed',
    'echo.',
    'echo ACTIVATION FAILED. The error code is on the line above (0x...).',
    "echo Type it into aoh-helper's error explainer for the meaning and next step.",
    'del "%LOG%" >nul 2>&1',
    'goto end',
    ':notadmin',
    'echo This file must run as administrator:',
    "echo right-click it and choose 'Run as administrator'.",
    'goto end',
  );
  if (findOspp) {
    lines.push(
      ':noospp',
      'echo ospp.vbs was not found in the Office16 folder.',
      'echo Open the folder of your Office version and run the commands from aoh-helper.',
      'goto end',
    );
  }
  lines.push(':end', 'echo.', 'pause', 'endlocal');
  return lines.join('\r\n') + '\r\n';
}

export function cmdFileName(product) {
  return `aoh-activate-${product}.cmd`;
}
