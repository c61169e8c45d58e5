"""Commands for every product in docs/commands.md, and the batch file for a USB stick."""

from __future__ import annotations

import re

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


def test_office_uses_ospp_in_every_folder_the_facts_name() -> None:
    c = commands.build_commands("office", CID)
    # docs/commands.md: Office14|15|16 under %ProgramFiles% and %ProgramFiles(x86)%
    for command in (c.show_iid, c.apply_cid, c.status):
        assert command.startswith(
            'for %V in (16 15 14) do @for %G in ("%ProgramFiles%" "%ProgramFiles(x86)%") do '
        )
        assert (
            'if exist "%~G\\Microsoft Office\\Office%V\\ospp.vbs" cscript "%~G\\Microsoft Office\\Office%V\\ospp.vbs" /'
            in command
        )
    assert c.apply_cid.endswith(f"/actcid:{CID}")
    assert c.show_iid.endswith("/dinstid") and c.status.endswith("/dstatus")
    given = commands.build_commands(
        "office", CID, office_dir=r"C:\Program Files\Microsoft Office\root\Office16"
    )
    assert (
        given.apply_cid
        == rf'cscript "C:\Program Files\Microsoft Office\root\Office16\ospp.vbs" /actcid:{CID}'
    )


WINDOWS_APP = "55c92734-d682-4d71-983e-d6ec3f16059f"  # docs/commands.md
OFFICE_APP = "0ff1ce15-a989-479d-af46-f275c6370663"


@pytest.mark.parametrize(
    ("product", "cls", "service", "selects"),
    [
        (
            "windows",
            "SoftwareLicensingProduct",
            "SoftwareLicensingService",
            f"ApplicationID = '{WINDOWS_APP}' AND PartialProductKey IS NOT NULL",
        ),
        (
            "server",
            "SoftwareLicensingProduct",
            "SoftwareLicensingService",
            f"ApplicationID = '{WINDOWS_APP}' AND PartialProductKey IS NOT NULL",
        ),
        (
            "esu1",
            "SoftwareLicensingProduct",
            "SoftwareLicensingService",
            "ID = 'f520e45e-7413-4a34-a497-d2765967d094'",
        ),
        (
            "esu3",
            "SoftwareLicensingProduct",
            "SoftwareLicensingService",
            "ID = '83d49986-add3-41d7-ba33-87c7bfb5c0fb'",
        ),
        (
            "office",
            "SoftwareLicensingProduct",
            "SoftwareLicensingService",
            f"ApplicationID = '{OFFICE_APP}' AND PartialProductKey IS NOT NULL",
        ),
        (
            "office2010",
            "OfficeSoftwareProtectionProduct",
            "OfficeSoftwareProtectionService",
            "PartialProductKey IS NOT NULL",
        ),
    ],
)
def test_powershell_twins_use_the_wmi_calls_of_the_facts(product, cls, service, selects) -> None:
    c = commands.build_commands(product, CID, shell="powershell")
    assert c.shell == "powershell"
    assert "cscript" not in c.show_iid + c.apply_cid + c.status + c.install_key  # no VBScript anywhere
    assert c.show_iid.startswith(f'Get-CimInstance {cls} -Filter "{selects}')
    assert "OfflineInstallationId" in c.show_iid
    steps = re.split(r"; (?=Invoke-|Get-)", c.apply_cid)
    assert steps[0].startswith(f'$p = @(Get-CimInstance {cls} -Filter "{selects}')
    assert steps[1] == (
        "Invoke-CimMethod -InputObject $p -MethodName DepositOfflineConfirmationId -Arguments "
        f"@{{InstallationId = $p.OfflineInstallationId; ConfirmationId = '{CID}'}}"
    )
    assert (
        steps[2]
        == f"Invoke-CimMethod -InputObject (Get-CimInstance {service}) -MethodName RefreshLicenseStatus"
    )
    assert (
        steps[3].startswith(f"Get-CimInstance {cls} -Filter \"ID = '$($p.ID)'\"")
        and "LicenseStatus" in steps[3]
    )
    assert c.status.startswith(f'Get-CimInstance {cls} -Filter "{selects}') and "LicenseStatus" in c.status


def test_powershell_windows_leaves_the_esu_addon_alone() -> None:
    # the ESU add-on has Windows' ApplicationID too; LicenseIsAddon tells them apart
    assert "LicenseIsAddon = FALSE" in commands.build_commands("windows", shell="powershell").show_iid
    with pytest.raises(commands.CommandError, match="shell"):
        commands.build_commands("windows", shell="bash")


def test_cmd_file_names_the_pc_and_speaks_japanese_on_a_japanese_console() -> None:
    iid = "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604"  # docs/ids.md
    text = commands.cmd_file(
        "windows", CID, computer="PC-01", iid=iid.replace(" ", ""), date="2026-11-25", lang="ja"
    )
    head = text.split("\r\n")[:6]
    assert head[2:5] == ["rem PC: PC-01", f"rem Installation ID: {iid}", "rem Date: 2026-11-25"]
    assert commands.cmd_file_name("windows", "PC-01") == "aoh-PC-01-windows.cmd"
    assert commands.cmd_file_name("windows", "LAB 7/x") == "aoh-LAB_7_x-windows.cmd"
    raw = commands.cmd_file_bytes(text, "ja")
    assert "成功時の表示".encode("cp932") in raw  # CP932: a Japanese console's code page
    assert b'chcp | find ": 932" >nul\r\nif errorlevel 1 goto start' in raw
    for msgs in commands.CMD_MESSAGES.values():
        for message in msgs.values():
            encoded = message.encode("cp932")
            assert not set(encoded) & set(b'|&<>^%"'), message  # nothing cmd would act on
    assert commands.cmd_file_bytes(commands.cmd_file("windows", CID)).isascii()


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
