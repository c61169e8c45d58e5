"""End-to-end: the PWA in Debian's Chromium, phone-sized, against the real server.

Nothing is mocked: the Flask app runs under waitress in a subprocess with its
real OCR pool and Tesseract.  Screenshots of every step go to test-artifacts/.
Takes about a minute (two OCR uploads, one share-target OCR).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from activation.commands import build_commands
from activation.ids import analyse
from tests.e2e_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PHONE, ROOT, sample
from tools.upload_client import ServerProcess

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

IID = "033255090385053904665824186342756737844895181384546394354129604"  # docs/ids.md, Server 2025
IID_ESU = "489126343257012289105546522085205332958764158851011127139061121"  # docs/ids.md, Windows 11
CID = "396422722594970050401326863046940426938013125992"  # tests/vectors: valid cid48
EN = json.loads((ROOT / "static" / "locales" / "en.json").read_text(encoding="utf-8"))
JA = json.loads((ROOT / "static" / "locales" / "ja.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with ServerProcess(args=["--rate-limit", "600"]) as srv:
        yield srv


@pytest.fixture
def new_page(browser, server):
    """Pages in fresh phone-sized contexts; fails the test on any script error or CSP violation."""
    contexts = []
    problems: list[str] = []

    def make(locale: str = "en-US", color_scheme: str = "light", **kw):
        ctx = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale=locale,
            color_scheme=color_scheme,
            base_url=server.base_url,
            accept_downloads=True,
            **kw,
        )
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
        page.on(
            "console",
            lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        page.set_default_timeout(15000)
        page.goto("/")
        page.wait_for_selector("html[data-ready='1']")
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert problems == [], "the app threw or broke its Content-Security-Policy"


def shot(page, name: str, at: str | None = None) -> None:
    """What the phone shows (the top of the step, or scrolled to ``at``), and the whole step."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    if at:
        page.eval_on_selector(at, "el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)


def heading(page) -> str:
    return page.locator("section.step:not([hidden]) h1").inner_text()


def group_states(page, kind: str) -> list[str]:
    return page.eval_on_selector_all(f"#{kind}-groups .group", "els => els.map(e => e.dataset.state)")


def group_values(page, kind: str) -> list[str]:
    return page.eval_on_selector_all(f"#{kind}-groups input", "els => els.map(e => e.value)")


def type_into_boxes(page, kind: str, digits: str) -> None:
    """Types every digit into the first box: auto-advance must carry on to the next boxes."""
    page.click(f"#{kind}-groups input >> nth=0")
    page.keyboard.type(digits, delay=5)


def paste_event(page, selector: str, text: str) -> None:
    """A real paste event with clipboard data, as a long-press > Paste sends it."""
    page.eval_on_selector(
        selector,
        """(el, text) => {
            const dt = new DataTransfer();
            dt.setData('text/plain', text);
            el.focus();
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
        }""",
        text,
    )


def apply_command(page) -> str:
    return page.locator("#result-commands code").first.inner_text()


def test_whole_flow_by_typing(new_page) -> None:
    page = new_page()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert heading(page) == EN["s1.title"]
    page.fill("#pc-label", "Reception PC")
    page.check("input[name=product][value=windows]")
    commands = page.locator("#pc-commands code").all_inner_texts()
    assert build_commands("windows").show_iid in commands
    shot(page, "en-1-pc")

    page.click("#next")
    assert heading(page) == EN["s2.title"]
    assert page.evaluate("document.activeElement.id") == "h-2"  # focus moves to the new step
    type_into_boxes(page, "iid", IID)
    assert group_values(page, "iid") == [IID[i : i + 7] for i in range(0, 63, 7)]
    assert group_states(page, "iid") == ["ok"] * 9
    assert page.inner_text("#iid-summary") == EN["summary.ok"].replace("{n}", "9")
    shot(page, "en-2-iid-typed")

    page.click("#next")
    assert heading(page) == EN["s3.title"]
    assert page.get_attribute("#portal-link", "href") == "https://aka.ms/aoh"
    cells = page.locator("#portal-grid .pcell")
    assert cells.count() == 9
    assert cells.nth(3).locator(".pnum").inner_text() == "4"
    assert cells.nth(3).locator(".pval").inner_text() == IID[21:28]
    assert "7" in page.inner_text("#portal-digits")
    shot(page, "en-3-portal")

    page.click("#next")
    assert heading(page) == EN["s4.title"]
    type_into_boxes(page, "cid", CID)
    assert group_states(page, "cid") == ["ok"] * 8
    shot(page, "en-4-cid-typed")

    page.click("#next")
    assert heading(page) == EN["s5.title"]
    expected = build_commands("windows", CID)
    assert apply_command(page) == expected.apply_cid
    assert page.locator("#result-commands code").nth(1).inner_text() == expected.status
    big = page.locator("#cid-big .cid-digits").all_inner_texts()
    assert big == [CID[i : i + 6] for i in range(0, 48, 6)]
    assert page.locator("#cid-big .cid-row").count() == 2  # A-E, then F-H
    with page.expect_download() as dl:
        page.click("#download-cmd")
    cmd_path = dl.value.path()
    body = Path(cmd_path).read_bytes().decode("ascii")  # English messages: plain ASCII
    assert expected.apply_cid.replace("cscript ", "cscript //nologo ", 1) in body
    # The file says which PC and which IID it is for (several PCs' files on one USB stick).
    assert dl.value.suggested_filename == "aoh-Reception_PC-windows.cmd"
    head = body.split("\r\n")[:6]
    assert "rem PC: Reception_PC" in head
    assert "rem Installation ID: " + " ".join(IID[i : i + 7] for i in range(0, 63, 7)) in head
    assert any(re.fullmatch(r"rem Date: \d{4}-\d{2}-\d{2}", line) for line in head)
    assert body.count("\r\n") > 10
    page.fill("#error-text", "Error: 0xC004F04D")
    explained = page.inner_text("#error-result")
    assert "0xC004F04D" in explained and "mistyped" in explained
    shot(page, "en-5-result")
    page.click("#mark-done")
    assert "✓" in page.inner_text("#machine-label")


def test_flow_by_pasting_in_japanese_dark(new_page) -> None:
    page = new_page(locale="ja-JP", color_scheme="dark")
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert heading(page) == JA["s1.title"]
    page.check("input[name=product][value=esu2]")
    shown = page.locator("#pc-commands code").all_inner_texts()
    assert build_commands("esu2").show_iid in shown and build_commands("esu2").install_key in shown
    shot(page, "ja-dark-1-pc")
    page.click("#next")

    # /dlv output with two licences pasted into box 5: ESU is chosen, so the ESU licence's IID is
    # taken; both are offered, by product name.
    dlv = (
        "名前: Windows(R), Professional edition\nライセンス認証 ID: 2de67392-b7a7-462a-b1ca-108dd189f588\n"
        f"インストール ID: {IID}\n\n名前: Windows(R), Client-ESU-Year2 add-on\n"
        f"インストール ID: {IID_ESU}\n"
    )
    paste_event(page, "#iid-groups input >> nth=4", dlv)
    assert "".join(group_values(page, "iid")) == IID_ESU
    options = page.locator("input[name=iid-candidate]")
    assert options.count() == 2
    assert options.nth(1).is_checked()
    options.nth(0).check()
    assert "".join(group_values(page, "iid")) == IID
    options.nth(1).check()
    assert "".join(group_values(page, "iid")) == IID_ESU
    assert group_states(page, "iid") == ["ok"] * 9
    shot(page, "ja-dark-2-iid-pasted", at=".candidates")
    page.click("#next")
    assert heading(page) == JA["s3.title"]
    page.click("#next")

    # The portal's "Copy Confirmation ID" text, with full-width digits from a Japanese IME.
    card = "A B C D E\n３９６４２２ 722594 970050 401326 863046\nF G H\n940426 938013 125992"
    page.fill("#cid-paste", card)
    assert "".join(group_values(page, "cid")) == CID
    assert group_states(page, "cid") == ["ok"] * 8
    shot(page, "ja-dark-4-cid-pasted")
    page.click("#next")
    assert heading(page) == JA["s5.title"]
    expected = build_commands("esu2", CID)
    assert apply_command(page) == expected.apply_cid
    assert expected.activation_id in expected.apply_cid
    page.fill("#error-text", "エラー: 0xC004F015")
    assert "ライセンスがインストールされていません" in page.inner_text("#error-result")
    shot(page, "ja-dark-5-result")
    assert page.is_hidden("#cid-stale")

    # The IID changed after the CID was entered: the CID no longer fits, and the app says so.
    page.click("[data-goto='2']")
    paste_event(page, "#iid-groups input >> nth=0", IID)
    page.click("[data-goto='5']")
    assert page.is_visible("#cid-stale")

    # The language switch works at any step and is remembered.
    page.click("#lang-btn")
    # Not wait_for_function: its polling evaluates a string, which the page's CSP (no unsafe-eval) blocks.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert heading(page) == EN["s5.title"]
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert heading(page) == EN["s5.title"]


def test_wrong_digit_is_flagged_on_its_group(new_page) -> None:
    page = new_page()
    page.click("#next")
    wrong = IID[:23] + str((int(IID[23]) + 1) % 10) + IID[24:]  # a digit in group 4
    assert analyse(wrong).invalid_labels == ["4"]
    type_into_boxes(page, "iid", wrong)
    states = group_states(page, "iid")
    assert states[3] == "bad"
    assert states[:3] + states[4:] == ["ok"] * 8
    assert page.get_attribute("#iid-g4", "aria-invalid") == "true"
    assert page.inner_text("#iid-g4-state") == EN["group.bad"]
    assert "4" in page.inner_text("#iid-summary")
    page.click("#next")
    assert heading(page) == EN["s2.title"]  # not let through
    assert page.evaluate("document.activeElement.id") == "iid-g4"
    shot(page, "en-2-iid-wrong-digit", at=".size-switch")
    # Fixing the digit clears the flag.
    page.fill("#iid-g4", IID[21:28])
    assert group_states(page, "iid") == ["ok"] * 9


def test_ocr_screenshots_fill_both_ids(new_page) -> None:
    iid_file, iid_truth = sample("iid", "console_dti")
    cid_file, cid_truth = sample("cid", "card")
    page = new_page()
    page.click("#next")
    page.set_input_files("#iid-file", str(iid_file))
    page.wait_for_selector(".capture[data-kind=iid] .ocr-msg[data-state]", timeout=60000)
    got = "".join(group_values(page, "iid"))
    assert got == iid_truth["digits"], page.inner_text(".capture[data-kind=iid] .ocr-msg")
    # each group stands beside its crop of the picture
    crops = page.eval_on_selector_all(
        "#iid-groups canvas.crop", "els => els.map(c => !c.hidden && c.width > 10)"
    )
    assert crops == [True] * 9
    shot(page, "en-2-iid-ocr-review", at="#iid-groups")
    page.click("#next")
    page.click("#next")
    page.set_input_files("#cid-file", str(cid_file))
    page.wait_for_selector(".capture[data-kind=cid] .ocr-msg[data-state]", timeout=60000)
    assert "".join(group_values(page, "cid")) == cid_truth["digits"]
    shot(page, "en-4-cid-ocr-review", at="#cid-groups")
    page.click("#next")
    assert apply_command(page) == build_commands("windows", cid_truth["digits"]).apply_cid


def test_group_wrapped_in_the_message_box_shows_both_pieces(new_page) -> None:
    # slmgr without cscript: the Script Host box breaks the ID anywhere, here inside a group.
    iid_file, iid_truth = sample("iid", "msgbox_dti")
    page = new_page()
    page.click("#next")
    page.set_input_files("#iid-file", str(iid_file))
    page.wait_for_selector(".capture[data-kind=iid] .ocr-msg[data-state]", timeout=60000)
    assert "".join(group_values(page, "iid")) == iid_truth["digits"]
    widths = page.eval_on_selector_all(
        "#iid-groups canvas.crop", "els => els.map(c => c.hidden ? 0 : c.width)"
    )
    assert all(w > 10 for w in widths)
    # The wrapped group's crop is its two pieces side by side, not a box over both whole lines
    # (that one would be several times wider than a group's).
    others = sorted(widths)[len(widths) // 2]
    assert max(widths) < 2 * others, widths


def test_picture_with_two_iids_lets_the_user_pick(new_page) -> None:
    dlv_file, truth = sample("iid", "dlv_console")
    assert truth["other_ids"], "the /dlv sample should hold the ESU add-on's IID too"
    page = new_page()
    page.click("#next")
    page.set_input_files("#iid-file", str(dlv_file))
    page.wait_for_selector(".capture[data-kind=iid] .ocr-msg[data-state]", timeout=60000)
    assert "".join(group_values(page, "iid")) == truth["digits"]
    options = page.locator("input[name=iid-candidate]")
    assert options.count() == 2
    assert page.is_checked("input[name=iid-candidate] >> nth=0")
    options.nth(1).check()
    assert "".join(group_values(page, "iid")) == truth["other_ids"][0]
    assert group_states(page, "iid") == ["ok"] * 9
    shot(page, "en-2-iid-two-ids", at=".capture[data-kind=iid] .candidates")


def test_reload_keeps_state_and_machines(new_page) -> None:
    page = new_page()
    page.fill("#pc-label", "Lab 3")
    page.check("input[name=product][value=server]")
    page.click("#next")
    type_into_boxes(page, "iid", IID[:30])  # half typed
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert heading(page) == EN["s2.title"]
    assert "".join(group_values(page, "iid")) == IID[:30]
    page.focus("#iid-g5")
    page.keyboard.press("End")
    page.keyboard.type(IID[30:])  # carries on into groups 6-9
    page.click("#next")
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert heading(page) == EN["s3.title"]
    assert page.inner_text("#machine-label") == "Lab 3"

    # a second PC, then back to the first
    page.click("#machines-btn")
    page.click("#machine-new")
    assert heading(page) == EN["s1.title"]
    page.fill("#pc-label", "Lab 4")
    page.click("#machines-btn")
    items = page.locator("#machine-list li")
    assert items.count() == 2
    shot(page, "en-machines")
    with page.expect_download() as dl:
        page.click("#export-json")
    exported = json.loads(Path(dl.value.path()).read_text())
    assert [m["label"] for m in exported["machines"]] == ["Lab 3", "Lab 4"]
    assert exported["machines"][0]["iid"] == IID and exported["machines"][0]["product"] == "server"
    with page.expect_download() as dl:
        page.click("#export-csv")
    csv_text = Path(dl.value.path()).read_text(encoding="utf-8-sig")  # with the BOM Excel needs
    assert csv_text.splitlines()[0].startswith("id,label,product,iid")
    assert IID in csv_text
    items.nth(0).get_by_role("button", name=re.compile(EN["machines.open"])).click()
    assert page.inner_text("#machine-label") == "Lab 3"
    assert heading(page) == EN["s3.title"]
    # delete the second; import it back from the CSV
    page.click("#machines-btn")
    page.once("dialog", lambda d: d.accept())
    items.nth(1).get_by_role("button", name=re.compile(EN["machines.delete"])).click()
    assert items.count() == 1
    page.set_input_files(
        "#import-file", files=[{"name": "pcs.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}]
    )
    expect(items).to_have_count(2)  # the import reads the file asynchronously: wait for it, not a moment
    assert "Lab 4" in page.inner_text("#machine-list")


def test_offline_app_still_loads_and_builds_the_command(new_page) -> None:
    page = new_page()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert page.evaluate("!!navigator.serviceWorker.controller")
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert heading(page) == EN["s1.title"]
    page.click("#next")
    paste_event(page, "#iid-groups input >> nth=0", IID)
    page.click("#next")
    page.click("#next")
    page.fill("#cid-paste", CID)
    page.click("#next")
    assert apply_command(page) == build_commands("windows", CID).apply_cid
    shot(page, "en-5-offline")
    # OCR needs the server: a clear message, no crash.
    page.click("#back")
    iid_file, _ = sample("cid", "card")
    page.set_input_files("#cid-file", str(iid_file))
    page.wait_for_selector(".capture[data-kind=cid] .ocr-msg[data-state=bad]")
    assert page.inner_text(".capture[data-kind=cid] .ocr-msg") == EN["ocr.error.offline"]
    page.context.set_offline(False)


def test_shared_screenshot_lands_in_the_cid_step(new_page) -> None:
    """The manifest's share target: a POST the service worker answers, then OCR."""
    _, cid_truth = sample("cid", "card")
    cid_file, _ = sample("cid", "card")
    page = new_page()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    page.click("#next")
    paste_event(page, "#iid-groups input >> nth=0", IID)
    page.click("#next")
    page.click("#next")
    assert heading(page) == EN["s4.title"]
    data = list(cid_file.read_bytes())
    # As the OS share sheet does: a multipart POST navigation to the share_target action.
    page.evaluate(
        """(bytes) => {
            const form = document.createElement('form');
            form.method = 'POST'; form.action = '/share-target'; form.enctype = 'multipart/form-data';
            const input = document.createElement('input');
            input.type = 'file'; input.name = 'image';
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], 'shot.png', {type: 'image/png'}));
            input.files = dt.files;
            form.append(input); document.body.append(form); form.submit();
        }""",
        data,
    )
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_selector(".capture[data-kind=cid] .ocr-msg[data-state]", timeout=60000)
    assert heading(page) == EN["s4.title"]
    assert "".join(group_values(page, "cid")) == cid_truth["digits"]


def test_manifest_is_installable(pw, server, tmp_path) -> None:
    # A persistent profile: Chromium never offers to install from an incognito-like context.
    ctx = pw.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    try:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(server.base_url + "/")
        page.wait_for_selector("html[data-ready='1']")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_selector("html[data-ready='1']")
        cdp = ctx.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
        manifest = cdp.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest.get("errors")
        parsed = json.loads(manifest["data"])
        assert parsed["share_target"]["action"] == "/share-target"
        assert parsed["display"] == "standalone"
        assert {i["purpose"] for i in parsed["icons"]} == {"any", "maskable"}
    finally:
        ctx.close()


AXE = None


def run_axe(page) -> list[dict]:
    global AXE
    if AXE is None:
        axe_module = pytest.importorskip("axe_playwright_python")
        AXE = (Path(axe_module.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    page.evaluate(AXE)  # evaluated through the DevTools protocol: the page's CSP stays strict
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert len(result["passes"]) > 10  # axe did run its rules on this page
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(("locale", "scheme"), [("en-US", "light"), ("ja-JP", "dark")])
def test_accessibility_scan_every_step(new_page, locale: str, scheme: str) -> None:
    page = new_page(locale=locale, color_scheme=scheme)
    problems = {}
    for n in range(1, 6):
        if n == 2:
            paste_event(page, "#iid-groups input >> nth=0", IID[:-1] + "0")  # one bad group shown too
        found = run_axe(page)
        if found:
            problems[n] = [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in found]
        if n == 2:
            paste_event(page, "#iid-groups input >> nth=0", IID)
        if n == 4:
            page.fill("#cid-paste", CID)
        if n < 5:
            page.click("#next")
    page.click("#machines-btn")
    found = run_axe(page)
    if found:
        problems["machines"] = [v["id"] for v in found]
    assert problems == {}


def test_six_digit_iid_switches_by_length(new_page) -> None:
    iid54 = "020650770493837252929082195773527024195725809211989214"  # docs/ids.md, Office KMS host
    page = new_page()
    page.click("#next")
    page.click("#iid-g1")
    page.keyboard.type(iid54[:6])
    page.keyboard.press("Tab")
    page.keyboard.type(iid54[6:12])
    page.keyboard.press("Tab")  # two groups of 6 that check: the boxes switch to 6 digits
    assert page.is_checked("input[name=iid-size][value='6']")
    page.focus("#iid-g3")
    page.keyboard.type(iid54[12:])  # auto-advance now every 6 digits
    assert group_values(page, "iid") == [iid54[i : i + 6] for i in range(0, 54, 6)]
    assert group_states(page, "iid") == ["ok"] * 9
    page.click("#next")
    assert "6" in page.inner_text("#portal-digits")
    assert page.locator("#portal-grid .pval").nth(8).inner_text() == iid54[48:]


def test_an_incomplete_reading_says_what_was_found_and_what_fits(new_page, tmp_path) -> None:
    """Issue 10 item 5: the advice fits the failure; "move closer" only when the text is small."""
    from tools.pictures import SAMPLE_IID, render_text_png

    page = new_page()
    page.click("#next")
    msg = page.locator(".capture[data-kind=iid] .ocr-msg")
    tiny = tmp_path / "tiny.png"  # digits about 9 px high: too small to be sure of every group
    tiny.write_bytes(render_text_png([f"Installation ID: {SAMPLE_IID}"], font_size=7))
    page.set_input_files("#iid-file", str(tiny))
    page.wait_for_selector(".capture[data-kind=iid] .ocr-msg[data-state=uncertain]", timeout=60000)
    assert EN["ocr.advice.move_closer"] in msg.inner_text()
    assert EN["ocr.found.text_small"].split("{")[0] in msg.inner_text()
    # Readable size, one doubtful group: type it, no "move closer".
    page.click("#iid-clear")
    small = tmp_path / "small.png"
    small.write_bytes(render_text_png([f"Installation ID: {SAMPLE_IID}"], font_size=8))
    page.set_input_files("#iid-file", str(small))
    expect(msg).to_contain_text(EN["ocr.advice.type_doubtful"], timeout=60000)
    assert EN["ocr.advice.move_closer"] not in msg.inner_text()
