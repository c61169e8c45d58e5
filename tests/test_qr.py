"""The kit's QR code in a picture sent to /api/ocr: read first, claimed only with every check digit valid.

The pictures are drawn with segno and photographed by samples/photo.py (tools/qr_pictures.py); the
expected IIDs are the literal public sample IIDs, not anything the decoder produced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from ocr.qr import read_qr
from tools.qr_pictures import kit_qr_text, offline_page, photo_jpeg, screenshot_png
from tools.upload_client import ServerProcess, post_image

WINDOWS = "489126343257012289105546522085205332958764158851011127139061121"  # docs/ids.md sample
ESU = "033255090385053904665824186342756737844895181384546394354129604"  # docs/ids.md sample
OFFICE_54 = "020650770493837252929082195773527024195725809211989214"
WRONG = WINDOWS[:-1] + "2"  # group 9's check digit broken


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with ServerProcess(args=["--rate-limit", "600"]) as srv:
        yield srv


def _post(server: ServerProcess, data: bytes, kind: str = "iid") -> dict:
    reply = post_image(server.base_url, data, kind=kind, filename="qr.jpg", ctype="image/jpeg")
    assert reply.status == 200, reply.body[:300]
    return json.loads(reply.body)


def test_photo_of_the_kit_link_returns_the_iid_complete(server: ServerProcess) -> None:
    text = kit_qr_text(
        "PC-01", "esu1", ESU, "f520e45e-7413-4a34-a497-d2765967d094", "https://192.168.1.5:8443/"
    )
    got = _post(server, photo_jpeg(offline_page(text), seed=5))
    assert got["source"] == "qr"
    assert got["complete"] is True
    assert got["digits"] == ESU
    assert [g["text"] for g in got["groups"]] == [ESU[i : i + 7] for i in range(0, 63, 7)]
    assert all(g["valid"] for g in got["groups"])
    assert (got["pc"], got["product"], got["activation_id"]) == (
        "PC-01",
        "esu1",
        "f520e45e-7413-4a34-a497-d2765967d094",
    )
    assert isinstance(got["seconds"], float)


def test_offline_kit_code_and_japanese_name(server: ServerProcess) -> None:
    got = _post(
        server, photo_jpeg(offline_page(kit_qr_text("工場-PC3", "office", OFFICE_54)), seed=8, long_side=1000)
    )
    assert (got["source"], got["complete"], got["digits"], got["form"]) == ("qr", True, OFFICE_54, "iid54")
    assert got["pc"] == "工場-PC3"


def test_a_qr_code_with_a_wrong_check_digit_is_not_claimed(server: ServerProcess) -> None:
    got = _post(server, photo_jpeg(offline_page(kit_qr_text("PC-9", "windows", WRONG)), seed=5))
    assert got.get("source") != "qr"
    assert not (got["complete"] and got["digits"] == WRONG)


def test_a_cid_request_is_left_to_ocr(server: ServerProcess) -> None:
    got = _post(
        server, photo_jpeg(offline_page(kit_qr_text("PC-01", "windows", WINDOWS)), seed=5), kind="cid"
    )
    assert got.get("source") != "qr"
    assert got["kind"] == "cid"


def _grey(png: bytes) -> np.ndarray:
    import io

    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def test_bare_iid_in_groups_is_read() -> None:
    text = " ".join(WINDOWS[i : i + 7] for i in range(0, 63, 7))
    got = read_qr(_grey(screenshot_png(offline_page(text, module_px=3))), "iid")
    assert got is not None
    assert got.qr is not None
    assert (got.digits, got.qr.pc, got.qr.product) == (WINDOWS, None, None)


def test_two_codes_the_upper_first_and_the_other_a_candidate() -> None:
    top = _grey(screenshot_png(offline_page(kit_qr_text("PC-01", "windows", WINDOWS))))
    bottom = _grey(screenshot_png(offline_page(kit_qr_text("PC-01", "esu1", ESU))))
    got = read_qr(np.vstack([top, bottom]), "iid")
    assert got is not None
    assert got.digits == WINDOWS
    assert [c.digits for c in got.candidates] == [ESU]


def test_other_qr_codes_are_ignored() -> None:
    assert read_qr(_grey(screenshot_png(offline_page("WIFI:S:factory;T:WPA;P:secret;;"))), "iid") is None
    assert read_qr(_grey(screenshot_png(offline_page("https://example.com/#top"))), "iid") is None
