"""Judge each group from the two engines' readings, and the ID from its groups: the promise kept.

Why one small module: this is where "a wrong digit we claim is right" is ruled
out, so the rules are few and tested directly (tests/test_ocr_arbitrate.py):

- a group is certain only when its check digit holds and either both engines
  read the same digits there, or one engine read it with a confidence above
  ``CONFIDENT`` for that engine and no engine saw another valid reading of that
  group (a *rival*, also any valid group within a reading of more digits than the group
  has that does not hold the group's; when one engine saw a rival, both must read the same
  digits and the other one confidently, with no rival of its own).  An engine's own
  re-readings agreeing is no second opinion: they share its mistakes (Tesseract read a
  console's "2" as "9" under every variant, at 0.60, and 2 and 9 differ by 7, which a
  check digit cannot see);
- one engine alone never vouches for glyphs smaller than ``SMALL_GLYPH_PX`` in the
  picture (``Reading.small``), nor for digits with a line drawn across them
  (``Reading.struck``, ``regions.struck``): both must read the same digits there;
- a group made valid by changing a digit (a *repair* from the engine's
  alternatives) is never certain on one engine's word: it comes back
  ``repaired`` and the app asks;
- the groups are in order only when the letters A-H, the numbers 1-9 or the
  reading order of one run (one line, or one line wrapped) say so
  (``ORDER_EVIDENCE``, the evidence of ``ocr.arrangements``); a grid whose
  labels were not read is a guess, never an order;
- whatever is not certain is a doubt, with a reason code, never an answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from activation.ids import group_is_valid

# Per engine: the confidence (0..1) above which one engine's valid, unrepaired reading of a group
# is trusted without the other engine.  Tesseract's is its per-glyph minimum (ocr.verify's fast
# accept); PP-OCR's is the lowest character score on the group.  Checked by figures with
# ``python -m samples.calibrate`` (samples/README.md), PP-OCR asked on every picture: seeds
# 5301+5303 (96 pictures each) and 5302+5304 (first 40 each), 272 pictures.  PP-OCR: 2227 valid
# unrepaired readings, none wrong at any confidence (no highest wrong to add a margin to);
# lowering 0.97 would accept at most 24 more of its 300 lone groups (0.90: 7 more), while the
# 407 readings below 0.97 bound the wrong rate there only to < 0.7 % (rule of three): kept.
# Tesseract (every valid reading now, agreeing re-readings no exemption): 2257 readings, one
# wrong at 0.976 (digits from elsewhere on a screenshot cut by its edge: a 'stray' group)
# and 6 right digits cut in the wrong place up to 0.989.  0.99 (the highest wrong + 0.01) cost
# in one benchmark run (seeds 5311, first 72): asks 16 -> 26 % on screenshots, 14 -> 43 % on
# photos, no silent-wrong either way.  Kept at 0.93: the one wrong group above it came from a
# picture cut by its edge, and a group touching the picture's border is never certain now
# (ocr.pipeline, cut_at_edge); slid groups are for the order and length rules to catch.
# Checked again once Tesseract could read the space between groups (seeds 5321+5322, 192
# pictures, samples/README.md): 1761 valid readings, the highest wrong at 0.5.
# And on 2026-11-28 (seeds 5331+5332, 192 pictures): 1731 Tesseract and 1710 PP-OCR valid
# readings, not one wrong at any confidence.
CONFIDENT = {"tesseract": 0.93, "ppocr": 0.97}

# Digits of the groups beside it that a reading of a group's place may take in, on each side
# (a crop or a rough box reaching into its neighbours; ocr.second cuts such readings back).
NEIGHBOURS = 2

# A reading of a group's place with fewer digits than the group (a piece) counts against it
# from this many digits on, when it fits nowhere on the group's digits (``_fits``).
PIECE_DIGITS = 2

# How the order of the groups is known (the evidence of ocr.arrangements).
ORDER_EVIDENCE = ("line", "wrapped", "letters", "numbers")


@dataclass(frozen=True)
class Reading:
    """One engine's reading of one group."""

    engine: str  # "tesseract" or "ppocr"
    text: str  # the digits read ("" when the engine found nothing there)
    confidence: float = 0.0  # 0..1
    agreed: bool = False  # the engine's own re-readings agreed on ``text`` (ocr.verify)
    repaired: bool = False  # ``text`` is a one-digit repair backed by the engine's alternatives
    rivals: tuple[str, ...] = ()  # other valid strings the engine saw for this group
    # The first and the last digit read stood against the crop's edge: a glyph cut there
    # (a neighbour's, taken in by a loose crop) reads as anything (see second.in_context).
    cut_ends: tuple[bool, bool] = (False, False)
    # The group's glyphs are small in the picture (ocr.advice.SMALL_GLYPH_PX): however confident,
    # this reading does not stand alone.
    small: bool = False
    # A line is drawn across the group's digits (regions.struck): read however confidently,
    # what is under the line may be another digit; both engines must agree there.
    struck: bool = False
    # The crop the group was read from was cut off through ink beside its first or last digit
    # (regions.cut_through): a halved glyph there reads as another digit, however confidently.
    clipped: bool = False


@dataclass(frozen=True)
class Verdict:
    """What the group is, and whether it may be given as an answer."""

    text: str
    certain: bool
    repaired: bool
    reason: str  # agree | one_engine | repaired | disagree | rival | unsure | invalid | missing
    confidence: float


def _valid(text: str, size: int) -> bool:
    return len(text) == size and text.isdigit() and group_is_valid(text)


@dataclass(frozen=True)
class Judged:
    """One call of ``judge``: what it was given and what it said (see ``recording``)."""

    size: int
    readings: tuple[Reading, ...]
    verdict: Verdict


# The list ``judge`` appends to while ``recording()`` is active in this context; None (off) by
# default, and a contextvar so one request's recording never sees another's.
_recorded: ContextVar[list[Judged] | None] = ContextVar("arbitrate_recorded", default=None)


@contextmanager
def recording() -> Iterator[list[Judged]]:
    """Collect every ``judge`` call made inside the block, results unchanged.

    Why: ``CONFIDENT`` is chosen from what each engine read on its own against the truth
    (``python -m samples.calibrate``); this is how those readings get out of the pipeline.
    """
    seen: list[Judged] = []
    token = _recorded.set(seen)
    try:
        yield seen
    finally:
        _recorded.reset(token)


def judge(size: int, readings: Sequence[Reading]) -> Verdict:
    """The verdict on one group of ``size`` digits from every reading of it."""
    verdict = _judge(size, readings)
    seen = _recorded.get()
    if seen is not None:
        seen.append(Judged(size, tuple(readings), verdict))
    return verdict


def _sure(r: Reading) -> bool:
    """True when ``r`` is one engine's reading confident enough to stand on its own.

    Never when its glyphs are small: Tesseract read a 9 px "2" as "9" at 0.935 on a message
    box at 100% scaling (a held-out benchmark picture, claimed and wrong: 2 and 9 differ by 7,
    which a check digit cannot see), where PP-OCR read it right.
    """
    return (
        not r.repaired
        and not r.small
        and not r.struck
        and not r.clipped
        and r.confidence >= CONFIDENT.get(r.engine, 1.01)
    )


def _rivals(r: Reading, text: str, size: int) -> set[str]:
    """The valid readings of the group other than ``text`` that ``r`` saw: its ``rivals``, and
    when it read more digits than the group has, up to ``NEIGHBOURS`` more on each side (its
    neighbours' taken in), without ``text`` among them, every valid group of ``size`` digits
    within what it read.  A longer reading is of more than this group's place (a console
    photo's 14 digits where a 6-digit group stood): it holds a valid group by chance.

    Why: such a reading is no reading of the group, yet it may say the group is another one.
    On a blurred photo of PowerShell Tesseract read "4830072" at 0.955 where "4836972" stood
    (two digits wrong, the check digit held by chance); PP-OCR read "34836972" there, a "3"
    of the group before taken in, and was set aside for its length: complete and wrong.
    """
    seen = {x for x in r.rivals if x != text and _valid(x, size)}
    if size < len(r.text) <= size + 2 * NEIGHBOURS and text not in r.text:
        seen |= {w for k in range(len(r.text) - size + 1) if _valid(w := r.text[k : k + size], size)}
    return seen


def _fits(piece: str, text: str) -> bool:
    """True when ``piece``, a reading of fewer digits than the group has, matches ``text``
    wherever it overlaps it, at some place that leaves at most ``NEIGHBOURS`` digits of it on
    the groups beside (which it may have taken in, unknown here).

    Why: a piece is no reading of the group, but it may say a digit is another one.  On a
    hard-recompressed raster console, Tesseract read "444921" as "444991" at 0.964 (2 and 9
    differ by 7: the check digit held), and PP-OCR read "212" there, the group's "21" and
    the next one's "2": nowhere on "444991".
    """
    for k in range(-min(NEIGHBOURS, len(piece) - 1), len(text) - len(piece) + 1 + NEIGHBOURS):
        lo, hi = max(0, k), min(len(text), k + len(piece))
        if hi > lo and text[lo:hi] == piece[lo - k : hi - k]:
            return True
    return False


def _judge(size: int, readings: Sequence[Reading]) -> Verdict:
    read = [r for r in readings if r.text]
    if not read:
        return Verdict("", False, False, "missing", 0.0)
    ok = [r for r in read if _valid(r.text, size)]
    if not ok:
        best = max(read, key=lambda r: (len(r.text) == size, r.confidence))
        return Verdict(best.text, False, False, "invalid", 0.0)
    texts = {r.text for r in ok}
    best = max(ok, key=lambda r: (not r.repaired, r.confidence))
    if len(texts) > 1:
        return Verdict(best.text, False, False, "disagree", 0.0)
    text = best.text
    if any(PIECE_DIGITS <= len(r.text) < size and not _fits(r.text, text) for r in read):
        return Verdict(text, False, False, "disagree", 0.0)  # a piece read there says otherwise
    seen = [(r, _rivals(r, text, size)) for r in readings]
    if any(rivals for _, rivals in seen):
        # A rival one engine saw is overruled only by the other engine reading the same digits
        # confidently, with no rival of its own (a JPEG-smudged "5" Tesseract half took for "0").
        rivalled = {r.engine for r, rivals in seen if r.rivals or rivals}
        both = len({r.engine for r in ok}) >= 2
        if both and any(r.engine not in rivalled and _sure(r) for r in ok):
            return Verdict(text, True, False, "agree", round(max(r.confidence for r in ok), 3))
        return Verdict(text, False, False, "rival", 0.0)
    engines = {r.engine for r in ok}
    if len(engines) >= 2:
        return Verdict(text, True, False, "agree", round(max(r.confidence for r in ok), 3))
    if all(r.repaired for r in ok):
        return Verdict(text, False, True, "repaired", round(min(r.confidence for r in ok), 3))
    sure = [r for r in ok if _sure(r)]
    if sure:
        return Verdict(text, True, False, "one_engine", round(max(r.confidence for r in sure), 3))
    return Verdict(text, False, False, "unsure", round(best.confidence, 3))


def order_certain(how: str, geometry_certain: bool) -> bool:
    """True when ``how`` the groups were put in order is evidence the rules accept, and held."""
    return how in ORDER_EVIDENCE and geometry_certain


def complete(length: int, verdicts: Sequence[Verdict], in_order: bool) -> bool:
    """An ID is an answer only when every group is certain, in order, and the length is whole."""
    return in_order and all(v.certain for v in verdicts) and sum(len(v.text) for v in verdicts) == length


__all__ = [
    "CONFIDENT",
    "ORDER_EVIDENCE",
    "Judged",
    "Reading",
    "Verdict",
    "complete",
    "judge",
    "order_certain",
    "recording",
]
