"""The kit's offline page in real Chromium from file://, with no network.

The QR code it draws is decoded back with a real decoder (zxing-cpp); expected
IDs and commands come from the facts (docs/ids.md, docs/commands.md) and from
tests/vectors/kit.json, never from the page's own code.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kit import build
from tests.e2e_support import PHONE

zxingcpp = pytest.importorskip("zxingcpp")
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KIT = json.loads((ROOT / "tests" / "vectors" / "kit.json").read_text(encoding="utf-8"))
# docs/ids.md: public sample IIDs
IID_SERVER = "033255090385053904665824186342756737844895181384546394354129604"
IID_WIN11 = "489126343257012289105546522085205332958764158851011127139061121"
CID = "396422 722594 970050 401326 863046 940426 938013 125992"  # every group checked by hand (_check)
SLMGR_ATP = r"cscript %WinDir%\system32\slmgr.vbs /atp 396422722594970050401326863046940426938013125992"


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport=PHONE, locale="en-US", offline=True)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    yield p
    assert errors == []
    assert all(u.startswith(("file://", "data:", "about:")) for u in requests), requests
    context.close()


def _write(tmp_path: Path, html: str, name: str = "offline.html") -> str:
    path = tmp_path / name
    path.write_bytes(build._crlf(html).encode("utf-8"))
    return path.as_uri()


def _decode(page, locator) -> list[str]:
    shot = locator.screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    return [r.text for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_collected_pc_shows_qr_codes_that_decode_to_the_iids(page, tmp_path: Path) -> None:
    sample = KIT["pc"][0]  # Windows + ESU, as collect.ps1 writes it
    html = build.with_pc_data(build.offline_page(), sample["text"].lstrip("\ufeff"))
    page.goto(_write(tmp_path, html, "PC-01.aoh.html"))
    assert "PC-01" in page.locator("#pc-name").inner_text()
    figures = page.locator("#pc figure.qr")
    assert figures.count() == 2
    texts = [_decode(page, figures.nth(i)) for i in range(2)]
    assert texts == [
        [f"AOH:aoh=1&pc=PC-01&p=windows&aid=2de67392-b7a7-462a-b1ca-108dd189f588&iid={IID_WIN11}"],
        [f"AOH:aoh=1&pc=PC-01&p=esu1&aid=f520e45e-7413-4a34-a497-d2765967d094&iid={IID_SERVER}"],
    ]
    # the groups are shown and checked: 9 per IID, all correct
    assert page.locator('#pc li[data-valid="true"]').count() == 18
    # a 360-px phone or a narrow window never scrolls sideways (the ESU name is one long word)
    page.fill("#cid", CID)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_kit_from_a_server_puts_a_link_into_the_qr_code(page, tmp_path: Path) -> None:
    sample = KIT["pc"][2]  # Office, 54 digits
    html = build.with_pc_data(build.offline_page("https://192.168.1.5:8443"), sample["text"])
    page.goto(_write(tmp_path, html))
    [text] = _decode(page, page.locator("#pc figure.qr").first)
    iid54 = "020650770493837252929082195773527024195725809211989214"
    assert (
        text
        == f"https://192.168.1.5:8443/#aoh=1&pc=LAB-7&p=office&aid=d450596f-894d-49e0-966a-fd39ed4c4c64&iid={iid54}"
    )


def test_kms_client_is_flagged_and_gets_no_qr_code(page, tmp_path: Path) -> None:
    sample = KIT["pc"][1]
    page.goto(_write(tmp_path, build.with_pc_data(build.offline_page(), sample["text"])))
    assert "0xC004F074" in page.locator(".kms").inner_text()
    assert page.locator("#pc figure.qr").count() == 0


def test_a_wrong_digit_in_a_collected_iid_is_pointed_out_and_never_encoded(page, tmp_path: Path) -> None:
    sample = KIT["pc"][4]  # group 2 has a wrong digit
    page.goto(_write(tmp_path, build.with_pc_data(build.offline_page(), sample["text"])))
    assert page.locator('#pc li[data-valid="false"]').get_attribute("data-label") == "2"
    assert page.locator("#pc figure.qr").count() == 0
    assert "2" in page.locator(".iid-bad").inner_text()


def test_pasted_slmgr_dti_output_gives_the_qr_code(page, tmp_path: Path) -> None:
    page.goto(_write(tmp_path, build.offline_page()))
    dti = (
        "Microsoft (R) Windows Script Host Version 5.812\r\n"
        "Copyright (C) Microsoft Corporation. All rights reserved.\r\n\r\n"
        f"Installation ID: {IID_SERVER}\r\n"
    )
    page.fill("#paste", dti)
    page.select_option("#paste-product", "server")
    page.fill("#paste-pc", "SRV-9")
    [text] = _decode(page, page.locator("#paste-result figure.qr"))
    assert text == f"AOH:aoh=1&pc=SRV-9&p=server&aid=&iid={IID_SERVER}"
    # the message box's Ctrl+C text wraps the digits onto a second line
    page.fill(
        "#paste",
        f"[Window Title]\nWindows Script Host\n\n[Content]\nInstallation ID: {IID_WIN11[:40]}\n{IID_WIN11[40:]}\n\n[OK]",
    )
    [text] = _decode(page, page.locator("#paste-result figure.qr"))
    assert text.endswith(f"&iid={IID_WIN11}")


def test_typed_cid_gives_both_commands_and_a_wrong_digit_is_named(page, tmp_path: Path) -> None:
    page.goto(_write(tmp_path, build.offline_page()))
    page.fill("#cid", CID)
    assert page.locator('#cid-groups li[data-valid="true"]').count() == 8
    assert page.locator('[data-shell="cmd"] .apply').inner_text() == SLMGR_ATP
    ps = page.locator('[data-shell="powershell"] .apply').inner_text()
    assert "DepositOfflineConfirmationId" in ps and "396422722594970050401326863046940426938013125992" in ps
    wrong = CID.replace("401326", "401336")  # group D
    page.fill("#cid", wrong)
    assert page.locator('#cid-groups li[data-valid="false"]').get_attribute("data-label") == "D"
    assert "D" in page.locator("#cid-status").inner_text()
    assert page.locator("#cid-commands pre").count() == 0


def test_cid_for_the_esu_licence_carries_its_activation_id(page, tmp_path: Path) -> None:
    html = build.with_pc_data(build.offline_page(), KIT["pc"][0]["text"].lstrip("\ufeff"))
    page.goto(_write(tmp_path, html))
    page.select_option("#cid-target", "1")
    page.fill("#cid", CID)
    assert (
        page.locator('[data-shell="cmd"] .apply').inner_text()
        == SLMGR_ATP + " f520e45e-7413-4a34-a497-d2765967d094"
    )


def test_japanese_browser_gets_japanese_text(browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport=PHONE, locale="ja-JP", offline=True)
    p = context.new_page()
    p.goto(_write(tmp_path, build.offline_page()))
    assert p.locator("html").get_attribute("lang") == "ja"
    assert "確認 ID" in p.locator("#cid-section h2").inner_text()
    context.close()


def test_opening_a_pc_file_shows_its_products_and_a_bad_file_is_refused(page, tmp_path: Path) -> None:
    page.goto(_write(tmp_path, build.offline_page()))
    good = tmp_path / "LAB-7.aoh.json"
    good.write_text(KIT["pc"][2]["text"], encoding="utf-8")
    page.set_input_files("#open-file", str(good))
    assert "LAB-7" in page.locator("#pc-name").inner_text()
    assert page.locator('#pc li[data-valid="true"]').count() == 9  # a 54-digit IID: 9 groups of 6
    bad = tmp_path / "bad.aoh.json"
    bad.write_text(KIT["pc"][8]["text"], encoding="utf-8")  # version 2
    page.set_input_files("#open-file", str(bad))
    assert "version" in page.locator("#paste-result [role=alert]").inner_text()
