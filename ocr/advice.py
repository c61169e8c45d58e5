"""When the ID is not complete: what was found, as stable codes and numbers, and what to do next.

Why codes, not sentences: the app words them in the user's language; the
server only states facts (``found``) and picks the one suggestion that fits
(``advice``): take the whole ID in when digits are cut at the picture's edge
(also when no ID could be put together), else move closer only when the text
is small, type the doubtful groups when the rest was read in order, and
otherwise paste the text instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

import numpy as np

from .regions import ink_height, struck
from .result import BoxInt, Fact, Group, Result

SMALL_GLYPH_PX = 12  # digits shorter than this (in the picture's pixels) are too small to read well
EDGE_PX = 2  # a group's box this close to the picture's border was cut by it
# A group's digits this share of the taller group's beside it or less, and CUT_SHORT_PX or more
# pixels shorter, were cut by something across them.  A row cut by the edge of a turned
# screenshot measured 0.69-0.74 of the row above; whole digits (SMALL_GLYPH_PX or more) of a
# tuning photo with glare and perspective, 0.79 of their neighbours' (12.5 px against 15.75).
# No answer changed on 144 fresh pictures nor on 252 fresh changed ones (README, session 20).
CUT_SHORT = 0.78
CUT_SHORT_PX = 3

ADVICE = ("move_closer", "include_whole_id", "type_doubtful", "paste_text")


def cut_at_edge(box: BoxInt, width: int, height: int) -> bool:
    """True when ``box`` touches the picture's border: what it holds may be cut by it."""
    x, y, w, h = box
    return x <= EDGE_PX or y <= EDGE_PX or x + w >= width - EDGE_PX or y + h >= height - EDGE_PX


BORDER_REACH = (0.3, 0.6)  # glyph heights inside and beyond a group's end where a border is looked for


def cut_by_border(grey: np.ndarray, box: BoxInt, right: bool) -> bool:
    """True when the ink at ``box``'s right (or left) end runs into another background or a
    border line, a pane's or a column's, straight and even above and below the digits too,
    before any column of the group's own background: its end digit was cut there, and what
    is left may read as another digit.

    Why: VAMT clips a narrow column's Installation ID at the column's border; the last "5" was
    cut through its bowl, read as "5" and answered complete (a tuning screenshot; 6 and 9 cut
    so read alike).  A digit that ends naturally has its own background after it, however
    close the border stands.  ``cut_at_edge`` sees only the picture's own border.  Above and
    below: a "1"'s colour fringe (ClearType) stands beside it as straight as a border, but
    only as tall as the digit.  Even: a 256-colour picture's dithering is no border.
    """
    x, y, w, h = box
    top, bottom = max(0, y - h), min(grey.shape[0], y + 2 * h)
    band = grey[top:bottom].astype(np.float64)
    line = slice(y - top, y - top + h)  # the digits' own rows in ``band``
    outside = np.r_[0 : y - top, y - top + h : bottom - top]
    inner, outer = (int(round(f * h)) for f in BORDER_REACH)
    if right:
        inside = band[line, max(0, x + w - 2 * h) : x + w]
        cols = range(max(0, x + w - inner), min(grey.shape[1], x + w + outer + 1))
    else:
        inside = band[line, max(0, x) : x + 2 * h]
        cols = range(min(grey.shape[1] - 1, x + inner), max(-1, x - outer - 1), -1)
    if inside.size == 0 or not len(outside):
        return False
    background = float(np.median(inside))
    dev = np.abs(inside - background)
    contrast = float(dev.max())
    # The background's own noise (a photo's, JPEG's ringing): the deviations that are not ink.
    quiet = dev[dev < 0.5 * contrast]
    tol = max(4.0, 3 * float(np.median(quiet))) if quiet.size else 4.0
    for c in cols:
        col = np.abs(band[:, c] - background)
        if col[line].max() <= tol:
            return False  # the group's own background: its end digit ended here
        away = float(np.median(col[outside]))
        if (
            col[line].max() < 0.5 * contrast  # no ink
            and min(float(np.median(col[line])), away) > tol  # off the background, above and below too
            and float(np.std(band[:, c])) < 0.5 * away  # evenly so
        ):
            return True
    return False


def cut_short(grey: np.ndarray, groups: Sequence[Group]) -> set[int]:
    """The indexes of the groups whose digits stand clearly shorter than those of the groups
    beside them in the ID's order (the taller of the two): something ran across them, and
    the part left may read as another digit.  The groups beside, not the whole ID's: on a
    photo taken at an angle the far end's digits stood at 13 px against the near end's 18.

    Why: a turned browser screenshot cut through row H of a CID card (the screenshot's own
    edge, inside the picture once turned); PP-OCR read what was left, its box stopped 14 px
    short of the picture's border, and the answer was given as complete (a held-out changed
    picture).  A red line drawn through white digits on blue is the background's grey: the
    digits' halves measured 6 px against 14, and Tesseract alone vouched for them.

    A group is measured only when about one blob per digit crosses its middle (joined or
    broken glyphs measure nothing sure), when no line is drawn across it that the grey
    shows (``struck``: both engines must agree there anyway), and only against digits of
    SMALL_GLYPH_PX or more: smaller ones, recompressed hard, broke into pieces ("333330"
    on a console measured 5 px against 9), and both engines must agree on them.
    """
    heights = []
    for g in groups:
        whole = g.boxes is None and not struck(grey, g.box)
        tall, blobs = ink_height(grey, g.box) if whole else (0.0, 0)
        heights.append(tall if blobs >= len(g.text) - 1 else 0.0)
    short = set()
    for k, tall in enumerate(heights):
        beside = [heights[j] for j in (k - 1, k + 1) if 0 <= j < len(heights)]
        usual = max(beside, default=0.0)
        if (
            tall > 0
            and usual >= SMALL_GLYPH_PX
            and tall <= CUT_SHORT * usual
            and usual - tall >= CUT_SHORT_PX
        ):
            short.add(k)
    return short


def explain(result: Result, width: int, height: int, glyph_px: float) -> tuple[list[Fact], str | None]:
    """``found`` (what was found) and ``advice`` (one of ADVICE, or None when complete)."""
    if result.complete:
        return [], None
    groups = result.groups
    found: list[Fact] = []
    if groups:
        heights = [g.box[3] for g in groups if g.box[3] > 0]
        glyph_px = median(heights) if heights else glyph_px
        found.append(
            Fact(
                "digits",
                count=sum(len(g.text) for g in groups),
                groups=len(groups),
                doubtful=sum(not g.valid for g in groups),
            )
        )
        if not result.order_certain:
            found.append(Fact("order_unknown"))
        if any(cut_at_edge(g.box, width, height) for g in groups):
            found.append(Fact("cut_at_edge"))
    else:
        found.append(Fact("no_id"))
        if result.digits_cut:
            found.append(Fact("cut_at_edge"))
    small = 0 < glyph_px < SMALL_GLYPH_PX
    if small:
        found.append(Fact("text_small", glyph_px=int(round(glyph_px))))
    # A cut ID can never be read whole, however close: taking it all in comes first.
    if any(f.code == "cut_at_edge" for f in found):
        advice = "include_whole_id"
    elif small:
        advice = "move_closer"
    elif groups and result.order_certain and result.form:
        advice = "type_doubtful"
    else:
        advice = "paste_text"
    return found, advice


__all__ = ["ADVICE", "SMALL_GLYPH_PX", "cut_at_edge", "cut_by_border", "cut_short", "explain"]
