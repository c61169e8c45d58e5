"""The kit's files: what `aoh-helper kit --out` writes, checked as text against the facts.

PowerShell and cmd cannot run here, so these tests hold the scripts to the
documented WMI classes, filters and methods (docs/commands.md), to Windows'
byte-level expectations (CRLF, a BOM on .ps1, CP932 for Japanese .cmd text),
and to the .cmd quoting rules.  Expected strings are written from the facts.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from activation import explain
from kit import build

ROOT = Path(__file__).resolve().parent.parent
KIT = json.loads((ROOT / "tests" / "vectors" / "kit.json").read_text(encoding="utf-8"))
FILES = [
    "collect.cmd",
    "collect.ps1",
    "apply.cmd",
    "apply.ps1",
    "offline.html",
    "README.txt",
    "LICENSE-qrcode-generator.txt",
]
# docs/commands.md
WINDOWS_APP = "55c92734-d682-4d71-983e-d6ec3f16059f"
OFFICE_APP = "0ff1ce15-a989-479d-af46-f275c6370663"
ESU = [
    "f520e45e-7413-4a34-a497-d2765967d094",
    "1043add5-23b1-4afb-9a0f-64343c8f3f8d",
    "83d49986-add3-41d7-ba33-87c7bfb5c0fb",
]


@pytest.fixture(scope="module")
def kit_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kit")
    res = subprocess.run(
        [sys.executable, "-m", "aoh_helper", "kit", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert sorted(Path(line).name for line in res.stdout.split()) == sorted(FILES)
    return out


def _balanced(ps: str) -> bool:
    """Braces and parentheses balance once PowerShell's string literals are taken out."""
    code = re.sub(r"(?m)^\s*#.*$", "", ps)
    code = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"`]|`.)*\"", "''", code)
    return code.count("{") == code.count("}") and code.count("(") == code.count(")")


def _text(kit_dir: Path, name: str) -> str:
    raw = (kit_dir / name).read_bytes()
    if name.endswith(".ps1"):
        assert raw.startswith(b"\xef\xbb\xbf"), "Windows PowerShell 5.1 needs the BOM to read UTF-8"
        return raw[3:].decode("utf-8")
    if name.endswith(".cmd"):
        assert not raw.startswith(b"\xef\xbb\xbf"), "cmd.exe would read a BOM as part of the first command"
        return raw.decode("cp932")
    return raw.decode("utf-8")


def test_every_file_is_written_with_crlf(kit_dir: Path) -> None:
    assert sorted(p.name for p in kit_dir.iterdir()) == sorted(FILES)
    for name in FILES:
        raw = (kit_dir / name).read_bytes()
        assert b"\n" in raw
        assert raw.count(b"\n") == raw.count(b"\r\n"), f"{name} has a bare LF"


@pytest.mark.parametrize(("launcher", "script"), [("collect.cmd", "collect.ps1"), ("apply.cmd", "apply.ps1")])
def test_launchers_start_powershell_without_profile_or_policy(
    kit_dir: Path, launcher: str, script: str
) -> None:
    text = _text(kit_dir, launcher)
    lines = text.split("\r\n")
    assert lines[0] == "@echo off"
    assert r'set "PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"' in lines
    assert 'if not exist "%PS%" set "PS=pwsh.exe"' in lines  # PowerShell 7 where 5.1 is missing
    assert f'"%PS%" -NoProfile -ExecutionPolicy Bypass -File "%~dp0{script}"' in lines
    for line in lines:
        assert line.count('"') % 2 == 0, f"unbalanced quotes: {line}"
        assert line.count("(") == line.count(")"), line
    assert "pause" in lines


def test_apply_cmd_insists_on_administrator_in_both_languages(kit_dir: Path) -> None:
    raw = (kit_dir / "apply.cmd").read_bytes()
    text = raw.decode("cp932")
    assert "net session >nul 2>&1\r\nif errorlevel 1 goto notadmin" in text
    assert "管理者として実行".encode("cp932") in raw
    assert 'chcp | find ": 932" >nul' in text
    assert "net session" not in _text(kit_dir, "collect.cmd")


def test_collect_reads_the_documented_wmi_classes(kit_dir: Path) -> None:
    ps = _text(kit_dir, "collect.ps1")
    assert "Get-Licences 'SoftwareLicensingProduct' 'PartialProductKey IS NOT NULL'" in ps
    assert (
        "Get-Licences 'OfficeSoftwareProtectionProduct' 'PartialProductKey IS NOT NULL'" in ps
    )  # Office 2010
    assert "Get-CimInstance -ClassName $class -Filter $filter" in ps
    assert "Get-WmiObject -Class $class -Filter $filter" in ps  # Windows 7's PowerShell 2.0
    assert "if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue)" in ps
    for needle in (
        "OfflineInstallationId",
        "PartialProductKey",
        "LicenseStatus",
        "Description",
        OFFICE_APP,
        *ESU,
    ):
        assert needle in ps
    assert "'([A-Za-z0-9_]+) channel'" in ps  # the channel is the word before " channel"
    assert "'VOLUME_KMSCLIENT'" in ps and "0xC004F074" in ps
    assert "ConvertTo-Json" not in ps  # PowerShell 2.0 has none; the JSON is written field by field
    assert _balanced(ps)


def test_sample_pc_file_is_laid_out_as_collect_writes_it(kit_dir: Path) -> None:
    """tests/vectors/kit.json's first .aoh.json, line by line against collect.ps1's templates."""
    ps = _text(kit_dir, "collect.ps1")
    sample = KIT["pc"][0]["text"]
    assert sample.startswith("\ufeff") and "\r\n" in sample and not sample.endswith("\n")
    lines = sample.lstrip("\ufeff").split("\r\n")
    fixed = re.findall(r"'(\s*(?:[{}\]]|\"(?:format|version|products)\"[^']*))'", ps)
    fields = re.findall(r"\('\"(\w+)\": '", ps.split("$items += ,@(")[1].split(")\n}")[0])
    assert fields == [
        "name", "description", "channel", "partial_key", "license_status",
        "activation_id", "application_id", "product", "iid",
    ]  # fmt: skip
    assert lines[:3] == ["{", '  "format": "aoh-helper.pc",', '  "version": 1,'] and all(
        f in fixed for f in lines[:3]
    )
    assert lines[3].startswith('  "computer": ') and lines[4].startswith('  "collected": ')
    assert lines[5] == '  "products": [' and lines[-2:] == ["  ]", "}"]
    body = lines[6:-2]
    per_product = len(fields) + 2
    assert len(body) % per_product == 0
    for n in range(len(body) // per_product):
        block = body[n * per_product : (n + 1) * per_product]
        assert block[0] == "    {" and block[-1] in ("    }", "    },")
        for field, line in zip(fields, block[1:-1], strict=True):
            assert line.startswith(f'      "{field}": ')


def test_sample_result_file_is_laid_out_as_apply_writes_it(kit_dir: Path) -> None:
    ps = _text(kit_dir, "apply.ps1")
    fields = re.findall(r"\('\"(\w+)\": '", ps.split("$results += ,@(")[1].split(")\n}")[0])
    assert fields == ["activation_id", "iid", "hresult", "license_status", "licensed"]
    assert '\'  "format": "aoh-helper.result",\', \'  "version": 1,\'' in ps
    sample = KIT["result"][0]["text"]
    assert sample.startswith("\ufeff") and not sample.endswith("\n")
    lines = sample.lstrip("\ufeff").split("\r\n")
    assert lines[:3] == ["{", '  "format": "aoh-helper.result",', '  "version": 1,']
    assert lines[5] == '  "results": [' and lines[-2:] == ["  ]", "}"]
    for n, start in enumerate(range(6, len(lines) - 2, len(fields) + 2)):
        block = lines[start : start + len(fields) + 2]
        assert block[0] == "    {", n
        for field, line in zip(fields, block[1:-1], strict=True):
            assert line.startswith(f'      "{field}": ')


def test_apply_deposits_refreshes_and_reads_back(kit_dir: Path) -> None:
    ps = _text(kit_dir, "apply.ps1")
    assert (
        "Invoke-CimMethod -InputObject $product -MethodName DepositOfflineConfirmationId "
        "-Arguments @{ InstallationId = $iid; ConfirmationId = $cid }"
    ) in ps
    assert "$product.DepositOfflineConfirmationId($iid, $cid)" in ps  # Get-WmiObject's form
    assert "-MethodName RefreshLicenseStatus" in ps and ".RefreshLicenseStatus()" in ps
    assert "'SoftwareLicensingService'" in ps and "'OfficeSoftwareProtectionService'" in ps
    assert "LicenseStatus" in ps and "($status -eq 1)" in ps  # 1 = Licensed
    assert "($computer + '.cid')" in ps and "'aoh-cids.json'" in ps and "'aoh-helper.cids'" in ps
    assert "($computer + '.result.json')" in ps and '"format": "aoh-helper.result"' in ps
    # every group re-checked: weights 1, 2, 1, 2 ... mod 7, groups of 6, 48 digits
    assert "$cid.Length -ne 48 -or -not (Test-Id $cid 6)" in ps
    assert "if ($i % 2) { $sum += 2 * $d } else { $sum += $d }" in ps and "($sum % 7)" in ps
    assert _balanced(ps)


def test_apply_explains_every_catalogued_code_in_both_languages(kit_dir: Path) -> None:
    ps = _text(kit_dir, "apply.ps1")
    table = ps.split("$Explain = @{")[1].split("\r\n}")[0].strip("\r\n").split("\r\n")
    quoted = r"'(?:[^']|'')*'"
    row = re.compile(rf"^    '(0x[0-9A-F]{{8}})' = @\({quoted}, {quoted}, {quoted}, {quoted}\)$")
    codes = [row.match(line).group(1) for line in table]
    assert sorted(codes) == sorted(explain.ERRORS)
    for code in ("0xC004F04D", "0x8007232B", "0xC004F074", "0xC004F038", "0xC004F050", "0xC004F051"):
        assert code in codes
    assert "数字の打ち間違いです" in ps


def test_offline_page_is_one_self_contained_file(kit_dir: Path) -> None:
    html = _text(kit_dir, "offline.html")
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|//)", html)  # nothing loaded from a network
    assert "fetch(" not in html and "XMLHttpRequest" not in html
    assert "Copyright (c) 2009 Kazuhiko Arase" in html and "MIT" in html  # the QR encoder's licence
    assert "function parseIds" in html and "function groupIsValid" in html  # the app's own ID rules
    assert "import " not in re.sub(r"//.*", "", html.split("'use strict';")[1])
    assert 'id="aoh-app-url">null<' in html


def test_app_url_is_checked_and_put_into_the_page(tmp_path: Path) -> None:
    page = build.offline_page("http://192.168.1.5:8000")
    assert 'id="aoh-app-url">"http://192.168.1.5:8000/"<' in page
    for bad in ("javascript:alert(1)", "https://x/</script><script>alert(1)//", "ftp://x/"):
        with pytest.raises(build.KitError):
            build.offline_page(bad)
    res = subprocess.run(
        [sys.executable, "-m", "aoh_helper", "kit", "--out", str(tmp_path), "--app-url", "file:///etc"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "http" in res.stderr and not list(tmp_path.iterdir())


def test_zip_holds_the_same_files() -> None:
    z = zipfile.ZipFile(io.BytesIO(build.kit_zip("https://h:8443/")))
    assert sorted(z.namelist()) == sorted(f"aoh-kit/{f}" for f in FILES)
    assert b'"https://h:8443/"' in z.read("aoh-kit/offline.html")
