"""A large screenshot's small text, looked at in the picture's own pixels.

Why: a page is never larger than ``WORK_LONG_SIDE``, so a full-screen screenshot of a
2560 or 3840 px wide desktop at 100% scaling is shrunk to a half or less before anything
is read, and its dialog's 11-12 px glyphs come out at 5-6 px: too small to be found as
glyphs at all, let alone read ("no ID" for a dialog that reads whole when cropped).  When
the first reading gives no ID, the lines that can hold digits are found again at full
resolution and the page is made of the part of the picture that holds them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .digit_lines import DigitLine, digit_lines
from .layout import union
from .regions import LINE_REACH, ROUGH_LOW, WORK_LONG_SIDE, Page, glyph_height, prepare, text_mask

NEAR = 12.0  # glyph heights above and below a line within which other lines belong with it
GAP = 4.0  # glyph heights of empty rows that end the text above the digit lines
MARGIN = 3.0  # glyph heights kept above and below the text taken in (the box around it)
ROW_GAP = 12.0  # glyph heights: a gap this wide along the lines' rows ends them (columns are closer)
BIG_LINE = 3.0  # a line of large glyphs at least this many heights long is text (not one blob)

Box = tuple[int, int, int, int]


def _near(a: Box, b: Box, reach: tuple[float, float]) -> bool:
    """True when box ``b`` lies within ``reach`` (across, down) of box ``a``."""
    return (
        b[0] < a[0] + a[2] + reach[0]
        and b[0] + b[2] > a[0] - reach[0]
        and b[1] < a[1] + a[3] + reach[1]
        and b[1] + b[3] > a[1] - reach[1]
    )


def _top_of_text(inked: np.ndarray, top: int, gap: int) -> int:
    """The first row of the text that reaches down to row ``top``: upwards from it through
    inked rows (``inked``, one flag per row) until ``gap`` empty rows in a row."""
    first, empty = top, 0
    for row in range(top - 1, -1, -1):
        if inked[row]:
            first, empty = row, 0
        else:
            empty += 1
            if empty > gap:
                break
    return first


def _on_line(b: Box, line: Box) -> bool:
    """True when the middle of ``b`` lies on ``line`` (widened by half its height).

    Why: the pieces of large text (the holes of its glyphs, read the other way round; a
    phone's status bar icons) make small lines of their own on its row.  On a phone's
    screenshot of a VAMT window (shown at 0.6, its digits 7-8 px high), they were taken
    for the small text and the close look read the status bar: "no ID".
    """
    mx, my = b[0] + b[2] / 2, b[1] + b[3] / 2
    x, y, w, h = line
    return x - 0.5 * h < mx < x + w + 0.5 * h and y - 0.5 * h < my < y + 1.5 * h


def _length(boxes: list[Box]) -> int:
    return sum(b[2] for b in boxes)


def _lines_of(ink: np.ndarray) -> tuple[float, list[Box], list[DigitLine]]:
    """The glyph height of ``ink`` (text dark on light), the boxes of its digit lines and
    all its text lines."""
    mask = text_mask(ink)
    height = glyph_height(mask)
    if not height:
        return 0.0, [], []
    lines, _ = digit_lines(ink, height, mask=mask, everything=True)
    return height, [line.box for line in lines if line.run is not None], lines


def _reach_along(inked: np.ndarray, x0: int, x1: int, gap: int) -> tuple[int, int]:
    """``x0``-``x1`` widened along the rows of a line to the ends of the ink it runs on in
    (``inked``, one flag per column), through gaps of less than ``gap`` columns.

    Why: a table's row goes on in other columns.  VAMT's Installation ID stands in its
    last column, its small digits touching: they may not be found as a digit line at
    all, and the row's first cells are far to the left of it.
    """
    cols = np.flatnonzero(inked)
    while (right := cols[(cols >= x1) & (cols < x1 + gap)]).size:
        x1 = int(right[-1]) + 1
    while (left := cols[(cols < x0) & (cols >= x0 - gap)]).size:
        x0 = int(left[0])
    return x0, x1


def close_page(grey: np.ndarray) -> Page | None:
    """The page of the part of ``grey`` (the upright picture) that holds its digit lines, at
    the picture's own resolution; None when the picture is not shrunk for its page, or the
    glyphs of both polarities stay big enough when it is, or no line of small glyphs can
    hold digits.

    Both polarities are looked at, each judged by its own glyphs' size: a light dialog on a
    dark desktop has its text dark on light, the desktop's own captions and clock light on
    dark; a phone's screenshot of a window has its large status bar light on black and the
    window's small text dark on light.
    """
    long_side = max(grey.shape)
    if long_side <= WORK_LONG_SIDE:
        return None
    shrink = WORK_LONG_SIDE / long_side
    # Each polarity's mask made only while it is looked at, and not kept: at a 24 MP
    # picture's own size each of them is 24 MB more at the worker's peak.
    looks = [(light, *_lines_of(255 - grey if light else grey)) for light in (False, True)]
    # Lines whose glyphs stand at least that tall on the page were read there: a phone's
    # status bar and file name above the screenshot it shows, not the screenshot's text.
    big = [
        t.box
        for *_, text in looks
        for t in text
        if t.glyph_h * shrink >= ROUGH_LOW and t.box[2] >= BIG_LINE * t.glyph_h
    ]
    found = []
    for light, height, lines, _ in looks:
        if height * shrink >= ROUGH_LOW:
            continue  # this polarity's text stays big enough on its page
        lines = [b for b in lines if b[3] * shrink < ROUGH_LOW and not any(_on_line(b, t) for t in big)]
        if lines:
            # The ID's lines lie together: the most digit-holding line length in one place
            # (a small font's digits touch, so runs are short and counting them would tell
            # little).
            reach = (LINE_REACH * height, NEAR * height)
            group = max(([b for b in lines if _near(a, b, reach)] for a in lines), key=_length)
            found.append((height, group, light))
    if not found:
        return None
    height, group, light = max(found, key=lambda f: _length(f[1]))
    mask = text_mask(255 - grey if light else grey)
    # The text above them stays in, digit lines or not, up to a gap no dialog or console
    # leaves between its lines: the first IID on the page is the one wanted, and its line
    # may not have been found (a second one may be the longer); what lies below them is
    # left out (a date in the taskbar).  Across, as far as a line of digits may go on:
    # small digits that touch make blobs too wide to count as glyphs, and a line's first
    # digits can be left out of it.
    gx, gy, gw, gh = union(group)
    pad_x = int(LINE_REACH * height)
    x0, x1 = _reach_along(mask[gy : gy + gh].any(axis=0), gx, gx + gw, int(ROW_GAP * height))
    x0, x1 = max(0, min(x0, gx - pad_x)), min(grey.shape[1], max(x1, gx + gw + pad_x))
    inked = mask[:, x0:x1].any(axis=1)
    y0 = max(0, _top_of_text(inked, gy, int(GAP * height)) - int(MARGIN * height))
    y1 = min(grey.shape[0], gy + gh + int(MARGIN * height))
    page = prepare(grey[y0:y1, x0:x1])
    shift = np.array([[1, 0, x0], [0, 1, y0], [0, 0, 1]], dtype=np.float64)
    return replace(page, to_original=shift @ page.to_original, source=255 - grey if page.inverted else grey)
