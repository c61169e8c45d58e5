"""End-to-end: the walk-through against the real portal, and daily use with several PCs (issue 12).

Same set-up as tests/test_e2e.py (whose fixtures and helpers these tests share): the real
server (tools.upload_client.ServerProcess) serving the real static/ folder, Debian's
Chromium at phone size.  One test per point of the issue; each fails without its fix.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from activation.ids import IID_54, analyse
from tests import test_e2e as base
from tests.e2e_support import PHONE, sample
from tests.test_e2e import CID, EN, IID, IID_ESU, JA, group_states, group_values, heading, paste_event, shot

# The shared fixtures: a server and phone-sized pages (fail on any script error); the browser is conftest's.
server = base.server
new_page = base.new_page

OTHER_CID = CID[:12] + "000000" + CID[18:]  # group C differs (not a valid group: what a misread gives)


def box(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height, bottom: r.bottom, right: r.right}; }",
    )


def to_step(page, n: int, iid: str = IID, cid: str = CID) -> None:
    """From step 1 to step n with a valid IID (and CID)."""
    page.click("#next")
    if n == 2:
        return
    paste_event(page, "#iid-groups input >> nth=0", iid)
    page.click("#next")
    if n == 3:
        return
    page.click("#next")
    if n == 4:
        return
    page.fill("#cid-paste", cid)
    page.click("#next")


def size_checked(page) -> str:
    return page.eval_on_selector("input[name=iid-size]:checked", "el => el.value")


# --- 1. the screenshot route first in step 4 ---------------------------------------------------


def test_1_cid_step_starts_with_the_screenshot_route(new_page) -> None:
    page = new_page(locale="ja-JP", color_scheme="dark")
    to_step(page, 4)
    assert heading(page) == JA["s4.title"]
    intro = page.inner_text("#step-4 > p >> nth=0")
    assert "スクリーンショットを撮る" in intro and "画像を選ぶ" in intro
    # "Choose a picture" first, on the first screen of a 360-px phone, above the boxes and the paste box.
    choose = box(page, "label[for=cid-file]")
    assert choose["bottom"] <= PHONE["height"], choose
    assert (
        choose["y"] < box(page, "label[for=cid-camera]")["y"]
        or choose["x"] < box(page, "label[for=cid-camera]")["x"]
    )
    assert choose["bottom"] < box(page, "#cid-groups")["y"] < box(page, "#cid-paste")["y"]
    assert page.get_by_role("button", name=JA["paste.clipboard"]).count() == 1
    # No step tells the user to press a copy button the Japanese portal does not have.
    page.click("#back")
    assert "「確認 ID をコピー」を押します" not in page.inner_text("#step-3")
    assert "スクリーンショット" in page.inner_text("#portal-checklist")
    page.click("#next")
    # The route works: the portal card's screenshot, chosen here, fills A-H.
    card, truth = sample("cid", "card_5x3")
    page.set_input_files("#cid-file", str(card))
    page.wait_for_selector(".capture[data-kind=cid] .ocr-msg[data-state]", timeout=60000)
    assert "".join(group_values(page, "cid")) == truth["digits"]
    shot(page, "ja-4-screenshot-first")


# --- 2. the portal's screens after the CID, and no advice on what to answer ---------------------


def test_2_portal_screens_after_the_cid_and_the_side_by_side_check(new_page) -> None:
    page = new_page(locale="ja-JP")
    page.check("input[name=product][value=office]")
    to_step(page, 3)
    steps = page.inner_text("#portal-checklist")
    for screen in (
        "製品のライセンス認証に成功しましたか?",
        "もう一度試してみましょうか?",
        "サポートに連絡する",
        "aka.ms/vpah",
    ):
        assert screen in steps, screen
    assert "「はい」" in steps and "「いいえ」" in steps and "やり直し" in steps
    assert (
        "1 台と答えます" not in steps and "1 台以下" in steps
    )  # what each answer leads to, not what to answer
    assert "Microsoft Office" in page.inner_text("#portal-product")
    assert "Remote Desktop Services" in page.inner_text("#portal-product")
    assert "再読み込み" in page.inner_text("#step-3")
    scam = page.inner_text("#portal-scam")
    assert "aka.ms/aoh" in scam and "aka.ms/vpah" in scam and "詐欺" in scam
    shot(page, "ja-3-portal-screens", at="#portal-checklist")
    # ESU: Windows, then Windows 10.
    page.click("#progress button[data-goto='1']")
    page.check("input[name=product][value=esu1]")
    page.click("#progress button[data-goto='3']")
    assert "Windows 10" in page.inner_text("#portal-product")

    # Step 5: keep the tab open, Yes only when Licensed, compare the portal's CID group by group.
    page.click("#next")
    page.fill("#cid-paste", CID)
    page.click("#next")
    assert "/dlv" in page.inner_text("#step-5") and "タブは開いたまま" in page.inner_text("#step-5")
    page.get_by_label(JA["s5.compareLabel"]).fill(" ".join(OTHER_CID[i : i + 6] for i in range(0, 48, 6)))
    rows = page.locator("#cid-compare-result tbody tr")
    assert rows.count() == 8
    states = rows.evaluate_all("rs => rs.map(r => r.dataset.state)")
    assert states == ["same", "same", "differs", "same", "same", "same", "same", "same"]
    assert page.locator("#cid-compare-result th[scope=col]").count() == 4  # a table a screen reader can walk
    assert "C" in page.inner_text("#cid-compare-result .summary")
    page.get_by_label(JA["s5.compareLabel"]).fill(CID)
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.state)") == ["same"] * 8
    assert page.inner_text("#cid-compare-result .summary") == JA["compare.allSame"]
    shot(page, "ja-5-compare", at="#cid-compare")


# --- 3. a bad picture must not corrupt typing ----------------------------------------------------


JUNK_54 = "036120331000000000000310412610000340202520251231001122"  # Extended PID and dates, run together


def test_3_a_junk_reading_clear_and_retyping_recover(new_page) -> None:
    bad_groups = analyse(JUNK_54, IID_54).invalid_labels
    assert len(bad_groups) > 4, "precondition: the stand-in reading is junk"
    page = new_page(color_scheme="dark")
    page.click("#next")
    # A reading of that junk, shaped as the server answers, into the real boxes: the size stays 7.
    page.evaluate(
        """async (digits) => {
            const { boxes } = await import('/js/state.js');
            const groups = Array.from({length: 9}, (_, i) => ({label: String(i + 1), text: digits.slice(i * 6, i * 6 + 6), valid: false}));
            boxes.iid.showOcr({digits, groups, complete: false}, null);
        }""",
        JUNK_54,
    )
    assert size_checked(page) == "7"
    # Clearing resets a size the user (or a picture) chose to the product's.
    page.check("input[name=iid-size][value='6']")
    page.click("#iid-clear")
    assert size_checked(page) == "7"
    # Typing a 63-digit IID into 6-digit boxes: the 7th digit of a group switches back to 7.
    page.check("input[name=iid-size][value='6']")
    page.click("#iid-groups input >> nth=0")
    page.keyboard.type(IID, delay=5)
    assert size_checked(page) == "7"
    assert group_values(page, "iid") == [IID[i : i + 7] for i in range(0, 63, 7)]
    assert group_states(page, "iid") == ["ok"] * 9
    # A picture with no ID: its message says so, in words that fit, and goes once the ID is whole.
    page.click("#iid-clear")
    blank = Image.new("RGB", (800, 600), "white")
    buf = io.BytesIO()
    blank.save(buf, "PNG")
    page.set_input_files(
        "#iid-file", files=[{"name": "blank.png", "mimeType": "image/png", "buffer": buf.getvalue()}]
    )
    msg = page.locator(".capture[data-kind=iid] .ocr-msg")
    page.wait_for_selector(".capture[data-kind=iid] .ocr-msg[data-state=bad]", timeout=60000)
    # No ID and no small text: the advice is to paste the text, not to move closer.
    assert (
        msg.inner_text()
        == EN["ocr.nothing"].replace("{kind}", EN["kind.iid"]) + " " + EN["ocr.advice.paste_text"]
    )
    assert size_checked(page) == "7"
    paste_event(page, "#iid-groups input >> nth=0", IID)
    assert group_states(page, "iid") == ["ok"] * 9
    assert msg.inner_text() == ""


# --- 4. ESU chosen: the ESU licence's IID from a pasted /dlv -------------------------------------


DLV_TEXT = f"""Name: Windows(R), Professional edition
Description: Windows(R) Operating System, RETAIL channel
Partial Product Key: 3V66T
Installation ID: {IID}
License Status: Notification

Name: Windows(R), Client-ESU-Year1 add-on for Windows 10
Description: Windows(R) Operating System, MAK channel
Partial Product Key: 7H3KD
Installation ID: {IID_ESU}
License Status: Unlicensed
"""


def test_4_esu_takes_the_esu_iid_from_a_pasted_dlv(new_page) -> None:
    page = new_page(color_scheme="dark")
    page.check("input[name=product][value=esu1]")
    page.click("#next")
    page.fill("#iid-paste", DLV_TEXT)
    assert "".join(group_values(page, "iid")) == IID_ESU
    chooser = page.locator(".capture[data-kind=iid] .candidates")
    assert chooser.is_visible()
    assert page.inner_text(".capture[data-kind=iid] .candidates legend") == EN["pick.text"]
    assert page.get_by_role("radio", name=re.compile("Client-ESU-Year1")).is_checked()
    assert page.get_by_role("radio", name=re.compile("Professional edition")).count() == 1
    seen = box(page, ".capture[data-kind=iid] .candidates")
    assert seen["y"] >= 0 and seen["y"] < PHONE["height"], seen  # scrolled into view
    shot(page, "en-2-dlv-esu-choice", at=".capture[data-kind=iid] .candidates")
    # Windows chosen: the same text gives the Windows IID.
    page.click("#iid-clear")
    page.click("#back")
    page.check("input[name=product][value=windows]")
    page.click("#next")
    page.fill("#iid-paste", DLV_TEXT.replace("Name:", "名前:"))
    assert "".join(group_values(page, "iid")) == IID


# --- 5. several PCs -----------------------------------------------------------------------------


def test_5_several_pcs_stay_apart(new_page, tmp_path) -> None:
    page = new_page(locale="ja-JP")
    long_name = "経理部-第二会議室-貸出用ノートPC-2025年度-予備機"
    page.fill("#pc-label", long_name)
    # The name in the header: cut at its end with an ellipsis, its start visible.
    label, button = box(page, "#machine-label"), box(page, "#machines-btn")
    assert label["x"] >= button["x"], (label, button)
    assert page.eval_on_selector("#machine-label", "el => getComputedStyle(el).textOverflow") == "ellipsis"
    assert page.eval_on_selector("#machine-label", "el => el.scrollWidth > el.clientWidth")
    assert button["right"] <= box(page, "#lang-btn")["x"]
    assert page.eval_on_selector("#lang-btn", "el => el.scrollWidth <= el.clientWidth")  # not squeezed
    shot(page, "ja-header-long-name")
    page.fill("#pc-label", "DESK-01")
    to_step(page, 3)
    # Step 3's checklist ticks belong to this PC and survive a reload.
    page.locator("#portal-checklist input").nth(0).check()
    page.locator("#portal-checklist input").nth(2).check()
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    ticks = page.locator("#portal-checklist input").evaluate_all("cs => cs.map(c => c.checked)")
    assert ticks[:3] == [True, False, True] and not any(ticks[3:])
    page.click("#next")
    page.fill("#cid-paste", CID)
    page.click("#next")
    with page.expect_download() as dl:
        page.click("#download-cmd")
    first_name = dl.value.suggested_filename
    assert "DESK-01" in first_name and first_name.endswith(".cmd")
    # Japanese messages in the console's code page (CP932), readable on a Japanese console.
    cmd_bytes = Path(dl.value.path()).read_bytes()
    assert "確認 ID を適用しています".encode("cp932") in cmd_bytes
    assert "rem PC: DESK-01" in cmd_bytes.decode("cp932")
    # A second PC: its own file name, its own (empty) checklist.
    page.click("#machines-btn")
    page.click("#machine-new")
    page.fill("#pc-label", "DESK-02")
    to_step(page, 3)
    assert not any(page.locator("#portal-checklist input").evaluate_all("cs => cs.map(c => c.checked)"))
    page.click("#next")
    page.fill("#cid-paste", CID)
    page.click("#next")
    with page.expect_download() as dl:
        page.click("#download-cmd")
    assert "DESK-02" in dl.value.suggested_filename and dl.value.suggested_filename != first_name
    # CSV for Japanese Excel: a BOM, and IDs kept as text.
    page.click("#machines-btn")
    with page.expect_download() as dl:
        page.click("#export-csv")
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert f'"=""{IID}"""'.encode() in raw
    # Import on a fresh phone: the two PCs, no empty "PC 1" left behind.
    fresh = new_page(locale="ja-JP")
    fresh.click("#machines-btn")
    fresh.set_input_files("#import-file", files=[{"name": "pcs.csv", "mimeType": "text/csv", "buffer": raw}])
    expect(fresh.locator("#machines-msg")).to_have_text(JA["machines.imported"].replace("{n}", "2"))
    names = fresh.locator("#machine-list strong").all_inner_texts()
    assert names == ["DESK-01", "DESK-02"]
    assert (
        "".join(
            json.loads(fresh.evaluate("localStorage.getItem('aoh-helper/machines/v1')"))["machines"][0]["iid"]
        )
        == IID
    )
    # A broken file: the reason in Japanese, not the parser's English.
    fresh.set_input_files(
        "#import-file", files=[{"name": "pcs.json", "mimeType": "application/json", "buffer": b"{broken"}]
    )
    failed = JA["machines.importFailed"].replace("{why}", JA["import.json"])
    expect(fresh.locator("#machines-msg")).to_have_text(failed)


# --- 6. Office: several products in one ospp.vbs /dinstid ----------------------------------------


def test_6_office_dinstid_with_several_products_offers_a_choice(new_page) -> None:
    text = (
        "---Processing--------------------------\n---------------------------------------\n"
        f"Installation ID for: Office 16, Office16ProPlusVL_MAK edition: {IID}\n"
        "---------------------------------------\n"
        f"Installation ID for: Office 16, Office16VisioProVL_MAK edition: {IID_ESU}\n"
        "---------------------------------------\n---Exiting-----------------------------\n"
    )
    page = new_page(locale="ja-JP", color_scheme="dark")
    page.check("input[name=product][value=office]")
    page.click("#next")
    page.fill("#iid-paste", text)
    assert page.inner_text(".capture[data-kind=iid] .candidates legend") == JA["pick.text"]
    visio = page.get_by_role("radio", name=re.compile("VisioProVL"))
    assert page.get_by_role("radio", name=re.compile("ProPlusVL")).is_checked()
    visio.check()
    assert "".join(group_values(page, "iid")) == IID_ESU
    assert group_states(page, "iid") == ["ok"] * 9


# --- 7. big photos are shrunk, not refused -------------------------------------------------------


def test_7_a_52_megapixel_photo_is_shrunk_and_read(new_page, tmp_path) -> None:
    src, truth = sample("iid", "console_dti")
    with Image.open(src) as im:
        shot_img = im.convert("RGB")
    big = Image.new("RGB", (8832, 5888), (250, 250, 250))  # 52 MP
    scaled = shot_img.resize((shot_img.width * 4, shot_img.height * 4), Image.LANCZOS)
    big.paste(scaled, ((big.width - scaled.width) // 2, (big.height - scaled.height) // 2))
    path = tmp_path / "big.jpg"
    big.save(path, "JPEG", quality=85)
    assert big.width * big.height > 40_000_000 and path.stat().st_size < 11 * 1024 * 1024
    page = new_page()
    page.click("#next")
    page.set_input_files("#iid-file", str(path))
    page.wait_for_selector(".capture[data-kind=iid] .ocr-msg[data-state]", timeout=120000)
    msg = page.inner_text(".capture[data-kind=iid] .ocr-msg")
    assert msg != EN["ocr.error.image_too_large"]
    assert "closer" not in EN["ocr.error.image_too_large"] and "近づ" not in JA["ocr.error.image_too_large"]
    assert "".join(group_values(page, "iid")) == truth["digits"]


# --- 8. smaller things ---------------------------------------------------------------------------


def test_8_layout_and_wording(new_page) -> None:
    page = new_page(locale="ja-JP", color_scheme="dark", permissions=["clipboard-read", "clipboard-write"])
    to_step(page, 3)
    # Coming back from the portal, the IID grid comes first, then the checklist.
    assert box(page, "#portal-grid")["y"] < box(page, "#portal-checklist")["y"]
    # A copy button keeps its size while it says "copied": the ID beside it does not move.
    button = page.locator("#portal-grid .pcell button").nth(0)
    before = box(page, "#portal-grid .pcell button >> nth=0")
    button.click()
    expect(page.locator("#portal-grid .pcell button.copied")).to_have_count(1)
    assert box(page, "#portal-grid .pcell button >> nth=0") == before
    assert button.get_attribute("aria-label") == JA["copyLabel"].replace(
        "{what}", JA["s3.group"].replace("{label}", "1")
    )
    # The big CID as the portal lays it out: A-E on one row, F-H under A-C.
    page.click("#next")
    page.fill("#cid-paste", CID)
    page.click("#next")
    groups = [box(page, f"#cid-big .cid-group >> nth={i}") for i in range(8)]
    assert len({round(g["y"]) for g in groups[:5]}) == 1, groups[:5]
    assert len({round(g["y"]) for g in groups[5:]}) == 1 and groups[5]["y"] > groups[0]["y"]
    assert abs(groups[5]["x"] - groups[0]["x"]) < 1
    assert max(g["right"] for g in groups) <= PHONE["width"]
    shot(page, "ja-5-cid-big", at="#cid-big")
    unmoved = ("x", "w", "h")  # clicking may scroll the page, but the text must not reflow
    code_before = {k: box(page, "#result-commands code >> nth=0")[k] for k in unmoved}
    page.locator("#result-commands button.copy").nth(0).click()
    expect(page.locator("#result-commands button.copied")).to_have_count(1)
    assert {k: box(page, "#result-commands code >> nth=0")[k] for k in unmoved} == code_before
    # Wording: "read and pass", and a space between "ID" and a following particle.
    assert EN["ocr.complete"].startswith("All groups were read and pass")
    said = page.evaluate(
        "async () => { const i = await import('/js/i18n.js'); return i.t('ocr.nothing', {kind: i.t('kind.iid')}); }"
    )
    assert "インストール ID が" in said
