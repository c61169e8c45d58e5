"""End-to-end: the USB kit's files and QR code in the app, in Debian's Chromium against the real server.

The kit files are the shared examples (tests/vectors/kit.json), written as the kit's scripts write them
(BOM, CRLF); the file the app exports is read back by the kit's own Python reader (activation/kitfiles.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from activation.kitfiles import read_cids
from tests.e2e_support import ARTIFACTS, CHROMIUM, ROOT
from tests.test_e2e import EN, JA, group_values, heading, run_axe, type_into_boxes
from tools.qr_pictures import kit_qr_text, offline_page, photo_jpeg
from tools.upload_client import ServerProcess

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with ServerProcess(args=["--rate-limit", "600"]) as srv:
        yield srv


KIT = json.loads((ROOT / "tests" / "vectors" / "kit.json").read_text(encoding="utf-8"))
PC_FILES = {v["filename"]: v["text"] for v in KIT["pc"] if not v["expected"].get("error")}
WIN = "489126343257012289105546522085205332958764158851011127139061121"  # PC-01's Windows (kit.json)
ESU = "033255090385053904665824186342756737844895181384546394354129604"  # PC-01's ESU, SRV-KMS (kit.json)
OFFICE = "020650770493837252929082195773527024195725809211989214"  # LAB-7 (kit.json)
CID_1 = "396422722594970050401326863046940426938013125992"  # valid cid48 (kit.json)
CID_2 = "204455473963727110378854169136901266745572000000"  # valid cid48 (kit.json)
WIN_AID = "2de67392-b7a7-462a-b1ca-108dd189f588"
ESU_AID = "f520e45e-7413-4a34-a497-d2765967d094"
OFFICE_AID = "d450596f-894d-49e0-966a-fd39ed4c4c64"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 360, "height": 740}


def _page(browser, server: ServerProcess, url: str = "/", viewport: dict = PHONE, **kw):
    """A fresh context opened at ``url``; script errors and CSP violations fail the test."""
    ctx = browser.new_context(viewport=viewport, base_url=server.base_url, accept_downloads=True, **kw)
    page = ctx.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.set_default_timeout(20000)
    page.goto(url)
    page.wait_for_selector("html[data-ready='1']")
    return ctx, page, problems


def _file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/json", "buffer": text.encode("utf-8")}


def _machines(page) -> list[str]:
    return page.locator("#machine-list .machine").all_inner_texts()


def _open(page, index: int, strings: dict = EN) -> None:
    row = page.locator("#machine-list .machine").nth(index)
    row.get_by_role("button", name=strings["machines.open"]).click()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_batch_flow_on_a_desktop(browser, server) -> None:
    ctx, page, problems = _page(browser, server, viewport=DESKTOP)
    try:
        page.click("#machines-btn")
        names = ["PC-01.aoh.json", "SRV-KMS.aoh.json", "LAB-7.aoh.json"]
        page.set_input_files("#kit-import", files=[_file(n, PC_FILES[n]) for n in names])
        expect(page.locator("#kit-msg")).to_contain_text("4")
        rows = _machines(page)
        # PC-01 has two licences (Windows and its ESU add-on); the fresh app's empty PC was filled, not kept
        assert [r.splitlines()[0] for r in rows] == ["PC-01", "PC-01", "SRV-KMS", "LAB-7"]
        assert [EN["kit.kms.short"] in r for r in rows] == [False, False, True, False]
        assert WIN[:7] in rows[0] and ESU[:7] in rows[1] and OFFICE[:6] in rows[3]
        _shot(page, "kit-desktop-imported")

        # the KMS client PC: warned before the portal
        _open(page, 2)
        page.click("#progress button[data-goto='3']")
        expect(page.locator("#kms-warning")).to_be_visible()
        assert EN["kit.kms.title"] in page.inner_text("#kms-warning")

        # PC-01's Windows licence and LAB-7's Office: the IID is in the boxes, the CID typed at step 4
        for index, iid, cid in ((0, WIN, CID_1), (3, OFFICE, CID_2)):
            page.click("#machines-btn")
            _open(page, index)
            page.click("#progress button[data-goto='2']")
            size = 7 if len(iid) == 63 else 6
            assert group_values(page, "iid") == [iid[i : i + size] for i in range(0, len(iid), size)]
            page.click("#progress button[data-goto='3']")
            expect(page.locator("#kms-warning")).to_be_hidden()
            page.click("#next")
            type_into_boxes(page, "cid", cid)
            page.click("#next")
            assert heading(page) == EN["s5.title"]

        page.click("#machines-btn")
        with page.expect_download() as dl:
            page.click("#kit-export")
        assert dl.value.suggested_filename == "aoh-cids.json"
        raw = Path(dl.value.path()).read_bytes()
        assert b"\r\n" in raw
        assert json.loads(raw) == {
            "format": "aoh-helper.cids",
            "version": 1,
            "pcs": [
                {"computer": "PC-01", "activation_id": WIN_AID, "iid": WIN, "cid": CID_1},
                {"computer": "LAB-7", "activation_id": OFFICE_AID, "iid": OFFICE, "cid": CID_2},
            ],
        }
        assert [(e.computer, e.cid.digits, e.cid.valid) for e in read_cids(raw)] == [
            ("PC-01", CID_1, True),
            ("LAB-7", CID_2, True),
        ]
        # left out: PC-01's ESU and SRV-KMS, no CID yet; nothing licensed yet
        expect(page.locator("#kit-msg")).to_contain_text(
            EN["kit.export.missing"].format(n=2, pcs="PC-01, SRV-KMS")
        )

        results = [v["text"] for v in KIT["result"] if v["expected"].get("computer") == "PC-01"]
        page.set_input_files(
            "#kit-import", files=[_file(f"PC-01-{i}.result.json", t) for i, t in enumerate(results[:1])]
        )
        # The import reads the file asynchronously: wait for its outcome before reading the rows.
        expect(page.locator("#machine-list .machine").first).to_contain_text(EN["kit.result.licensed"])
        rows = _machines(page)
        assert EN["kit.result.licensed"] in rows[0]
        assert "0xC004F04D" in rows[1] and EN["kit.result.licensed"] not in rows[1]
        errors = json.loads((ROOT / "static" / "data" / "errors.json").read_text(encoding="utf-8"))
        assert errors["errors"]["0xC004F04D"]["meaning_en"] in rows[1]
        assert EN["machines.isdone"] in rows[0]  # licensed: marked done

        # exported again: PC-01's Windows is licensed now, so only LAB-7's CID is left to apply
        with page.expect_download() as dl:
            page.click("#kit-export")
        again = Path(dl.value.path()).read_bytes()
        assert json.loads(again)["pcs"] == [
            {"computer": "LAB-7", "activation_id": OFFICE_AID, "iid": OFFICE, "cid": CID_2}
        ]
        assert [e.computer for e in read_cids(again)] == ["LAB-7"]
        msg = page.inner_text("#kit-msg")
        assert EN["kit.export.done"].format(n=1) in msg
        assert EN["kit.export.licensed"].format(n=1, pcs="PC-01") in msg
        _shot(page, "kit-desktop-results")
        assert [v["id"] for v in run_axe(page)] == []  # the list with its warnings and results
        assert problems == []
    finally:
        ctx.close()


def _result(computer: str, licences: list[tuple[str, str]]) -> str:
    """A ``<PC>.result.json`` as apply.ps1 writes it (docs/commands.md), every licence licensed."""
    results = [
        {"activation_id": aid, "iid": iid, "hresult": "0x00000000", "license_status": 1, "licensed": True}
        for aid, iid in licences
    ]
    doc = {
        "format": "aoh-helper.result",
        "version": 1,
        "computer": computer,
        "finished": "2026-11-25T15:10:00Z",
        "results": results,
    }
    return "\ufeff" + json.dumps(doc, indent=2).replace("\n", "\r\n")


def test_export_when_every_pc_is_licensed_says_so_in_japanese(browser, server) -> None:
    """No file is saved when nothing is left to apply, and the page says why (not silently)."""
    ctx, page, problems = _page(browser, server, viewport=DESKTOP, locale="ja-JP")
    downloads: list = []
    page.on("download", lambda d: downloads.append(d))
    try:
        page.click("#machines-btn")
        page.set_input_files("#kit-import", files=[_file("PC-01.aoh.json", PC_FILES["PC-01.aoh.json"])])
        for index, cid in ((0, CID_1), (1, CID_2)):  # both licences get a valid CID
            if index:
                page.click("#machines-btn")
            _open(page, index, JA)
            page.click("#progress button[data-goto='4']")
            type_into_boxes(page, "cid", cid)
            page.click("#next")
            assert heading(page) == JA["s5.title"]
        page.click("#machines-btn")
        done = _result("PC-01", [(WIN_AID, WIN), (ESU_AID, ESU)])
        page.set_input_files("#kit-import", files=[_file("PC-01.result.json", done)])
        expect(page.locator("#kit-msg")).to_have_text(JA["kit.import.done"].format(pcs=0, results=2))
        assert all(JA["kit.result.licensed"] in r for r in _machines(page))
        page.click("#kit-export")
        expect(page.locator("#kit-msg")).to_have_text(JA["kit.export.allLicensed"].format(n=2))
        assert downloads == []  # no empty aoh-cids.json
        _shot(page, "kit-ja-all-licensed")
        assert problems == []
    finally:
        ctx.close()


def test_kit_link_fills_the_pc_on_a_phone(browser, server) -> None:
    params = f"aoh=1&pc=%E5%B7%A5%E5%A0%B4-PC3&p=esu1&aid={ESU_AID}&iid={ESU}"
    ctx, page, problems = _page(browser, server, f"/#{params}", locale="ja-JP", color_scheme="dark")
    try:
        assert page.evaluate("location.hash") == ""  # cleared: a reload does not add it again
        assert heading(page) == JA["s3.title"]
        _shot(page, "kit-ja-dark-link-portal")
        assert [v["id"] for v in run_axe(page)] == []
        assert "工場-PC3" in page.inner_text("#machine-label")
        cells = page.locator("#portal-grid .pval").all_inner_texts()
        assert cells == [ESU[i : i + 7] for i in range(0, 63, 7)]
        page.click("#progress button[data-goto='1']")
        assert page.input_value("#pc-label") == "工場-PC3"
        assert page.is_checked("input[name=product][value=esu1]")
        page.reload()
        page.wait_for_selector("html[data-ready='1']")
        page.click("#machines-btn")
        assert len(_machines(page)) == 1
        assert problems == []
    finally:
        ctx.close()


def test_photo_of_the_kit_qr_code_fills_the_pc(browser, server) -> None:
    """Chromium on Linux has no BarcodeDetector: the photo goes to /api/ocr, which reads the QR code."""
    ctx, page, problems = _page(browser, server)
    try:
        page.click("#next")
        _shot(page, "kit-scan-button-phone")
        text = kit_qr_text("LAB-7", "office", OFFICE, app_url=server.base_url + "/")
        photo = photo_jpeg(offline_page(text), seed=5)
        page.set_input_files("#iid-qr", files=[{"name": "qr.jpg", "mimeType": "image/jpeg", "buffer": photo}])
        expect(page.locator("#iid-summary")).to_have_attribute("data-state", "ok", timeout=60000)
        assert group_values(page, "iid") == [OFFICE[i : i + 6] for i in range(0, 54, 6)]
        assert "LAB-7" in page.inner_text("#machine-label")
        page.click("#progress button[data-goto='1']")
        assert page.is_checked("input[name=product][value=office]")
        assert problems == []
    finally:
        ctx.close()


def test_pasted_dlv_with_a_kms_client_channel_warns_before_the_portal(browser, server) -> None:
    ctx, page, problems = _page(browser, server)
    try:
        page.click("#next")
        dlv = (
            "Name: Windows(R), ServerStandard edition\r\n"
            "Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\n"
            f"Installation ID: {ESU}\r\n"
        )
        page.fill("#iid-paste", dlv)
        page.click("#next")
        assert heading(page) == EN["s3.title"]
        expect(page.locator("#kms-warning")).to_be_visible()
        _shot(page, "kit-kms-warning-phone")
        assert [v["id"] for v in run_axe(page)] == []
        page.click("#progress button[data-goto='2']")
        page.fill("#iid-paste", dlv.replace("VOLUME_KMSCLIENT", "VOLUME_MAK"))
        page.click("#next")
        expect(page.locator("#kms-warning")).to_be_hidden()
        assert problems == []
    finally:
        ctx.close()


def test_shell_choice_is_remembered_per_pc(browser, server) -> None:
    ctx, page, problems = _page(browser, server)
    try:
        assert page.is_checked("input[name=shell-1][value=cmd]")  # the default
        page.get_by_label(EN["kit.shell.powershell"]).first.check()
        page.click("#machines-btn")
        page.click("#machine-new")
        assert page.is_checked("input[name=shell-1][value=cmd]")
        page.click("#machines-btn")
        _open(page, 0)
        page.click("#progress button[data-goto='1']")
        assert page.is_checked("input[name=shell-1][value=powershell]")
        page.reload()
        page.wait_for_selector("html[data-ready='1']")
        page.click("#progress button[data-goto='1']")
        assert page.is_checked("input[name=shell-1][value=powershell]")
        assert problems == []
    finally:
        ctx.close()


def test_powershell_choice_gives_the_powershell_commands(browser, server) -> None:
    ctx, page, problems = _page(browser, server)
    try:
        cmd = page.locator("#pc-commands code").all_inner_texts()
        assert any("slmgr.vbs /dti" in c for c in cmd)
        page.get_by_label(EN["kit.shell.powershell"]).first.check()
        ps = page.locator("#pc-commands code").all_inner_texts()
        assert any("OfflineInstallationId" in c for c in ps) and not any("slmgr.vbs" in c for c in ps)
        page.click("#next")
        type_into_boxes(page, "iid", WIN)
        page.click("#next")
        page.click("#next")
        type_into_boxes(page, "cid", CID_1)
        page.click("#next")
        assert page.is_checked("input[name=shell-5][value=powershell]")
        applied = page.locator("#result-commands code").first.inner_text()
        assert "DepositOfflineConfirmationId" in applied and CID_1 in applied
        page.check("input[name=shell-5][value=cmd]")
        assert "slmgr.vbs /atp " + CID_1 in page.locator("#result-commands code").first.inner_text()
        assert problems == []
    finally:
        ctx.close()
