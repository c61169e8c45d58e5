"""Build the kit's files from ``kit/templates`` (docs/commands.md, "The kit").

Why built and not copied: the offline page must carry the app's own ID rules
(``static/js/ids.js``, ``commands.js``) and the QR text, inlined here so that one HTML
file works from ``file://`` with no network, and never a second copy kept in
git; apply.ps1 gets its error texts from ``activation.explain``; the .cmd
launchers get their messages from ``activation.commands``.  Windows reads
these files byte by byte, so the encodings are decided here: CRLF
everywhere, .ps1 in UTF-8 with a BOM (Windows PowerShell 5.1 reads a .ps1
without one in the ANSI code page), .cmd in CP932 where it holds Japanese.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from activation import commands, explain

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
QR_LIB = HERE / "vendor" / "qrcode-generator"
STATIC_JS = HERE.parent / "static" / "js"
# The modules the page needs, in dependency order: the app's own ID rules and
# commands, and the QR text (kept here: the app itself draws no kit QR code).
PAGE_MODULES = (STATIC_JS / "ids.js", STATIC_JS / "commands.js", TEMPLATES / "kitqr.js")
KIT_FILES = (
    "collect.cmd",
    "collect.ps1",
    "apply.cmd",
    "apply.ps1",
    "offline.html",
    "README.txt",
    "LICENSE-qrcode-generator.txt",
)
POWERSHELL = r"%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
APP_URL_SLOT = '<script type="application/json" id="aoh-app-url">null</script>'
PC_SLOT = '<script type="application/json" id="aoh-pc">null</script>'


class KitError(ValueError):
    """The kit cannot be built as asked (e.g. a bad app URL)."""


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _script_safe(text: str) -> str:
    """Text that may stand inside a <script> element."""
    return text.replace("</", "<\\/")


def _as_classic_script(source: str, name: Path) -> str:
    """An ES module's body for a single inline script: imports dropped, exports unmarked."""
    out = []
    for line in source.splitlines():
        if line.startswith("import "):
            continue
        if line.startswith("export ") and not re.match(r"export (async )?(function|const|let|class) ", line):
            raise KitError(f"{name}: cannot inline the export {line!r}")
        out.append(line.removeprefix("export "))
    return f"// ---- {name.as_posix()} (inlined by kit/build.py) ----\n" + "\n".join(out)


def check_app_url(app_url: str | None) -> str | None:
    if not app_url:
        return None
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(?:/[^\s#\"'<>\\]*)?", app_url):
        raise KitError("the app URL must be an http:// or https:// address")
    return app_url if app_url.endswith("/") else app_url + "/"


def offline_page(app_url: str | None = None) -> str:
    """offline.html: the template with the QR encoder and the app's ID rules inlined."""
    html = (TEMPLATES / "offline.html").read_text(encoding="utf-8")
    lib = (QR_LIB / "qrcode.js").read_text(encoding="utf-8")
    licence = (QR_LIB / "LICENSE").read_text(encoding="utf-8")
    modules = [
        _as_classic_script(p.read_text(encoding="utf-8"), p.relative_to(HERE.parent)) for p in PAGE_MODULES
    ]
    page = (TEMPLATES / "offline.js").read_text(encoding="utf-8")
    scripts = (
        f"<script>\n/*\n{licence}*/\n{_script_safe(lib)}\n</script>\n"
        "<script>\n(() => {\n'use strict';\n"
        + _script_safe("\n\n".join([*modules, "// ---- kit/templates/offline.js ----\n" + page]))
        + "\n})();\n</script>"
    )
    html = html.replace("<!--AOH-SCRIPTS-->", scripts)
    url = check_app_url(app_url)
    if url:
        html = html.replace(
            APP_URL_SLOT, APP_URL_SLOT.replace(">null<", f">{_script_safe(json.dumps(url))}<")
        )
    return html


def with_pc_data(page: str, pc_json: str) -> str:
    """The page with one PC's .aoh.json in it, as collect.ps1 makes it (for tests and the app)."""
    return page.replace(PC_SLOT, PC_SLOT.replace(">null<", ">" + pc_json.replace("</", "<\\/") + "<"))


def _launcher(script: str, purpose: str, admin: bool) -> str:
    """A .cmd that starts the PowerShell script beside it; decisions live in the script."""
    lines = [
        "@echo off",
        f"rem aoh-helper kit: {purpose}",
        f"rem Starts {script} with Windows PowerShell (2.0 to 5.1), or PowerShell 7 where that is missing.",
        "setlocal",
    ]
    if admin:
        lines += [f'set "{k}={v}"' for k, v in commands.CMD_MESSAGES["en"].items() if k.startswith("M_ADMIN")]
        lines += ['chcp | find ": 932" >nul', "if errorlevel 1 goto start"]
        lines += [f'set "{k}={v}"' for k, v in commands.CMD_MESSAGES["ja"].items() if k.startswith("M_ADMIN")]
        lines += [":start", "net session >nul 2>&1", "if errorlevel 1 goto notadmin"]
    lines += [
        f'set "PS={POWERSHELL}"',
        'if not exist "%PS%" set "PS=pwsh.exe"',
        f'"%PS%" -NoProfile -ExecutionPolicy Bypass -File "%~dp0{script}"',
        "goto end",
    ]
    if admin:
        lines += [":notadmin", "echo %M_ADMIN1%", "echo %M_ADMIN2%"]
    lines += [":end", "pause", "endlocal"]
    return "\r\n".join(lines) + "\r\n"


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def explain_table() -> str:
    """apply.ps1's $Explain entries: code = meaning/action in English, then Japanese."""
    rows = []
    for code, e in explain.ERRORS.items():
        texts = ", ".join(_ps_quote(t) for t in (e.meaning_en, e.action_en, e.meaning_ja, e.action_ja))
        rows.append(f"    '{code}' = @({texts})")
    return "\n".join(rows)


README = """aoh-helper kit: offline activation without a phone near the PC
================================================================

On the offline PC (copy this folder onto a USB stick):
1. Double-click collect.cmd. It lists every product with a key, writes
   <PC name>.aoh.json here and opens <PC name>.aoh.html: the Installation IDs
   as QR codes and checked groups. A KMS client key (VOLUME_KMSCLIENT) cannot
   be activated through the portal: install a MAK or retail key first.
2. Take the stick to a PC with Internet, open aoh-helper, import the
   .aoh.json files, get the Confirmation IDs at the portal (aka.ms/aoh) and
   export aoh-cids.json into this folder (or write <PC name>.cid by hand).
3. Back on the offline PC: right-click apply.cmd, "Run as administrator".
   It checks every group, applies the Confirmation ID, reads the licence
   status back and writes <PC name>.result.json. Import that file in the app.

Downloaded as a zip? Windows marks its files as "from the Internet": before
extracting, right-click the zip, Properties, tick "Unblock" (otherwise every
.cmd asks for confirmation first).

No phone at all? offline.html also works alone: paste the output of
slmgr /dti into it, then type the Confirmation ID: it gives the exact
command (Command Prompt or PowerShell).

Nothing here needs the Internet. The scripts only call the Windows
Software Protection provider (WMI); see docs/commands.md in aoh-helper.
QR code encoder: qrcode-generator by Kazuhiko Arase (MIT licence,
LICENSE-qrcode-generator.txt).
"""


def build_files(app_url: str | None = None) -> dict[str, bytes]:
    """Every file of the kit, name -> bytes."""
    bom = "\ufeff"
    collect_ps1 = (TEMPLATES / "collect.ps1").read_text(encoding="utf-8")
    apply_ps1 = (
        (TEMPLATES / "apply.ps1").read_text(encoding="utf-8").replace("#AOH-EXPLAIN#", explain_table())
    )
    files = {
        "collect.cmd": _launcher(
            "collect.ps1", "list this PC's Installation IDs and show them.", False
        ).encode("ascii"),
        "collect.ps1": (bom + _crlf(collect_ps1)).encode("utf-8"),
        "apply.cmd": _launcher("apply.ps1", "apply the Confirmation IDs for this PC.", True).encode("cp932"),
        "apply.ps1": (bom + _crlf(apply_ps1)).encode("utf-8"),
        "offline.html": _crlf(offline_page(app_url)).encode("utf-8"),
        "README.txt": _crlf(README).encode("utf-8"),
        "LICENSE-qrcode-generator.txt": _crlf((QR_LIB / "LICENSE").read_text(encoding="utf-8")).encode(
            "utf-8"
        ),
    }
    assert tuple(files) == KIT_FILES
    return files


def write_kit(out: Path, app_url: str | None = None) -> list[Path]:
    """Write the kit into ``out`` (created if needed); returns the files written."""
    files = build_files(app_url)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def kit_zip(app_url: str | None = None) -> bytes:
    """The kit as a zip, its files under ``aoh-kit/``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in build_files(app_url).items():
            z.writestr(f"aoh-kit/{name}", data)
    return buf.getvalue()
