"""Where a grid's missing groups must be: the column and pitch rules of ocr/fill.py.

Why these: a slot drawn in the wrong place reads half of two groups; these rules
decide where slots go, from group boxes that are rough (an LSTM box can take in
the space before it) and, on a photo taken at an angle, shrink toward the far side.
"""

from __future__ import annotations

from ocr.fill import _columns, _pitch


def test_pitch_is_the_spacing_most_gaps_are_multiples_of() -> None:
    # One group's box drawn too wide makes one spacing short (105): the pitch stays 134.
    assert _pitch([134, 134, 134, 105, 164, 134]) == 134
    # Gaps of two and three pitches (missing groups) still count for the pitch.
    assert _pitch([120, 240, 120, 360]) == 120
    assert _pitch([]) == 0.0


def test_columns_fill_whole_pitches_between_groups() -> None:
    boxes = [(100 + 130 * k, 50, 100, 20) for k in (0, 1, 3, 4)]  # the third is missing
    cols = _columns(boxes, 100)
    assert len(cols) == 5
    assert abs(cols[2] - 360) < 1


def test_columns_on_a_photo_taken_at_an_angle() -> None:
    # Groups shrink toward the left (the far side); three are missing between the first two
    # found.  The pitch measured on the right (164) would not divide the gap; scaled by the
    # groups' widths it does.
    found = [(150, 0, 118), (745, 0, 132), (906, 0, 134), (1070, 0, 139), (1243, 0, 142), (1414, 0, 147)]
    boxes = [(x, y, w, 24) for x, y, w in found]
    cols = _columns(boxes, 135)
    assert len(cols) == 9
    assert [round(c) for c in cols[:4]] == [150, 299, 448, 596]


def test_columns_never_invent_a_gap_that_is_no_whole_pitch() -> None:
    boxes = [(100, 0, 100, 20), (230, 0, 100, 20), (420, 0, 100, 20)]  # 130, then 190
    assert len(_columns(boxes, 100)) == 3
