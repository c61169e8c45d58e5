"""Digits under 12 px are small however a group's box is drawn (ocr/pipeline.py, ``_small``
of ``_line_boxes``).

Why: one engine alone never vouches for small digits (ocr/arbitrate.py, ``Reading.small``:
Tesseract read a 9 px "2" as "9" at 0.935).  A group wrapped onto the next line has one box
over both lines, as tall as two lines and a gap: judged by that box, its 9 px digits were
not small, and Tesseract's word alone was taken.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ocr.assemble import Segment
from ocr.pipeline import _digit_px, _line_boxes, _small
from ocr.recognise import Glyph
from ocr.regions import prepare


def _glyphs(x: int, y: int, n: int, h: int) -> list[Glyph]:
    return [Glyph("7", 0.99, (x + 8 * k, y, 7, h), {}, (x + 8 * k, y, 7, h)) for k in range(n)]


def _owners(*segments: Segment) -> dict[int, tuple[Segment, int]]:
    return {id(g): (seg, k) for seg in segments for k, g in enumerate(seg.glyphs)}


def test_a_group_wrapped_onto_the_next_line_is_small_when_its_digits_are() -> None:
    page = prepare(np.full((300, 1000), 255, np.uint8))
    assert page.to_original[0, 0] == 1.0  # nothing on the page: its pixels are the picture's
    first, second = _glyphs(900, 100, 4, 9), _glyphs(20, 115, 3, 9)
    owners = _owners(Segment.of(first, 9.0, None), Segment.of(second, 9.0, None))
    assert _small(_line_boxes(page, first + second, owners))  # one box over both lines is 24 px tall


def test_a_group_of_digits_12_px_high_is_not_small() -> None:
    page = prepare(np.full((300, 1000), 255, np.uint8))
    group = _glyphs(20, 100, 7, 12)
    assert not _small(_line_boxes(page, group, _owners(Segment.of(group, 12.0, None))))
    small = _glyphs(20, 100, 7, 11)
    assert _small(_line_boxes(page, small, _owners(Segment.of(small, 11.0, None))))


def test_with_no_id_the_text_is_as_small_as_the_digits_read() -> None:
    """No ID put together: the advice judges the text's size by the digits read (``_digit_px``,
    in the picture's pixels), not by a box over a rolled line nor by the page's blobs (a photo's
    noise made those 11 px where the digits stood 25 px high, and the advice was to move closer)."""
    page = prepare(np.full((300, 1000), 255, np.uint8))
    rolled = [Glyph("7", 0.9, (0, 0, 14, 25), {}, (20 + 16 * k, 100 + 3 * k, 14, 25)) for k in range(12)]
    assert _digit_px(page, [Segment.of(rolled, 25.0, None)]) == 25.0
    assert (
        _digit_px(page, [Segment.of(rolled[:3], 25.0, None), Segment.of(_glyphs(20, 200, 4, 9), 9.0, None)])
        == 9.0
    )
    assert _digit_px(page, []) == 0.0  # nothing read: the page's text height stands in
    shrunk = replace(page, to_original=page.to_original @ np.diag([2.0, 2.0, 1.0]))  # a page at half size
    assert _digit_px(shrunk, [Segment.of(rolled, 25.0, None)]) == 50.0
