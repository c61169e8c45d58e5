"""The page made of the picture: polarity and glyph size on a dithered picture, lines whitened.

Why drawn here: a console screenshot passed on as a GIF (the web's 256 fixed colours) has
its dark blue background dithered into specks; the picture is made the way such a file is.
A line drawn through the digits is drawn the way a screenshot is marked up.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import ocr
import ocr.pipeline
from activation.ids import check_digit
from ocr.regions import NOISE_LIMIT, components, cut_through, noise_level, polarity, prepare, struck

IID = "".join(f"{k}0{k}4{k}6" + str(check_digit(f"{k}0{k}4{k}6")) for k in range(1, 10))
BLUE, GREY = (1, 36, 86), (238, 237, 240)  # PowerShell's window and text colours


def _console(palette: bool) -> Image.Image:
    """A PowerShell window with the IID as one run, as a web-palette GIF's pixels or as drawn."""
    img = Image.new("RGB", (1100, 260), BLUE)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSansMono.ttf", 16)
    lines = [
        "Windows PowerShell",
        "PS C:\\WINDOWS\\system32> (Get-CimInstance SoftwareLicensingProduct).OfflineInstallationId",
        IID,
        "",
        "PS C:\\WINDOWS\\system32>",
    ]
    for k, text in enumerate(lines):
        draw.text((12, 20 + 24 * k), text, fill=GREY, font=font)
    if palette:
        img = img.convert("P", palette=Image.Palette.WEB, dither=Image.Dither.FLOYDSTEINBERG).convert("RGB")
    return img


def _grey(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"))


def test_dithering_measures_as_noise_and_a_clean_drawing_does_not() -> None:
    assert noise_level(_grey(_console(palette=True))) > NOISE_LIMIT
    assert noise_level(_grey(_console(palette=False))) < 1


def test_the_noise_measured_in_strips_is_the_noise_of_the_whole_picture() -> None:
    """The picture is measured a few hundred rows at a time (memory); the figure must be the
    one the whole picture gives: the same blur (sigma 1, OpenCV's own kernel), every other
    row and column from the top left, the median of the absolute rest times 1.4826."""
    rng = np.random.default_rng(7)
    grey = (rng.random((601, 90)) * 255).astype(np.uint8)
    grey[::5] = 0  # dark rows, so that a strip's edge blurred without its neighbours shows
    f = grey.astype(np.float32)
    rest = (f - cv2.GaussianBlur(f, (0, 0), 1.0))[::2, ::2]
    assert noise_level(grey) == float(np.median(np.abs(rest))) * 1.4826


def test_blobs_beyond_two_byte_labels_are_counted_all_the_same() -> None:
    """Two-byte labels stop at 65535 blobs: a dense speckle has more, and every one is counted."""
    mask = np.zeros((700, 700), np.uint8)
    mask[::2, ::2] = 255  # 350 x 350 = 122500 separate one-pixel blobs
    n, labels, stats = components(mask)
    assert n == 350 * 350 + 1
    assert labels[698, 698] == n - 1 and (stats[1:, cv2.CC_STAT_AREA] == 1).all()
    few = np.zeros((50, 50), np.uint8)
    few[10:20, 10:30] = 255
    n, labels, stats = components(few)
    assert n == 2 and tuple(stats[1, :4]) == (10, 10, 20, 10) and labels[15, 15] == 1


def test_a_dithered_dark_console_is_judged_light_on_dark_with_its_own_glyph_size() -> None:
    clean, dithered = prepare(_grey(_console(palette=False))), prepare(_grey(_console(palette=True)))
    assert clean.inverted and dithered.inverted
    # The specks must not pass for glyphs: the page is scaled as the clean drawing's is.
    assert abs(dithered.grey.shape[1] - clean.grey.shape[1]) <= 0.1 * clean.grey.shape[1]


def test_a_dithered_console_screenshot_is_read() -> None:
    buf = io.BytesIO()
    _console(palette=True).save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert result.complete and result.digits == IID


def _struck(width: int, at: float) -> bytes:
    """The IID under its label, a red line drawn through its digits at ``at`` of their height."""
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    img = Image.new("RGB", (1500, 140), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), "Installation ID:", fill=0, font=font)
    draw.text((20, 60), IID, fill=0, font=font)
    left, top, right, bottom = draw.textbbox((20, 60), IID, font=font)
    y = top + at * (bottom - top)
    draw.line([(left - 4, y), (right + 4, y)], fill=(200, 0, 0), width=width)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(("width", "at"), [(1, 0.35), (1, 0.7), (2, 0.35), (2, 0.7)])
def test_digits_with_a_line_drawn_through_them_are_read_by_tesseract(monkeypatch, width, at) -> None:
    # Whitening the line used to take the digits' middles with it: Tesseract read halves as
    # nothing, and only the second engine could read such a line.  Read right, Tesseract's
    # word alone still does not vouch for struck digits (regions.struck): both engines do.
    result = ocr.read(_struck(width, at), "iid")
    assert result.complete and result.digits == IID
    assert result.engines and "tesseract" in result.engines and "ppocr" in result.engines
    monkeypatch.setattr(ocr.pipeline, "SECOND_ENGINE", "0")
    alone = ocr.read(_struck(width, at), "iid")
    assert alone.digits == IID and not alone.complete


def _grid_close_up() -> np.ndarray:
    """A white dialog's 3 x 3 grid of boxes with 56 px digits, photographed close up: faint
    vertical moiré bands (every 7 px) over the whole screen, on a green desktop."""
    img = Image.new("L", (1600, 1200), 70)
    draw = ImageDraw.Draw(img)
    draw.rectangle([100, 60, 1500, 1140], fill=250)
    font = ImageFont.truetype("DejaVuSans.ttf", 56)
    draw.text((160, 140), "Enter your Installation ID", fill=40, font=font)
    for k in range(9):
        row, col = divmod(k, 3)
        x, y = 160 + 440 * col, 300 + 240 * row
        draw.text((x, y + 20), str(k + 1), fill=90, font=font)
        draw.rectangle([x + 50, y, x + 380, y + 100], outline=120, width=2)
        draw.text((x + 70, y + 20), IID[7 * k : 7 * k + 7], fill=30, font=font)
    columns = np.arange(img.width, dtype=np.float32)[None, :]
    return np.clip(np.asarray(img, np.float32) * (1 + 0.05 * np.cos(2 * np.pi * columns / 7)), 0, 255).astype(
        np.uint8
    )


def test_large_dark_digits_under_moire_are_judged_dark_on_light() -> None:
    # Inverted, the bands and the digits' holes make far more blobs than there are glyphs,
    # but small ones: the tall glyphs say which way the text is.
    grey = _grid_close_up()
    ratio, tall = polarity(grey)
    assert ratio > 1.15 and tall is False
    assert not prepare(grey).inverted
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, "PNG")
    result = ocr.read(buf.getvalue(), "iid")
    assert result.complete and result.digits == IID
    assert result.engines and "tesseract" in result.engines  # the page was read as it is


def test_the_count_of_glyphs_decides_when_neither_polarity_is_far_taller() -> None:
    ratio, tall = polarity(_grey(_console(palette=False)))
    assert tall is None and ratio > 1.15


def _group(line: str, white_on_blue: bool) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A group of seven digits, 14 px, with ``line``: "through" (a black line drawn across its
    middle), "under" (below it), "bold" (bold digits that touch) or "none"; and its glyphs' box."""
    bg, fg = ((31, 78, 140), (255, 255, 255)) if white_on_blue else ((255, 255, 255), (0, 0, 0))
    img = Image.new("RGB", (200, 40), bg)
    draw = ImageDraw.Draw(img)
    name = "DejaVuSans-Bold.ttf" if line == "bold" else "DejaVuSans.ttf"
    text = "7777777" if line == "bold" else "4997655"
    font = ImageFont.truetype(name, 18)
    draw.text((20, 10), text, fill=fg, font=font)
    x0, y0, x1, y1 = draw.textbbox((20, 10), text, font=font)
    if line == "through":
        draw.line([(x0 - 5, (y0 + y1) // 2), (x1 + 5, (y0 + y1) // 2)], fill=(0, 0, 0), width=2)
    if line == "under":
        draw.line([(x0 - 5, y1 + 3), (x1 + 5, y1 + 3)], fill=(0, 0, 0), width=2)
    return _grey(img), (x0, y0, x1 - x0, y1 - y0)


@pytest.mark.parametrize("white_on_blue", [True, False])
@pytest.mark.parametrize(
    ("line", "expected"), [("through", True), ("none", False), ("under", False), ("bold", False)]
)
def test_a_line_drawn_across_a_group_is_seen_in_either_polarity(
    line: str, expected: bool, white_on_blue: bool
) -> None:
    # Windows' blue "Activate by phone" page, a group struck through with a black line: once the
    # page is made dark on light the line is lighter than the background, not ink.
    grey, box = _group(line, white_on_blue)
    assert struck(grey, box) is expected
    assert struck(255 - grey, box) is expected


def test_an_edge_through_a_glyph_cuts_it_and_an_edge_through_the_gap_does_not() -> None:
    # "80" at 40 px: the edge through the middle of the "8" cuts ink, the one between the
    # digits and the one before the "8" cut none; the same edges in a tilted line's frame too.
    font = ImageFont.truetype("DejaVuSans.ttf", 40)
    img = Image.new("L", (200, 80), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 20), "8", fill=0, font=font)
    x0, y0, x1, y1 = draw.textbbox((40, 20), "8", font=font)
    draw.text((x1 + 12, 20), "0", fill=0, font=font)
    grey = np.asarray(img)
    band = (float(y0), float(y1 - y0))
    assert cut_through(grey, None, (x0 + x1) / 2, band)
    assert not cut_through(grey, None, x1 + 6, band)
    assert not cut_through(grey, None, x0 - 4, band)
    # A frame 20 px to the right and 5 px down: the same edges, given in its coordinates.
    frame = np.array([[1.0, 0.0, 20.0], [0.0, 1.0, 5.0], [0.0, 0.0, 1.0]])
    moved = np.full_like(grey, 255)
    moved[5:, 20:] = grey[:-5, :-20]
    assert cut_through(moved, frame, (x0 + x1) / 2, band)
    assert not cut_through(moved, frame, x1 + 6, band)
