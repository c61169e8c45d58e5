"""The order-certainty rules of ocr/assemble.py on hand-built segments.

Check digits cannot catch two groups swapped, so the order must come from the
picture: one run, a clean row / column / grid, or the letters A-H.
"""

from __future__ import annotations

from ocr.assemble import Segment, _keeps_reading_order, _reading_order, cid_candidates, iid_candidates
from ocr.layout import Letter
from ocr.recognise import Glyph

H = 20.0  # glyph height
W = 12.0  # glyph pitch


def seg(text: str, x: float, y: float) -> Segment:
    gl = [Glyph(t, 0.99, (x + W * i, y, W - 2, H), {}, (x + W * i, y, W - 2, H)) for i, t in enumerate(text)]
    return Segment.of(gl, H)


GROUPS = [str(k) * 6 + "0" for k in range(1, 10)]  # distinct 7-digit strings (validity not needed here)


def test_one_run_of_63_digits_is_an_id_in_reading_order() -> None:
    cands = iid_candidates([seg("".join(GROUPS), 0, 0)])
    assert len(cands) == 1
    c = cands[0]
    assert (c.how, c.certain) == ("line", True)
    assert ["".join(g.text for g in grp) for grp in c.groups] == GROUPS


def test_a_clean_three_by_three_grid_is_read_row_by_row() -> None:
    segs = [seg(GROUPS[r * 3 + c], 200 * c, 60 * r) for r in range(3) for c in range(3)]
    ordered, certain = _reading_order(list(reversed(segs)), 9)
    assert certain
    assert [s.text for s in ordered] == GROUPS


def test_a_grid_whose_columns_do_not_line_up_is_not_certain() -> None:
    segs = [
        seg(GROUPS[r * 3 + c], 200 * c + (120 if r == 1 else 0), 60 * r) for r in range(3) for c in range(3)
    ]
    _, certain = _reading_order(segs, 9)
    assert not certain


def test_rows_of_unequal_length_are_not_certain() -> None:
    segs = [seg(GROUPS[k], 200 * (k % 4), 60 * (k // 4)) for k in range(9)]  # 4 + 4 + 1
    _, certain = _reading_order(segs, 9)
    assert not certain


def test_pieces_of_one_line_must_keep_the_engines_reading_order() -> None:
    line = seg(GROUPS[0] + GROUPS[1], 0, 0)
    first = Segment.of(line.glyphs[:7], H)
    second = Segment.of(line.glyphs[7:], H)
    assert _keeps_reading_order([first, second], [line])
    assert not _keeps_reading_order([second, first], [line])  # out of order


def test_cid_groups_under_their_letters_are_in_letter_order_wherever_they_stand() -> None:
    texts = [str(k) * 5 + "0" for k in range(1, 9)]
    # Laid out in a scrambled order; each group has its letter just above it.
    xs = [700, 0, 350, 1050, 175, 525, 875, 1225]
    segs = [seg(t, x, 100) for t, x in zip(texts, xs, strict=True)]
    letters = [Letter(lab, (x + 20, 70, 10, 14)) for lab, x in zip("ABCDEFGH", xs, strict=True)]
    cands = cid_candidates(segs, letters)
    assert cands and cands[0].how == "letters" and cands[0].certain
    assert ["".join(g.text for g in grp) for grp in cands[0].groups] == texts


def test_cid_groups_with_a_letter_missing_and_no_clean_layout_are_not_certain() -> None:
    texts = [str(k) * 5 + "0" for k in range(1, 9)]
    pos = [(0, 0), (300, 0), (620, 10), (0, 80), (350, 75), (610, 90), (0, 160), (330, 170)]
    segs = [seg(t, x, y) for t, (x, y) in zip(texts, pos, strict=True)]
    cands = cid_candidates(segs, [Letter("A", (10, -30, 10, 14))])
    assert cands and not cands[0].certain
