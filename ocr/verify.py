"""Decide each group from one or more readings, using its check digit; never guess.

Why a module of its own: this is where "never silently wrong" is enforced.
A group is accepted when the readings agree on one valid string and no other
valid string competes; a failing group is repaired when Tesseract's
per-character alternatives back one single-digit correction at least
1/RIVAL_SHARE times more than any other.  A repair is only a suggestion:
``ocr.arbitrate`` never counts it as certain unless the other engine reads
the same digits.  Everything else is returned as not valid, so the user is asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from activation.ids import group_is_valid, single_digit_corrections

from .recognise import Glyph

FAST_ACCEPT_CONF = 0.93  # one clean, valid reading is enough above this per-glyph confidence
MIN_AGREEING = 2  # otherwise this many readings must agree
MIN_REPAIR_SUPPORT = 0.05  # a repair's support from the alternatives (see _support) must exceed this
RIVAL_SHARE = 0.15  # ... and the next-best repair may have at most this share of it


@dataclass
class Decision:
    text: str
    valid: bool
    confidence: float
    repaired: bool = False
    rivals: tuple[str, ...] = ()  # other valid strings among the readings (ocr.arbitrate needs them)


def _text(reading: Sequence[Glyph]) -> str:
    return "".join(g.text for g in reading)


def _support(candidate: str, readings: Sequence[Sequence[Glyph]]) -> float:
    """How strongly the readings' alternatives back ``candidate`` (0 = not at all)."""
    total = 0.0
    for reading in readings:
        text = _text(reading)
        if len(text) != len(candidate):
            continue
        score = 1.0
        for glyph, want in zip(reading, candidate, strict=True):
            if glyph.text == want:
                continue
            score *= glyph.choices.get(want, 0.0)
        if score > 0:
            total += score
    return total


def decide(
    size: int,
    first: Sequence[Glyph],
    reread: Callable[[int], Sequence[Glyph] | None],
    max_retries: int,
) -> Decision:
    """Decide one group of ``size`` digits.

    ``first`` is the reading taken with the whole line; ``reread(i)`` reads the
    group again under the i-th variant (None when it cannot).
    """
    readings: list[Sequence[Glyph]] = []
    if len(first) == size:
        readings.append(first)
        text = _text(first)
        if group_is_valid(text) and min(g.conf for g in first) >= FAST_ACCEPT_CONF:
            return Decision(text, True, round(min(g.conf for g in first), 3))
    for i in range(max_retries):
        got = reread(i)
        if got is not None and len(got) == size and all(g.text.isdigit() for g in got):
            readings.append(got)
        decision = _vote(readings, final=False)
        if decision is not None:
            return decision
    return _vote(readings, final=True) or Decision(_text(first), False, 0.0)


def _vote(readings: list[Sequence[Glyph]], final: bool) -> Decision | None:
    texts = [_text(r) for r in readings]
    counts = Counter(t for t in texts if group_is_valid(t))
    n = len(readings)
    if counts:
        ranked = counts.most_common()
        best, votes = ranked[0]
        rival = ranked[1][1] if len(ranked) > 1 else 0
        if rival == 0 and votes >= MIN_AGREEING:
            mean_conf = (
                sum(min(g.conf for g in r) for r, t in zip(readings, texts, strict=True) if t == best) / votes
            )
            return Decision(best, True, round(min(1.0, votes / n * (0.5 + 0.5 * mean_conf)), 3))
        if not final:
            return None
        # One valid reading only, or valid readings that disagree: not sure.
        rivals = tuple(t for t, _ in ranked[1:])
        return Decision(best, False, round(votes / n * 0.5, 3), rivals=rivals)
    if not final or not readings:
        return None
    # No reading is valid: try single-digit repairs backed by the alternatives.
    scored: dict[str, float] = {}
    for text in set(texts):
        for fix in single_digit_corrections(text):
            if fix not in scored:
                scored[fix] = _support(fix, readings)
    ranked_fixes = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
    common = Counter(texts).most_common(1)[0][0]
    if ranked_fixes and ranked_fixes[0][1] > MIN_REPAIR_SUPPORT:
        best_fix, score = ranked_fixes[0]
        runner_up = ranked_fixes[1][1] if len(ranked_fixes) > 1 else 0.0
        if runner_up <= RIVAL_SHARE * score:
            return Decision(best_fix, True, round(min(0.6, score / n), 3), repaired=True)
    return Decision(common, False, 0.0)
