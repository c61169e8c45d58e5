"""The commands the user runs on the offline PC, built from a checked CID.

Why here: the CLI, the server and (through the shared test vectors) the
browser must print exactly the same commands; docs/commands.md is their source.
A command is only ever built from a CID whose every check digit holds.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .ids import CID_48, ParsedId, parse_ids

SLMGR = r"cscript %WinDir%\system32\slmgr.vbs"
SHELLS: tuple[str, ...] = ("cmd", "powershell")
# Where ospp.vbs lives (docs/commands.md): Office14 (2010), Office15 (2013),
# Office16 (2016 and later, Click-to-Run volume too), 64-bit and 32-bit folders.
PROGRAM_FILES: tuple[str, ...] = ("%ProgramFiles%", "%ProgramFiles(x86)%")
OFFICE_VERSIONS: dict[str, tuple[str, ...]] = {"office": ("16", "15", "14"), "office2010": ("14",)}
# One interactive command line that runs ospp.vbs wherever it is found.
# %V and %G: for-variables that are no path modifier letters (d p n x s a f t z).
OFFICE_LOOP = (
    'for %V in ({versions}) do @for %G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do '
    '@if exist "%~G\\Microsoft Office\\Office%V\\ospp.vbs" cscript "%~G\\Microsoft Office\\Office%V\\ospp.vbs"'
)
# The Software Protection WMI provider (learn.microsoft.com, SoftwareLicensingProduct class)
WINDOWS_APP_ID = "55c92734-d682-4d71-983e-d6ec3f16059f"
OFFICE_APP_ID = "0ff1ce15-a989-479d-af46-f275c6370663"
WMI_CLASSES: dict[str, tuple[str, str]] = {  # product class, service class
    "spp": ("SoftwareLicensingProduct", "SoftwareLicensingService"),
    "office2010": ("OfficeSoftwareProtectionProduct", "OfficeSoftwareProtectionService"),
}

# learn.microsoft.com, "Enable Extended Security Updates" (docs/commands.md)
ESU_ACTIVATION_IDS: dict[str, str] = {
    "esu1": "f520e45e-7413-4a34-a497-d2765967d094",
    "esu2": "1043add5-23b1-4afb-9a0f-64343c8f3f8d",
    "esu3": "83d49986-add3-41d7-ba33-87c7bfb5c0fb",
}
PRODUCTS: dict[str, str] = {
    "windows": "Windows",
    "server": "Windows Server",
    "esu1": "Windows 10 ESU year 1",
    "esu2": "Windows 10 ESU year 2",
    "esu3": "Windows 10 ESU year 3",
    "office": "Office",
    "office2010": "Office 2010",
}
_GUID = re.compile(
    r"^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$",
    re.IGNORECASE,
)


class CommandError(ValueError):
    """Input from which no safe command can be built; the message says why."""


def activation_id(text: str) -> str:
    """A GUID in the lower-case, brace-less form slmgr accepts."""
    match = _GUID.match(text.strip())
    if not match:
        raise CommandError(f"not an Activation ID (expected a GUID like {ESU_ACTIVATION_IDS['esu1']})")
    return match.group(1).lower()


def checked_cid(text: str) -> ParsedId:
    """The CID in ``text``, or CommandError saying which groups fail."""
    found = [p for p in parse_ids(text, kind="cid") if p.form is CID_48]
    if not found:
        raise CommandError("no Confirmation ID found: expected 48 digits (8 groups of 6)")
    cid = next((c for c in found if c.valid), found[0])
    if not cid.valid:
        bad = ", ".join(cid.invalid_labels)
        raise CommandError(f"the Confirmation ID fails its check digit in group(s) {bad}")
    return cid


@dataclass(frozen=True)
class CommandSet:
    """Everything to run on the PC for one product, in order, in one shell."""

    product: str
    title: str
    install_key: str
    show_iid: str
    apply_cid: str | None
    status: str
    activation_id: str | None = None
    shell: str = "cmd"

    def to_dict(self) -> dict:
        return asdict(self)


def _office_script(office_dir: str) -> str:
    return rf'cscript "{office_dir}\ospp.vbs"'


def _office_loop(product: str) -> str:
    return OFFICE_LOOP.replace("{versions}", " ".join(OFFICE_VERSIONS[product]))


def wmi_filter(product: str, activation: str | None) -> str:
    """The WQL filter that selects the product's licence (docs/commands.md)."""
    if activation:
        return f"ID = '{activation}'"
    if product == "office":
        return f"ApplicationID = '{OFFICE_APP_ID}' AND PartialProductKey IS NOT NULL"
    if product == "office2010":
        return "PartialProductKey IS NOT NULL"
    # LicenseIsAddon: the ESU add-on shares Windows' ApplicationID
    return f"ApplicationID = '{WINDOWS_APP_ID}' AND PartialProductKey IS NOT NULL AND LicenseIsAddon = FALSE"


def _powershell(product: str, title: str, act: str | None, digits: str | None, key: str) -> CommandSet:
    """The twins that need no VBScript: the WMI calls slmgr.vbs and ospp.vbs make."""
    cls, svc = WMI_CLASSES["office2010" if product == "office2010" else "spp"]
    get = f'Get-CimInstance {cls} -Filter "{wmi_filter(product, act)}"'
    service = f"(Get-CimInstance {svc})"
    apply = None
    if digits:
        apply = (
            f"$p = @({get})[0]; "
            "Invoke-CimMethod -InputObject $p -MethodName DepositOfflineConfirmationId "
            f"-Arguments @{{InstallationId = $p.OfflineInstallationId; ConfirmationId = '{digits}'}}; "
            f"Invoke-CimMethod -InputObject {service} -MethodName RefreshLicenseStatus; "
            f"Get-CimInstance {cls} -Filter \"ID = '$($p.ID)'\" | Format-List Name, LicenseStatus"
        )
    return CommandSet(
        product=product,
        title=title,
        install_key=(
            f"Invoke-CimMethod -InputObject {service} -MethodName InstallProductKey "
            f"-Arguments @{{ProductKey = '{key}'}}"
        ),
        show_iid=f"{get} | Format-List Name, ID, OfflineInstallationId",
        apply_cid=apply,
        status=f"{get} | Format-List Name, Description, LicenseStatus",
        activation_id=act,
        shell="powershell",
    )


def build_commands(
    product: str = "windows",
    cid: str | None = None,
    activation: str | None = None,
    office_dir: str | None = None,
    shell: str = "cmd",
) -> CommandSet:
    """Commands for ``product``; ``apply_cid`` is None until a valid CID is given.

    ``activation`` (a GUID) targets an add-on licence; the ESU products carry
    their own.  It is refused for Office, whose ospp.vbs takes no such ID.
    ``shell`` "powershell" gives the WMI twins that work where VBScript is off.
    """
    if product not in PRODUCTS:
        raise CommandError(f"unknown product {product!r}; choose one of {', '.join(PRODUCTS)}")
    if shell not in SHELLS:
        raise CommandError(f"unknown shell {shell!r}; choose one of {', '.join(SHELLS)}")
    digits = checked_cid(cid).for_command() if cid is not None else None
    title = PRODUCTS[product]
    office = product in OFFICE_VERSIONS
    if office and activation:
        raise CommandError("Office (ospp.vbs) takes no Activation ID")
    act = ESU_ACTIVATION_IDS.get(product)
    if activation:
        given = activation_id(activation)
        if act and given != act:
            raise CommandError(f"{title} has its own Activation ID {act}")
        act = given
    if activation and product in ("windows", "server"):
        title = f"{title} add-on"
    key = "<ESU MAK key>" if product.startswith("esu") else "<product key>"
    if shell == "powershell":
        return _powershell(product, title, act, digits, key)
    if office:
        script = _office_script(office_dir) if office_dir else _office_loop(product)
        return CommandSet(
            product=product,
            title=title,
            install_key=f"{script} /inpkey:<product key>",
            show_iid=f"{script} /dinstid",
            apply_cid=f"{script} /actcid:{digits}" if digits else None,
            status=f"{script} /dstatus",
        )
    suffix = f" {act}" if act else ""
    return CommandSet(
        product=product,
        title=title,
        install_key=f"{SLMGR} /ipk {key}",
        show_iid=f"{SLMGR} /dti{suffix}",
        apply_cid=f"{SLMGR} /atp {digits}{suffix}" if digits else None,
        status=f"{SLMGR} /dlv{suffix}",
        activation_id=act,
    )


# The .cmd file's messages.  Japanese ones are written in CP932, the code page
# of a Japanese console, and chosen at run time only when the console uses it
# (``chcp`` says 932), so an English console never shows mojibake.  No message
# may hold a character cmd treats specially (tests check the encoded bytes).
CMD_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "M_ADMIN1": "This file must run as administrator:",
        "M_ADMIN2": "right-click it and choose Run as administrator.",
        "M_APPLY": "Applying the Confirmation ID...",
        "M_OK": "The Confirmation ID was accepted. Licence status:",
        "M_SUCCESS": "Success looks like: License Status: Licensed",
        "M_FAILED": "ACTIVATION FAILED. The error code is on a line above, 0x...",
        "M_EXPLAIN": "Type it into the error explainer of aoh-helper for the meaning and the next step.",
        "M_NOOSPP": "ospp.vbs was not found in Office14, Office15 or Office16 under either Program Files folder.",
        "M_NOOSPP2": "Use the PowerShell commands of aoh-helper instead.",
    },
    "ja": {
        "M_ADMIN1": "このファイルは管理者として実行する必要があります。",
        "M_ADMIN2": "右クリックして「管理者として実行」を選んでください。",
        "M_APPLY": "確認 ID を適用しています...",
        "M_OK": "確認 ID は受け付けられました。ライセンスの状態:",
        "M_SUCCESS": "成功時の表示: ライセンスの状態: ライセンスされています",
        "M_FAILED": "ライセンス認証に失敗しました。エラー コード 0x... は上の行にあります。",
        "M_EXPLAIN": "aoh-helper のエラー説明に入力すると、意味と次の手順がわかります。",
        "M_NOOSPP": "Program Files の Office14、Office15、Office16 のどこにも ospp.vbs がありません。",
        "M_NOOSPP2": "aoh-helper の PowerShell のコマンドを使ってください。",
    },
}
CMD_LANGS: tuple[str, ...] = tuple(CMD_MESSAGES)
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _safe_name(computer: str) -> str:
    """A PC name as it may stand in a rem line or a file name: ASCII letters, digits, . _ -."""
    return _NAME_UNSAFE.sub("_", computer.strip())[:63]


def cmd_file_name(product: str, computer: str | None = None) -> str:
    """Named after the PC, so files for several PCs on one USB stick stay apart."""
    if computer and computer.strip():
        return f"aoh-{_safe_name(computer)}-{product}.cmd"
    return f"aoh-activate-{product}.cmd"


def cmd_file(
    product: str,
    cid: str,
    activation: str | None = None,
    office_dir: str | None = None,
    *,
    computer: str | None = None,
    iid: str | None = None,
    date: str | None = None,
    lang: str = "en",
) -> str:
    """A Windows batch file (CRLF) that applies the CID and reports the outcome.

    Why: the command can travel to the offline PC on a USB stick, with no
    typing at all; the file checks for elevation, shows the tool's output,
    names the error code if there is one, shows the licence status and
    waits for a key so the window does not vanish.  Its first lines name the
    PC, the IID and the date, so files for several PCs cannot be mixed up.
    Encode it with ``cmd_file_bytes`` (CP932 for Japanese).
    """
    if lang not in CMD_MESSAGES:
        raise CommandError(f"unknown language {lang!r}; choose one of {', '.join(CMD_LANGS)}")
    cmds = build_commands(product, cid, activation, office_dir)
    assert cmds.apply_cid is not None
    lines = ["@echo off", "rem aoh-helper: apply a Confirmation ID on an offline PC."]
    if computer and computer.strip():
        lines.append(f"rem PC: {_safe_name(computer)}")
    if iid:
        found = parse_ids(iid, kind="iid")
        if not found:
            raise CommandError("the Installation ID for the file header is not 63 or 54 digits")
        lines.append(f"rem Installation ID: {found[0].display()}")
    if date:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise CommandError("the date must be YYYY-MM-DD")
        lines.append(f"rem Date: {date}")
    lines += [
        f"rem Product: {cmds.title}",
        "rem Right-click this file and choose 'Run as administrator'.",
        "setlocal",
    ]
    lines += [f'set "{k}={v}"' for k, v in CMD_MESSAGES["en"].items()]
    if lang != "en":
        lines += ['chcp | find ": 932" >nul', "if errorlevel 1 goto start"]
        lines += [f'set "{k}={v}"' for k, v in CMD_MESSAGES[lang].items()]
        lines.append(":start")
    lines += [
        "net session >nul 2>&1",
        "if errorlevel 1 goto notadmin",
        'set "LOG=%TEMP%\\aoh-helper-result.txt"',
    ]
    apply_cmd, status_cmd = cmds.apply_cid, cmds.status
    find_ospp = product in OFFICE_VERSIONS and office_dir is None
    if find_ospp:
        versions = " ".join(reversed(OFFICE_VERSIONS[product]))  # the newest found wins
        lines += [
            'set "OSPP="',
            "for %%V in (" + versions + ') do for %%G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do '
            'if exist "%%~G\\Microsoft Office\\Office%%V\\ospp.vbs" '
            'set "OSPP=%%~G\\Microsoft Office\\Office%%V\\ospp.vbs"',
            "if not defined OSPP goto noospp",
        ]
        loop = _office_loop(product)
        apply_cmd = apply_cmd.replace(loop, 'cscript "%OSPP%"')
        status_cmd = status_cmd.replace(loop, 'cscript "%OSPP%"')
    apply_cmd = apply_cmd.replace("cscript ", "cscript //nologo ", 1)
    status_cmd = status_cmd.replace("cscript ", "cscript //nologo ", 1)
    lines += [
        "echo %M_APPLY%",
        f'{apply_cmd} > "%LOG%" 2>&1',
        'type "%LOG%"',
        'findstr /i /r /c:"0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "%LOG%" >nul',
        "if not errorlevel 1 goto failed",
        "echo.",
        "echo %M_OK%",
        status_cmd,
        "echo.",
        "echo %M_SUCCESS%",
        'del "%LOG%" >nul 2>&1',
        "goto end",
        ":failed",
        "echo.",
        "echo %M_FAILED%",
        "echo %M_EXPLAIN%",
        'del "%LOG%" >nul 2>&1',
        "goto end",
        ":notadmin",
        "echo %M_ADMIN1%",
        "echo %M_ADMIN2%",
        "goto end",
    ]
    if find_ospp:
        lines += [":noospp", "echo %M_NOOSPP%", "echo %M_NOOSPP2%", "goto end"]
    lines += [":end", "echo.", "pause", "endlocal"]
    return "\r\n".join(lines) + "\r\n"


def cmd_file_bytes(text: str, lang: str = "en") -> bytes:
    """The file's bytes: ASCII, or CP932 (Shift_JIS) so a Japanese console reads it."""
    return text.encode("cp932" if lang == "ja" else "ascii")
