"""The first IID on the page is the one wanted, even when the first look at the ink leaves its line out.

Why drawn here: on a photo of slmgr /dlv the perspective bends the first IID's line, its
digits leave one baseline and the look at the ink (ocr/digit_lines.py) does not keep it,
while the second IID's straight line is kept, read alone and found complete: the add-on's
IID was answered in place of Windows' (a fresh benchmark picture, complete and wrong).
"""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import ocr
from activation.ids import check_digit
from ocr import ppocr
from ocr.digit_lines import digit_lines
from ocr.pipeline import (
    _below_seen,
    _gapped_rows_above,
    _page_clear_above,
    _pp_read_above,
    _rows_above_unread,
)
from ocr.regions import prepare, text_mask
from ocr.result import Group, Result


def _iid(seed: int) -> str:
    groups = [f"{(k + seed) % 10}{k}{seed}{k}5{(k * seed) % 10}" for k in range(1, 10)]
    return "".join(g + str(check_digit(g)) for g in groups)


FIRST, SECOND = _iid(3), _iid(7)


def _dlv(wave: float, strike: int = 0, sep: str = "") -> Image.Image:
    """Two products' lines as /dlv shows them; the first IID's digits off their baseline by ``wave``
    px, or a line ``strike`` px wide drawn through them, or its groups parted by ``sep``."""
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    img = Image.new("RGB", (1500, 300), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), "Name: Windows(R), Professional edition", fill=0, font=font)
    x = 20 + draw.textlength("Installation ID: ", font=font)
    draw.text((20, 70), "Installation ID: ", fill=0, font=font)
    first = sep.join(FIRST[k : k + 7] for k in range(0, len(FIRST), 7))
    for k, ch in enumerate(first):
        draw.text((x, 70 + round(wave * math.sin(k * 1.7))), ch, fill=0, font=font)
        x += draw.textlength(ch, font=font)
    if strike:
        start = 20 + draw.textlength("Installation ID: ", font=font)
        draw.line([(start - 10, 84), (x + 10, 82)], fill=0, width=strike)
    draw.text((20, 170), "Name: Windows(R), Client-ESU-Year1 add-on", fill=0, font=font)
    draw.text((20, 220), "Installation ID: " + SECOND, fill=0, font=font)
    return img


def test_the_drawn_first_iid_is_left_out_by_the_look_at_the_ink() -> None:
    page = prepare(np.asarray(_dlv(3).convert("L")))
    lines, _ = digit_lines(page.grey, page.text_height, everything=True)
    rows = sorted(lines, key=lambda line: line.box[1])
    wide = [line for line in rows if line.box[2] > 1000]
    assert [line.run is None for line in wide] == [True, False]  # the first left out, the second kept


def test_an_iid_whose_line_the_first_look_left_out_still_comes_first() -> None:
    buf = io.BytesIO()
    _dlv(3).save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert result.digits != SECOND or not result.complete
    assert result.complete and result.digits == FIRST


@pytest.mark.parametrize("strike", [1, 2, 3])
def test_a_line_drawn_through_the_first_iid_never_lets_the_second_stand_in(strike: int) -> None:
    # A screenshot marked up before it was sent: the struck first IID read in garbled pieces
    # (1 px) or not at all (3 px), the second IID was answered, complete and wrong.
    buf = io.BytesIO()
    _dlv(0, strike).save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert not (result.complete and result.digits == SECOND)
    assert result.digits == FIRST or not result.complete


@pytest.mark.parametrize(("sep", "read"), [("-", True), (" ", True), ("/", False)])
def test_a_first_iid_printed_in_groups_never_lets_the_second_stand_in(sep: str, read: bool) -> None:
    # A tool that prints the IID in groups: with dashes, each group re-read took in a dash and
    # came back unsure, and the first IID was passed over as no ID; with slashes, read as 1s,
    # it was no ID at all, and PP-OCR's check above found no run longer than a group.
    buf = io.BytesIO()
    _dlv(0, sep=sep).save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert not (result.complete and result.digits == SECOND)
    assert result.digits == FIRST or not result.complete
    if read:  # the groups are plain enough to be read whole, the first IID answered
        assert result.complete and result.digits == FIRST


def _page_and_answer(first: str) -> tuple:
    """The page of ``first`` above the second IID, the look's lines, and an answer made of the
    second IID's line (its box as the groups' extent), as the first look would give it."""
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    img = Image.new("L", (1500, 220), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, 40), first, fill=0, font=font)
    draw.text((20, 140), "Installation ID: " + SECOND, fill=0, font=font)
    x0, y0, x1, y1 = draw.textbbox(
        (20 + draw.textlength("Installation ID: ", font=font), 140), SECOND, font=font
    )
    page = prepare(np.asarray(img))
    lines, _ = digit_lines(page.grey, page.text_height, everything=True)
    groups = tuple(Group(str(k + 1), "", True, 1.0, (x0, y0, x1 - x0, y1 - y0), False) for k in range(9))
    return page, lines, Result("iid", groups=groups)


def test_a_kept_line_as_wide_as_the_id_above_the_answer_sends_it_to_the_whole_page() -> None:
    # A first IID read as letters ("ASSESSED EES EER") was such a line, and the second IID,
    # completed by PP-OCR's quick re-check, was answered.
    page, lines, answer = _page_and_answer("Installation ID: " + FIRST)
    assert _rows_above_unread(page, text_mask(page.grey), lines, answer)


def test_a_kept_line_far_narrower_than_the_id_does_not() -> None:
    # A run of digit-like glyphs a third as wide as the ID (Japanese text looks so) is no IID.
    page, lines, answer = _page_and_answer("Installation ID: " + FIRST[:22])
    assert any(line.run is not None and line.run >= 16 for line in lines)  # kept, a long run
    assert not _rows_above_unread(page, text_mask(page.grey), lines, answer)


def _glare(washed: tuple[float, float]) -> tuple[Image.Image, Result]:
    """The /dlv page with the first IID washed out between ``washed`` (shares of its width), and
    an answer made of the second IID (its box as the groups' extent)."""
    img = _dlv(0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    start = 20 + draw.textlength("Installation ID: ", font=font)
    width = draw.textlength(FIRST, font=font)
    a, b = washed
    draw.rectangle([start + a * width, 60, start + b * width, 105], fill=(255, 255, 255))
    x0, y0, x1, y1 = draw.textbbox((start, 220), SECOND, font=font)
    groups = tuple(Group(str(k + 1), "", True, 1.0, (x0, y0, x1 - x0, y1 - y0), False) for k in range(9))
    return img, Result("iid", groups=groups)


def test_a_first_iid_whose_middle_is_lost_to_glare_keeps_the_second_from_standing_in() -> None:
    # A photo of the /dlv box (a fresh tuning picture, complete and wrong): glare washed out the
    # middle of the first IID, its ends read as "2634325" and "1127139061121", too few digits
    # to count as an IID in pieces; the second IID below read whole and was answered.
    img, _ = _glare((0.1, 0.8))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert not (result.complete and result.digits == SECOND)


@pytest.mark.parametrize(("washed", "clear"), [((0.1, 0.8), False), ((0.0, 1.0), True)])
def test_the_rough_reading_of_the_page_sees_the_ends_of_a_first_iid_above_the_answer(washed, clear) -> None:
    # After PP-OCR's quick re-check: the answer stands only when the whole page's rough reading
    # shows no IID above it.  With the first IID washed out whole, nothing is there to see.
    img, answer = _glare(washed)
    grey = np.asarray(img.convert("L"))
    assert _page_clear_above(prepare(grey), grey, answer) is clear


def test_a_wide_line_above_a_complete_answer_is_read_without_the_rest_of_the_page(monkeypatch) -> None:
    # A console: a long command line above the IID sends the answer to another reading, which
    # must take in that line (the first IID may be there) but not the text below the IID.
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    img = Image.new("L", (1500, 520), 255)
    draw = ImageDraw.Draw(img)
    draw.text(
        (20, 20),
        "PS C:\\> Get-CimInstance SoftwareLicensingProduct -Filter PartialProductKey",
        fill=0,
        font=font,
    )
    draw.text((20, 80), "OfflineInstallationId : " + SECOND, fill=0, font=font)
    for k in range(8):
        draw.text(
            (20, 160 + 40 * k),
            "a man in a car can see a warm sun as we run over a canoe across a row of resource areas",
            fill=0,
            font=font,
        )
    grey = np.asarray(img)
    page = prepare(grey)
    seen: list[tuple[int, int]] = []
    real = ocr.engine.read

    texts: list[str] = []

    def spy(pixels, psm=ocr.engine.PSM.SINGLE_LINE, **kw):
        words = real(pixels, psm, **kw)
        if psm == ocr.engine.PSM.SPARSE_TEXT:
            seen.append(pixels.shape)
            texts.append("".join(w.text for w in words))
        return words

    monkeypatch.setattr(ocr.engine, "read", spy)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert result.complete and result.digits == SECOND
    assert len(seen) == 2  # the digit lines, then the wide line above
    assert all(h < 0.5 * page.grey.shape[0] for h, _ in seen)  # never the page below the IID
    assert SECOND[:7] in texts[0] and SECOND[:7] not in texts[1]  # the IID's line is not read twice


@pytest.mark.parametrize(
    ("above", "whole_page"),
    [
        ("PS C:\\> Get-CimInstance SoftwareLicensingProduct -Filter PartialProductKey", False),
        ("Serial number: 1234567890123456789012 of the licence server in the lab", True),
    ],
)
def test_a_reading_with_the_rows_above_that_loses_the_answer_does_not_undo_it(
    monkeypatch, above, whole_page
) -> None:
    # A photographed console, turned: the reading with the rows above lost every line the first
    # reading had read (a complete, right answer, and the rows above held a product key).  The
    # first answer stands when PP-OCR reads nothing like an IID on those rows; a long run of
    # digits there sends it to the whole page.
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    img = Image.new("L", (1500, 520), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), above, fill=0, font=font)
    draw.text((20, 80), "OfflineInstallationId : " + SECOND, fill=0, font=font)
    for k in range(8):
        draw.text(
            (20, 160 + 40 * k), "a man in a car can see a warm sun as we run over a canoe", fill=0, font=font
        )
    page = prepare(np.asarray(img))
    seen: list[tuple[int, int]] = []
    real = ocr.engine.read

    def losing(pixels, psm=ocr.engine.PSM.SINGLE_LINE, **kw):
        if psm == ocr.engine.PSM.SPARSE_TEXT:
            seen.append(pixels.shape)
            if len(seen) == 2:
                return []  # the reading with the rows above finds nothing
        return real(pixels, psm, **kw)

    monkeypatch.setattr(ocr.engine, "read", losing)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert any(shape == page.grey.shape for shape in seen) is whole_page
    if not whole_page:
        assert result.complete and result.digits == SECOND
        assert len(seen) == 2  # the digit lines, then with the rows (lost); PP-OCR read the rows


def _answer(kind: str, y: int) -> Result:
    """A complete ID whose nine groups stand on one line at ``y`` (20 px high) in the picture."""
    groups = tuple(
        Group(str(k + 1), "1111111", True, 1.0, (100 + 90 * k, y, 80, 20), False) for k in range(9)
    )
    return Result(kind, "1111111" * 9, True, "iid63", True, "line", groups)


@pytest.mark.parametrize(
    ("seen", "kind", "doubt"),
    [
        ([(100, 200, 700, 20)], "iid", True),  # a run seen above the answer by an earlier reading
        ([(100, 200, 700, 20), (100, 50, 700, 20)], "iid", True),  # the highest is the one kept
        ([(100, 390, 700, 20)], "iid", False),  # on the answer's own line: no run above
        ([(100, 600, 700, 20)], "iid", False),  # below it
        ([], "iid", False),
        ([(100, 200, 700, 20)], "cid", False),  # a CID has no first one on the page to miss
    ],
)
def test_a_run_seen_above_by_an_earlier_reading_keeps_the_answer_a_doubt(seen, kind, doubt) -> None:
    # A blurred photo of /dlv with glare over the first IID's end: the reading of the digit
    # lines saw a run above the second IID, the whole page's reading did not, and PP-OCR,
    # told of no run above, made the second IID complete.  What one reading saw stands.
    got = _below_seen(_answer(kind, 400), seen)
    assert (not got.complete, got.run_above) == (doubt, doubt)
    assert got.run_above_box == (min(seen, key=lambda b: b[1]) if doubt else None)


def test_rows_above_that_pp_ocr_read_whole_before_are_judged_by_that_reading_not_read_again() -> None:
    # After PP-OCR's second opinion, the lines above an answer that it already read (the part
    # of the picture around Tesseract's groups) are not read a second time: 2 s of a console's
    # 10.  What that reading saw there decides, as a new reading would have.
    page, lines, answer = _page_and_answer("Installation ID: " + FIRST)
    answer = replace(answer, complete=True)
    grey, mask = page.grey, text_mask(page.grey)
    assert page.to_original[0, 0] == 1.0  # the page is the picture: its boxes are the picture's
    h, w = grey.shape
    seen = tuple(ppocr.read(grey))
    assert not _pp_read_above(page, grey, mask, lines, answer)  # read now: the first IID is there
    assert not _pp_read_above(page, grey, mask, lines, replace(answer, pp_read=((0, 0, w, h), seen)))
    # Read before, and nothing was seen there: not read again, so nothing is there to find.
    blank = tuple(line for line in seen if line.box[1] > 100)
    assert _pp_read_above(page, grey, mask, lines, replace(answer, pp_read=((0, 0, w, h), blank)))
    # A part read before that holds the line above only in part: that line is read again.
    assert not _pp_read_above(page, grey, mask, lines, replace(answer, pp_read=((0, 60, w, h - 60), blank)))


def _faint_after(keep: int, blur: float | None) -> bytes:
    """The /dlv page with the first IID's digits after its first ``keep`` faint and smeared
    (grey, blurred by ``blur``: glare on a photo), or gone when ``blur`` is None, as a PNG."""
    img = _dlv(0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    x = round(20 + draw.textlength("Installation ID: " + FIRST[:keep], font=font))
    draw.rectangle([x, 60, 1500, 105], fill=(255, 255, 255))
    if blur is not None:
        draw.text((x, 70), FIRST[keep:], fill=(150, 150, 150), font=font)
        img.paste(img.crop((x, 60, 1500, 105)).filter(ImageFilter.GaussianBlur(blur)), (x, 60))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("blur", [2.0, 3.0])
def test_a_first_iid_that_fades_after_its_first_digits_keeps_the_second_from_standing_in(blur) -> None:
    # Glare over a photo of /dlv left the first IID's first nine digits; both engines read those
    # and nothing after.  The smear goes on as far as the second IID: that one is no answer.
    result = ocr.read(_faint_after(9, blur), "iid")
    assert not result.complete
    assert result.run_above


def test_a_short_number_above_with_nothing_after_it_is_no_first_iid() -> None:
    # The same nine digits with no ink after them: a number, not an ID no reading could go on.
    result = ocr.read(_faint_after(9, None), "iid")
    assert result.complete and result.digits == SECOND


@pytest.mark.parametrize(
    ("first", "washed", "found"),
    [
        (FIRST, (0.3, 0.7), True),  # glare across the middle: both ends left, far apart
        (FIRST, None, False),  # whole: a wide line, _rows_above_unread's
        (FIRST[:22], None, False),  # a third of an ID: it does not reach the answer's end
        (FIRST, (0.3, 1.0), False),  # only its start left: no reach either
    ],
)
def test_a_line_above_broken_by_glare_that_reaches_the_ids_end_is_read_by_pp_ocr(
    first, washed, found
) -> None:
    # A photo of a Japanese /dlv box: the first IID alone on its line under its label, glare
    # across its middle; Tesseract read its ends as letters and the second IID was answered.
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    img = Image.new("L", (1500, 220), 255)
    draw = ImageDraw.Draw(img)
    start = 20 + draw.textlength("Installation ID: ", font=font)
    draw.text((start, 40), first, fill=0, font=font)
    if washed is not None:
        width = draw.textlength(first, font=font)
        draw.rectangle([start + washed[0] * width, 30, start + washed[1] * width, 80], fill=255)
    draw.text((20, 140), "Installation ID: " + SECOND, fill=0, font=font)
    x0, y0, x1, y1 = draw.textbbox((start, 140), SECOND, font=font)
    page = prepare(np.asarray(img))
    lines, _ = digit_lines(page.grey, page.text_height, everything=True)
    groups = tuple(Group(str(k + 1), "", True, 1.0, (x0, y0, x1 - x0, y1 - y0), False) for k in range(9))
    rows = _gapped_rows_above(page, lines, Result("iid", groups=groups))
    assert bool(rows) is found
    assert all(row.box[1] < 100 for row in rows)  # the first IID's line, never the answer's


@pytest.mark.parametrize(
    "name",
    [
        # Tuning seed 5773: "Installation ID: 491249096", then digits glare left 10 to 30 grey
        # levels darker than the paper (pipeline._started_above).
        "dlv_box_first_iid_faint_after_nine_digits_photo.jpg",
        # Seed 525252 (held out in session 21, a tuning picture since): Japanese, EXIF-turned,
        # the first IID alone on its line, glare across its middle (pipeline._gapped_rows_above).
        "dlv_box_ja_first_iid_alone_on_its_line_glare_across_photo.jpg",
    ],
)
def test_a_photo_of_dlv_whose_first_iid_glare_washed_out_is_not_answered_with_the_second(name: str) -> None:
    # Both were answered, complete, with the add-on's IID below the first.
    result = ocr.read((Path(__file__).parent / "data" / name).read_bytes(), "iid")
    assert not result.complete
    assert result.run_above
