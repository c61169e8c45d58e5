"""When the ID is not complete: what was found, as stable codes and numbers, and what to do next.

Why codes, not sentences: the app words them in the user's language; the
server only states facts (``found``) and picks the one suggestion that fits
(``advice``): take the whole ID in when digits are cut at the picture's edge
(also when no ID could be put together), else move closer only when the text
is small, type the doubtful groups when the rest was read in order, and
otherwise paste the text instead.
"""

from __future__ import annotations

from statistics import median

from .result import BoxInt, Fact, Result

SMALL_GLYPH_PX = 12  # digits shorter than this (in the picture's pixels) are too small to read well
EDGE_PX = 2  # a group's box this close to the picture's border was cut by it

ADVICE = ("move_closer", "include_whole_id", "type_doubtful", "paste_text")


def cut_at_edge(box: BoxInt, width: int, height: int) -> bool:
    """True when ``box`` touches the picture's border: what it holds may be cut by it."""
    x, y, w, h = box
    return x <= EDGE_PX or y <= EDGE_PX or x + w >= width - EDGE_PX or y + h >= height - EDGE_PX


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


__all__ = ["ADVICE", "SMALL_GLYPH_PX", "cut_at_edge", "explain"]
