"""ocr/verify.py on hand-built readings: accept, vote, refuse and repair one group.

Valid 7-digit groups worked out by hand (weights 1,2,1,2,... mod 7 is the last digit):
1111112, 2222224, 0000000.  1111113 fails; its one-digit repairs include 1111112.
"""

from __future__ import annotations

from collections.abc import Sequence

from ocr.recognise import Glyph
from ocr.verify import FAST_ACCEPT_CONF, decide


def glyphs(text: str, conf: float = 0.99, choices: Sequence[dict[str, float]] | None = None) -> list[Glyph]:
    alts = choices or [{} for _ in text]
    return [
        Glyph(t, conf, (10.0 * i, 0.0, 9.0, 20.0), dict(a))
        for i, (t, a) in enumerate(zip(text, alts, strict=True))
    ]


def rereads(*texts: str | None, conf: float = 0.8):
    """A reread(i) that gives the i-th of ``texts`` (None: the variant could not read it)."""

    def reread(i: int):
        t = texts[i] if i < len(texts) else None
        return None if t is None else glyphs(t, conf)

    return reread


def test_one_clean_valid_reading_is_accepted_at_once() -> None:
    d = decide(7, glyphs("1111112", FAST_ACCEPT_CONF + 0.01), rereads(), 4)
    assert (d.text, d.valid, d.repaired) == ("1111112", True, False)


def test_a_valid_but_unsure_reading_needs_a_second_that_agrees() -> None:
    first = glyphs("1111112", FAST_ACCEPT_CONF - 0.2)
    assert not decide(7, first, rereads(), 0).valid  # no re-reading allowed: not sure
    agreed = decide(7, first, rereads("1111112"), 4)
    assert (agreed.text, agreed.valid) == ("1111112", True)


def test_readings_that_disagree_on_two_valid_strings_are_refused_with_the_rival_named() -> None:
    first = glyphs("1111112", 0.5)
    d = decide(7, first, rereads("2222224", "1111113", "0000000"), 3)
    assert not d.valid
    assert set(d.rivals) | {d.text} == {"1111112", "2222224", "0000000"}


def test_a_failing_group_is_repaired_only_with_the_alternatives_behind_it() -> None:
    # The last glyph read "3" but Tesseract's alternatives give "2" some weight: 1111112.
    backed = [{} for _ in range(6)] + [{"2": 0.4}]
    d = decide(7, glyphs("1111113", 0.6, backed), rereads(), 0)
    assert (d.text, d.valid, d.repaired) == ("1111112", True, True)
    # Without alternatives there is nothing to repair from.
    plain = decide(7, glyphs("1111113", 0.6), rereads(), 0)
    assert (plain.text, plain.valid, plain.repaired) == ("1111113", False, False)


def test_two_repairs_equally_backed_are_no_repair() -> None:
    # 1111113 -> 1111112 (last digit) and -> 1111013? Find two valid one-digit fixes by the rule.
    from activation.ids import single_digit_corrections

    fixes = single_digit_corrections("1111113")
    assert len(fixes) >= 2
    (a, b) = fixes[:2]
    alts = [{} for _ in range(7)]
    for fix in (a, b):
        pos = next(i for i in range(7) if fix[i] != "1111113"[i])
        alts[pos][fix[pos]] = 0.5
    d = decide(7, glyphs("1111113", 0.6, alts), rereads(), 0)
    assert not d.valid and not d.repaired


def test_a_wrong_count_never_passes() -> None:
    d = decide(7, glyphs("111112", 0.99), rereads("111112"), 2)
    assert not d.valid
