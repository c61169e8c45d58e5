"""A full-screen screenshot of a large desktop: a small dialog's ID read at the picture's own size.

Why drawn here: at 100% scaling a 2560 or 3840 px wide desktop shows a message box's text
at 11-12 px; the page is never larger than 1800 px, so the shrunk picture held the ID in
5-6 px glyphs and gave "no ID".
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import ocr
from activation.ids import check_digit
from ocr.close_look import close_page
from samples.raster import draw as draw_console

IID = "".join(f"{k}3{k}8{k}1" + str(check_digit(f"{k}3{k}8{k}1")) for k in range(1, 10))
DESKTOP = (0, 84, 147)


def _desktop(size: tuple[int, int], dialog: Image.Image, at: tuple[int, int]) -> Image.Image:
    """A desktop with icon captions down its left side and a taskbar with a clock."""
    img = Image.new("RGB", size, DESKTOP)
    draw = ImageDraw.Draw(img)
    small = ImageFont.truetype("DejaVuSans.ttf", 12)
    for k, name in enumerate(("Recycle Bin", "This PC", "Network", "Edge", "Report 2024")):
        draw.rectangle((28, 30 + 90 * k, 68, 70 + 90 * k), fill=(220, 220, 220))
        draw.text((16, 76 + 90 * k), name, fill=(255, 255, 255), font=small)
    draw.rectangle((0, size[1] - 48, size[0], size[1]), fill=(32, 32, 32))
    draw.text((size[0] - 90, size[1] - 40), "14:07", fill=(255, 255, 255), font=small)
    draw.text((size[0] - 100, size[1] - 22), "2026/11/26", fill=(255, 255, 255), font=small)
    img.paste(dialog, at)
    return img


def _message_box() -> Image.Image:
    """Windows Script Host's /dti box at 100%: the IID in 12 px text, dark on light."""
    box = Image.new("RGB", (680, 150), (255, 255, 255))
    draw = ImageDraw.Draw(box)
    font = ImageFont.truetype("DejaVuSans.ttf", 12)
    draw.rectangle((0, 0, 679, 149), outline=(120, 120, 120))
    draw.text((12, 8), "Windows Script Host", fill=(0, 0, 0), font=font)
    draw.text((24, 56), "Installation ID: " + IID, fill=(0, 0, 0), font=font)
    draw.rectangle((0, 100, 679, 149), fill=(240, 240, 240))
    draw.rectangle((580, 114, 660, 136), outline=(0, 120, 215))
    draw.text((612, 118), "OK", fill=(0, 0, 0), font=font)
    return box


def _console() -> Image.Image:
    """A console window running slmgr /dti through cscript: light 12 px text on black."""
    box = Image.new("RGB", (780, 170), (12, 12, 12))
    draw = ImageDraw.Draw(box)
    font = ImageFont.truetype("DejaVuSansMono.ttf", 12)
    lines = [
        "C:\\Windows\\system32>cscript //nologo slmgr.vbs /dti",
        "Installation ID: " + IID,
        "",
        "C:\\Windows\\system32>",
    ]
    for k, text in enumerate(lines):
        draw.text((8, 12 + 18 * k), text, fill=(204, 204, 204), font=font)
    return box


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("size", "dialog"),
    [((3840, 2160), _message_box), ((2560, 1440), _console), ((3840, 2160), _console)],
)
def test_a_small_dialog_on_a_large_desktop_is_read(size: tuple[int, int], dialog) -> None:
    at = (size[0] // 3, size[1] // 2)
    result = ocr.read(_png(_desktop(size, dialog(), at)), "iid")
    assert result.complete and result.digits == IID
    # The boxes are in the picture's own pixels: on the dialog, not on the shrunk page.
    x, y, w, h = result.groups[0].box
    assert at[0] < x < at[0] + 680 and at[1] < y < at[1] + 170 and 6 <= h <= 20


def _desktop_dark(size: tuple[int, int], dialog: Image.Image, at: tuple[int, int]) -> Image.Image:
    """A near-black desktop whose icon captions, in two columns, and clock are light on dark."""
    img = Image.new("RGB", size, (18, 18, 24))
    draw = ImageDraw.Draw(img)
    small = ImageFont.truetype("DejaVuSans.ttf", 12)
    for k in range(22):
        x, y = 16 + 110 * (k // 11), 76 + 90 * (k % 11)
        draw.text((x, y), f"Shortcut {chr(65 + k)} report", fill=(240, 240, 240), font=small)
    draw.text((size[0] - 90, size[1] - 40), "14:07", fill=(255, 255, 255), font=small)
    draw.text((size[0] - 100, size[1] - 22), "2026/11/26", fill=(255, 255, 255), font=small)
    img.paste(dialog, at)
    return img


def test_a_light_dialog_on_a_dark_desktop_is_read() -> None:
    """The desktop's captions make the picture light-on-dark; the dialog's text is dark on light."""
    result = ocr.read(_png(_desktop_dark((3840, 2160), _message_box(), (2400, 1500))), "iid")
    assert result.complete and result.digits == IID


def _vamt(iid: str) -> Image.Image:
    """VAMT's product list at 100%: five rows, the selected one's Installation ID in the last
    column, far right of the row's first cells, in 13 px Liberation Sans.  Its digits are
    drawn touching, as a browser draws them unhinted: no digit stands alone as a glyph, and
    the ID's line is not found."""
    box = Image.new("RGB", (1500, 200), (255, 255, 255))
    draw = ImageDraw.Draw(box)
    font = ImageFont.truetype("LiberationSans-Regular.ttf", 13)
    columns = (8, 120, 480, 600, 720)
    heads = ("Computer Name", "Product", "Product Key Type", "License Status", "Installation ID")
    for x, head in zip(columns, heads, strict=True):
        draw.text((x, 10), head, fill=(0, 0, 0), font=font)
    for k in range(5):
        y = 36 + 21 * k
        if k == 2:
            draw.rectangle((0, y - 3, 1499, y + 17), fill=(204, 232, 255))
        cells = (f"PC-{5302 + 731 * k}", "Windows 11 Pro", "MAK", "Notification" if k == 2 else "Licensed")
        for x, cell in zip(columns, cells, strict=False):
            draw.text((x, y), cell, fill=(0, 0, 0), font=font)
        if k == 2:
            _touching(draw, (columns[4], y), iid, font)
    return box


def _touching(draw: ImageDraw.ImageDraw, at: tuple[int, int], digits: str, font) -> None:
    """``digits`` drawn each a pixel into the next, as a browser draws small text unhinted."""
    x, y = float(at[0]), at[1]
    for digit in digits:
        draw.text((x, y), digit, fill=(0, 0, 0), font=font)
        x += font.getlength(digit) - 1.0


def test_an_id_in_a_tables_far_column_is_read() -> None:
    """The page is made along the table's rows: the ID stands far right of the first cells.
    (Digits drawn touching may leave a group to confirm: the digits must be there.)"""
    iid = "".join(g + str(check_digit(g)) for g in (IID[k : k + 5] for k in range(0, 45, 5)))
    result = ocr.read(_png(_desktop((3840, 2160), _vamt(iid), (600, 1000))), "iid")
    assert result.digits == iid and len(result.groups) == 9


def test_a_raster_console_on_a_large_desktop_is_read() -> None:
    """A Windows 7 console in the raster font, grey on black, /dlv's IID one run of 63
    digits: Tesseract reads none of it, PP-OCR reads it in the part the close look found
    (in the whole desktop, shrunk for its detector, its glyphs are 4 px high).  Whether
    every group is confirmed is the arbitration's call: the digits must be there."""
    lines = [
        "C:\\Windows\\system32>cscript //nologo slmgr.vbs /dlv",
        "Software licensing service version: 6.1.7601.17514",
        "",
        "Name: Windows(R) 7, Enterprise edition",
        "Description: Windows Operating System - Windows(R) 7, VOLUME_MAK channel",
        "Activation ID: 73111121-5638-40f6-bc11-f1d7b0d64300",
        "Installation ID: " + IID,
        "License Status: Notification",
    ]
    console = draw_console(lines, 12, 80, "terminal-8x16", "#c0c0c0", "#000000").image
    result = ocr.read(_png(_desktop((3840, 2160), console, (500, 360))), "iid")
    assert result.digits == IID and len(result.groups) == 9


@pytest.mark.parametrize("dark", [True, False])
def test_a_phones_big_status_bar_does_not_hide_the_screenshot_it_shows(dark: bool) -> None:
    """A phone's screenshot of a desktop screenshot: the phone's status bar and file name,
    large, hold more digits than the small screenshot in the middle.  In dark mode they
    are light on black; in light mode dark on light, like the screenshot's own text."""
    ink = (255, 255, 255) if dark else (0, 0, 0)
    phone = Image.new("RGB", (1080, 2400), (0, 0, 0) if dark else (250, 250, 250))
    draw = ImageDraw.Draw(phone)
    big = ImageFont.truetype("DejaVuSans.ttf", 40)
    draw.text((40, 20), "18:38", fill=ink, font=big)
    draw.text((880, 20), "5G 26%", fill=ink, font=big)
    draw.text((120, 120), "Screenshot_20251124_217074.png", fill=ink, font=big)
    draw.text((120, 180), "2025/11/24 21:07 1.2 MB 1920x1080", fill=ink, font=big)
    shot = Image.new("RGB", (1080, 580), (255, 255, 255))
    small = ImageFont.truetype("DejaVuSans.ttf", 11)
    draw = ImageDraw.Draw(shot)
    for k in range(3):
        row = f"PC-{5302 + 731 * k}    Office 16, Office16ProPlusVL_MAK edition    MAK    Licensed"
        draw.text((10, 150 + 16 * k), row, fill=(0, 0, 0), font=small)
    draw.text((10, 230), "Installation ID:", fill=(0, 0, 0), font=small)
    _touching(draw, (110, 230), IID, small)
    phone.paste(shot, (0, 900))
    page = close_page(np.asarray(phone.convert("L")))
    assert page is not None
    x, y, w, h = page.box_to_original((0, 0, page.grey.shape[1], page.grey.shape[0]))
    assert y <= 1130 <= y + h  # the IID's line, not the status bar


def test_no_close_look_when_the_picture_fits_the_page_or_its_text_stays_large() -> None:
    fits = np.asarray(_desktop((1600, 900), _message_box(), (400, 300)).convert("L"))
    assert close_page(fits) is None
    # A photo's glyphs are big: shrunk to the page they stay readable.
    big = _message_box().resize((680 * 5, 150 * 5), Image.Resampling.BICUBIC)
    assert close_page(np.asarray(big.convert("L"))) is None


def test_a_phones_screenshot_of_a_small_vamt_window_is_read_below_its_big_status_bar() -> None:
    """A phone's screenshot of VAMT's list, shown at 0.68 (samples.generate, tuning seed
    5770): the digits 8 px high, dark on light, under the phone's 26 px status bar, light on
    black.  The picture's polarity is the phone's and its glyphs are large: the close look
    must still look the other way, and not take the holes of the status bar's glyphs, read
    dark on light, for the small text ("no ID" before)."""
    data = (Path(__file__).parent / "data" / "vamt_list_small_on_a_phones_screenshot.png").read_bytes()
    page = close_page(np.asarray(Image.open(io.BytesIO(data)).convert("L")))
    assert page is not None
    x, y, w, h = page.box_to_original((0, 0, page.grey.shape[1], page.grey.shape[0]))
    assert y <= 975 <= y + h  # the selected row's IID (the status bar ends at y 162)
    result = ocr.read(data, "iid")
    assert result.complete
    assert result.digits == "671055135583847095200041206476943919067523373708102772066667323"


def test_a_turned_desktops_lines_are_not_large_text_for_their_tall_boxes() -> None:
    """A 2560 px desktop with a raster console (16 px glyphs, shrunk to 11 on the page),
    turned a few degrees (samples.changed, tuning seed 5772): its slanted lines' boxes stand
    36-80 px tall.  Taken by their boxes for lines of large text, they left out the console's
    own small lines and the close look read elsewhere ("no ID"); by their glyphs they are small."""
    data = (
        Path(__file__).parent
        / "data"
        / "large_desktop_turned_console_lines_taller_than_their_glyphs_screenshot.png"
    ).read_bytes()
    result = ocr.read(data, "iid")
    assert result.complete
    assert result.digits == "444921223564652180000000398366777770277436386052867444"
