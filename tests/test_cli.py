"""The installed ``aoh-helper`` console script, run as a user would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604"


def aoh(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("aoh-helper", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "aoh_helper.cli"]
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True, timeout=120)


def test_check_valid_and_invalid() -> None:
    ok = aoh("check", f"Installation ID: {SAMPLE}")
    assert ok.returncode == 0 and "valid" in ok.stdout and "1: 0332550" in ok.stdout
    bad = aoh("check", SAMPLE.replace("8241863", "8241868"))
    assert bad.returncode == 1 and "4: 8241868  check digit fails" in bad.stdout


def test_check_stdin_json_finds_both_ids_of_a_dlv() -> None:
    second = "4891263 4325701 2289105 5465220 8520533 2958764 1588510 1112713 9061121"
    text = f"Installation ID: {SAMPLE.replace(' ', '')}\nExtended PID: 03612-03308-000\nInstallation ID: {second}\n"
    res = aoh("check", "-", "--json", stdin=text)
    data = json.loads(res.stdout)
    assert res.returncode == 0 and data["ok"]
    assert [i["display"] for i in data["ids"]] == [SAMPLE, second]


def test_check_nothing_found() -> None:
    res = aoh("check", "--json", "nothing 123")
    assert res.returncode == 1 and "3 digits" in json.loads(res.stdout)["hint"]


def test_command_and_cmd_file(tmp_path: Path) -> None:
    from activation import ids

    cid = "".join(
        b + str(ids.check_digit(b))
        for b in ["13579", "24680", "11223", "34455", "66778", "89900", "12121", "34343"]
    )
    target = tmp_path / "activate.cmd"
    res = aoh(
        "command",
        "--cid",
        " ".join(ids.split_groups(cid, ids.CID_48)),
        "--product",
        "esu2",
        "--cmd-file",
        str(target),
        "--json",
    )
    data = json.loads(res.stdout)
    assert res.returncode == 0 and data["apply_cid"].endswith(
        f"/atp {cid} 1043add5-23b1-4afb-9a0f-64343c8f3f8d"
    )
    assert target.read_bytes().count(b"\r\n") > 10
    bad = aoh("command", "--cid", cid[:-1] + "9")
    assert bad.returncode == 2 and "group(s) H" in bad.stderr


@pytest.mark.parametrize("code", ["0xC004F04D", "C004F04D", "-1073418163"])
def test_explain(code: str) -> None:
    res = aoh("explain", code)
    assert res.returncode == 0 and res.stdout.startswith("0xC004F04D:") and "mistyped" in res.stdout
    ja = aoh("explain", "--lang", "ja", code)
    assert "チェックディジット" in ja.stdout


def test_command_shell_powershell_and_a_japanese_cmd_file(tmp_path: Path) -> None:
    res = aoh("command", "--shell", "powershell", "--product", "esu2", "--json")
    data = json.loads(res.stdout)
    # docs/commands.md: the ESU year 2 licence selected by its Activation ID, no VBScript
    assert res.returncode == 0 and data["shell"] == "powershell" and data["apply_cid"] is None
    assert data["show_iid"].startswith(
        "Get-CimInstance SoftwareLicensingProduct -Filter \"ID = '1043add5-23b1-4afb-9a0f-64343c8f3f8d'\""
    )
    cid = "396422 722594 970050 401326 863046 940426 938013 125992"
    res = aoh("command", "--cid", cid, "--cmd-file", str(tmp_path), "--computer", "PC-9", "--lang", "ja")
    written = tmp_path / "aoh-PC-9-windows.cmd"
    assert res.returncode == 0, res.stderr
    assert "rem PC: PC-9" in written.read_bytes().decode("cp932")
    assert "管理者".encode("cp932") in written.read_bytes()
    bad = aoh("command", "--shell", "zsh")
    assert bad.returncode == 2
