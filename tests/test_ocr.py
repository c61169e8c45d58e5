"""The OCR pipeline with real Tesseract: committed samples, bad input, EXIF, the CLI.

Why these: the pipeline's promise is "the right digits, or say you are not
sure"; these tests hold it to that on real pictures (screenshots and photos
of both kinds), and check that every kind of bad file gets its error code.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

pytest.importorskip("tesserocr")

import ocr
import ocr.advice
import ocr.pipeline
from activation.ids import check_digit, group_is_valid
from ocr.loading import ImageError, open_image

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "images"
TRUTH = json.loads((SAMPLES / "truth.json").read_text()) if (SAMPLES / "truth.json").exists() else []
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


# Screenshot layouts the pipeline is held to read completely (samples/README.md names them).
HANDLED_SCREENSHOTS = {
    "console_dti",
    "msgbox_dti",
    "dlv_console",
    "dlv_box",
    "grid_row9",
    "grid_3x3",
    "card_5x3",
    "card_row8",
    "card_4x2",
    "card_list",
}


def _pick(kind: str, source: str, n: int) -> list[dict]:
    chosen = [t for t in TRUTH if t["kind"] == kind and t["source"] == source]
    return chosen[:n]


def _one_per_layout(source: str) -> list[dict]:
    """The first picture of every layout: each layout is tried without running all 100."""
    seen: dict[str, dict] = {}
    for t in TRUTH:
        if t["source"] == source:
            seen.setdefault(t["layout"], t)
    return list(seen.values())


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _console(lines: list[str], height: int, px: int, pitch: int) -> Image.Image:
    """A console window's text: light grey on black, as the PC shows it."""
    font = ImageFont.truetype(MONO, px)
    img = Image.new("RGB", (1000, height), (12, 12, 12))
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((10, 10 + i * pitch), line, font=font, fill=(204, 204, 204))
    return img


def _console_picture(digits: str) -> Image.Image:
    """A cmd window after slmgr /dti."""
    lines = [
        "Microsoft (R) Windows Script Host Version 5.812",
        "Copyright (C) Microsoft Corporation. All rights reserved.",
        "",
        "Installation ID: " + digits,
        "",
        "C:\\Windows\\system32>",
    ]
    return _console(lines, 200, 18, 24)


PUBLIC_IID = "033255090385053904665824186342756737844895181384546394354129604"


def _check_result_shape(result: dict, kind: str) -> None:
    assert result["kind"] == kind
    assert isinstance(result["seconds"], float)
    for g in result["groups"]:
        assert set(g) >= {"label", "text", "valid", "confidence", "box"}
        assert 0.0 <= g["confidence"] <= 1.0
        assert len(g["box"]) == 4
        if g["valid"]:
            assert group_is_valid(g["text"])
    if result["complete"]:
        assert all(g["valid"] for g in result["groups"])
        assert not any(g["repaired"] or "doubt" in g for g in result["groups"])
    assert (result["advice"] is None) == result["complete"]
    assert set(result["engines"]) <= {"tesseract", "ppocr"}


# --- real pictures -----------------------------------------------------------------


@pytest.mark.skipif(not TRUTH, reason="samples/images not generated")
@pytest.mark.parametrize(
    "entry",
    _one_per_layout("screenshot") + _pick("iid", "photo", 2) + _pick("cid", "photo", 2),
    ids=lambda e: e["file"],
)
def test_committed_samples_read_exactly_or_not_claimed(entry: dict) -> None:
    data = (SAMPLES / entry["file"]).read_bytes()
    result = ocr.read_image(data, entry["kind"])
    _check_result_shape(result, entry["kind"])
    if result["complete"]:
        assert result["digits"] == entry["digits"]  # never silently wrong
    if entry["source"] == "screenshot" and entry["layout"] in HANDLED_SCREENSHOTS:
        assert result["complete"], f"screenshot not read: {result['digits']}"


def test_console_drawn_here_is_read_exactly() -> None:
    result = ocr.read_image(_png(_console_picture(PUBLIC_IID)), "iid")
    _check_result_shape(result, "iid")
    assert result["complete"]
    assert result["digits"] == PUBLIC_IID
    assert [g["label"] for g in result["groups"]] == [str(i) for i in range(1, 10)]
    # boxes are in the picture's pixels: the first group sits right of the label
    x, y, w, h = result["groups"][0]["box"]
    assert 150 < x < 260 and 70 < y < 110 and w > 40 and 8 < h < 40


def _with_caret(digits: str, px: int, at: str) -> bytes:
    """``digits`` after their label, a text caret (a 1-px bar) touching the ``at`` digit."""
    font = ImageFont.truetype("DejaVuSans.ttf", px)
    img = Image.new("RGB", (80 + 60 * px, 120), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.text((20, 40), "Installation ID: ", fill=0, font=font)
    x = 20 + draw.textlength("Installation ID: ", font=font)
    draw.text((x, 40), digits, fill=0, font=font)
    left, top, right, bottom = draw.textbbox((x, 40), digits, font=font)
    bar = left if at == "first" else right - 1
    draw.line([(bar, top + 1), (bar, bottom - 1)], fill=0, width=1)
    return _png(img)


@pytest.mark.parametrize(("px", "at"), [(12, "first"), (14, "last"), (20, "first")])
def test_a_caret_touching_the_first_or_last_digit_is_left_out(monkeypatch, px, at) -> None:
    # Read as one digit more ("1" + 63 digits): no ID could be made of 64 before.  Tesseract
    # alone: its digits are right; they are an answer only when they stand 12 px or more
    # (at 12 and 14 px type they are 9-10 px: one engine alone never vouches for those).
    monkeypatch.setattr(ocr.pipeline, "SECOND_ENGINE", "0")
    result = ocr.read(_with_caret(PUBLIC_IID, px, at), "iid")
    assert result.digits == PUBLIC_IID
    assert result.complete is (px >= 20)


def test_wrong_check_digit_is_never_claimed() -> None:
    # Group 4 made invalid: the pipeline must not return it as complete with these digits.
    bad = PUBLIC_IID[:27] + str((int(PUBLIC_IID[27]) + 1) % 10) + PUBLIC_IID[28:]
    assert not group_is_valid(bad[21:28])
    result = ocr.read_image(_png(_console_picture(bad)), "iid")
    # The picture shows a group that fails: it can never be complete, and group 4 comes back
    # as a doubt (not valid, with a reason), repaired or not; the groups around it are read.
    assert not result["complete"]
    g4 = result["groups"][3]
    assert g4["label"] == "4" and not g4["valid"] and g4["doubt"] in ("invalid", "repaired", "unsure")
    assert g4["repaired"] or g4["text"] == bad[21:28]
    assert [g["text"] for k, g in enumerate(result["groups"]) if k != 3] == [
        bad[i : i + 7] for i in range(0, 63, 7) if i != 21
    ]
    assert result["advice"] == "type_doubtful"
    assert {"code": "digits", "count": 63, "groups": 9, "doubtful": 1} in result["found"]


SECOND_IID = "489126343257012289105546522085205332958764158851011127139061121"


def _dlv_picture(first: str, second: str) -> Image.Image:
    """slmgr /dlv with Windows and an add-on licence: two Installation ID lines."""
    lines = [
        "Name: Windows(R), Professional edition",
        "Extended PID: 06793-08325-833-334464-03-1041-19045.0000-0032024",
        "Installation ID: " + first,
        "License Status: Notification",
        "",
        "Name: Windows(R), Client-ESU-Year1 add-on for Windows 10",
        "Extended PID: 00117-08024-568-385965-03-1033-19045.0000-3132024",
        "Installation ID: " + second,
        "License Status: Unlicensed",
    ]
    return _console(lines, 250, 16, 25)


def test_dlv_gives_the_first_iid_and_lists_the_other() -> None:
    result = ocr.read_image(_png(_dlv_picture(PUBLIC_IID, SECOND_IID)), "iid")
    _check_result_shape(result, "iid")
    assert result["complete"] and result["digits"] == PUBLIC_IID
    assert [c["digits"] for c in result["candidates"]] == [SECOND_IID]


def test_dlv_never_gives_the_second_iid_for_an_unreadable_first() -> None:
    # The first IID made invalid: the (valid) second one must not be returned as complete.
    bad = PUBLIC_IID[:27] + str((int(PUBLIC_IID[27]) + 1) % 10) + PUBLIC_IID[28:]
    result = ocr.read_image(_png(_dlv_picture(bad, SECOND_IID)), "iid")
    assert not (result["complete"] and result["digits"] == SECOND_IID)
    assert not result["complete"]


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_honoured(orientation: int) -> None:
    upright = _console_picture(PUBLIC_IID)
    stored = upright.transpose(
        {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}[
            orientation
        ]
    )
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=95, exif=exif.tobytes())
    assert open_image(buf.getvalue()).size == upright.size
    result = ocr.read_image(buf.getvalue(), "iid")
    assert result["complete"] and result["digits"] == PUBLIC_IID


# --- bad input -------------------------------------------------------------------------


def _huge_png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + b"\x00" * 64
    )


@pytest.mark.parametrize(
    ("data", "code", "status"),
    [
        (b"", "empty_file", 400),
        (b"hello, this is text", "not_an_image", 400),
        (b"GIF89a" + b"\x00" * 40, "unsupported_type", 415),
        (b"BM" + b"\x00" * 60, "unsupported_type", 415),
        (_huge_png_header(30000, 30000), "image_too_large", 413),
        (_huge_png_header(9000, 9000), "image_too_large", 413),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "unreadable_image", 422),
    ],
    ids=["empty", "text", "gif", "bmp", "side", "pixels", "garbage-png"],
)
def test_bad_files_get_their_error(data: bytes, code: str, status: int) -> None:
    with pytest.raises(ImageError) as info:
        ocr.read_image(data, "iid")
    assert info.value.code == code
    assert info.value.status == status


def test_truncated_image() -> None:
    data = _png(_console_picture(PUBLIC_IID))
    with pytest.raises(ImageError) as info:
        ocr.read_image(data[: len(data) // 2], "iid")
    assert info.value.code == "truncated_image"


def test_webp_and_animated_first_frame() -> None:
    frames = [_console_picture(PUBLIC_IID), Image.new("RGB", (1000, 200), "white")]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", lossless=True, save_all=True, append_images=frames[1:])
    result = ocr.read_image(buf.getvalue(), "iid")
    assert result["complete"] and result["digits"] == PUBLIC_IID


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        ocr.read_image(_png(_console_picture(PUBLIC_IID)), "pin")


# --- the CLI ---------------------------------------------------------------------------


def test_cli_json_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "console.png"
    good.write_bytes(_png(_console_picture(PUBLIC_IID)))
    blank = tmp_path / "blank.png"
    blank.write_bytes(_png(Image.new("RGB", (300, 200), "white")))
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    cmd = [sys.executable, "-m", "ocr.cli", "ocr", "--kind", "iid", "--json"]

    done = subprocess.run([*cmd, str(good)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip())
    assert out["file"] == str(good) and out["digits"] == PUBLIC_IID and out["complete"] is True

    done = subprocess.run([*cmd, str(good), str(blank)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [x["complete"] for x in lines] == [True, False]
    assert lines[1]["digits"] is None

    done = subprocess.run([*cmd, str(bad), str(good)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    first = json.loads(done.stdout.splitlines()[0])
    assert first["error"]["code"] == "not_an_image"

    plain = [sys.executable, "-m", "ocr.cli", "ocr", "--kind", "iid", str(good)]
    done = subprocess.run(plain, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and PUBLIC_IID in done.stdout


# --- the first look at the ink (ocr/digit_lines.py) ----------------------------------

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# Eight groups made valid with the rule itself (no real customer's ID).
PUBLIC_CID = "".join(
    g + str(check_digit(g)) for g in ("11078", "20085", "16486", "00294", "11247", "57501", "87581", "28430")
)


def _card_picture(cid_line: bool = False) -> Image.Image:
    """A result page: prose, the IID echoed in 7-digit groups, a CID card (A-E over F-H),
    or, with ``cid_line``, the CID pasted as one run of 48 digits (a note on the PC)."""
    font = ImageFont.truetype(SANS, 22)
    img = Image.new("RGB", (1200, 420), "white")
    draw = ImageDraw.Draw(img)
    draw.text(
        (20, 20), "Use the Confirmation ID below to complete activation of your product.", font=font, fill=0
    )
    draw.text((20, 70), " ".join(PUBLIC_IID[i : i + 7] for i in range(0, 63, 7)), font=font, fill=0)
    if cid_line:
        draw.text((20, 200), "Confirmation ID: " + PUBLIC_CID, font=font, fill=0)
        return img
    groups = [PUBLIC_CID[i : i + 6] for i in range(0, 48, 6)]
    for k, (letter, group) in enumerate(zip("ABCDEFGH", groups, strict=True)):
        x, y = 20 + (k % 5) * 130, 160 + (k // 5) * 90
        draw.text((x, y), letter, font=ImageFont.truetype(SANS, 16), fill=(90, 90, 90))
        draw.text((x, y + 24), group, font=font, fill=0)
    return img


def test_first_look_keeps_digit_lines_and_whitens_prose() -> None:
    from ocr.digit_lines import keep_digit_lines
    from ocr.regions import prepare

    grey = np.asarray(_card_picture().convert("L"))
    page = prepare(grey)
    part, share, (dx, dy) = keep_digit_lines(page.grey, page.text_height, longest=6)
    kept = np.full_like(page.grey, 255)
    kept[dy : dy + part.shape[0], dx : dx + part.shape[1]] = part
    scale = page.grey.shape[1] / grey.shape[1]

    def ink(y0: int, y1: int) -> int:
        band = kept[int(y0 * scale) : int(y1 * scale)]
        return int((band < 128).sum())

    assert ink(20, 50) == 0  # prose: whitened
    assert ink(70, 100) == 0  # the IID's 7-digit groups: no CID group among them
    assert ink(184, 214) > 0 and ink(274, 304) > 0  # both rows of the card's groups
    assert ink(160, 180) > 0  # the letters above them
    assert 0 < share < 0.7
    # For an IID every line with a run of digits is kept.
    part, _, (dx, dy) = keep_digit_lines(page.grey, page.text_height)
    assert dy <= int(70 * scale)
    assert (part[int(70 * scale) - dy : int(100 * scale) - dy] < 128).sum() > 0


def test_cid_card_is_read_through_the_first_look() -> None:
    result = ocr.read_image(_png(_card_picture()), "cid")
    _check_result_shape(result, "cid")
    assert result["complete"] and result["digits"] == PUBLIC_CID
    assert [g["label"] for g in result["groups"]] == list("ABCDEFGH")


def _card_list_picture() -> Image.Image:
    """The portal's result on a phone: the IID echoed in 6-digit groups (a 54-digit one, whose
    groups pass a CID's check digits too) wrapped inside its eighth group, then the CID as a
    list, "A: 123456" to "H: 654321", one group per line, lines 2.5 digit heights apart."""
    font, small = ImageFont.truetype(SANS, 30), ImageFont.truetype(SANS, 24)
    img = Image.new("RGB", (1080, 800), "white")
    draw = ImageDraw.Draw(img)
    iid = " ".join(
        g + str(check_digit(g))
        for g in ("02065", "77049", "83725", "92908", "19577", "52702", "19572", "80921", "98921")
    )
    draw.text((40, 30), "Installation ID", font=small, fill=(60, 60, 60))
    draw.text((40, 65), iid[:59], font=small, fill=(60, 60, 60))
    draw.text((40, 100), iid[59:], font=small, fill=(60, 60, 60))
    draw.text((60, 200), "Confirmation ID", font=font, fill=0)
    for k, letter in enumerate("ABCDEFGH"):
        draw.text((60, 270 + 55 * k), f"{letter}: {PUBLIC_CID[6 * k : 6 * k + 6]}", font=font, fill=0)
    return img


def test_a_cid_listed_by_its_letters_under_an_echoed_iid_is_the_answer() -> None:
    # The list is also one run wrapped after each group; its letters tell the CID from the
    # IID above, which passes a CID's check digits and would otherwise make it a doubt.
    result = ocr.read_image(_png(_card_list_picture()), "cid")
    assert result["complete"] and result["digits"] == PUBLIC_CID
    assert [g["label"] for g in result["groups"]] == list("ABCDEFGH")


def test_cid_the_first_look_leaves_out_is_still_read() -> None:
    # 48 digits in one run is no 6-digit group: the first look whitens it, the whole page finds it.
    result = ocr.read_image(_png(_card_picture(cid_line=True)), "cid")
    _check_result_shape(result, "cid")
    assert result["complete"] and result["digits"] == PUBLIC_CID


def _wrapped_picture(digits: str, first: int) -> Image.Image:
    """The message box of slmgr without cscript: the ID breaks after ``first`` digits."""
    font = ImageFont.truetype(SANS, 18)
    img = Image.new("RGB", (760, 140), "white")
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), "Installation ID: " + digits[:first], font=font, fill=0)
    draw.text((20, 48), digits[first:], font=font, fill=0)
    return img


def test_a_group_wrapped_onto_the_next_line_gets_a_box_on_each() -> None:
    # 30 digits on the first line: group 5 (digits 29-35) starts there and ends below.
    result = ocr.read_image(_png(_wrapped_picture(PUBLIC_IID, 30)), "iid")
    _check_result_shape(result, "iid")
    assert result["complete"] and result["digits"] == PUBLIC_IID
    wrapped = [g for g in result["groups"] if "boxes" in g]
    assert [g["label"] for g in wrapped] == ["5"]
    top, bottom = wrapped[0]["boxes"]
    assert top[1] + top[3] <= bottom[1] + 4  # one piece per line, the first above
    assert top[0] > bottom[0]  # the first piece ends the upper line, the second starts the lower


# A photo of `slmgr /dlv` (drawn by samples.generate, seed 5002) listing Windows and its ESU
# add-on: the rough reading broke the first IID's line into short pieces, the second one came
# out whole and complete.  The first IID on the page is the one wanted; the second must never
# stand in for it (the old pipeline answered it, complete).
DLV_FIRST = "574866170129700140360082795248903166472880215847166666657501941"
DLV_SECOND = "532198599999941844480973162363977412454310569899693270446407284"


def test_the_second_iid_on_a_dlv_page_never_stands_in_for_a_first_read_in_pieces() -> None:
    data = (ROOT / "tests" / "data" / "dlv_two_iids_first_broken_photo.jpg").read_bytes()
    result = ocr.read_image(data, "iid")
    assert not (result["complete"] and result["digits"] != DLV_FIRST), result["digits"]
    assert result["digits"] != DLV_SECOND or not result["complete"]


# A photo of the portal's CID card (seed 5003) under the IID it echoes, wrapped after 48
# digits whose rest was not read: those 48 pass a CID's check digits.  A first version of
# the screen arrangements answered them, complete (one run of 48 digits).
ECHO_48 = "542151768962792776887040022925320595907761104720"


def test_an_iid_echo_cut_after_48_digits_is_never_answered_as_the_cid() -> None:
    data = (ROOT / "tests" / "data" / "cid_card_under_iid_echo_cut_after_48_photo.jpg").read_bytes()
    result = ocr.read_image(data, "cid")
    assert not (result["complete"] and result["digits"] == ECHO_48)


def test_an_id_cut_by_the_pictures_edge_is_never_certain() -> None:
    # A notes window cropped through the line of digits (seed 5004): every digit came out
    # right this time, but a cut glyph can read as another, so the answer is a doubt.
    data = (ROOT / "tests" / "data" / "iid_cut_by_bottom_edge_screenshot.png").read_bytes()
    result = ocr.read_image(data, "iid")
    assert not result["complete"]
    assert {"code": "cut_at_edge"} in result["found"] and result["advice"] == "include_whole_id"


def test_a_row_cut_by_an_edge_inside_the_picture_is_a_doubt() -> None:
    # A CID card screenshot (tuning seed 5765) cut through row H, then turned 3-8 degrees as
    # samples.changed does: the cut now runs inside the picture, above a band of backdrop,
    # and PP-OCR's box stops short of the border.  Every digit read right; row H is a doubt.
    data = (
        ROOT / "tests" / "data" / "cid_row_h_cut_by_the_screenshots_edge_turned_screenshot.png"
    ).read_bytes()
    result = ocr.read_image(data, "cid")
    assert not result["complete"]
    doubts = [g["label"] for g in result["groups"] if not g["valid"]]
    assert doubts == ["H"] and result["groups"][-1]["doubt"] == "cut"
    assert result["advice"] == "type_doubtful"


def test_an_id_whose_last_digit_its_list_column_cuts_is_a_doubt() -> None:
    # VAMT's list (tuning seed 5774) with the Installation ID column too narrow: the last "5"
    # is cut through its bowl by the column's border.  Read right this time and answered
    # complete; a cut 6 or 9 reads alike, so the last group is a doubt.
    data = (ROOT / "tests" / "data" / "vamt_list_last_digit_cut_by_its_column_screenshot.png").read_bytes()
    result = ocr.read_image(data, "iid")
    assert not result["complete"]
    assert result["groups"][-1]["doubt"] == "cut"
    assert all(g["valid"] for g in result["groups"][:-1])


def _row_with_border(gap: int, side: str, pane: int) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Digits on a light row, a pane of grey ``pane`` (and its border line) starting ``gap`` px
    after the last digit's ink (before the first one's on the left; negative: through it), and
    the digits' box."""
    font = ImageFont.truetype("DejaVuSans.ttf", 20)
    img = Image.new("L", (400, 60), 235)
    draw = ImageDraw.Draw(img)
    draw.text((60, 20), "1234567", fill=20, font=font)
    x0, y0, x1, y1 = draw.textbbox((60, 20), "1234567", font=font)
    if side == "right":
        draw.rectangle([x1 + gap, 0, 400, 60], fill=pane)
        draw.line([(x1 + gap, 0), (x1 + gap, 60)], fill=200)
    else:
        draw.rectangle([0, 0, x0 - gap, 60], fill=pane)
        draw.line([(x0 - gap, 0), (x0 - gap, 60)], fill=200)
    return np.asarray(img), (x0, y0, x1 - x0, y1 - y0)


@pytest.mark.parametrize(
    ("gap", "side", "pane", "cut"),
    [
        (-4, "right", 250, True),  # the border through the last digit
        (-4, "left", 250, True),  # through the first
        (-4, "right", 235, True),  # the same background beyond, but a border line across the digit
        (4, "right", 250, False),  # the row's own background between: the digit ended
        (4, "left", 250, False),
        (100, "right", 250, False),  # no border near
    ],
)
def test_a_border_through_an_end_digit_cuts_it(gap: int, side: str, pane: int, cut: bool) -> None:
    grey, box = _row_with_border(gap, side, pane)
    assert ocr.advice.cut_by_border(grey, box, right=side == "right") is cut


def test_a_fringe_as_tall_as_the_digit_or_dithering_is_no_border() -> None:
    # A "1"'s ClearType fringe: a straight column beside it, only as tall as the digit.
    font = ImageFont.truetype("DejaVuSans.ttf", 20)
    img = Image.new("L", (400, 60), 235)
    draw = ImageDraw.Draw(img)
    draw.text((60, 20), "1234561", fill=20, font=font)
    x0, y0, x1, y1 = draw.textbbox((60, 20), "1234561", font=font)
    grey = np.asarray(img).copy()
    ink = np.flatnonzero((grey[y0:y1] < 128).any(axis=0))
    grey[y0:y1, ink[-1] + 1] = 200
    box = (x0, y0, x1 - x0, y1 - y0)
    assert not ocr.advice.cut_by_border(grey, box, right=True)
    # A 256-colour picture's dithering around the digits: no border either.
    dither = np.where((np.indices(grey.shape).sum(axis=0) % 2) == 0, 20, -20)
    dithered = np.where(grey > 128, np.clip(grey.astype(int) + dither, 0, 255), grey).astype(np.uint8)
    assert not ocr.advice.cut_by_border(dithered, box, right=True)


def test_digits_running_into_the_edge_say_so_when_no_id_could_be_put_together() -> None:
    # Windows' grid row with its last group cut off by the right edge: eight groups and a
    # piece make no ID, but the advice is to take the whole ID in, not to paste text.
    iid = "".join(f"{k}" * 6 + str(check_digit(f"{k}" * 6)) for k in range(1, 10))
    img = Image.new("L", (1040, 120), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 26)
    draw.text((20, 40), " ".join(iid[i : i + 7] for i in range(0, 63, 7)), fill=0, font=font)
    result = ocr.read_image(_png(img), "iid")
    assert not result["complete"] and result["groups"] == []
    assert {"code": "cut_at_edge"} in result["found"] and result["advice"] == "include_whole_id"


# VAMT's list (fresh seed 7333144, cropped to the list): the selected first row's IID, read
# by Tesseract in order but with one group unsure, and a second row's IID just below it,
# whose line box overlaps the first's.  PP-OCR read the second row whole and it was answered.
VAMT_FIRST = "087335094199858826073327192163442801475823666271296555403849562"


def test_a_later_row_read_whole_never_stands_in_for_the_first_iid() -> None:
    data = (ROOT / "tests" / "data" / "vamt_second_row_below_unsure_first_screenshot.png").read_bytes()
    result = ocr.read_image(data, "iid")
    assert not (result["complete"] and result["digits"] != VAMT_FIRST), result["digits"]


# A photo of the Script Host's `/dlv` box (fresh seed 5600): glare broke the first IID's rough
# reading into pieces of 14, 11 and 11 digits, each too short to count as a run above; the
# second IID (the ESU add-on's) read whole, and PP-OCR's reading of its doubtful groups made
# it complete: answered in place of the first.
GLARE_FIRST = "776024271153261206246957295088288016008220727655344444419604054"


def test_a_first_iid_read_in_short_pieces_keeps_the_second_from_standing_in() -> None:
    data = (ROOT / "tests" / "data" / "dlv_first_iid_in_pieces_under_glare_photo.jpg").read_bytes()
    result = ocr.read_image(data, "iid")
    assert not (result["complete"] and result["digits"] != GLARE_FIRST), result["digits"]


# Three pictures where PP-OCR completed a later IID and it was answered in place of the first
# (tuning seed 5758; the second and third also changed by hand the way real pictures are):
# - a photo of a /dlv console (#022, as drawn): Tesseract read the first IID's line as
#   pieces ("21", "1738237037", "3106773") and PP-OCR read around the second IID only;
# - a photo of a /dlv box (#048) blurred (Gaussian, 1.3 px), glare over the first IID's end:
#   the look at the ink kept that line with a run of four digit-like blobs, no reading by
#   Tesseract found digits there;
# - VAMT's list (#060) turned 7 degrees: PP-OCR read both rows, but judged by its box's middle
#   the first row did not stand above the second.
FIRST_IIDS = {
    "dlv_console_first_iid_read_as_pieces_photo.jpg": (
        "553619005513359888972132394445555117382370373152379952213106773"
    ),
    "dlv_box_blurred_first_iid_under_glare_photo.jpg": (
        "415764418616158733874777777093083067962926406673089253811925804"
    ),
    "vamt_list_turned_7_degrees_screenshot.png": "259140625308310256404174514332800256164540111111233333368496185",
}


@pytest.mark.parametrize("name", sorted(FIRST_IIDS))
def test_a_later_iid_pp_ocr_completed_never_stands_in_for_a_first_it_did_not_read(name: str) -> None:
    result = ocr.read_image((ROOT / "tests" / "data" / name).read_bytes(), "iid")
    assert not (result["complete"] and result["digits"] != FIRST_IIDS[name]), result["digits"]


def test_pp_ocr_reads_the_whole_picture_when_tesseracts_groups_are_pieces_of_other_numbers() -> None:
    # A /dlv box at 100% scaling (10 px digits): Tesseract read none of the IID, and its "groups"
    # were pieces of the GUIDs and the Extended PID, no more passing than chance.  PP-OCR read
    # around those and saw the IID's line cut short: no ID (a fresh tuning picture, seed 5762).
    name = "dlv_box_96dpi_iid_tesseract_did_not_read_screenshot.png"
    result = ocr.read_image((ROOT / "tests" / "data" / name).read_bytes(), "iid")
    assert result["digits"] == "963102299859806547456343735632973802302460721892681391041539673"
    assert result["complete"]


def test_a_digit_halved_by_the_crops_edge_is_never_certain_on_tesseracts_word() -> None:
    # A marked-up PowerShell screenshot, turned 8 degrees (samples.changed on a tuning picture
    # of seed 5764): a text caret touching the first "8" made its blob too tall to count as a
    # glyph, the run's crop was whitened from just before the "0", and the right half of the
    # "8" left inside was read "1" at 0.962.  8 and 1 differ by 7: the check digit held, and
    # "1063064..." was answered, complete and wrong.
    name = "powershell_marked_up_caret_beside_an_8_turned_screenshot.png"
    result = ocr.read_image((ROOT / "tests" / "data" / name).read_bytes(), "iid")
    truth = "806306452689462665334701860217663139659921190717683773206666665"
    assert not (result["complete"] and result["digits"] != truth), result["digits"]


def test_a_group_the_other_engine_read_otherwise_with_a_neighbours_digit_is_not_certain() -> None:
    # A blurred photo of PowerShell (samples.changed on a tuning picture of seed 5765):
    # Tesseract read group 7 "4836972" as "4830072" at 0.955 (two digits wrong, the check
    # digit held by chance); PP-OCR read "34836972" there, the "3" ending group 6 taken in,
    # and was set aside for its length: complete and wrong.  Now it is a rival of that group.
    name = "powershell_blurred_two_digits_wrong_check_digit_held_photo.jpg"
    result = ocr.read_image((ROOT / "tests" / "data" / name).read_bytes(), "iid")
    truth = "111111288454942547245291012522222241024353483697285011247850854"
    assert not (result["complete"] and result["digits"] != truth), result["digits"]
