"""The kinds of screen an ID is shown on: each one a rule that puts runs of digits in order.

Why explicit: a check digit catches a wrong digit, never two groups swapped, so the order of
the groups must come from the screen itself.  Each arrangement names the real screens it models
and the evidence on the picture that vouches for its order:

- ``line``: the reading order of one line (one run, a run read in pieces, a row of groups);
- ``wrapped``: the reading order of one run wrapped onto the following lines;
- ``letters`` / ``numbers``: a label (A-H, 1-9) read beside every group, each exactly once.

Groups laid out any other way (a grid whose labels were not read) are still offered, with no
evidence: the app shows them as a doubt to check, never as an answer.

Both engines' readings come here in one shape (``Run``, ``Label``), so one set of rules judges
Tesseract's precise runs and PP-OCR's lines alike.  Every distance is in glyph heights
(``REACH``), every count comes from the ID forms (``activation.ids``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import median
from typing import Any, TypeVar

from activation.ids import CID_48, FORMS, IID_54, IID_63, IdForm, group_is_valid

from .layout import Box, intersection, union


@dataclass(frozen=True)
class Reach:
    """Every distance the arrangements use, in units of the digits' height: one place to tune."""

    same_size: float = 1.33  # runs whose digit heights differ by more than this factor are other text
    same_line: float = 0.5  # centres closer than this, square to the line, are on one line
    same_row: float = 0.6  # groups whose centres are closer than this, square to the line, are one row
    piece_after: float = 1.0  # one line read in pieces: the next piece starts at most this after the last
    piece_before: float = 0.5  # ... or at most this before the last one's end (rough boxes overlap)
    gap_min: float = 0.45  # a gap between digits this wide parts two groups ("123456 654321") ...
    gap_over: float = 0.3  # ... when it is also this much wider than the run's typical gap
    slip_min: float = 0.1  # a digit box narrower than this or wider than ``slip_max`` is the
    slip_max: float = 1.4  # ... reader's slip: the gaps beside it tell nothing
    row_gap: float = 4.0  # a row of separate groups on one line: no gap between two is wider
    # A wrapped run's next line: its first digit's bottom this far below ... (PP-OCR's boxes
    # stand a third to two-thirds taller than the digits, and a Script Host box's lines only
    # 1.2 digit heights apart: at 0.9 a photo's wrapped line was not PP-OCR's next line)
    wrap_min: float = 0.6
    wrap_max: float = 2.8  # ... at most this far, the previous line's first digit's bottom
    wrap_indent: float = 1.5  # ... and it starts no further right than the run's start plus this
    label_above: float = 3.5  # a label stands at most this far above its group ...
    label_left: float = 5.0  # ... or this far left of it
    label_side: float = 0.6  # an above-label's centre may overhang the group's ends by this
    label_rise: float = 0.4  # a left-label's centre may stand this far above or below the group
    column: float = 1.0  # groups whose left edges are closer than this stand in one column
    pitch_over: float = 1.25  # a group whose label is implied stands at most this share further
    # from its neighbour than labelled groups stand from theirs


REACH = Reach()
ID_LENGTHS = frozenset(f.length for f in FORMS)  # every whole ID, of either kind
# The forms read from a picture, per kind: the longer IID first (its groups are not cut from
# the shorter's); never the 42-digit CID (Windows XP), which the portal does not give.
FORMS_READ: dict[str, tuple[IdForm, ...]] = {"iid": (IID_63, IID_54), "cid": (CID_48,)}


@dataclass(frozen=True)
class Digit:
    """One digit as an arrangement sees it: the engine's own record, and where it is."""

    item: Any  # the engine's glyph (ocr.recognise.Glyph, ocr.ppocr.Char): has ``.text``
    box: Box  # on the page


@dataclass(frozen=True)
class Label:
    """A group's label read on the page: "A"-"H" over the portal's card, "1"-"9" beside its boxes."""

    text: str
    box: Box


@dataclass(frozen=True)
class Run:
    """Digits one engine read in a row on one line, in reading order.

    ``starts_line`` / ``ends_line``: nothing else was read before / after it on its line
    (None when the engine cannot tell).  ``label``: a label read just before it on its line
    ("A: 123456").  ``slope``: the line's own slope (dy/dx) where the engine knows it.
    """

    digits: tuple[Digit, ...]
    glyph_h: float
    starts_line: bool | None = None
    ends_line: bool | None = None
    label: Label | None = None
    slope: float = 0.0
    source: Any = None  # the engine's own record of the run, handed back untouched

    @property
    def text(self) -> str:
        return "".join(d.item.text for d in self.digits)

    @property
    def box(self) -> Box:
        return union([d.box for d in self.digits])

    @property
    def cx(self) -> float:
        x, _, w, _ = self.box
        return x + w / 2

    @property
    def cy(self) -> float:
        _, y, _, h = self.box
        return y + h / 2

    def part(self, digits: Sequence[Digit]) -> Run:
        """A stretch of this run (its label only when the stretch starts the run)."""
        first = bool(digits) and digits[0] is self.digits[0]
        return replace(
            self,
            digits=tuple(digits),
            label=self.label if first else None,
            starts_line=self.starts_line if first else False,
            ends_line=self.ends_line if digits and digits[-1] is self.digits[-1] else False,
        )


@dataclass(frozen=True)
class Hypothesis:
    """An ID an arrangement makes of the runs: its groups in order, and what vouches for the order."""

    form: IdForm
    groups: tuple[tuple[Digit, ...], ...]
    evidence: str | None  # line | wrapped | letters | numbers; None: the order is a guess
    arrangement: str  # the class that made it
    contested: bool = False  # its own layout says otherwise: it cancels other orders, vouches for none

    @property
    def top(self) -> float:
        return min(d.box[1] for g in self.groups for d in g)

    @property
    def text(self) -> str:
        return "".join(d.item.text for g in self.groups for d in g)


def _split(digits: Sequence[Digit], size: int) -> tuple[tuple[Digit, ...], ...]:
    return tuple(tuple(digits[i : i + size]) for i in range(0, len(digits), size))


def _same_size(a: Run, b: Run) -> bool:
    return 1 / REACH.same_size <= b.glyph_h / a.glyph_h <= REACH.same_size


def parts(run: Run) -> list[Run]:
    """``run`` cut where the space between two digits is much wider than between the others.

    Why: a label digit beside its group ("1 | 1234567") or groups spaced widely come out of
    one reading as one run; the wide gaps tell them apart.
    """
    d = run.digits
    if len(d) < 2:
        return [run]
    h = run.glyph_h
    gaps = [d[i + 1].box[0] - (d[i].box[0] + d[i].box[2]) for i in range(len(d) - 1)]
    limit = max(REACH.gap_min * h, median(gaps) + REACH.gap_over * h)
    slip = [not REACH.slip_min * h <= x.box[2] <= REACH.slip_max * h for x in d]
    out: list[Run] = []
    start = 0
    for i, gap in enumerate(gaps):
        if gap > limit and not slip[i] and not slip[i + 1]:
            out.append(run.part(d[start : i + 1]))
            start = i + 1
    out.append(run.part(d[start:]))
    return out


def groups_of(run: Run, size: int, whole: Iterable[int] = ()) -> list[Run]:
    """The pieces of ``run`` with ``size`` digits; a piece of a whole multiple of ``size`` is cut
    evenly, unless it is as long as a whole ID (``whole``): that is a run, not a row of groups.

    Why: on a photo the reader's boxes often hide the space between groups, so "123456 654321"
    comes back as one run; its check digits still judge each group.
    """
    if len(run.digits) == size:
        return [run]
    out: list[Run] = []
    for piece in parts(run):
        n = len(piece.digits)
        if n == size:
            out.append(piece)
        elif n % size == 0 and n not in set(whole):
            out += [piece.part(g) for g in _split(piece.digits, size)]
    return out


T = TypeVar("T")


def rows(
    items: Sequence[T], where: Callable[[T], tuple[float, float, float]], tilt: float = 0.0
) -> list[list[T]]:
    """``items`` in rows, top to bottom, each left to right; ``where`` gives (cx, cy, glyph height).

    Rows are told apart square to the lines' own slope (``tilt``): on a rolled photo a row of
    groups climbs across the picture, and by height alone its ends fall into two rows.
    """

    def across(item: T) -> float:
        cx, cy, _ = where(item)
        return cy - tilt * cx

    out: list[list[T]] = []
    for item in sorted(items, key=across):
        if out and abs(across(out[-1][-1]) - across(item)) < REACH.same_row * where(item)[2]:
            out[-1].append(item)
        else:
            out.append([item])
    return [sorted(r, key=lambda it: where(it)[0]) for r in out]


def _run_where(run: Run) -> tuple[float, float, float]:
    return run.cx, run.cy, run.glyph_h


def _tilt(runs: Sequence[Run]) -> float:
    slopes = [r.slope for r in runs if r.slope]
    return float(median(slopes)) if slopes else 0.0


def _bottom(run: Run) -> float:
    """Where ``run``'s first digit stands (its bottom edge).

    Why bottoms: a reader's box often reaches up into the line above, never down; and the
    first digit, because the next line of a wrapped run starts below the run's start.
    """
    x, y, w, h = run.digits[0].box
    return y + h


def _next_line(last: Run, first: Run, runs: Sequence[Run]) -> list[Run]:
    """Runs that can carry ``last`` (the line of a run that began with ``first``) on at the start
    of the next line down."""
    if last.ends_line is False:
        return []
    h = last.glyph_h

    def below(r: Run) -> float:
        """How far below ``last``'s line ``r`` starts, along the line's slope: a wrapped line
        starts left of the run's first digit (at the label's column), where a line sloping
        down to the right stands higher."""
        return _bottom(r) - _bottom(last) - last.slope * (r.digits[0].box[0] - last.digits[0].box[0])

    return [
        r
        for r in runs
        if r is not last
        and r.starts_line is not False
        and REACH.wrap_min * h <= below(r) <= REACH.wrap_max * h
        and r.box[0] <= first.box[0] + REACH.wrap_indent * h
        and _same_size(last, r)
    ]


@dataclass(frozen=True)
class Seen:
    """What the engine read on the page, as the arrangements take it."""

    runs: tuple[Run, ...]
    labels: tuple[Label, ...]
    forms: tuple[IdForm, ...]  # the forms the ID may take (of one kind)

    def whole(self) -> set[int]:
        """The lengths of a whole ID: a run that long is a run, never a row of groups."""
        return {f.length for f in self.forms}


class Arrangement:
    """One kind of screen: ``propose`` gives every ID its rule can make of what was seen."""

    evidence: str | None = None

    def propose(self, seen: Seen) -> list[Hypothesis]:
        raise NotImplementedError

    def _make(self, form: IdForm, digits: Sequence[Digit], evidence: str | None = None) -> Hypothesis:
        return Hypothesis(form, _split(digits, form.size), evidence or self.evidence, type(self).__name__)


class OneRun(Arrangement):
    """The whole ID as one run on one line: ``slmgr /dti`` and ``/dlv`` in a console or the Script
    Host box, PowerShell's ``OfflineInstallationId``, VAMT's Installation ID column, a notes
    window, third-party key tools.  A lone label digit read in front of it is dropped."""

    evidence = "line"

    def propose(self, seen):
        by_len = {f.length: f for f in seen.forms}
        found = []
        for run in seen.runs:
            made = _line_digits(run, by_len)
            if made is None:
                continue
            if _goes_on(run, seen.runs):
                continue  # part of a longer run wrapped onto the next line (WrappedRun)
            found.append(self._make(*made))
        return found


def _goes_on(run: Run, runs: Sequence[Run]) -> bool:
    """True when the next line carries ``run`` on: the engine saw it end its line and a run start
    the next one, or (where it cannot tell) the lines below make it another ID's whole length.

    Why any ID's length: the portal echoes a 54-digit IID above the CID card, wrapped after
    48 digits on a phone; those 48 pass a CID's check digits (the same rule, groups of six).
    """
    nxt = _next_line(run, run, runs)
    if not nxt:
        return False
    if run.ends_line and any(r.starts_line for r in nxt):
        return True
    total, last = len(run.digits), run
    while len(nxt) == 1 and total < max(ID_LENGTHS):
        last = nxt[0]
        total += len(last.digits)
        if total in ID_LENGTHS:
            return True
        nxt = _next_line(last, run, runs)
    return False


def _line_digits(run: Run, by_len: dict[int, IdForm]) -> tuple[IdForm, tuple[Digit, ...]] | None:
    made = _whole(run.digits, by_len)
    if made is not None:
        return made
    pieces = parts(run)
    if len(pieces) >= 2 and len(pieces[0].digits) <= 2:
        return _whole([d for p in pieces[1:] for d in p.digits], by_len)
    return None


def _whole(digits: Sequence[Digit], by_len: dict[int, IdForm]) -> tuple[IdForm, tuple[Digit, ...]] | None:
    """``digits`` as a whole ID of one of the forms: as read, or one digit longer with the digit at
    one end left out, when only that end's leaving out makes every group's check digit hold.

    Why: a text caret or a box's edge touching the first or last digit is read as one more
    digit (a "1") by both engines, and 64 digits make no ID.  Which end it was, the check
    digits tell: the wrong alignment passes all of them one time in 7**9 (7**8 for a CID).
    The groups are still judged digit by digit afterwards, like any others.
    """
    digits = tuple(digits)
    if len(digits) in by_len:
        return by_len[len(digits)], digits
    form = by_len.get(len(digits) - 1)
    if form is None:
        return None
    fits = [
        kept
        for kept in (digits[1:], digits[:-1])
        if all(group_is_valid("".join(d.item.text for d in g)) for g in _split(kept, form.size))
    ]
    return (form, fits[0]) if len(fits) == 1 else None


def _off_line(last: Run, nxt: Run) -> float:
    """How far ``nxt``'s first digit stands off the line ``last`` ends on, square to it (pixels).

    Why along the slope: on a rolled photo the upright boxes of a wrapped line's start and of
    the line above overlap in height; only the line's own slope tells them apart.
    """
    a, b = last.digits[-1].box, nxt.digits[0].box
    dx = (b[0] + b[2] / 2) - (a[0] + a[2] / 2)
    return abs((b[1] + b[3] / 2) - (a[1] + a[3] / 2) - last.slope * dx)


def _chains(runs: Sequence[Run]) -> list[list[Run]]:
    """``runs`` put in chains, left to right: each next piece starts no more than a digit after the
    last one ends, on its line, at its size, and is the only one that does.  A run in no chain
    of two is a chain of its own (and may still end a later one, as before)."""
    order = sorted(runs, key=lambda r: r.box[0])
    taken: set[int] = set()
    chains = []
    for start in order:
        if id(start) in taken:
            continue
        chain = [start]
        while True:
            last = chain[-1]
            h = last.glyph_h
            end = last.box[0] + last.box[2]
            nxt = [
                r
                for r in order
                if id(r) not in taken
                and all(r is not c for c in chain)
                and end - REACH.piece_before * h <= r.box[0] <= end + REACH.piece_after * h
                and abs(r.cy - last.cy) < REACH.same_line * h
                and _off_line(last, r) < REACH.same_line * h
                and _same_size(last, r)
            ]
            if len(nxt) != 1:
                break
            chain.append(nxt[0])
        if len(chain) >= 2:
            taken.update(id(r) for r in chain)
        chains.append(chain)
    return chains


def _joined(chain: list[Run]) -> Run:
    """A chain of pieces as the one run of its line."""
    first, last = chain[0], chain[-1]
    return replace(first, digits=tuple(d for r in chain for d in r.digits), ends_line=last.ends_line)


class BrokenRun(Arrangement):
    """One line of digits the reader returned in pieces, no more than a digit apart: a glare spot,
    a blurred digit, the mouse cursor or a caret on the line of a ``/dti`` screen."""

    evidence = "line"

    def propose(self, seen):
        by_len = {f.length: f for f in seen.forms}
        found = []
        for chain in _chains(seen.runs):
            made = _whole([d for r in chain for d in r.digits], by_len)
            if len(chain) >= 2 and made is not None:
                found.append(self._make(*made))
        return found


class WrappedRun(Arrangement):
    """One run wrapped onto the following lines, each starting at the left margin: the Windows
    Script Host box of ``slmgr /dti`` / ``/dlv`` (it breaks anywhere, often leaving the last
    digits alone on the next line), a narrow console, a phone's copy of the portal's IID."""

    evidence = "wrapped"

    def propose(self, seen):
        by_len = {f.length: f for f in seen.forms}
        longest = max(by_len)
        # A line read in pieces (BrokenRun's) is one line here: a caret or a misread digit on
        # the first line of a wrapped run must not hide the rest of it.
        runs = [_joined(chain) for chain in _chains(seen.runs)]
        found = []
        for first in sorted(runs, key=lambda r: r.box[1]):
            if len(first.digits) >= longest:
                continue
            chain = [first]
            total = len(first.digits)
            while total < longest:
                nxt = _next_line(chain[-1], first, runs)
                if len(nxt) != 1:
                    break
                chain.append(nxt[0])
                total += len(nxt[0].digits)
                made = _whole([d for r in chain for d in r.digits], by_len)
                if made is not None:
                    # Every length of a form along the chain is offered; the check digits of
                    # the wrong form's groups fail (a 54 read as nine 7s, or the start of a 63).
                    found.append(self._make(*made))
        return found


class RowOfGroups(Arrangement):
    """The groups spaced along one line with no labels: the Office Activation Wizard's "provide
    the installation ID" line, a tool that prints the groups apart.  One row read left to right
    has one order, so long as the gaps are those of one line, not of separate columns."""

    evidence = "line"

    def propose(self, seen):
        found = []
        for form in seen.forms:
            pieces = _pool(seen, form)
            for row in rows(pieces, _run_where, _tilt(pieces)):
                if len(row) != form.groups or not _one_size(row):
                    continue
                h = median(r.glyph_h for r in row)
                gaps = [b.box[0] - (a.box[0] + a.box[2]) for a, b in zip(row, row[1:], strict=False)]
                if max(gaps) <= REACH.row_gap * h and _keeps_run_order(row, seen):
                    found.append(self._make(form, [d for r in row for d in r.digits]))
        return found


class LabelledGroups(Arrangement):
    """Every group beside its own label, each label read once: the portal's result card
    (A B C D E over F G H, a row of eight, a list "A: 123456") and its IID boxes numbered 1-9,
    Windows 8/10's "Activate by phone" page (the IID's groups numbered 1-9), the Office
    wizard when it numbers the groups.  The labels give the order, and the groups must stand
    in that order row by row (``in_reading_order``).

    One label not read (a thin "1", a label under a drawn box) is implied only where the
    others leave no doubt: every other label read once, and exactly one unlabelled group that
    stands in the grid where that label's group must be (see ``_implied``)."""

    def propose(self, seen):
        found = []
        for form in seen.forms:
            evidence = "letters" if form.labels[0].isalpha() else "numbers"
            pieces = _pool(seen, form)
            free = [lab for lab in seen.labels if lab.text in form.labels]
            inline = _inline_labels(seen.runs, form)
            claims: list[tuple[Run, Label, bool]] = []  # piece, its label, read free beside it
            for piece in pieces:
                label = piece.label if piece.label is not None and piece.label.text in form.labels else None
                label = label or inline.get(id(piece.digits[0]))
                if label is not None:
                    claims.append((piece, label, False))
                elif (near := label_for(piece, free)) is not None:
                    claims.append((piece, near, True))
            by_label: dict[str, list[Run]] = {}
            for piece, label, is_free in claims:
                rivals = [p for p, lab, f in claims if f and lab is label and p is not piece]
                if is_free and any(label_distance(p, label) < label_distance(piece, label) for p in rivals):
                    continue  # a neighbour's label, nearer to its own group (this one's was not read)
                by_label.setdefault(label.text, []).append(piece)
            if all(len(by_label.get(lab, [])) == 1 for lab in form.labels):
                ordered = [by_label[lab][0] for lab in form.labels]
            else:
                ordered = _implied(form, by_label, pieces)
            if ordered is not None:
                hyp = self._make(form, [d for r in ordered for d in r.digits], evidence)
                found.append(
                    replace(hyp, contested=not in_reading_order(ordered, _run_where, _tilt(ordered)))
                )
        return found


class UnlabelledGrid(Arrangement):
    """Groups in rows and columns whose labels were not read (a photo loses small grey labels
    first): offered in reading order, row by row, as a guess for the user to check; every run
    of whole rows that holds the ID's count of groups is one guess (the card, and the IID
    echoed above it in groups)."""

    evidence = None

    def propose(self, seen):
        found = []
        for form in seen.forms:
            pieces = _pool(seen, form)
            if len(pieces) < form.groups:
                continue
            grid = rows(pieces, _run_where, _tilt(pieces))
            windows = _windows(grid, form.groups) or [[r for row in grid for r in row][: form.groups]]
            for window in windows:
                found.append(self._make(form, [d for r in window for d in r.digits]))
        return found


ARRANGEMENTS: tuple[Arrangement, ...] = (
    OneRun(),
    BrokenRun(),
    WrappedRun(),
    RowOfGroups(),
    LabelledGroups(),
    UnlabelledGrid(),
)


def in_reading_order(
    ordered: Sequence[T], where: Callable[[T], tuple[float, float, float]], tilt: float = 0.0
) -> bool:
    """True when groups in label order are also in reading order, row by row (``rows``).

    Why: every screen with labels puts them in reading order (the card's A B C D E over
    F G H, the numbered grid), so the layout is a second witness: a misread label (a "1"
    crossed by a drawn line read as "7") then breaks the order instead of swapping groups.
    """
    grid = rows(ordered, where, tilt)
    return [id(r) for row in grid for r in row] == [id(r) for r in ordered]


def _implied(form: IdForm, by_label: dict[str, list[Run]], pieces: Sequence[Run]) -> list[Run] | None:
    """The groups in label order when one label was not read but the others place its group.

    Why this is proof of order: every other label was read once, and the grid read row by
    row puts each of their groups at its own label's place; exactly one group without a label
    fits the place left, on a row with others, in a column with others when there are several
    rows, and no further from its neighbour than the labelled groups stand from theirs.
    """
    missing = [lab for lab in form.labels if not by_label.get(lab)]
    if len(missing) != 1 or any(len(by_label.get(lab, [])) > 1 for lab in form.labels):
        return None
    labelled = [by_label[lab][0] if lab != missing[0] else None for lab in form.labels]
    used = {id(r) for r in labelled if r is not None}
    fits = []
    for spare in (p for p in pieces if id(p) not in used):
        chosen = [spare if r is None else r for r in labelled]
        grid = rows(chosen, _run_where, _tilt(chosen))
        if [id(r) for row in grid for r in row] != [id(r) for r in chosen]:
            continue
        row = next(row for row in grid if any(r is spare for r in row))
        others = [r for row_ in grid if row_ is not row for r in row_]
        h = spare.glyph_h
        in_column = any(abs(r.box[0] - spare.box[0]) <= REACH.column * h for r in others)
        if len(row) < 2 or (others and not in_column):
            continue
        steps = [
            b.box[0] - a.box[0]
            for row_ in grid
            for a, b in zip(row_, row_[1:], strict=False)
            if a is not spare and b is not spare
        ]
        k = next(i for i, r in enumerate(row) if r is spare)
        step = min(abs(row[j].box[0] - spare.box[0]) for j in (k - 1, k + 1) if 0 <= j < len(row))
        if not steps or step > REACH.pitch_over * max(steps):
            continue
        fits.append(chosen)
    return fits[0] if len(fits) == 1 else None


def _pool(seen: Seen, form: IdForm) -> list[Run]:
    """Every piece of ``form.size`` digits, a piece that lies over an earlier one dropped.

    Why drop: a slot read again with its label digit in front ("1 123456") gives back, cut at
    the label, a group already found; counted twice it would fill the grid with copies.
    """
    kept: list[Run] = []
    for run in seen.runs:
        for p in groups_of(run, form.size, seen.whole()):
            x, y, w, h = p.box
            if not any(intersection(p.box, k.box) >= 0.5 * min(w * h, k.box[2] * k.box[3]) for k in kept):
                kept.append(p)
    return kept


def _one_size(row: Sequence[Run]) -> bool:
    h = median(r.glyph_h for r in row)
    return all(1 / REACH.same_size <= r.glyph_h / h <= REACH.same_size for r in row)


def _keeps_run_order(pieces: Sequence[Run], seen: Seen) -> bool:
    """True when pieces cut from one run keep the order in which the engine read it.

    Why: the layout order comes from boxes, the reading order from the engine; when the two
    disagree one of them is wrong, and the check digits cannot tell which.
    """
    where = {id(d): (k, n) for k, run in enumerate(seen.runs) for n, d in enumerate(run.digits)}
    last: dict[int, int] = {}
    for piece in pieces:
        k, n = where.get(id(piece.digits[0]), (-1, -1))
        if k < 0:
            continue
        if n <= last.get(k, -1):
            return False
        last[k] = n
    return True


def _inline_labels(runs: Sequence[Run], form: IdForm) -> dict[int, Label]:
    """Labels read in the same run just before a group ("1 1234567" read as one run): the lone
    digit before a wide gap, keyed by the group's first digit."""
    out: dict[int, Label] = {}
    for run in runs:
        pieces = parts(run)
        for before, piece in zip(pieces, pieces[1:], strict=False):
            if len(before.digits) == 1 and before.text in form.labels and len(piece.digits) == form.size:
                out[id(piece.digits[0])] = Label(before.text, before.digits[0].box)
    return out


def label_distance(piece: Run, label: Label) -> float | None:
    """How far ``label`` stands from ``piece`` (in pixels), or None when it is not beside it:
    just above it (its centre over the group, or overhanging an end a little) or just left."""
    h = piece.glyph_h
    x0, y0, w, ph = piece.box
    lx, ly, lw, lh = label.box
    lcx, lcy = lx + lw / 2, ly + lh / 2
    overhang = max(0.0, x0 - lcx, lcx - (x0 + w))
    if (
        overhang <= REACH.label_side * h
        and ly + lh <= y0 + 0.3 * h
        and y0 - (ly + lh) <= REACH.label_above * h
    ):
        return max(0.0, y0 - (ly + lh)) + overhang
    if (
        y0 - REACH.label_rise * h <= lcy <= y0 + ph + REACH.label_rise * h
        and lx + lw <= x0 + 0.2 * h
        and x0 - (lx + lw) <= REACH.label_left * h
    ):
        return max(0.0, x0 - (lx + lw))
    return None


def label_for(piece: Run, labels: Sequence[Label]) -> Label | None:
    """The label standing nearest ``piece``, just above it or just left of it."""
    near = [(d, lab) for lab in labels if (d := label_distance(piece, lab)) is not None]
    return min(near, key=lambda x: x[0])[1] if near else None


def _windows(grid: list[list[Run]], count: int) -> list[list[Run]]:
    """Every run of consecutive rows that holds exactly ``count`` groups."""
    hits = []
    for start in range(len(grid)):
        total = 0
        for end in range(start, len(grid)):
            total += len(grid[end])
            if total >= count:
                if total == count:
                    hits.append([r for row in grid[start : end + 1] for r in row])
                break
    return hits


def _strength(h: Hypothesis) -> tuple[bool, bool]:
    """How much ``h``'s evidence says: any order at all, then labels (not the layout alone)."""
    return h.evidence is not None, h.evidence in ("letters", "numbers") and not h.contested


def arrange(runs: Sequence[Run], labels: Sequence[Label], forms: Sequence[IdForm]) -> list[Hypothesis]:
    """Every ID the arrangements make of ``runs``, top first; at one place, evidence first.

    Two arrangements that put the same digits in different orders (a row whose labels say
    otherwise) contradict each other: neither order is evidence then; nor is labels' order
    that the groups' own layout contests.  A guess that uses
    digits an ordered ID already explains is dropped.

    Two that put them in the same order are one ID, told by its strongest evidence: labels
    beside its groups say more than a wrapped run does (a list "A: 123456" one group per line
    is both), since a CID's letters tell it from an IID echoed above it (``best_cid_first``).
    """
    seen = Seen(tuple(runs), tuple(labels), tuple(forms))
    found = [h for a in ARRANGEMENTS for h in a.propose(seen)]
    unique: dict[tuple, Hypothesis] = {}
    for h in found:
        key = (h.form.name, tuple(id(d) for g in h.groups for d in g))
        if key not in unique or _strength(h) > _strength(unique[key]):
            unique[key] = h
    orders: dict[tuple, set[tuple]] = {}
    for (name, order), h in unique.items():
        if h.evidence is not None:
            orders.setdefault((name, frozenset(order)), set()).add(order)
    out = [
        h
        if h.evidence is None or (len(orders[(name, frozenset(order))]) == 1 and not h.contested)
        else replace(h, evidence=None)
        for (name, order), h in unique.items()
    ]
    # A guess made of digits that an ordered ID already explains (a grid cut from a wrapped
    # run and a number above it) is no ID of its own.
    explained = {id(d) for h in out if h.evidence is not None for g in h.groups for d in g}
    out = [
        h for h in out if h.evidence is not None or not any(id(d) in explained for g in h.groups for d in g)
    ]
    return sorted(out, key=lambda h: (round(h.top), h.evidence is None))
