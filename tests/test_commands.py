"""Commands for every product in docs/commands.md, and the batch file for a USB stick."""

from __future__ import annotations

import pytest

from activation import commands, ids

CID = "".join(
    b + str(ids.check_digit(b))
    for b in ("12345", "67890", "11111", "22222", "33333", "44444", "55555", "66666")
)


def test_windows_commands_match_facts() -> None:
    c = commands.build_commands("windows", " ".join(ids.split_groups(CID, ids.CID_48)))
    assert c.show_iid == r"cscript %WinDir%\system32\slmgr.vbs /dti"
    assert c.apply_cid == rf"cscript %WinDir%\system32\slmgr.vbs /atp {CID}"
    assert c.status == r"cscript %WinDir%\system32\slmgr.vbs /dlv"


@pytest.mark.parametrize("product", ["esu1", "esu2", "esu3"])
def test_esu_years_carry_their_activation_id(product: str) -> None:
    act = commands.ESU_ACTIVATION_IDS[product]
    c = commands.build_commands(product, CID)
    assert c.apply_cid.endswith(f"/atp {CID} {act}")
    assert c.show_iid.endswith(f"/dti {act}") and c.status.endswith(f"/dlv {act}")
    assert "ESU MAK" in c.install_key


def test_any_addon_by_guid_and_bad_guid_refused() -> None:
    c = commands.build_commands("windows", CID, "{ABCDEF01-2345-6789-ABCD-EF0123456789}")
    assert c.apply_cid.endswith(" abcdef01-2345-6789-abcd-ef0123456789")
    with pytest.raises(commands.CommandError, match="Activation ID"):
        commands.build_commands("windows", CID, "abcdef01-2345")
    with pytest.raises(commands.CommandError, match="its own"):
        commands.build_commands("esu1", CID, commands.ESU_ACTIVATION_IDS["esu2"])


def test_office_uses_ospp() -> None:
    c = commands.build_commands("office", CID)
    assert c.apply_cid == rf'cscript "%ProgramFiles%\Microsoft Office\Office16\ospp.vbs" /actcid:{CID}'
    assert c.show_iid.endswith("/dinstid") and c.status.endswith("/dstatus")


def test_invalid_cid_is_refused_with_the_group() -> None:
    bad = CID[:20] + str((int(CID[20]) + 1) % 10) + CID[21:]
    with pytest.raises(commands.CommandError, match="group\\(s\\) D"):
        commands.build_commands("windows", bad)
    with pytest.raises(commands.CommandError, match="no Confirmation ID"):
        commands.build_commands(
            "windows", "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604"
        )


def test_cmd_file_shape() -> None:
    text = commands.cmd_file("windows", CID)
    lines = text.split("\r\n")
    assert lines[0] == "@echo off" and "pause" in lines
    assert any(line.startswith("cscript //nologo") and f"/atp {CID}" in line for line in lines)
    assert "net session >nul 2>&1" in lines
    office = commands.cmd_file("office", CID)
    assert "ProgramFiles(x86)" in office and f"/actcid:{CID}" in office
