"""ocr/arbitrate.py on hand-built readings: when a group may be given as an answer, and when not.

Valid groups here are worked out by hand from the rule (weights 1,2,1,2,... over the
first digits, summed, mod 7 is the last): 1111112 (9 mod 7 = 2), 2222224 (18 -> 4),
3333336 (27 -> 6), 0000000; 1111113 and 2222225 fail.
"""

from __future__ import annotations

import pytest

from ocr.arbitrate import CONFIDENT, Reading, Verdict, complete, judge, order_certain
from ocr.result import Group, Result

T, P = "tesseract", "ppocr"
HIGH_P = CONFIDENT[P] + 0.01
LOW_P = CONFIDENT[P] - 0.2

CASES = [
    (
        "small glyphs, one engine, however confident",
        [Reading(T, "1111112", 0.99, agreed=True, small=True)],
        False,
        "1111112",
        "unsure",
        False,
    ),
    (
        "small glyphs, both engines agree",
        [Reading(T, "1111112", 0.99, agreed=True, small=True), Reading(P, "1111112", LOW_P)],
        True,
        "1111112",
        "agree",
        False,
    ),
    (
        "small glyphs, the other engine reads a digit 7 off (2 for 9: the check digit holds)",
        [Reading(T, "1911114", 0.99, agreed=True, small=True), Reading(P, "1211114", HIGH_P)],
        False,
        "1911114",
        "disagree",
        False,
    ),
    (
        "a line drawn across the digits, one engine, however confident",
        [Reading(T, "4007555", 0.967, agreed=True, struck=True), Reading(P, "")],
        False,
        "4007555",
        "unsure",
        False,
    ),
    (
        "a line drawn across the digits, both engines agree",
        [Reading(T, "4997655", 0.5, agreed=True, struck=True), Reading(P, "4997655", LOW_P, struck=True)],
        True,
        "4997655",
        "agree",
        False,
    ),
    (
        "read from a crop cut off through ink beside it, one engine, however confident",
        [Reading(T, "1063064", 0.962, agreed=True, clipped=True), Reading(P, "")],
        False,
        "1063064",
        "unsure",
        False,
    ),
    (
        "read from a crop cut off through ink beside it, both engines agree",
        [Reading(T, "8063064", 0.962, agreed=True, clipped=True), Reading(P, "8063064", LOW_P)],
        True,
        "8063064",
        "agree",
        False,
    ),
    # (name, readings, certain, text, reason, repaired)
    (
        "both engines agree",
        [Reading(T, "1111112", 0.5), Reading(P, "1111112", LOW_P)],
        True,
        "1111112",
        "agree",
        False,
    ),
    (
        "agree, one of them a repair",
        [Reading(T, "1111112", 0.4, repaired=True), Reading(P, "1111112", LOW_P)],
        True,
        "1111112",
        "agree",
        False,
    ),
    (
        "engines disagree, both valid",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "2222224", 1.0)],
        False,
        "2222224",  # the more confident reading is shown, as a doubt
        "disagree",
        False,
    ),
    (
        "Tesseract alone, its re-readings agreed but at a low confidence: no second opinion",
        [Reading(T, "2222224", 0.6, agreed=True)],
        False,
        "2222224",
        "unsure",
        False,
    ),
    (
        "Tesseract alone, confident",
        [Reading(T, "2222224", 0.95, agreed=True)],
        True,
        "2222224",
        "one_engine",
        False,
    ),
    ("Tesseract alone, one reading, low", [Reading(T, "2222224", 0.5)], False, "2222224", "unsure", False),
    (
        "PP-OCR alone above its threshold",
        [Reading(P, "3333336", HIGH_P), Reading(T, "")],
        True,
        "3333336",
        "one_engine",
        False,
    ),
    ("PP-OCR alone below its threshold", [Reading(P, "3333336", LOW_P)], False, "3333336", "unsure", False),
    (
        "confident, but the other engine read an invalid string",
        [Reading(P, "3333336", HIGH_P), Reading(T, "3333337", 0.9)],
        True,
        "3333336",
        "one_engine",
        False,
    ),
    (
        "confident, but a valid rival was seen",
        [Reading(T, "1111112", 0.99, agreed=True, rivals=("0000000",))],
        False,
        "1111112",
        "rival",
        False,
    ),
    (
        "Tesseract saw a rival, PP-OCR read the same digits confidently",
        [Reading(T, "1111112", 0.25, rivals=("0000000",)), Reading(P, "1111112", HIGH_P)],
        True,
        "1111112",
        "agree",
        False,
    ),
    (
        "Tesseract saw a rival, PP-OCR read the same digits but unsurely",
        [Reading(T, "1111112", 0.99, rivals=("0000000",)), Reading(P, "1111112", LOW_P)],
        False,
        "1111112",
        "rival",
        False,
    ),
    (
        "both engines saw the rival",
        [Reading(T, "1111112", 0.99, rivals=("0000000",)), Reading(P, "1111112", 1.0, rivals=("0000000",))],
        False,
        "1111112",
        "rival",
        False,
    ),
    (
        "Tesseract saw a rival and read nothing valid: PP-OCR alone is no overruling",
        [Reading(T, "1111113", 0.99, rivals=("0000000",)), Reading(P, "1111112", 1.0)],
        False,
        "1111112",
        "rival",
        False,
    ),
    (
        "the other engine took in a neighbour's digit and read another valid group there",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "32222224", 1.0)],
        False,
        "1111112",
        "rival",
        False,
    ),
    (
        "the other engine took in a neighbour's digit around the same group",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "31111112", 1.0)],
        True,
        "1111112",
        "one_engine",
        False,
    ),
    (
        "the other engine took in a neighbour's digit and read nothing valid",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "31111113", 1.0)],
        True,
        "1111112",
        "one_engine",
        False,
    ),
    (
        "the other engine read far more digits than a group and its neighbours' ends: no reading of it",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "9922222249999", 1.0)],
        True,
        "1111112",
        "one_engine",
        False,
    ),
    (
        "a piece the other engine read there fits nowhere on the group (a 2 read as 9: 1211114)",
        [Reading(T, "1911114", 0.99, agreed=True), Reading(P, "12", 1.0)],
        False,
        "1911114",
        "disagree",
        False,
    ),
    (
        "a piece that fits the group's first digits",
        [Reading(T, "1211114", 0.99, agreed=True), Reading(P, "12", 1.0)],
        True,
        "1211114",
        "one_engine",
        False,
    ),
    (
        "a piece that fits the group's last digits and the next group's first",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "1299", 1.0)],
        True,
        "1111112",
        "one_engine",
        False,
    ),
    (
        "a piece of more of the next group's digits than a neighbour's share",
        [Reading(T, "1111112", 0.99, agreed=True), Reading(P, "12999", 1.0)],
        False,
        "1111112",
        "disagree",
        False,
    ),
    (
        "a single digit is no piece",
        [Reading(T, "1911114", 0.99, agreed=True), Reading(P, "2", 1.0)],
        True,
        "1911114",
        "one_engine",
        False,
    ),
    (
        "a repair on one engine's word",
        [Reading(T, "1111112", 0.6, repaired=True)],
        False,
        "1111112",
        "repaired",
        True,
    ),
    (
        "a repair, the other engine saw nothing valid",
        [Reading(T, "1111112", 0.6, repaired=True), Reading(P, "1111113", 1.0)],
        False,
        "1111112",
        "repaired",
        True,
    ),
    (
        "no valid reading",
        [Reading(T, "1111113", 0.99, agreed=True), Reading(P, "2222225", 1.0)],
        False,
        "2222225",
        "invalid",
        False,
    ),
    ("valid but the wrong length", [Reading(P, "111110", 1.0)], False, "111110", "invalid", False),
    ("nothing read", [Reading(T, ""), Reading(P, "")], False, "", "missing", False),
]


@pytest.mark.parametrize(
    ("name", "readings", "certain", "text", "reason", "repaired"), CASES, ids=[c[0] for c in CASES]
)
def test_judge(
    name: str, readings: list[Reading], certain: bool, text: str, reason: str, repaired: bool
) -> None:
    v = judge(7, readings)
    assert (v.certain, v.text, v.reason, v.repaired) == (certain, text, reason, repaired)


def test_a_doubt_is_never_certain_whatever_its_confidence() -> None:
    v = judge(7, [Reading(T, "1111112", 1.0, agreed=False, repaired=True)])
    assert not v.certain


def _v(text: str, certain: bool = True) -> Verdict:
    return Verdict(text, certain, False, "agree" if certain else "unsure", 1.0)


def test_complete_needs_every_group_certain_in_order_and_the_whole_length() -> None:
    nine = [_v("1111112")] * 9
    assert complete(63, nine, in_order=True)
    assert not complete(63, nine, in_order=False)  # groups out of order
    assert not complete(63, [*nine[:8], _v("1111112", certain=False)], in_order=True)
    assert not complete(63, nine[:8], in_order=True)  # a group missing


@pytest.mark.parametrize(
    ("how", "geometry", "expected"),
    [
        ("line", True, True),
        ("wrapped", True, True),
        ("letters", True, True),
        ("numbers", True, True),
        ("grid", False, False),
        ("letters", False, False),
        ("guess", True, False),
    ],
)
def test_order_certain_only_on_accepted_evidence(how: str, geometry: bool, expected: bool) -> None:
    assert order_certain(how, geometry) is expected


def _cid(layout: str | None, valid: int, complete: bool, certain: bool = True) -> Result:
    """A CID read with ``valid`` groups passing their check digits (123450: 1+4+3+8+5 = 21, 0
    mod 7; 123456 fails), certain unless not ``certain`` (small digits, one engine)."""
    groups = tuple(
        Group(
            "ABCDEFGH"[k],
            "123450" if k < valid else "123456",
            certain and k < valid,
            0.99,
            (0, 0, 1, 1),
            False,
        )
        for k in range(8)
    )
    return Result("cid", digits="1" * 48, complete=complete, form="cid48", layout=layout, groups=groups)


@pytest.mark.parametrize(
    ("read", "answer_layout", "certain", "rivalled"),
    [
        # The card's letters name the CID: an echo of the IID above it is no rival.
        ([("line", 8, True), ("letters", 8, True)], "letters", True, False),
        # No letters, and another line passes most check digits (the IID's echo): a doubt.
        ([("line", 8, True), ("line", 6, False)], "line", False, True),
        # ... also when Tesseract had not yet made it complete (PP-OCR must not either).
        ([("line", 7, False), ("line", 6, False)], "line", False, True),
        # ... also when the other line's groups pass their check digits but are not certain
        # (digits under 12 px, which one engine alone never vouches for).
        ([("line", 8, True), ("line", 6, False, False)], "line", False, True),
        # Other digits that pass too few check digits (a date, a phone number): no rival.
        ([("line", 8, True), ("grid", 2, False)], "line", True, False),
        ([("line", 8, True)], "line", True, False),
    ],
)
def test_a_cid_without_its_letters_has_rivals_in_other_plausible_digits(
    read: list, answer_layout: str, certain: bool, rivalled: bool
) -> None:
    from ocr.pipeline import best_cid_first

    best = best_cid_first([_cid(*r) for r in read])[0]
    assert (best.layout, best.complete, best.run_above) == (answer_layout, certain, rivalled)
