"""The screen arrangements (ocr/arrangements.py) on hand-built runs: which order each one
vouches for, and which layouts never give a certain order.

Check digits cannot catch two groups swapped, so the order must come from the picture:
the reading order of one line or one wrapped run, or a label beside every group.  The
expected orders here are written out by hand from the layouts drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from activation.ids import CID_48, IID_54, IID_63
from ocr.arrangements import Digit, Label, Run, arrange, groups_of, parts

H = 20.0  # glyph height
W = 12.0  # glyph pitch
IID_FORMS = (IID_63, IID_54)


@dataclass(frozen=True)
class G:
    """A glyph as an engine would give it (only its text matters here)."""

    text: str


def run(text: str, x: float, y: float, **kw) -> Run:
    """Digits drawn from ``x`` on the line at ``y``; a space is a gap of one glyph height."""
    digits = []
    at = x
    for t in text:
        if t == " ":
            at += H
            continue
        digits.append(Digit(G(t), (at, y, W - 2, H)))
        at += W
    return Run(tuple(digits), H, **kw)


def texts(h) -> list[str]:
    return ["".join(d.item.text for d in g) for g in h.groups]


GROUPS7 = [str(k) * 6 + "0" for k in range(1, 10)]  # nine distinct 7-digit strings
GROUPS6 = [str(k) * 5 + "0" for k in range(1, 9)]  # eight distinct 6-digit strings
IID = "".join(GROUPS7)


def certain(hyps) -> list:
    return [h for h in hyps if h.evidence is not None]


def test_one_run_of_63_digits_is_one_id_in_reading_order() -> None:
    hyps = certain(arrange([run(IID, 0, 0)], [], IID_FORMS))
    assert [(h.form.name, h.evidence, h.arrangement) for h in hyps] == [("iid63", "line", "OneRun")]
    assert texts(hyps[0]) == GROUPS7


def test_a_lone_label_digit_before_the_run_is_dropped() -> None:
    hyps = certain(arrange([run("1 " + IID, 0, 0)], [], IID_FORMS))
    assert [texts(h) for h in hyps] == [GROUPS7]


def test_one_line_read_in_two_pieces_is_one_run() -> None:
    first = run(IID[:30], 0, 0)
    second = run(IID[30:], 30 * W + 4, 1)  # starts just after the first ends, on the same line
    hyps = certain(arrange([second, first], [], IID_FORMS))
    assert [(h.evidence, h.arrangement, texts(h)) for h in hyps] == [("line", "BrokenRun", GROUPS7)]


def test_a_run_wrapped_onto_the_next_line_at_the_margin_is_joined() -> None:
    first = run(IID[:40], 200, 0)  # after a label on its line
    rest = run(IID[40:], 0, 1.6 * H)
    hyps = certain(arrange([rest, first], [], IID_FORMS))
    assert [(h.evidence, texts(h)) for h in hyps if h.form is IID_63] == [("wrapped", GROUPS7)]


def sloped(text: str, x: float, y: float, slope: float) -> Run:
    """Digits from ``x`` on a line at ``y`` there, going down ``slope`` pixels per pixel (a rolled photo)."""
    digits = tuple(Digit(G(t), (x + k * W, y + slope * k * W, W - 2, H)) for k, t in enumerate(text))
    return Run(digits, H, slope=slope)


@pytest.mark.parametrize(("below", "joined"), [(0.75, True), (0.3, False)])
def test_a_wrapped_lines_start_is_measured_below_the_line_where_it_starts(below: float, joined: bool) -> None:
    """A photographed console, rolled: the line goes down to the right, and the wrapped tail
    starts at the label's column, 17 glyphs left of the first digit, where the line stands
    higher.  Measured from the first digit's bottom alone, the tail was too close to be the
    next line."""
    slope = 0.047
    first = sloped(IID[:59], 17 * W, 0, slope)
    line_at_margin = -slope * 17 * W  # where the line passes at the tail's column
    tail = sloped(IID[59:], 0, line_at_margin + below * H, slope)
    hyps = [h for h in certain(arrange([first, tail], [], IID_FORMS)) if h.form is IID_63]
    assert [(h.evidence, texts(h)) for h in hyps] == ([("wrapped", GROUPS7)] if joined else [])


def test_a_wrapped_run_whose_first_line_was_read_in_pieces_is_joined() -> None:
    # The Script Host box with a caret or a misread digit on the first line: two pieces,
    # just apart on one line, then the last digits alone on the next line.
    pieces = [run(IID[:7], 200, 0), run(IID[7:56], 200 + 7 * W + 4, 1)]
    rest = run(IID[56:], 0, 1.6 * H)
    hyps = certain(arrange([rest, *pieces], [], IID_FORMS))
    assert [(h.evidence, h.arrangement, texts(h)) for h in hyps if h.form is IID_63] == [
        ("wrapped", "WrappedRun", GROUPS7)
    ]


# An IID whose groups pass their check digits, worked out by hand (1 4 9 6 8 3 weighs
# 1+8+9+12+8+6 = 44, 44 mod 7 = 2: "1496832"), for the rules that look at them.
VALID7 = ["1496832", "4222226", "1111100", "5640926", "2852800", "9542545", "5887451", "2222200", "0336926"]
VALID = "".join(VALID7)


@pytest.mark.parametrize("read", ["1" + VALID, VALID + "1", "7" + VALID])
def test_a_digit_read_at_one_end_of_a_run_is_left_out_where_the_check_digits_say(read) -> None:
    # A text caret or a box's edge touching the first or last digit, read as one digit more.
    hyps = certain(arrange([run(read, 0, 0)], [], IID_FORMS))
    assert [(h.form.name, h.evidence, texts(h)) for h in hyps] == [("iid63", "line", VALID7)]


def test_a_run_one_digit_too_long_whose_check_digits_fail_either_way_is_no_id() -> None:
    wrong = VALID[:19] + "5" + VALID[20:]  # group 3's "1111100" now "1111150"
    assert certain(arrange([run("1" + wrong, 0, 0)], [], IID_FORMS)) == []
    assert certain(arrange([run(VALID[:31] + "2" + VALID[31:], 0, 0)], [], IID_FORMS)) == []  # a digit inside


def test_a_caret_read_after_a_wrapped_runs_last_digit_is_left_out() -> None:
    first = run(VALID[:50], 200, 0)
    rest = run(VALID[50:] + "1", 0, 1.6 * H)  # "3692|": the caret at the end of the last line
    hyps = certain(arrange([rest, first], [], IID_FORMS))
    assert [(h.evidence, texts(h)) for h in hyps if h.form is IID_63] == [("wrapped", VALID7)]


def test_pieces_far_apart_on_the_first_line_are_no_wrapped_run() -> None:
    # Two numbers on one line with a word between them: not one line of digits.
    pieces = [run(IID[:7], 200, 0), run(IID[7:56], 200 + 7 * W + 3 * H, 1)]
    rest = run(IID[56:], 0, 1.6 * H)
    hyps = arrange([rest, *pieces], [], IID_FORMS)
    assert [h for h in hyps if h.form is IID_63 and h.evidence is not None] == []


def test_two_runs_that_could_carry_a_line_on_give_no_wrapped_id() -> None:
    first = run(IID[:40], 200, 0)
    rest = [run("5" * 23, 0, 2.6 * H), run(IID[40:], 0, 1.6 * H)]  # which one goes on?
    assert [h for h in arrange([first, *rest], [], IID_FORMS) if h.evidence == "wrapped"] == []


def test_a_next_line_that_starts_with_words_is_no_continuation() -> None:
    first = run(IID[:40], 200, 0, ends_line=True)
    rest = run(IID[40:], 60, 1.6 * H, starts_line=False)  # "Build 1234..."
    assert certain(arrange([first, rest], [], IID_FORMS)) == []


def test_a_run_that_goes_on_at_the_next_line_is_not_a_whole_id_by_itself() -> None:
    # 54 digits wrapped after 48 (the IID echoed on the portal): the first line is no CID.
    iid54 = "".join(str(k) * 5 + "0" for k in range(1, 10))
    lines = [
        run(iid54[:48], 0, 0, ends_line=True, starts_line=True),
        run(iid54[48:], 0, 1.6 * H, starts_line=True),
    ]
    assert certain(arrange(lines, [], (CID_48,))) == []
    assert [h.evidence for h in certain(arrange(lines, [], IID_FORMS)) if h.form is IID_54] == ["wrapped"]


def test_an_iid_echoed_above_the_card_and_wrapped_after_48_digits_is_no_cid() -> None:
    # The reader cannot tell where lines end (Tesseract): the lengths tell.
    iid54 = "".join(str(k) * 5 + "0" for k in range(1, 10))
    lines = [run(iid54[:48], 0, 0), run(iid54[48:], 0, 1.6 * H)]
    assert certain(arrange(lines, [], (CID_48,))) == []


def test_one_run_with_another_whole_id_on_the_next_row_stays_whole() -> None:
    # VAMT's list: the selected row's IID, and the next row's own IID just below it.
    rows_ = [run(IID, 300, 0), run(IID[::-1], 300, 1.6 * H)]
    hyps = certain(arrange(rows_, [], IID_FORMS))
    assert [(h.arrangement, "".join(texts(h))) for h in hyps] == [("OneRun", IID), ("OneRun", IID[::-1])]


def test_groups_spaced_along_one_line_are_in_line_order() -> None:
    row = [run(g, 8 * W * k + H * k, 0) for k, g in enumerate(GROUPS7)]  # the Office wizard's line
    hyps = certain(arrange(list(reversed(row)), [], IID_FORMS))
    assert [(h.arrangement, texts(h)) for h in hyps] == [("RowOfGroups", GROUPS7)]


def test_groups_far_apart_on_one_line_are_no_row() -> None:
    row = [run(g, 20 * W * k, 0) for k, g in enumerate(GROUPS7)]  # columns of a table, not one line
    assert certain(arrange(row, [], IID_FORMS)) == []


def test_a_grid_without_labels_is_offered_only_as_a_guess() -> None:
    grid = [run(GROUPS7[r * 3 + c], 150 * c, 60 * r) for r in range(3) for c in range(3)]
    hyps = arrange(grid, [], IID_FORMS)
    assert certain(hyps) == []
    guess = [h for h in hyps if h.form is IID_63]
    assert [(h.evidence, texts(h)) for h in guess] == [(None, GROUPS7)]  # row by row, for the user


def test_no_guess_is_made_of_digits_an_ordered_id_explains() -> None:
    # The Script Host box: 56 digits and the rest wrapped, and a 7-digit number above them.
    first = run(IID[:56], 200, 0)
    rest = run(IID[56:], 0, 1.6 * H)
    above = run("1234567", 500, -3 * H)
    hyps = arrange([above, first, rest], [], IID_FORMS)
    assert [(h.evidence, texts(h)) for h in hyps if h.form is IID_63] == [("wrapped", GROUPS7)]


def test_cid_groups_under_their_letters_are_in_letter_order_when_they_stand_in_it() -> None:
    # The portal's card: A B C D E over F G H.
    xs = [0, 175, 350, 525, 700, 0, 175, 350]
    ys = [100] * 5 + [200] * 3
    groups = [run(t, x, y) for t, x, y in zip(GROUPS6, xs, ys, strict=True)]
    letters = [Label(lab, (x + 4, y - 30, 10, 14)) for lab, x, y in zip("ABCDEFGH", xs, ys, strict=True)]
    hyps = certain(arrange(groups, letters, (CID_48,)))
    assert [(h.evidence, texts(h)) for h in hyps if h.arrangement == "LabelledGroups"] == [
        ("letters", GROUPS6)
    ]


def test_labels_out_of_reading_order_vouch_for_no_order() -> None:
    # Every screen puts its labels in reading order: letters scrambled along a row are a
    # misread, not an order (a "1" crossed by a drawn line read as "7").
    xs = [700, 0, 350, 1050, 175, 525, 875, 1225]
    groups = [run(t, x, 100) for t, x in zip(GROUPS6, xs, strict=True)]
    letters = [Label(lab, (x + 4, 70, 10, 14)) for lab, x in zip("ABCDEFGH", xs, strict=True)]
    assert certain(arrange(groups, letters, (CID_48,))) == []


def test_a_row_whose_labels_say_another_order_gives_no_order_at_all() -> None:
    xs = [100 * k for k in range(8)]  # one row, read left to right: A B C ...
    groups = [run(t, x, 100) for t, x in zip(GROUPS6, xs, strict=True)]
    letters = [Label(lab, (x + 4, 70, 10, 14)) for lab, x in zip("BACDEFGH", xs, strict=True)]
    assert certain(arrange(groups, letters, (CID_48,))) == []


def test_iid_groups_numbered_beside_them_in_the_same_run_are_in_number_order() -> None:
    # "1 2260835" in a 3 x 3 grid, each label digit read with its group as one run.
    grid = [run(f"{k + 1} {GROUPS7[k]}", 200 * (k % 3), 60 * (k // 3)) for k in range(9)]
    assert [(h.evidence, texts(h)) for h in certain(arrange(grid, [], IID_FORMS))] == [("numbers", GROUPS7)]
    # The same numbers on groups drawn out of their order: no order.
    order = [4, 0, 8, 2, 6, 1, 5, 3, 7]
    grid = [run(f"{k + 1} {GROUPS7[k]}", 200 * (order[k] % 3), 60 * (order[k] // 3)) for k in range(9)]
    assert certain(arrange(grid, [], IID_FORMS)) == []


def _numbered_grid(unread: set[int]) -> tuple[list[Run], list[Label]]:
    """Windows' "Activate by phone" grid: numbers over each group's start, close together;
    the labels in ``unread`` (1-9) were not read."""
    pitch = 7 * W + 4
    grid = [run(GROUPS7[k], pitch * (k % 3), 60 + 60 * (k // 3)) for k in range(9)]
    labels = [
        Label(str(k + 1), (pitch * (k % 3), 60 + 60 * (k // 3) - 16, 6, 12))
        for k in range(9)
        if k + 1 not in unread
    ]
    return grid, labels


def orders(runs: list[Run], labels: list[Label]) -> list[tuple[str | None, list[str]]]:
    return [(h.evidence, texts(h)) for h in certain(arrange(runs, labels, IID_FORMS))]


def test_one_unread_label_is_implied_where_the_grid_places_its_group() -> None:
    # "1" not read: group 1's nearest label is its neighbour's "2", which stands nearer group 2.
    grid, labels = _numbered_grid({1})
    assert orders(grid, labels) == [("numbers", GROUPS7)]
    grid, labels = _numbered_grid({5})
    assert orders(grid, labels) == [("numbers", GROUPS7)]
    # A phone number above the grid, on a row of its own, is not the group that fits.
    grid, labels = _numbered_grid({1})
    assert orders([run("5551415", 0, 0), *grid], labels) == [("numbers", GROUPS7)]


def test_an_unread_label_whose_place_is_not_plain_gives_no_order() -> None:
    grid, labels = _numbered_grid({1, 5})  # two labels not read
    assert orders(grid, labels) == []
    grid, labels = _numbered_grid({1})
    # Group 1 not seen either: a number far left on its row does not stand in its place ...
    assert orders([run("5551415", -300, 60), *grid[1:]], labels) == []
    # ... nor one out of the grid's column, nor one on a row by itself.
    assert orders([run("5551415", 0, 0), *grid[1:]], labels) == []
    grid, labels = _numbered_grid({2})
    assert orders([grid[0], run("5551415", 60, 60), *grid[2:]], labels) == []
    # One row of nine (the portal's numbered boxes): "9" not read, a number further on the
    # line than the groups stand from each other is not group 9.
    pitch = 7 * W + 5 * H  # boxes far apart: no one line of groups
    row = [run(GROUPS7[k], pitch * k, 60) for k in range(8)]
    labels = [Label(str(k + 1), (pitch * k, 44, 6, 12)) for k in range(8)]
    by_numbers = [o for o in orders([*row, run(GROUPS7[8], 8 * pitch, 60)], labels) if o[0] == "numbers"]
    assert by_numbers == [("numbers", GROUPS7)]
    assert [o for o in orders([*row, run(GROUPS7[8], 9.5 * pitch, 60)], labels) if o[0] == "numbers"] == []


def test_a_label_read_twice_gives_no_order() -> None:
    xs = [0, 175, 350, 525, 700, 875, 1050, 1225]
    groups = [run(t, x, 100) for t, x in zip(GROUPS6, xs, strict=True)]
    letters = [Label(lab, (x + 4, 70, 10, 14)) for lab, x in zip("ABCDEFGH", xs, strict=True)]
    groups.insert(0, run("999990", 0, 300))  # another group under another "B": which is B?
    letters.insert(0, Label("B", (4, 270, 10, 14)))
    assert [h for h in certain(arrange(groups, letters, (CID_48,))) if h.evidence == "letters"] == []


def test_pieces_of_one_run_must_keep_the_engines_reading_order() -> None:
    line = run("".join(GROUPS7), 0, 0)
    assert [len(p.digits) for p in groups_of(line, 7, whole=(63,))] == []  # a whole IID is no row
    spaced = run(" ".join(GROUPS7[:2]), 0, 0)
    assert [p.text for p in parts(spaced)] == GROUPS7[:2]


@pytest.mark.parametrize("form", [IID_63, IID_54, CID_48])
def test_every_count_comes_from_the_form(form) -> None:
    digits = "".join(str(k % 10) for k in range(form.length))
    hyps = certain(arrange([run(digits, 0, 0)], [], (form,)))
    assert [(len(h.groups), {len(g) for g in h.groups}) for h in hyps] == [(form.groups, {form.size})]


def test_a_list_of_groups_each_beside_its_letter_is_told_by_its_letters() -> None:
    # The portal's result on a phone: "A: 123456" to "H: 654321", one per line.  The groups
    # stand at one margin line under line, which is also a run wrapped after each group;
    # the letters are what tell the CID from an IID echoed above the card.
    groups = [run(t, 60, 100 + 40 * k) for k, t in enumerate(GROUPS6)]
    letters = [Label(lab, (20, 103 + 40 * k, 14, 14)) for k, lab in enumerate("ABCDEFGH")]
    hyps = certain(arrange(groups, letters, (CID_48,)))
    assert [(h.evidence, texts(h)) for h in hyps] == [("letters", GROUPS6)]
