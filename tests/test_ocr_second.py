"""The second engine: PP-OCR's lines made into IDs (hand-built lines), the advice codes, and
the real engine on a rendered picture.

The proposals decide the order of PP-OCR's groups, so they are tested on lines built
by hand: one run, a run wrapped onto the next line, groups labelled A-H, and groups
with no label (no order claimed).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from activation.ids import check_digit
from ocr import advice, ppocr, second
from ocr.arbitrate import Reading
from ocr.ppocr import Char, Line
from ocr.result import Group, Result
from ocr.second import in_context, proposals

H = 20.0


def line(text: str, x: float, y: float, conf: float = 1.0) -> Line:
    chars = tuple(Char(t, conf, (x + 12 * i, y, 10, H)) for i, t in enumerate(text) if t != " ")
    return Line(text, conf, (x, y, 12 * len(text), H), chars)


IID = "".join(str(k) * 6 + "0" for k in range(1, 10))  # 63 digits (validity does not matter here)
PUBLIC_IID = "033255090385053904665824186342756737844895181384546394354129604"  # every check digit holds
CID = "".join(str(k) * 5 + "0" for k in range(1, 9))  # 48 digits


def test_one_run_of_the_whole_length_is_one_id_in_reading_order() -> None:
    props = proposals([line("Installation ID: " + IID, 0, 0)], "iid")
    assert [(p.form.name, p.how, p.in_order) for p in props] == [("iid63", "line", True)]
    assert "".join(c.text for g in props[0].groups for c in g) == IID


def test_a_run_wrapped_onto_the_next_line_is_joined() -> None:
    lines = [line("Installation ID: " + IID[:40], 0, 0), line(IID[40:], 0, 30)]
    props = proposals(lines, "iid")
    assert [(p.how, "".join(c.text for g in p.groups for c in g)) for p in props] == [("wrapped", IID)]


@pytest.mark.parametrize(("below", "joined"), [(14, True), (8, False)])
def test_a_wrapped_line_standing_close_under_pp_ocrs_tall_boxes_is_the_next_line(below, joined) -> None:
    # PP-OCR's boxes stand taller than the digits (20 px here for digits of about 13): a Script
    # Host box's next line 14 px below is the next line; 8 px below is no line of text at all.
    lines = [line("Installation ID: " + IID[:40], 0, 0), line(IID[40:], 0, below)]
    hows = [p.how for p in proposals(lines, "iid") if p.in_order]
    assert hows == (["wrapped"] if joined else [])


def test_a_next_line_that_starts_with_words_is_no_continuation() -> None:
    lines = [line("Installation ID: " + IID[:40], 0, 0), line("Build " + IID[40:], 0, 30)]
    assert [p for p in proposals(lines, "iid") if p.in_order] == []


def test_the_first_lines_of_a_longer_wrapped_run_are_no_id() -> None:
    # 54 digits wrapped after 48 (an IID echoed on the portal): the first line is no CID.
    iid54 = "".join(str(k) * 5 + "0" for k in range(1, 10))
    lines = [line(iid54[:48], 0, 0), line(iid54[48:], 0, 30)]
    assert [p for p in proposals(lines, "cid") if p.in_order] == []
    assert [p.how for p in proposals(lines, "iid") if p.in_order] == ["wrapped"]


def tilted(text: str, x: float, y: float, slope: float, width: float = 14.5, h: float = 40.0) -> Line:
    """A line on a rolled photo as PP-OCR gives it: character boxes that follow the slope, and
    an upright line box around them all."""
    chars = tuple(
        Char(t, 1.0, (x + width * i, y + slope * width * i, width, h)) for i, t in enumerate(text) if t != " "
    )
    return Line(text, 1.0, (x, y, width * len(text), h + slope * width * len(text)), chars)


# A console's `/dti` on a photo rolled by 2.6 degrees (fresh seed 5603, read as dark-on-light):
# the IID wraps after 49 digits; the next line's start stands, by height, beside the end of the
# line above, and a row of groups read in that order passed every check digit.
@pytest.mark.parametrize("first_line", [49, 46])
def test_a_wrapped_lines_start_on_a_rolled_photo_never_comes_first(first_line: int) -> None:
    slope, pitch = 0.045, 32
    lines = [
        tilted("Installation ID: " + IID[:first_line], 213, 311, slope),
        tilted(IID[first_line:], 213, 311 + pitch, slope),
    ]
    ordered = ["".join(c.text for g in p.groups for c in g) for p in proposals(lines, "iid") if p.in_order]
    assert all(digits == IID for digits in ordered), ordered


def test_a_digit_whose_edge_touches_a_drawn_box_read_as_a_letter_is_a_doubtful_digit() -> None:
    from ocr.second import runs_of

    # A red box's border on the first "1" made it "I": the run is whole, that digit unvouched.
    (prop,) = proposals([line("Installation ID:I" + IID[1:], 0, 0)], "iid")
    first = prop.groups[0]
    assert "".join(c.text for g in prop.groups for c in g) == IID
    assert first[0].conf == 0.0 and all(c.conf == 1.0 for c in first[1:])
    # A letter beside another letter (KB5034441), or apart from the digits, stays a letter.
    runs, _ = runs_of([line("KB5034441 S 1234567", 0, 0)], "")
    assert ["".join(d.item.text for d in r.digits) for r in runs] == ["5034441", "1234567"]
    # The CID's own labels B and D stay labels.
    runs, _ = runs_of([line("B123456", 0, 0)], "ABCDEFGH")
    assert [("".join(d.item.text for d in r.digits), r.label and r.label.text) for r in runs] == [
        ("123456", "B")
    ]


def test_cid_groups_under_letters_come_in_letter_order() -> None:
    groups = [CID[i : i + 6] for i in range(0, 48, 6)]
    xs = [0, 175, 350, 525, 700, 875, 1050, 1225]  # too far apart for one line
    lines = [line(g, x, 40) for g, x in zip(groups, xs, strict=True)]
    lines += [line(lab, x + 20, 0) for lab, x in zip("ABCDEFGH", xs, strict=True)]
    props = [p for p in proposals(lines, "cid") if p.how == "letters"]
    assert [(p.how, p.in_order) for p in props] == [("letters", True)]
    assert ["".join(c.text for c in g) for g in props[0].groups] == groups
    # Letters out of reading order are a misread, not an order.
    xs = [700, 0, 350, 1050, 175, 525, 875, 1225]
    lines = [line(g, x, 40) for g, x in zip(groups, xs, strict=True)]
    lines += [line(lab, x + 20, 0) for lab, x in zip("ABCDEFGH", xs, strict=True)]
    assert [p for p in proposals(lines, "cid") if p.in_order] == []


def test_groups_in_a_grid_without_labels_give_no_ordered_id() -> None:
    groups = [CID[i : i + 6] for i in range(0, 48, 6)]
    lines = [line(g, 100 * (k % 4), 40 + 40 * (k // 4)) for k, g in enumerate(groups)]  # 4 x 2, no letters
    assert [(p.how, p.in_order) for p in proposals(lines, "cid")] == [("grid", False)]


def _result(d: dict) -> Result:
    """The few fields the advice reads, from the short dicts above."""
    groups = tuple(
        Group(
            str(k + 1), g["text"], g["valid"], 0.5, tuple(g["box"]), False, None if g["valid"] else "unsure"
        )
        for k, g in enumerate(d["groups"])
    )
    return Result(
        "iid",
        complete=d["complete"],
        form=d.get("form"),
        order_certain=d.get("order_certain", False),
        groups=groups,
        digits_cut=d.get("digits_cut", False),
    )


@pytest.mark.parametrize(
    ("result", "glyph_px", "codes", "suggestion"),
    [
        ({"complete": True, "groups": [{"box": [5, 5, 50, 20], "text": "1", "valid": True}]}, 20, [], None),
        (
            {"complete": False, "groups": [], "order_certain": False},
            9,
            ["no_id", "text_small"],
            "move_closer",
        ),
        ({"complete": False, "groups": [], "order_certain": False}, 20, ["no_id"], "paste_text"),
        (
            # No ID put together, but digits ran into the border (a grid's last group cut off).
            {"complete": False, "groups": [], "order_certain": False, "digits_cut": True},
            9,
            ["no_id", "cut_at_edge", "text_small"],
            "include_whole_id",
        ),
        (
            {
                "complete": False,
                "order_certain": True,
                "form": "iid54",
                "groups": [{"box": [100, 100, 60, 20], "text": "111110", "valid": k != 3} for k in range(9)],
            },
            20,
            ["digits"],
            "type_doubtful",
        ),
        (
            {
                "complete": False,
                "order_certain": True,
                "form": "iid54",
                "groups": [{"box": [100, 389, 60, 11], "text": "111110", "valid": False}],
            },
            20,
            ["digits", "cut_at_edge", "text_small"],
            "include_whole_id",  # a cut ID is never read whole, however close
        ),
        (
            {
                "complete": False,
                "order_certain": True,
                "form": "iid54",
                "groups": [{"box": [0, 100, 60, 20], "text": "111110", "valid": False}],
            },
            20,
            ["digits", "cut_at_edge"],
            "include_whole_id",
        ),
    ],
)
def test_advice_says_what_was_found_and_one_thing_to_do(
    result: dict, glyph_px: float, codes: list[str], suggestion: str | None
) -> None:
    found, todo = advice.explain(_result(result), 600, 400, glyph_px)
    assert [f.code for f in found] == codes
    assert todo == suggestion


def test_advice_counts_the_digits_and_the_doubtful_groups() -> None:
    groups = [{"box": [100, 100, 60, 20], "text": "111110", "valid": k not in (2, 5)} for k in range(9)]
    found, _ = advice.explain(
        _result({"complete": False, "order_certain": True, "form": "iid54", "groups": groups}), 600, 400, 20
    )
    assert found[0].to_dict() == {"code": "digits", "count": 54, "groups": 9, "doubtful": 2}


def _card_rows(cut: float, tall_boxes: bool, far: int = 36) -> tuple[np.ndarray, list[Group]]:
    """A CID card's eight rows "A: 123456"; the part of row H below ``cut`` of its digits'
    height covered by a band of backdrop (an edge across it), and the groups' boxes: tight
    ones, or every other one twice as tall as its digits as PP-OCR draws them.  The rows'
    type shrinks from 36 px to ``far`` (a photo taken at an angle)."""
    img = Image.new("L", (420, 520), 243)
    draw = ImageDraw.Draw(img)
    groups = []
    for k, label in enumerate("ABCDEFGH"):
        font = ImageFont.truetype("DejaVuSans.ttf", round(36 + (far - 36) * k / 7))
        digits = f"{k + 1}" * 5 + str(check_digit(f"{k + 1}" * 5))
        draw.text((30, 20 + 60 * k), f"{label}:", fill=20, font=font)
        x0, y0, x1, y1 = draw.textbbox((90, 20 + 60 * k), digits, font=font)
        draw.text((90, 20 + 60 * k), digits, fill=20, font=font)
        box = (x0, y0, x1 - x0, y1 - y0)
        if tall_boxes and k % 2:
            box = (x0 - 4, y0 - box[3] // 2, box[2] + 8, 2 * box[3])
        groups.append(Group(label, digits, True, 0.99, box, False))
    if cut < 1:
        x0, y0, x1, y1 = draw.textbbox((90, 20 + 60 * 7), "888888", font=font)
        draw.rectangle((0, y0 + int(cut * (y1 - y0)), 420, 520), fill=225)
    return np.asarray(img), groups


@pytest.mark.parametrize("tall_boxes", [False, True])
def test_a_group_shorter_than_the_others_was_cut_by_an_edge_across_it(tall_boxes: bool) -> None:
    grey, groups = _card_rows(0.65, tall_boxes)
    assert advice.cut_short(grey, groups) == {7}
    assert advice.cut_short(255 - grey, groups) == {7}  # light digits on dark: the same
    whole, groups = _card_rows(1.0, tall_boxes)
    assert advice.cut_short(whole, groups) == set()
    assert advice.cut_short(255 - whole, groups) == set()
    # The far rows' digits at half the near rows': each row is measured against its neighbours.
    angled, groups = _card_rows(1.0, tall_boxes, far=16)
    assert advice.cut_short(angled, groups) == set()


@pytest.mark.parametrize(
    ("shape", "line_heights", "whole"),
    [
        ((400, 600), [], True),  # read at its own size
        ((1080, 1440), [54, 96, 113], True),  # shrunk to 0.77: 27 px glyphs stay 20 px
        ((1080, 1440), [30, 96, 113], False),  # ... one line's 15 px glyphs would be 11 px
        ((1080, 1440), [], False),  # shrunk, and nothing found to say how tall the text is
    ],
)
def test_a_crop_counts_as_read_whole_while_the_detector_still_sees_its_glyphs(
    shape: tuple[int, int], line_heights: list[int], whole: bool
) -> None:
    lines = [Line("x", 1.0, (0, 100 * k, 500, h), ()) for k, h in enumerate(line_heights)]
    box = second._whole_read(np.zeros(shape, np.uint8), (7, 9), lines)
    assert box == ((7, 9, shape[1], shape[0]) if whole else None)


def test_a_missing_model_is_a_clear_error_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ppocr.MODEL_FILES, "Det", "no-such-model.onnx")
    monkeypatch.setattr(ppocr, "_local", type(ppocr._local)())
    with pytest.raises(ppocr.ModelMissing, match="no-such-model.onnx"):
        ppocr.load()


def test_the_models_ship_in_the_wheel() -> None:
    assert all(p.is_file() and p.stat().st_size > 100_000 for p in ppocr.model_paths().values())


def test_pp_ocr_reads_a_rendered_line_with_boxes_on_the_picture() -> None:
    img = Image.new("L", (900, 120), 255)
    font = ImageFont.truetype("DejaVuSans.ttf", 28)
    ImageDraw.Draw(img).text((40, 40), "ID: 123450 222220", fill=0, font=font)
    lines = ppocr.read(np.asarray(img), offset=(1000, 2000))
    text = " ".join(ln.text for ln in lines)
    assert "123450" in text.replace(" ", "") and "222220" in text.replace(" ", "")
    digits = [c for ln in lines for c in ln.chars if c.text.isdigit()]
    assert len(digits) == 12
    assert all(1000 + 30 <= c.box[0] <= 1000 + 900 and 2000 + 30 <= c.box[1] <= 2000 + 90 for c in digits)


def _console_dlv(below: int) -> np.ndarray:
    """A /dlv console's text, dark on light: two lines, the IID's line, then ``below`` lines."""
    font = ImageFont.truetype("DejaVuSansMono.ttf", 16)
    rows = ["Name: Windows(R) 7, Enterprise edition", "Description: VOLUME_MAK channel"]
    rows += ["Installation ID: " + PUBLIC_IID]
    rows += [f"Use License URL: http://go.microsoft.com/fwlink/?LinkID={88341 + k}" for k in range(below)]
    img = Image.new("L", (900, 30 * len(rows) + 20), 255)
    draw = ImageDraw.Draw(img)
    for k, row in enumerate(rows):
        draw.text((10, 10 + 30 * k), row, fill=0, font=font)
    return np.asarray(img)


def test_pp_ocr_stopped_early_gives_the_lines_above_as_a_whole_reading_would() -> None:
    grey = _console_dlv(6)
    whole = ppocr.read(grey, (7, 9))
    assert len(whole) == 9
    assert ppocr.read(grey, (7, 9), lambda lines: False) == whole  # never enough: the same lines
    first = ppocr.read(grey, (7, 9), lambda lines: True)  # enough at once: the first and two more
    assert first == whole[: 1 + ppocr.AFTER_ENOUGH]


def test_the_lines_below_the_first_whole_iid_are_not_recognised() -> None:
    # Only the first IID on the page is judged: a console's lines below it cost for nothing.
    # Tesseract's groups are judged on PP-OCR's lines: they are read down to those groups.
    grey = _console_dlv(6)
    lines, _ = second._lines_in(grey, Result("iid"), None, "iid")
    texts = [ln.text.replace(" ", "") for ln in lines]
    assert any(PUBLIC_IID in t for t in texts) and len(texts) == 3 + ppocr.AFTER_ENOUGH
    low = Group("9", "0000000", True, 1.0, (10, 250, 90, 16), False)
    lines, _ = second._lines_in(grey, Result("iid", groups=(low,)), None, "iid")
    assert len(lines) == 9  # down to a group Tesseract read on the last line
    lines, _ = second._lines_in(grey, Result("cid"), None, "cid")
    assert len(lines) == 9  # a CID's rival may stand below it: all read


@pytest.mark.parametrize(
    ("height", "width", "side"),
    [(960, 960, 960), (720, 960, 960), (3000, 4000, 1108), (463, 1828, 1828), (200, 9000, 6439)],
)
def test_the_detector_keeps_as_many_pixels_as_a_960_px_square(height: int, width: int, side: int) -> None:
    """By hand: 4000 * sqrt(960^2 / (3000 * 4000)) = 1108.5 and 9000 * sqrt(960^2 / 1.8e6) = 6439.8;
    1828 x 463 has fewer pixels than 960^2 and is not shrunk; never under 960."""
    assert ppocr.det_side(height, width) == side


def test_pp_ocr_finds_small_text_on_a_wide_low_crop() -> None:
    """A console's lines, 11 px digits 13 px apart, on a crop 1900 px wide: shrunk to 960 px
    wide they were 5-6 px, and the detector found none of the three lines."""
    img = Image.new("L", (1900, 140), 255)
    font = ImageFont.truetype("DejaVuSansMono.ttf", 11)
    iid = "".join(f"{k}{k}3{k}80" + str(check_digit(f"{k}{k}3{k}80")) for k in range(1, 10))
    lines = (
        "Activation ID: 73111121-5638-40f6-bc11-f1d7b0d64300",
        "Installation ID: " + iid,
        "License Status: Notification",
    )
    draw = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        draw.text((20, 30 + 13 * k), line, fill=0, font=font)
    text = "".join(ln.text for ln in ppocr.read(np.asarray(img))).replace(" ", "")
    assert iid in text


def test_tesseract_on_a_crop_says_which_ends_met_the_crops_edge() -> None:
    """A box cutting through the first and last glyphs: both ends are met; a box with room
    around the digits: neither."""
    from ocr.second import tess_at

    img = Image.new("L", (600, 100), 255)
    font = ImageFont.truetype("DejaVuSansMono.ttf", 28)
    ImageDraw.Draw(img).text((100, 30), "4444440", fill=0, font=font)
    x0, y0, x1, y1 = ImageDraw.Draw(img).textbbox((100, 30), "4444440", font=font)
    step = (x1 - x0) / 7
    whole = tess_at(np.asarray(img), (x0 - 10, y0, x1 - x0 + 20, y1 - y0))
    assert whole.text == "4444440" and whole.cut_ends == (False, False)
    # Half of the first and of the last glyph inside the box (TESS_PAD widens it a little).
    cut = tess_at(np.asarray(img), (x0 + step * 0.6, y0, (x1 - x0) - step * 1.2, y1 - y0))
    assert cut.cut_ends == (True, True)


def test_no_further_pass_starts_once_the_time_is_up(monkeypatch) -> None:
    """Issue 13 item 4: the pipeline gives up early; what it has is a doubt that says so."""
    from ocr import pipeline
    from tools.pictures import SAMPLE_IID, render_text_png

    tiny = render_text_png([f"Installation ID: {SAMPLE_IID}"], font_size=7)  # Tesseract alone is unsure
    given_time = pipeline.read_image(tiny, "iid")
    assert "ppocr" in given_time["engines"]
    assert all(f["code"] != "stopped_early" for f in given_time["found"])
    monkeypatch.setattr(pipeline, "GIVE_UP_AFTER_S", 0.0)
    hurried = pipeline.read_image(tiny, "iid")
    assert hurried["engines"] == ["tesseract"]  # the second engine was never asked
    assert hurried["complete"] is False
    assert {"code": "stopped_early", "seconds": 0.0} in hurried["found"]


WHOLE = "111111022222203333330"  # three 7-digit groups, as PP-OCR read the ID


NO_CUT, CUT = (False, False), (True, True)


@pytest.mark.parametrize(
    ("read", "start", "cut", "expected"),
    [
        ("22222203", 7, NO_CUT, "2222220"),  # took in the next group's first digit: it matches there
        ("1022222203", 7, NO_CUT, "2222220"),  # one digit of each neighbour
        ("2222220", 7, NO_CUT, "2222220"),  # exactly the group
        ("22222209", 7, NO_CUT, "22222209"),  # a whole glyph that differs: the place is wrong
        # A neighbour's glyph cut by the crop's edge (the reading met the edge there), read as
        # another digit: the outermost digit on that side may differ.
        ("22222209", 7, (False, True), "2222220"),
        ("122222201", 7, CUT, "2222220"),
        ("122222201", 7, (True, False), "122222201"),  # the right end was not at the edge
        ("22222213", 7, CUT, "22222213"),  # one of the group's own digits differs: left alone
        ("22222222", 7, CUT, "22222222"),  # no place where the group's digits stand: left alone
        ("212222220", 7, CUT, "212222220"),  # the second digit out differs too: left alone
        # However far it reached, every digit beyond the group as the other engine read it there
        # fixes the place (PP-OCR's equal-part character boxes on a photographed row).
        ("2222220333", 7, NO_CUT, "2222220"),  # three digits into the next group
        ("111102222220", 7, NO_CUT, "2222220"),  # five digits of the one before
        ("2222220334", 7, NO_CUT, "2222220334"),  # the third digit into the next differs: left alone
        ("2222220334", 7, CUT, "2222220334"),  # ... even at the edge: only the next digit may be cut
        ("3333330", 14, NO_CUT, "3333330"),
    ],
)
def test_a_crop_that_takes_in_its_neighbours_is_cut_back_only_where_they_fit(
    read: str, start: int, cut: tuple[bool, bool], expected: str
) -> None:
    reading = Reading("tesseract", read, 0.99, cut_ends=cut)
    assert in_context(reading, WHOLE, start, 7).text == expected


def _tesseract_result(form: str, layout: str, groups: list[Group], readings: list[Reading]) -> Result:
    """Tesseract's result, not complete, with ``groups`` and its readings of them; in order
    unless the layout is a ``grid`` (labels not read)."""
    kind = "cid" if form.startswith("cid") else "iid"
    return Result(
        kind,
        None,
        False,
        form,
        layout != "grid",
        layout,
        tuple(groups),
        engines=("tesseract",),
        readings=tuple(readings),
    )


def _one_doubt(tess_text: str, drawn: str = "2222224") -> tuple[np.ndarray, Result]:
    """A picture holding group 5 of an IID ("2222224", or ``drawn`` when Tesseract's box of it
    takes in more) and Tesseract's result with every other group certain and group 5 read as
    ``tess_text`` below its confidence threshold."""
    img = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 28)
    draw.text((300, 80), drawn, fill=0, font=font)
    x0, y0, x1, y1 = draw.textbbox((300, 80), drawn, font=font)
    groups, readings = [], []
    for k in range(9):
        if k == 4:
            groups.append(Group("5", tess_text, False, 0.6, (x0, y0, x1 - x0, y1 - y0), False, "unsure"))
            readings.append(Reading("tesseract", tess_text, 0.6))
        else:
            groups.append(Group(str(k + 1), "1111112", True, 0.99, (10, 10, 60, 20), False))
            readings.append(Reading("tesseract", "1111112", 0.99))
    return np.asarray(img), _tesseract_result("iid63", "line", groups, readings)


def test_pp_ocr_on_the_doubtful_group_alone_completes_an_id_only_when_both_engines_agree() -> None:
    from ocr.second import quick_recheck

    grey, first = _one_doubt("2222224")
    quick = quick_recheck(grey, first)
    assert quick is not None and quick.complete and quick.groups[4].text == "2222224"
    # Tesseract read a "2" as "9" (off by 7: the check digit still holds); PP-OCR reads "2".
    grey, first = _one_doubt("9222224")
    assert quick_recheck(grey, first) is None


@pytest.mark.parametrize(("last", "complete"), [("4129604", True), ("4122604", False)])
def test_pp_ocr_reads_the_doubtful_groups_whole_row_and_judges_every_group_on_it(last, complete) -> None:
    from ocr.second import quick_recheck

    # One line of nine groups; Tesseract doubts group 1 and vouches alone for the rest.  A
    # recompressed photo of /dlv: it read group 9's "1994131" as "1994333" at 0.933, and PP-OCR,
    # reading group 1 only, never saw group 9.  Read whole, the row judges it.
    font = ImageFont.truetype("DejaVuSans.ttf", 28)
    img = Image.new("L", (1300, 120), 255)
    draw = ImageDraw.Draw(img)
    texts = [PUBLIC_IID[k : k + 7] for k in range(0, 63, 7)]
    assert check_digit(last[:6]) == int(last[6])  # the misreading keeps the check digit
    groups, readings, x = [], [], 20.0
    for k, text in enumerate(texts):
        x0, y0, x1, y1 = draw.textbbox((x, 40), text, font=font)
        draw.text((x, 40), text, fill=0, font=font)
        read = last if k == 8 else text
        valid = k != 0
        groups.append(
            Group(str(k + 1), read, valid, 0.95 if valid else 0.6, (x0, y0, x1 - x0, y1 - y0), False)
        )
        readings.append(Reading("tesseract", read, 0.95 if valid else 0.6))
        x = x1 + draw.textlength(" ", font=font)
    first = _tesseract_result("iid63", "line", groups, readings)
    quick = quick_recheck(np.asarray(img), first)
    assert (quick is not None and quick.complete) is complete


def test_a_box_that_takes_in_a_neighbours_digit_counts_only_when_it_matches_there() -> None:
    from ocr.second import quick_recheck

    # Tesseract's box of group 5 reaches over group 4's last digit ("2") and group 6's first ("1").
    grey, first = _one_doubt("2222224", drawn="222222241")
    quick = quick_recheck(grey, first)
    assert quick is not None and quick.complete and quick.groups[4].text == "2222224"
    # The digit taken in is not group 4's last: this is not a reading of group 5 alone.
    grey, first = _one_doubt("2222224", drawn="922222241")
    assert quick_recheck(grey, first) is None


def test_a_group_read_in_two_pieces_on_one_line_is_read_by_pp_ocr_as_one() -> None:
    from ocr.second import quick_recheck

    # Tesseract read group 5's line in two pieces (a caret between them): the group has a box
    # per piece, side by side.  PP-OCR's characters near where they meet fall in both boxes.
    grey, first = _one_doubt("2345670", drawn="2345670")
    x, y, w, h = first.groups[4].box
    cut = 3 * w // 7
    pieces = ((x, y, cut, h), (x + cut, y, w - cut, h))
    first = replace(
        first, groups=tuple(replace(g, boxes=pieces) if k == 4 else g for k, g in enumerate(first.groups))
    )
    quick = quick_recheck(grey, first)
    assert quick is not None and quick.complete and quick.groups[4].text == "2345670"


def test_a_group_pp_ocr_read_wrapped_onto_the_next_line_gets_a_box_on_each_line() -> None:
    from ocr.second import judge_proposal

    # The Script Host box: 30 digits after the label, the rest below; Tesseract found nothing.
    font = ImageFont.truetype("DejaVuSans.ttf", 18)
    img = Image.new("L", (760, 140), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), "Installation ID: " + PUBLIC_IID[:30], font=font, fill=0)
    draw.text((20, 48), PUBLIC_IID[30:], font=font, fill=0)
    grey = np.asarray(img)
    prop = proposals(ppocr.read(grey), "iid")[0]
    assert prop.how == "wrapped"
    empty = Result("iid", engines=("tesseract",))
    result = judge_proposal(prop, empty, "iid", grey)
    assert result.complete and result.digits == PUBLIC_IID
    # Group 5 (digits 29-35) starts on the first line and ends on the second: a box on each.
    top, bottom = result.groups[4].boxes
    assert top[1] + top[3] <= bottom[1] + 4 and top[0] > bottom[0]
    assert [g.label for g in result.groups if g.boxes] == ["5"]


def test_doubtful_groups_are_read_once_per_row() -> None:
    from ocr.second import _rows

    # A grid's row of three groups and one group on the next row; a line's two groups.
    grid = [(10, 100, 80, 20), (110, 102, 80, 20), (210, 99, 80, 20), (10, 150, 80, 20)]
    assert _rows(grid) == [(10, 99, 280, 23), (10, 150, 80, 20)]
    assert _rows([(300, 40, 90, 18), (10, 40, 90, 18)]) == [(10, 40, 380, 18)]
    # Boxes of different heights on one baseline stay one row; rows that only touch do not join.
    assert len(_rows([(0, 0, 50, 20), (60, 5, 50, 15), (0, 20, 50, 20)])) == 2


def _first_at(rows: list[tuple[int, str, bool]]) -> Result:
    """Tesseract's result with one group per (top, text, repaired) entry, 20 px high."""
    groups = tuple(
        Group(str(k + 1), text, False, 0.5, (100 * k, top, 80, 20), repaired, "unsure")
        for k, (top, text, repaired) in enumerate(rows)
    )
    return Result("iid", None, False, "iid63", False, "grid", groups, engines=("tesseract",))


def test_a_later_iid_yields_to_tesseracts_first_only_where_its_groups_pass_unrepaired() -> None:
    from ocr.second import _below_first

    # Five groups passing their check digits on the first row: an IID stands there.
    first = _first_at([(100, "1111112", False)] * 5 + [(300, "1111113", False)] * 4)
    assert _below_first(300, first)
    assert not _below_first(105, first)  # PP-OCR's IID is that one
    # Pieces of an Extended PID repaired into passing, put in a grid with the IID's own groups
    # below: no evidence of an IID above the one PP-OCR read whole at 300.
    first = _first_at([(100, "1111112", True)] * 2 + [(300, "2222224", False)] * 7)
    assert not _below_first(300, first)


def _two_lines(above: str, iid: str) -> tuple[np.ndarray, Result, tuple]:
    """A picture with ``above`` on one line and ``iid`` below it, Tesseract's complete result
    for the lower one, and the upper line's box."""
    img = Image.new("L", (1300, 160), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 18)
    draw.text((20, 30), above, fill=0, font=font)
    draw.text((20, 90), "Installation ID: " + iid, fill=0, font=font)
    x0, y0, x1, y1 = draw.textbbox((20, 30), above, font=font)
    groups = tuple(
        Group(str(k + 1), iid[7 * k : 7 * k + 7], True, 0.99, (200 + 100 * k, 92, 80, 16), False)
        for k in range(9)
    )
    result = Result("iid", iid, True, "iid63", True, "line", groups, engines=("tesseract",))
    return np.asarray(img), result, ((x0, y0, x1 - x0, y1 - y0),)


def test_an_iid_below_a_line_of_digits_is_complete_only_when_that_line_holds_no_long_run() -> None:
    from ocr.second import clear_above

    other = "".join(str(k) * 6 + str(k) for k in range(1, 10))
    grey, result, above = _two_lines("Installation ID: " + other, IID)
    assert not clear_above(grey, result, above).complete
    grey, result, above = _two_lines("Extended PID: 00038-01161-646-951862-03-1041-19045.0000-0312024", IID)
    assert clear_above(grey, result, above).complete


def test_overlapping_crops_above_are_read_once_as_their_union() -> None:
    from ocr.second import _overlaps_joined

    # A photo's noise makes band after band over the same rows: one crop; a band apart stays.
    bands = [(0, y, 500, y + 40) for y in (10, 25, 40, 60)] + [(0, 200, 500, 240)]
    assert _overlaps_joined(bands) == [(0, 10, 500, 100), (0, 200, 500, 240)]
    # Crops that only touch, or lie side by side on one row, are not joined.
    assert _overlaps_joined([(0, 0, 10, 10), (0, 10, 10, 20), (20, 0, 30, 10)]) == [
        (0, 0, 10, 10),
        (20, 0, 30, 10),
        (0, 10, 10, 20),
    ]
    # A crop that joins two others only through their union is joined too.
    assert _overlaps_joined([(0, 0, 10, 10), (20, 0, 30, 10), (5, 5, 25, 8)]) == [(0, 0, 30, 10)]


def test_a_run_above_seen_through_many_overlapping_bands_still_makes_a_doubt() -> None:
    from ocr.second import clear_above

    other = "".join(str(k) * 6 + str(k) for k in range(1, 10))
    grey, result, above = _two_lines("Installation ID: " + other, IID)
    x, y, w, h = above[0]
    bands = tuple((x, y + dy, w, h) for dy in (-6, -3, 0, 3, 6))
    assert not clear_above(grey, result, bands).complete


def test_an_extended_pid_whose_dashes_were_read_as_spaces_is_no_run_above() -> None:
    from ocr.second import _run_above

    # PP-OCR's characters leave out the spaces of its text: this PID is "07350", then 24 digits.
    pid = "Extended PID: 07350-02859 437 415305 03 1041 7601.0000 3532019"
    assert not _run_above([line(pid, 0, 0)], 100, set())
    # The same digits in no PID's shape (a number of 4 digits where the 5 of the second stand).
    assert _run_above([line(pid.replace("02859", "0285"), 0, 0)], 100, set())
    assert _run_above([line("Serial: 028594374153050310417601", 0, 0)], 100, set())


def test_an_extended_pid_spoiled_by_a_drawn_line_is_no_run_above_by_its_tail() -> None:
    from ocr.second import _run_above

    # A red box drawn across it: "6" read "G"; PP-OCR dropped the space of "0000 1022019".
    pid = "拡張 PID:01097-03074 799-G04699-03-1041 7601.0000 1022019"
    assert not _run_above([line(pid, 0, 0)], 100, set())
    # Without the build's dot the last eleven digits are no PID's: a run above.
    assert _run_above([line(pid.replace("7601.0000", "7601 0000"), 0, 0)], 100, set())


def test_a_telephone_number_above_the_iid_is_no_run_above() -> None:
    from ocr.second import _run_above

    # The Windows activation screen's number: PP-OCR's characters join it into 11 digits.
    assert not _run_above([line("+1 807 555 4587", 0, 0)], 100, set())
    assert not _run_above([line("Call (800) 555-0123 now", 0, 0)], 100, set())
    # Eleven digits in pieces an ID shows (the start of a 54-digit IID) still are one.
    assert _run_above([line("+1 807555 4587", 0, 0)], 100, set())


def test_a_guid_whose_last_group_holds_a_long_run_of_digits_is_no_run_above() -> None:
    from ocr.second import _run_above

    assert not _run_above([line("Activation ID: 32085272-3174-766b-4405-73519255744f", 0, 0)], 100, set())
    assert _run_above([line("Activation ID: 32085272-3174-766b-73519255744f", 0, 0)], 100, set())


def test_a_rendered_extended_pid_spaced_out_is_no_run_above_the_iid() -> None:
    from ocr.second import clear_above

    pid = "Extended PID: 00038 01161 646 951862 03 1041 19045.0000 0312024"
    grey, result, above = _two_lines(pid, IID)
    assert clear_above(grey, result, above).complete


def _card(letters: str, pitch: int = 110, above: int = 30) -> tuple[np.ndarray, Result]:
    """The portal's card (A B C D E over F G H) with ``letters`` drawn small ``above`` pixels over
    the groups, rows ``pitch`` apart, and Tesseract's result for it: every group certain, its
    labels not read (a guess, ``grid``)."""
    img = Image.new("L", (1100, 260), 255)
    draw = ImageDraw.Draw(img)
    big, small = ImageFont.truetype("DejaVuSans.ttf", 28), ImageFont.truetype("DejaVuSans.ttf", 15)
    cid = [CID[i : i + 6] for i in range(0, 48, 6)]
    groups, readings = [], []
    for k, (text, letter) in enumerate(zip(cid, letters, strict=True)):
        x, y = 40 + 210 * (k % 5), 70 + pitch * (k // 5)
        draw.text((x, y - above), letter, fill=90, font=small)
        draw.text((x, y), text, fill=0, font=big)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=big)
        groups.append(Group("?", text, True, 0.99, (x0, y0, x1 - x0, y1 - y0), False))
        readings.append(Reading("tesseract", text, 0.99))
    return np.asarray(img), _tesseract_result("cid48", "grid", groups, readings)


def test_an_unordered_grid_is_put_in_order_by_labels_read_above_its_groups() -> None:
    from ocr.second import by_labels

    ordered = by_labels(*_card("ABCDEFGH"))
    assert ordered is not None and ordered.complete and ordered.order_certain
    assert (ordered.layout, ordered.digits) == ("letters", CID)
    assert [g.label for g in ordered.groups] == list("ABCDEFGH")
    # Labels out of reading order are a misread, not an order.
    assert by_labels(*_card("BACDEFGH")) is None
    # A label not read is implied by its place between two read at theirs; two side by side
    # are not (their order would rest on the layout alone).
    implied = by_labels(*_card("ABC EFGH"))
    assert implied is not None and implied.digits == CID and implied.order_certain
    assert by_labels(*_card("AB  EFGH")) is None
    # Rows so close that the place above a group takes in the bottom of the row above.
    close = by_labels(*_card("ABCDEFGH", pitch=52, above=22))
    assert close is not None and close.complete


def _boxes_3x3(numbers: str, soft: bool = False) -> tuple[np.ndarray, Result]:
    """The portal's nine boxes, three by three, each with its number (from ``numbers``) left of
    it, and PP-OCR's proposal for them: every group certain, in a guessed order (``grid``), no
    Tesseract reading.  The IID's groups are real ones, so the order can be checked.  ``soft``:
    as a photo takes it, the numbers small and pale, blurred, with noise."""
    iid = _valid_iid()
    img = Image.new("L", (900, 300), 255)
    draw = ImageDraw.Draw(img)
    px = 16 if soft else 22
    big, small = ImageFont.truetype("DejaVuSans.ttf", 26), ImageFont.truetype("DejaVuSans.ttf", px)
    groups = []
    for k, number in enumerate(numbers):
        x, y = 60 + 280 * (k % 3), 40 + 80 * (k // 3)
        text = iid[7 * k : 7 * k + 7]
        draw.text((x - 32 if soft else x - 40, y + 26 - px), number, fill=150 if soft else 85, font=small)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=big)
        draw.rectangle([x0 - 12, y0 - 10, x1 + 12, y1 + 10], outline=110, width=1)
        draw.text((x, y), text, fill=0, font=big)
        groups.append(Group("?", text, True, 0.99, (x0, y0, x1 - x0, y1 - y0), False))
    proposal = Result("iid", None, False, "iid63", False, "grid", tuple(groups), engines=("ppocr",))
    grey = np.asarray(img)
    if soft:
        noise = np.random.default_rng(1).normal(0, 6, grey.shape)
        grey = np.clip(np.asarray(img.filter(ImageFilter.GaussianBlur(1.0))) + noise, 0, 255).astype(np.uint8)
    return grey, proposal


def _valid_iid() -> str:
    groups = [f"{k}{(3 * k) % 10}{(7 * k) % 10}5{k}2" for k in range(1, 10)]
    return "".join(g + str(check_digit(g)) for g in groups)


def test_a_grid_proposed_by_ppocr_is_put_in_order_by_the_numbers_left_of_its_boxes() -> None:
    # A photo of the portal's boxes (a fresh tuning picture): PP-OCR read every group right,
    # Tesseract none of the numbers, and the order stayed a guess; the numbers stand left of
    # the boxes, not above them.
    from ocr.second import by_labels

    ordered = by_labels(*_boxes_3x3("123456789"))
    assert ordered is not None and ordered.complete and ordered.order_certain
    assert (ordered.layout, ordered.digits) == ("numbers", _valid_iid())
    assert [g.label for g in ordered.groups] == list("123456789")
    # Numbers out of reading order prove no order; a number missing is implied by its place
    # after the eight read at theirs, two missing side by side are not.
    assert by_labels(*_boxes_3x3("213456789")) is None
    implied = by_labels(*_boxes_3x3("12345678 "))
    assert implied is not None and implied.digits == _valid_iid() and implied.order_certain
    assert by_labels(*_boxes_3x3("1234567  ")) is None


def _tight_console(pitch: int, px: int) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Three console lines, light on black, closer than PP-OCR's box around a group is tall;
    and that box around the middle line's first group."""
    img = Image.new("L", (420, 90), 0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSansMono.ttf", px)
    text = [
        "Extended PID: 00392-00170-918-500000-03-1033",
        "Installation ID: 2997718 8516735",
        "Use License URL: http",
    ]
    for k, t in enumerate(text):
        draw.text((6, 10 + pitch * k), t, fill=200, font=font)
    x = 6 + font.getlength("Installation ID: ")
    return np.asarray(img), (x, 10 + pitch - 4, font.getlength("2997718"), px + 8)


@pytest.mark.parametrize(("pitch", "px"), [(16, 14), (14, 13)])
def test_tesseract_reads_a_group_of_a_console_whose_lines_stand_close(pitch: int, px: int) -> None:
    from ocr.second import tess_at

    grey, box = _tight_console(pitch, px)
    assert tess_at(grey, box).text == "2997718"


def test_the_line_band_is_the_ink_around_the_middle_between_empty_rows() -> None:
    from ocr.second import _line_band

    ink = np.zeros((12, 10), np.uint8)
    ink[0:2] = 1  # the feet of the line above
    ink[4:9] = 1  # the line itself, through the middle
    ink[11] = 1  # the tops of the line below
    assert _line_band(ink) == (4, 9)
    assert _line_band(np.zeros((5, 5), np.uint8)) == (0, 0)


def test_ppocr_reading_soft_boxes_alone_gives_them_in_the_order_of_their_numbers() -> None:
    # Tesseract found nothing (a photo of the portal's boxes): PP-OCR's own proposal is the
    # grid, every group certain; its reading of the whole picture took in none of the small
    # pale numbers, each read on its own proves the order.
    from ocr.second import second_opinion

    grey, _ = _boxes_3x3("123456789", soft=True)
    result = second_opinion(grey, "iid", Result("iid"))
    assert result.layout == "numbers" and result.order_certain
    assert result.complete and result.digits == _valid_iid()


IID_54 = "526012815905830161613180609136909960030823462810948212"  # every check digit holds


def test_a_tesseract_reading_of_another_length_is_no_reading_of_the_group() -> None:
    from ocr.layout import union
    from ocr.second import judge_proposal

    # VAMT's list: Tesseract cut a 54-digit IID in sevens; PP-OCR read it in sixes, unsure of
    # itself.  Tesseract's seven digits over a group of six say nothing of it: the group is read
    # again by Tesseract on PP-OCR's box, and the two engines agree.
    font = ImageFont.truetype("DejaVuSans.ttf", 20)
    img = Image.new("L", (900, 80), 255)
    ImageDraw.Draw(img).text((20, 25), "Installation ID: " + IID_54, font=font, fill=0)
    grey = np.asarray(img)
    prop = proposals(ppocr.read(grey), "iid")[0]
    assert prop.form.name == "iid54"
    unsure = replace(prop, groups=tuple(tuple(replace(c, conf=0.9) for c in g) for g in prop.groups))
    boxes = [tuple(int(v) for v in union([c.box for c in g])) for g in prop.groups]
    sevens = [IID_54[k * 6 : k * 6 + 7] for k in range(9)]
    first = Result(
        "iid",
        form="iid63",
        groups=tuple(
            Group(str(k + 1), t, False, 0.5, b, False)
            for k, (t, b) in enumerate(zip(sevens, boxes, strict=True))
        ),
        readings=tuple(Reading("tesseract", t, 0.5) for t in sevens),
        engines=("tesseract",),
    )
    result = judge_proposal(unsure, first, "iid", grey)
    assert result.complete and result.digits == IID_54
    assert not judge_proposal(unsure, first, "iid").complete  # without the picture, PP-OCR alone


def _grid_3x3(tilt: float = 0.0) -> tuple[Group, ...]:
    """Nine groups three by three (boxes 80 x 20, rows 60 px apart), in label order, the rows
    climbing by ``tilt`` (a rolled photo)."""
    return tuple(
        Group(
            str(k + 1),
            "",
            True,
            1.0,
            (100 + 180 * (k % 3), int(100 + 60 * (k // 3) + tilt * 180 * (k % 3)), 80, 20),
            False,
        )
        for k in range(9)
    )


NUMBERS = tuple("123456789")


@pytest.mark.parametrize(
    ("read", "implied"),
    [
        # Glare over the left column: 1, 4 and 7 implied by their places between read ones.
        ("-23-56-89", "123456789"),
        ("12345678-", "123456789"),  # one missing at the end
        ("-2345678-", "123456789"),
        # Two missing side by side: their order would rest on the geometry alone.
        ("--3456789", None),
        # More than a third missing.
        ("-2-4-6-8-", None),
        # A label read at another's place (a "3" read "1"): nothing is proven.
        ("-21-56-89", None),
        ("-23-56-99", None),  # one read twice
        ("123456789", None),  # nothing missing: not this rule's to say
    ],
)
def test_labels_not_read_are_implied_only_between_labels_read_at_their_places(read, implied) -> None:
    from ocr.second import _implied_labels

    for tilt in (0.0, 0.05):  # level, and rolled 3 degrees (the photo this rule came from)
        labels = [None if ch == "-" else ch for ch in read]
        got = _implied_labels(_grid_3x3(tilt), labels, NUMBERS)
        assert got == (list(implied) if implied else None), tilt


def test_labels_follow_the_groups_whatever_order_they_come_in() -> None:
    from ocr.second import _implied_labels

    groups = _grid_3x3()
    shuffled = tuple(groups[k] for k in (4, 0, 8, 2, 6, 1, 3, 5, 7))
    labels = [None if g.label in "147" else g.label for g in shuffled]
    assert _implied_labels(shuffled, labels, NUMBERS) == [g.label for g in shuffled]


def _dlv(run_box: tuple[int, int, int, int] | None, windows: str = PUBLIC_IID) -> tuple[np.ndarray, Result]:
    """``slmgr /dlv`` with two IIDs (Windows's, then an add-on's), and Tesseract's result: the
    second IID read, every group certain, and an unread run above it at ``run_box`` (the first
    IID's digits when None).  ``windows`` is the first IID as shown."""
    img = Image.new("L", (1400, 260), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSansMono.ttf", 17)
    draw.text((20, 30), "Name: Windows(R), Professional edition", fill=0, font=font)
    draw.text((20, 60), "Installation ID: " + windows, fill=0, font=font)
    x0, y0, x1, y1 = draw.textbbox((20, 60), "Installation ID: " + windows, font=font)
    draw.text((20, 150), "Name: Windows(R), Client-ESU-Year1 add-on", fill=0, font=font)
    draw.text((20, 180), "Installation ID: " + _valid_iid(), fill=0, font=font)
    second = _valid_iid()
    groups = tuple(
        Group(str(k + 1), second[7 * k : 7 * k + 7], True, 0.99, (190 + 70 * k, 182, 64, 16), False)
        for k in range(9)
    )
    digits_at = x0 + (x1 - x0) * 17 // (17 + len(windows))
    box = run_box or (digits_at, y0, x1 - digits_at, y1 - y0)
    first = Result(
        "iid",
        second,
        False,
        "iid63",
        True,
        "line",
        groups,
        engines=("tesseract",),
        readings=tuple(Reading("tesseract", g.text, 0.99) for g in groups),
        run_above=True,
        run_above_box=box,
    )
    return np.asarray(img), first


def test_the_run_above_that_tesseract_could_not_read_is_the_answer_once_pp_ocr_reads_it_there() -> None:
    from ocr.second import second_opinion

    # Tesseract read the add-on's IID and saw Windows's above it without reading it: PP-OCR reads
    # that run as an IID, judged group by group with Tesseract's re-readings there.
    grey, first = _dlv(None)
    got = second_opinion(grey, "iid", first)
    assert got.digits == PUBLIC_IID and got.complete
    assert [c.digits for c in got.candidates] == [_valid_iid()]  # the add-on's, offered beside it
    # One of its groups fails its check digit: still the first IID, with a doubt, never the
    # add-on's below it, however surely Tesseract read that one.
    bad = PUBLIC_IID[:30] + str((int(PUBLIC_IID[30]) + 1) % 10) + PUBLIC_IID[31:]
    grey, first = _dlv(None, bad)
    got = second_opinion(grey, "iid", first)
    assert got.digits == bad and not got.complete
    assert [g.valid for g in got.groups] == [k != 4 for k in range(9)]
    # The run Tesseract saw stands where PP-OCR's IID is not (above it): still a doubt.
    grey, first = _dlv((300, 2, 600, 20))
    got = second_opinion(grey, "iid", first)
    assert not got.complete


def _turned(text: str, x: float, y: float, slope: float) -> Line:
    """``text`` as PP-OCR reads a line turned by ``slope`` (its characters' boxes follow the turn;
    the line's box is as tall as the turn makes it)."""
    chars = tuple(Char(t, 1.0, (x + 12 * i, y + slope * 12 * i, 10, H)) for i, t in enumerate(text))
    tall = H + slope * 12 * len(text)
    return Line(text, 1.0, (x, y, 12 * len(text), tall), chars)


def test_a_run_above_the_iid_on_a_turned_list_is_above_along_the_turn() -> None:
    # VAMT's two rows of IIDs turned 7 degrees (a phone held askew, the picture straightened
    # by hand): each row's box is 116 px tall, and the first row's middle stands below the
    # second row's top, 26 px lower.  Along the turn, the first row stands above.
    from ocr.second import _run_above

    slope = np.tan(np.radians(7))
    first, second = _turned(IID, 0, 0, slope), _turned(PUBLIC_IID, 0, 26, slope)
    assert first.box[1] + first.box[3] / 2 > second.box[1]  # above neither by its middle ...
    own = tuple(c.box for c in second.chars)
    assert _run_above(
        [first, second], second.box[1], {id(c) for c in second.chars}, own
    )  # ... but along the turn
    assert not _run_above(
        [first, second], second.box[1], {id(c) for c in second.chars}
    )  # the old test missed it
    # The row below the answer is never above it, turned or not.
    own_first = tuple(c.box for c in first.chars)
    assert not _run_above([first, second], first.box[1], {id(c) for c in first.chars}, own_first)


def test_tesseracts_groups_place_pp_ocrs_reading_only_when_enough_of_them_pass() -> None:
    from ocr.second import _around, _placed

    grey = np.full((400, 900), 255, np.uint8)
    passing = [(100 + k, "1111112", False) for k in range(5)] + [(100, "1111111", False)] * 4
    first = _first_at(passing)
    assert len(_placed(first)) == 9
    crop, offset = _around(grey, first)
    assert crop.shape[0] < 400 and offset[1] > 0  # around the groups, four heights up and down
    # Four passing are no better than pieces of other numbers: the whole picture is read.
    first = _first_at(passing[1:] + [(100, "1111111", False)])
    assert _placed(first) == []
    crop, offset = _around(grey, first)
    assert crop.shape == grey.shape and offset == (0, 0)
    # Groups repaired into passing are no evidence either.
    first = _first_at([(100, "1111112", True)] * 5 + [(100, "1111111", False)] * 4)
    assert _placed(first) == []
