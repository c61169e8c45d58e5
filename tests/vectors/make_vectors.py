"""Write ``tests/vectors/ids.json``: the test vectors both Python and JS must pass.

Why a generator that never calls the code under test: every expected value is
derived here, from the facts, with code of its own.  The IDs from the check
digit rule (``_check``); the commands from the command table (``PRODUCTS``,
``TOOL_COMMANDS``, ``CMD_FILE_LINES``); the error codes from the error table
(``ERROR_FACTS``).  So a wrong check digit, command or error meaning in
``activation/`` or ``static/js/`` fails, and regenerating the file cannot make
it pass.  Run ``python -m tests.vectors.make_vectors`` after changing this
file (a test keeps ids.json equal to what it builds) and review the diff.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).with_name("ids.json")

# Public samples (docs/ids.md)
PUBLIC = [
    (
        "iid63 Windows Server 2025 (published slmgr /dlv)",
        "iid",
        "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604",
    ),
    (
        "iid63 Windows 11 build 26200",
        "iid",
        "4891263 4325701 2289105 5465220 8520533 2958764 1588510 1112713 9061121",
    ),
    ("iid54 Office KMS host", "iid", "020650 770493 837252 929082 195773 527024 195725 809211 989214"),
    (
        "iid54 Windows XP (UniXPActivate README)",
        "iid",
        "070846 984606 199354 110900 862045 444713 121295 109842 549701",
    ),
    ("cid42 Windows XP (UniXPActivate README)", "cid", "204455 473963 727110 378854 169136 901266 745572"),
]
LABELS = {63: "123456789", 54: "123456789", 48: "ABCDEFGH", 42: "ABCDEFG"}
SIZES = {63: 7, 54: 6, 48: 6, 42: 6}


def _check(group: str) -> bool:
    """The rule, written out again on purpose (see module docstring)."""
    body, last = group[:-1], int(group[-1])
    total = 0
    for i, ch in enumerate(body):
        total += int(ch) if i % 2 == 0 else 2 * int(ch)
    return total % 7 == last


def _groups(digits: str) -> list[str]:
    n = SIZES[len(digits)]
    return [digits[i : i + n] for i in range(0, len(digits), n)]


def _bad_labels(digits: str) -> list[str]:
    return [LABELS[len(digits)][i] for i, g in enumerate(_groups(digits)) if not _check(g)]


def _make_group(rng: random.Random, size: int, pattern: str | None = None) -> str:
    while True:
        body = pattern or "".join(rng.choice("0123456789") for _ in range(size - 1))
        for last in "0123456":
            if _check(body + last):
                return body + last
        pattern = None  # cannot happen: one of 0..6 always fits


def _make_id(rng: random.Random, length: int, patterns: dict[int, str] | None = None) -> str:
    size = SIZES[length]
    n = length // size
    return "".join(_make_group(rng, size, (patterns or {}).get(i)) for i in range(n))


def build() -> dict:
    rng = random.Random(20251201)
    ids = []
    for name, kind, text in PUBLIC:
        digits = text.replace(" ", "")
        ids.append(
            {
                "name": name,
                "kind": kind,
                "digits": digits,
                "source": "public sample (docs/ids.md)",
                "valid": not _bad_labels(digits),
                "invalid_groups": _bad_labels(digits),
            }
        )
    synthetic = [
        ("iid63 synthetic", 63, None),
        ("iid63 synthetic repeated digits", 63, {0: "999999", 4: "000000", 8: "111111"}),
        ("iid54 synthetic", 54, None),
        ("cid48 synthetic", 48, None),
        ("cid48 synthetic", 48, None),
        ("cid48 synthetic repeated digits", 48, {0: "99999", 3: "00000", 7: "77777"}),
    ]
    for name, length, patterns in synthetic:
        digits = _make_id(rng, length, patterns)
        kind = "iid" if length in (63, 54) else "cid"
        ids.append(
            {
                "name": name,
                "kind": kind,
                "digits": digits,
                "source": "synthetic",
                "valid": True,
                "invalid_groups": [],
            }
        )

    iid63, iid54 = ids[0]["digits"], ids[2]["digits"]
    cid48 = next(i["digits"] for i in ids if i["name"] == "cid48 synthetic")
    cid48b = [i["digits"] for i in ids if i["name"] == "cid48 synthetic"][1]

    substitutions = []
    for base in (iid63, iid54, cid48):
        for pos, old in enumerate(base):
            for new in "0123456789":
                if new == old:
                    continue
                digits = base[:pos] + new + base[pos + 1 :]
                substitutions.append(
                    {"digits": digits, "position": pos, "invalid_groups": _bad_labels(digits)}
                )
    transpositions = []
    for base in (iid63, cid48):
        for pos in range(len(base) - 1):
            if base[pos] == base[pos + 1]:
                continue
            digits = base[:pos] + base[pos + 1] + base[pos] + base[pos + 2 :]
            transpositions.append({"digits": digits, "position": pos, "invalid_groups": _bad_labels(digits)})

    def expect(*pairs: tuple[str, str]) -> list[dict]:
        return [
            {"kind": k, "digits": d, "valid": not _bad_labels(d), "invalid_groups": _bad_labels(d)}
            for k, d in pairs
        ]

    g, c = _groups(iid63), _groups(cid48)
    fw = str.maketrans("0123456789 ", "０１２３４５６７８９\u3000")
    typo = iid63[:10] + str((int(iid63[10]) + 1) % 10) + iid63[11:]
    parse = [
        {"name": "plain digits", "text": iid63, "expected": expect(("iid", iid63))},
        {"name": "spaces", "text": " ".join(g), "expected": expect(("iid", iid63))},
        {"name": "dashes", "text": "-".join(g), "expected": expect(("iid", iid63))},
        {"name": "English label", "text": f"Installation ID: {iid63}", "expected": expect(("iid", iid63))},
        {"name": "Japanese label", "text": f"インストール ID: {iid63}", "expected": expect(("iid", iid63))},
        {
            "name": "full-width digits",
            "text": ("インストール ID: " + " ".join(g)).translate(fw),
            "expected": expect(("iid", iid63)),
        },
        {
            "name": "wrapped over two lines",
            "text": f"Installation ID:\n{iid63[:40]}\n{iid63[40:]}\n",
            "expected": expect(("iid", iid63)),
        },
        {
            "name": "slmgr /dti output",
            "text": "Microsoft (R) Windows Script Host Version 5.812\r\n"
            "Copyright (C) Microsoft Corporation. All rights reserved.\r\n\r\n"
            f"Installation ID: {iid63}\r\n",
            "expected": expect(("iid", iid63)),
        },
        {
            "name": "/dlv with two licences",
            "text": "Name: Windows(R), Professional edition\nActivation ID: 2de67392-b7a7-462a-b1ca-108dd189f588\n"
            "Extended PID: 03612-03308-000-000000-03-1041-26100.0000-2652025\n"
            f"Installation ID: {iid63}\nRemaining Windows rearm count: 1001\n\n"
            "Name: Windows(R), Client-ESU-Year1 add-on\n"
            f"Installation ID: {ids[1]['digits']}\n",
            "expected": expect(("iid", iid63), ("iid", ids[1]["digits"])),
        },
        {
            "name": "54-digit grid with numbered groups",
            "text": "\n".join(f"{i + 1}: {grp}" for i, grp in enumerate(_groups(iid54))),
            "expected": expect(("iid", iid54)),
        },
        {"name": "one wrong digit", "text": " ".join(_groups(typo)), "expected": expect(("iid", typo))},
        {"name": "CID digits only", "text": cid48, "expected": expect(("cid", cid48))},
        {
            "name": "CID portal card copy",
            "text": "A B C D E\n" + " ".join(c[:5]) + "\nF G H\n" + " ".join(c[5:]),
            "expected": expect(("cid", cid48)),
        },
        {
            "name": "CID with letters",
            "text": " ".join(f"{'ABCDEFGH'[i]}: {grp}" for i, grp in enumerate(c)),
            "expected": expect(("cid", cid48)),
        },
        {"name": "CID with dashes", "text": "-".join(c), "expected": expect(("cid", cid48))},
        {"name": "CID full-width", "text": " ".join(c).translate(fw), "expected": expect(("cid", cid48))},
        {
            "name": "two CIDs",
            "text": f"{cid48}\n\nnext: {cid48b}",
            "expected": expect(("cid", cid48), ("cid", cid48b)),
        },
        {"name": "nonsense", "text": "hello 12345 world", "expected": []},
        {"name": "empty", "text": "", "expected": []},
        {"name": "too short", "text": " ".join(g[:8]), "expected": []},
        {
            "name": "valid IID glued to other digits",
            "text": f"26200 {' '.join(g)} 1001",
            "expected": expect(("iid", iid63)),
        },
    ]

    corrections = []
    for grp in ("0332551", "9038500", "123456", "999999", "000007"):
        fixes = []
        for pos, old in enumerate(grp):
            for new in "0123456789":
                if new != old and _check(grp[:pos] + new + grp[pos + 1 :]):
                    fixes.append(grp[:pos] + new + grp[pos + 1 :])
        corrections.append({"group": grp, "valid": _check(grp), "corrections": fixes})

    check_digit = []
    for size in (6, 7):
        for _ in range(20):
            body = "".join(rng.choice("0123456789") for _ in range(size - 1))
            check_digit.append({"body": body, "check": next(d for d in range(7) if _check(body + str(d)))})

    return {
        "about": "Shared test vectors for activation/ids.py, commands.py, explain.py and static/js, "
        "derived from the facts by tests/vectors/make_vectors.py (never from the code under test).",
        "check_digit": check_digit,
        "ids": ids,
        "substitutions": substitutions,
        "transpositions": transpositions,
        "parse": parse,
        "corrections": corrections,
        "commands": _command_vectors(cid48),
        "errors": _error_vectors(),
        "error_meanings": _error_meanings(),
    }


# ---------------------------------------------------------------------------
# Commands.  Written out from the facts (docs/commands.md; Microsoft's slmgr.vbs
# and ospp.vbs documentation, learn.microsoft.com "Enable Extended Security
# Updates"), NOT by calling activation.commands: a wrong command string in
# Python or JS then fails the vectors.  To add a command (e.g. a PowerShell
# twin), add its field to TOOL_COMMANDS and, for the .cmd file, its line to
# CMD_FILE_LINES.
# ---------------------------------------------------------------------------

SLMGR = r"cscript %WinDir%\system32\slmgr.vbs"
# ospp.vbs: Office14 (2010), Office15 (2013), Office16 (2016 and later) under both
# Program Files folders; the command tries each (newest first), the .cmd file
# keeps the newest it finds.
OFFICE_LOOP = (
    'for %V in ({versions}) do @for %G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do '
    r'@if exist "%~G\Microsoft Office\Office%V\ospp.vbs" cscript "%~G\Microsoft Office\Office%V\ospp.vbs"'
)
OFFICE_LOOKUP = (
    'for %%V in ({versions}) do for %%G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do '
    r'if exist "%%~G\Microsoft Office\Office%%V\ospp.vbs" set "OSPP=%%~G\Microsoft Office\Office%%V\ospp.vbs"'
)
ESU_ACTIVATION_IDS = {
    "esu1": "f520e45e-7413-4a34-a497-d2765967d094",
    "esu2": "1043add5-23b1-4afb-9a0f-64343c8f3f8d",
    "esu3": "83d49986-add3-41d7-ba33-87c7bfb5c0fb",
}
# The Software Protection WMI provider (learn.microsoft.com, SoftwareLicensingProduct class)
WINDOWS_APP = "55c92734-d682-4d71-983e-d6ec3f16059f"
OFFICE_APP = "0ff1ce15-a989-479d-af46-f275c6370663"


@dataclass(frozen=True)
class Product:
    title: str
    tool: str  # a key of TOOL_COMMANDS
    key: str  # the placeholder shown in the install-key command
    activation_id: str | None = None
    office_versions: str = ""  # for ospp: the OfficeNN folders to try, newest first
    wmi: tuple[str, str, str] = (
        "SoftwareLicensingProduct",
        "SoftwareLicensingService",
        f"ApplicationID = '{WINDOWS_APP}' AND PartialProductKey IS NOT NULL AND LicenseIsAddon = FALSE",
    )


OFFICE_WMI = (
    "SoftwareLicensingProduct",
    "SoftwareLicensingService",
    f"ApplicationID = '{OFFICE_APP}' AND PartialProductKey IS NOT NULL",
)
OFFICE2010_WMI = (
    "OfficeSoftwareProtectionProduct",
    "OfficeSoftwareProtectionService",
    "PartialProductKey IS NOT NULL",
)

PRODUCTS: dict[str, Product] = {
    "windows": Product("Windows", "slmgr", "<product key>"),
    "server": Product("Windows Server", "slmgr", "<product key>"),
    "esu1": Product("Windows 10 ESU year 1", "slmgr", "<ESU MAK key>", ESU_ACTIVATION_IDS["esu1"]),
    "esu2": Product("Windows 10 ESU year 2", "slmgr", "<ESU MAK key>", ESU_ACTIVATION_IDS["esu2"]),
    "esu3": Product("Windows 10 ESU year 3", "slmgr", "<ESU MAK key>", ESU_ACTIVATION_IDS["esu3"]),
    "office": Product("Office", "ospp", "<product key>", office_versions="16 15 14", wmi=OFFICE_WMI),
    "office2010": Product("Office 2010", "ospp", "<product key>", office_versions="14", wmi=OFFICE2010_WMI),
}

# One template per command field.  {slmgr}/{ospp}: the script; {act}: " <Activation
# ID>" or ""; {cid}: the CID as digits only (no spaces, no dashes); {key}: the key
# placeholder.  A field whose template uses {cid} is None when no CID is given.
# PowerShell: {cls}/{svc} the WMI product and service class, {filter} the WQL
# filter that selects the licence (an Activation ID selects by ID).
TOOL_COMMANDS: dict[str, dict[str, str]] = {
    "slmgr": {
        "install_key": "{slmgr} /ipk {key}",
        "show_iid": "{slmgr} /dti{act}",
        "apply_cid": "{slmgr} /atp {cid}{act}",
        "status": "{slmgr} /dlv{act}",
    },
    "ospp": {
        "install_key": "{ospp} /inpkey:{key}",
        "show_iid": "{ospp} /dinstid",
        "apply_cid": "{ospp} /actcid:{cid}",
        "status": "{ospp} /dstatus",
    },
    "powershell": {
        "install_key": "Invoke-CimMethod -InputObject (Get-CimInstance {svc}) -MethodName InstallProductKey "
        "-Arguments @{{ProductKey = '{key}'}}",
        "show_iid": 'Get-CimInstance {cls} -Filter "{filter}" | Format-List Name, ID, OfflineInstallationId',
        "apply_cid": '$p = @(Get-CimInstance {cls} -Filter "{filter}")[0]; '
        "Invoke-CimMethod -InputObject $p -MethodName DepositOfflineConfirmationId "
        "-Arguments @{{InstallationId = $p.OfflineInstallationId; ConfirmationId = '{cid}'}}; "
        "Invoke-CimMethod -InputObject (Get-CimInstance {svc}) -MethodName RefreshLicenseStatus; "
        "Get-CimInstance {cls} -Filter \"ID = '$($p.ID)'\" | Format-List Name, LicenseStatus",
        "status": 'Get-CimInstance {cls} -Filter "{filter}" | Format-List Name, Description, LicenseStatus',
    },
}

# The .cmd file: the lines it must hold, in this order (each entry is a
# substring of one line, the next entry matches a later line).  Same
# placeholders, plus {run}: the script as the file calls it, with //nologo.
CMD_FILE_LINES: dict[str, list[str]] = {
    "slmgr": [
        "@echo off",
        "net session >nul 2>&1",
        "{run} /atp {cid}{act}",
        "{run} /dlv{act}",
        "pause",
    ],
    "ospp": [
        "@echo off",
        "net session >nul 2>&1",
        "{ospp_lookup}",
        "{run} /actcid:{cid}",
        "{run} /dstatus",
        "pause",
    ],
}


def _ospp(folder: str) -> str:
    return f'cscript "{folder}\\ospp.vbs"'


def _expected_commands(
    product: str, cid: str | None, activation: str | None, office_dir: str | None, shell: str = "cmd"
) -> tuple[dict, list[str] | None]:
    """What build_commands must return, and the lines cmd_file must hold."""
    spec = PRODUCTS[product]
    digits = "".join(ch for ch in cid if ch.isdigit()) if cid is not None else None
    act = activation.strip("{}").lower() if activation else spec.activation_id
    cls, svc, wql = spec.wmi
    values = {
        "slmgr": SLMGR,
        "ospp": _ospp(office_dir) if office_dir else OFFICE_LOOP.format(versions=spec.office_versions),
        "act": f" {act}" if act else "",
        "key": spec.key,
        "cid": digits,
        "cls": cls,
        "svc": svc,
        "filter": f"ID = '{act}'" if act else wql,
    }
    tool = "powershell" if shell == "powershell" else spec.tool
    fields = {
        name: (None if "{cid}" in template and digits is None else template.format(**values))
        for name, template in TOOL_COMMANDS[tool].items()
    }
    addon = activation and product in ("windows", "server")
    expected = {
        "product": product,
        "title": f"{spec.title} add-on" if addon else spec.title,
        **fields,
        "activation_id": act,
        "shell": shell,
    }
    if digits is None or shell != "cmd":
        return expected, None
    if spec.tool == "ospp" and office_dir is None:
        run = 'cscript //nologo "%OSPP%"'
        oldest_first = " ".join(reversed(spec.office_versions.split()))
        lookup = OFFICE_LOOKUP.format(versions=oldest_first)
    else:
        run = (SLMGR if spec.tool == "slmgr" else _ospp(office_dir)).replace(
            "cscript ", "cscript //nologo ", 1
        )
        lookup = ""
    lines = [
        line.format(**values, run=run, ospp_lookup=lookup)
        for line in CMD_FILE_LINES[spec.tool]
        if line != "{ospp_lookup}" or lookup
    ]
    return expected, lines


def _command_vectors(cid: str) -> list[dict]:
    spaced = " ".join(_groups(cid))
    bad_cid = cid[:-1] + str((int(cid[-1]) + 1) % 10)
    cases: list[tuple[str, str | None, str | None, str | None, str]] = [
        (product, spaced, None, None, shell) for shell in ("cmd", "powershell") for product in PRODUCTS
    ]
    cases += [(product, None, None, None, shell) for shell in ("cmd", "powershell") for product in PRODUCTS]
    cases += [
        ("windows", cid, "{F520E45E-7413-4A34-A497-D2765967D094}", None, "cmd"),
        ("server", cid, "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", None, "cmd"),
        ("server", cid, "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", None, "powershell"),
        ("esu3", cid, ESU_ACTIVATION_IDS["esu3"].upper(), None, "cmd"),
        ("office", "-".join(_groups(cid)), None, r"C:\Program Files\Microsoft Office\root\Office16", "cmd"),
    ]
    refused = [
        ("windows", bad_cid, None, None, "cmd"),  # a check digit fails: no command
        ("windows", bad_cid, None, None, "powershell"),
        ("office", bad_cid, None, None, "cmd"),
        ("esu2", cid, "not-a-guid", None, "cmd"),
        ("esu1", cid, ESU_ACTIVATION_IDS["esu2"], None, "cmd"),  # another year's ID
        ("office", cid, ESU_ACTIVATION_IDS["esu1"], None, "cmd"),  # ospp.vbs takes none
        ("office2010", cid, ESU_ACTIVATION_IDS["esu1"], None, "powershell"),
        ("windows", "12345", None, None, "cmd"),
        (
            "windows",
            "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604",
            None,
            None,
            "cmd",
        ),
        ("windows7", cid, None, None, "cmd"),
        ("windows", cid, None, None, "bash"),
    ]
    out = []
    for product, c, act, folder, shell in cases:
        expected, lines = _expected_commands(product, c, act, folder, shell)
        case = {
            "product": product,
            "cid": c,
            "activation_id": act,
            "office_dir": folder,
            "shell": shell,
            "expected": expected,
        }
        if lines is not None:
            case["cmd_file_lines"] = lines
        out.append(case)
    for product, c, act, folder, shell in refused:
        out.append(
            {
                "product": product,
                "cid": c,
                "activation_id": act,
                "office_dir": folder,
                "shell": shell,
                "expected": {"error": True},
            }
        )
    return out


# ---------------------------------------------------------------------------
# Error codes.  The table of the facts (docs/errors.md; Windows SDK slerror.h),
# written out here, NOT read from activation.explain: every code in it must be
# known, and its meaning and advice must say what the table says (words each
# text must contain, so the wording may change but not the meaning).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorFact:
    codes: tuple[str, ...]
    meaning_en: tuple[str, ...]
    action_en: tuple[str, ...]
    meaning_ja: tuple[str, ...]
    action_ja: tuple[str, ...]


NEW_IID_EN = ("/dti", "new Confirmation ID")
NEW_IID_JA = ("/dti", "新しい確認 ID")
KMS_ACTION_EN = ("KMS client key", "MAK", "/ipk", "/dti")
KMS_ACTION_JA = ("KMS クライアント キー", "MAK", "/ipk", "/dti")

# One row per row of the facts' table.
# fmt: off
ERROR_FACTS: list[ErrorFact] = [
    ErrorFact(("0xC004F04D",), ("invalid", "check digit"), ("mistyped", "group by group"),
              ("無効", "チェックディジット"), ("グループごと",)),
    ErrorFact(("0xC004F031",), ("do not match",), NEW_IID_EN, ("一致しません",), NEW_IID_JA),
    ErrorFact(("0xC004F07E",), ("do not match", "product key"), NEW_IID_EN,
              ("一致しません", "プロダクト キー"), NEW_IID_JA),
    ErrorFact(("0xC004F02C",), ("wrong format",), ("no spaces", "no dashes"), ("形式",), ("スペース", "ハイフン")),
    ErrorFact(("0xC004F02F",), ("wrong length",), ("48 digits",), ("長さ",), ("48 桁",)),
    ErrorFact(("0xC004F015",), ("not installed",), ("Activation ID", "ESU", "/ipk"),
              ("インストールされていません",), ("ライセンス認証 ID", "ESU", "/ipk")),
    ErrorFact(("0xC004F00F",), ("hardware", "tolerance"), ("support",), ("ハードウェア", "許容範囲"), ("サポート",)),
    ErrorFact(("0xC004C003",), ("blocked",), ("cannot be activated",), ("ブロック",), ("できません",)),
    ErrorFact(("0xC004C008", "0xC004C020", "0xC004C021"), ("activation limit",), ("another key",),
              ("上限",), ("別のキー",)),
    ErrorFact(("0xC004F050",), ("product key", "invalid"), ("check the key",), ("プロダクト キー", "無効"), ("キー", "確認")),
    ErrorFact(("0xC004F051",), ("product key", "blocked"), ("another", "key"),
              ("プロダクト キー", "ブロック"), ("別の", "キー")),
    # slerror.h: 02D the CID's version is incorrect, 02E not supported (a CID for
    # another product or Activation ID); 030 the IID or CID could not be saved.
    ErrorFact(("0xC004F02D", "0xC004F02E"), ("Confirmation ID", "version"), ("Activation ID",),
              ("確認 ID", "バージョン"), ("ライセンス認証 ID",)),
    ErrorFact(("0xC004F030",), ("could not be saved",), ("administrator",), ("保存",), ("管理者",)),
    ErrorFact(("0x8007232B", "0xC004F074", "0xC004F038"), ("KMS",), KMS_ACTION_EN, ("KMS",), KMS_ACTION_JA),
    ErrorFact(("0x80070005",), ("access denied",), ("administrator",), ("アクセスが拒否",), ("管理者",)),
]
# fmt: on
KNOWN_CODES = {code for fact in ERROR_FACTS for code in fact.codes}


def _hresult(value: int) -> str:
    """A negative decimal HRESULT (as some tools print it) as 0xXXXXXXXX."""
    return f"0x{value & 0xFFFFFFFF:08X}"


def _error_vectors() -> list[dict]:
    """Text the user may paste, and the codes (and success) to find in it, by hand."""
    cases: list[tuple[str, list[str], bool]] = [
        ("0xC004F04D", ["0xC004F04D"], False),
        ("C004F04D", ["0xC004F04D"], False),
        ("c004f04d", ["0xC004F04D"], False),
        ("-1073418163", [_hresult(-1073418163)], False),
        (
            "Error: 0xC004F031 On a computer running Microsoft Windows non-core edition, "
            "run 'slui.exe 0x2a 0xC004F031' to display the error text.",
            ["0xC004F031"],
            False,
        ),
        ("エラー: 0xC004F015", ["0xC004F015"], False),
        ("0xC004F04D and -1073418163 again", ["0xC004F04D"], False),
        ("0x8007232B then 0xC004F074", ["0x8007232B", "0xC004F074"], False),
        ("0x12345678", ["0x12345678"], False),
        ("12345678", [], False),  # eight plain digits: part of an ID, not a code
        (
            "Confirmation ID for product 2de67392-b7a7-462a-b1ca-108dd189f588 deposited successfully.",
            [],
            True,
        ),
        ("License Status: Licensed", [], True),
        ("ライセンスの状態: ライセンスされています", [], True),
        ("License Status: Licensed\nError: 0xC004F04D", ["0xC004F04D"], False),
        ("nothing here", [], False),
        ("", [], False),
        # What PowerShell prints (docs/commands.md): an exception text with the HRESULT,
        # or the number unsigned after a label; 0 is success, LicenseStatus 1 = Licensed.
        (
            'Exception calling "DepositOfflineConfirmationId" with "2" argument(s): '
            '"Exception from HRESULT: 0xC004F04D"',
            ["0xC004F04D"],
            False,
        ),
        (
            "Invoke-CimMethod : Exception from HRESULT: 0xC004F074\r\n    + FullyQualifiedErrorId : "
            "HRESULT 0xc004f074,Microsoft.Management.Infrastructure.CimCmdlets.InvokeCimMethodCommand",
            ["0xC004F074"],
            False,
        ),
        ("HResult : -1073418163", ["0xC004F04D"], False),
        ("ReturnValue    : 3221549133\r\nPSComputerName :", ["0xC004F04D"], False),  # 0xC004F04D
        ("ErrorCode : 2147951403", ["0x8007232B"], False),  # 0x8007232B
        (
            "ReturnValue    : 0\r\n\r\nName          : Windows(R), Professional edition\r\nLicenseStatus : 1",
            [],
            True,
        ),
        ("Name          : Windows(R), Professional edition\r\nLicenseStatus : 5", [], False),
        (
            "Installation ID: 0332550903850539046658241863427567378448951813845463943541296 04\r\nPID 3221549133",
            [],
            False,
        ),
    ]
    return [
        {"text": text, "codes": codes, "known": [c in KNOWN_CODES for c in codes], "success": success}
        for text, codes, success in cases
    ]


def _error_meanings() -> list[dict]:
    return [
        {
            "code": code,
            "meaning_en": list(fact.meaning_en),
            "action_en": list(fact.action_en),
            "meaning_ja": list(fact.meaning_ja),
            "action_ja": list(fact.action_ja),
        }
        for fact in ERROR_FACTS
        for code in fact.codes
    ]


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
