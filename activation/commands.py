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
OFFICE_DIR = r"%ProgramFiles%\Microsoft Office\Office16"
OFFICE_DIR_X86 = r"%ProgramFiles(x86)%\Microsoft Office\Office16"

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
    """Everything to run on the PC for one product, in order."""

    product: str
    title: str
    install_key: str
    show_iid: str
    apply_cid: str | None
    status: str
    activation_id: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _office_script(office_dir: str | None) -> str:
    return rf'cscript "{office_dir or OFFICE_DIR}\ospp.vbs"'


def build_commands(
    product: str = "windows",
    cid: str | None = None,
    activation: str | None = None,
    office_dir: str | None = None,
) -> CommandSet:
    """Commands for ``product``; ``apply_cid`` is None until a valid CID is given.

    ``activation`` (a GUID) targets an add-on licence; the ESU products carry
    their own.  It is refused for Office, whose ospp.vbs takes no such ID.
    """
    if product not in PRODUCTS:
        raise CommandError(f"unknown product {product!r}; choose one of {', '.join(PRODUCTS)}")
    digits = checked_cid(cid).for_command() if cid is not None else None
    title = PRODUCTS[product]
    if product == "office":
        if activation:
            raise CommandError("Office (ospp.vbs) takes no Activation ID")
        script = _office_script(office_dir)
        return CommandSet(
            product=product,
            title=title,
            install_key=f"{script} /inpkey:<product key>",
            show_iid=f"{script} /dinstid",
            apply_cid=f"{script} /actcid:{digits}" if digits else None,
            status=f"{script} /dstatus",
        )
    act = ESU_ACTIVATION_IDS.get(product)
    if activation:
        given = activation_id(activation)
        if act and given != act:
            raise CommandError(f"{title} has its own Activation ID {act}")
        act = given
    suffix = f" {act}" if act else ""
    key = "<ESU MAK key>" if product.startswith("esu") else "<product key>"
    return CommandSet(
        product=product,
        title=title if not (activation and product in ("windows", "server")) else f"{title} add-on",
        install_key=f"{SLMGR} /ipk {key}",
        show_iid=f"{SLMGR} /dti{suffix}",
        apply_cid=f"{SLMGR} /atp {digits}{suffix}" if digits else None,
        status=f"{SLMGR} /dlv{suffix}",
        activation_id=act,
    )


def cmd_file(
    product: str,
    cid: str,
    activation: str | None = None,
    office_dir: str | None = None,
) -> str:
    """A Windows batch file (CRLF) that applies the CID and reports the outcome.

    Why: the command can travel to the offline PC on a USB stick, with no
    typing at all; the file checks for elevation, shows the tool's output,
    names the error code if there is one, shows the licence status and
    waits for a key so the window does not vanish.
    """
    cmds = build_commands(product, cid, activation, office_dir)
    assert cmds.apply_cid is not None
    lines = [
        "@echo off",
        "rem aoh-helper: apply a Confirmation ID on an offline PC.",
        f"rem Product: {cmds.title}",
        "rem Right-click this file and choose 'Run as administrator'.",
        "setlocal",
        "net session >nul 2>&1",
        "if errorlevel 1 goto notadmin",
        'set "LOG=%TEMP%\\aoh-helper-result.txt"',
    ]
    apply_cmd, status_cmd = cmds.apply_cid, cmds.status
    if product == "office" and office_dir is None:
        lines += [
            f'set "OSPP={OFFICE_DIR}\\ospp.vbs"',
            f'if not exist "%OSPP%" set "OSPP={OFFICE_DIR_X86}\\ospp.vbs"',
            'if not exist "%OSPP%" goto noospp',
        ]
        script = _office_script(None)
        apply_cmd = apply_cmd.replace(script, 'cscript "%OSPP%"')
        status_cmd = status_cmd.replace(script, 'cscript "%OSPP%"')
    apply_cmd = apply_cmd.replace("cscript ", "cscript //nologo ", 1)
    status_cmd = status_cmd.replace("cscript ", "cscript //nologo ", 1)
    lines += [
        "echo Applying the Confirmation ID...",
        f'{apply_cmd} > "%LOG%" 2>&1',
        'type "%LOG%"',
        'findstr /i /r /c:"0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "%LOG%" >nul',
        "if not errorlevel 1 goto failed",
        "echo.",
        "echo The Confirmation ID was accepted. Licence status:",
        status_cmd,
        "echo.",
        "echo Success looks like: License Status: Licensed",
        'del "%LOG%" >nul 2>&1',
        "goto end",
        ":failed",
        "echo.",
        "echo ACTIVATION FAILED. The error code is on the line above (0x...).",
        "echo Type it into aoh-helper's error explainer for the meaning and next step.",
        'del "%LOG%" >nul 2>&1',
        "goto end",
        ":notadmin",
        "echo This file must run as administrator:",
        "echo right-click it and choose 'Run as administrator'.",
        "goto end",
    ]
    if product == "office" and office_dir is None:
        lines += [
            ":noospp",
            "echo ospp.vbs was not found in the Office16 folder.",
            "echo Open the folder of your Office version and run the commands from aoh-helper.",
            "goto end",
        ]
    lines += [":end", "echo.", "pause", "endlocal"]
    return "\r\n".join(lines) + "\r\n"
