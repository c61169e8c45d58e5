"""The second opinion: PP-OCR's reading of the picture, set beside Tesseract's, judged group by group.

Why only when Tesseract's reading is not complete: PP-OCR costs several times
Tesseract's fast path, and on most pictures Tesseract alone is certain.  When
it is not, PP-OCR is used two ways (the benchmark decided: both help):

- *at Tesseract's groups*: the digits PP-OCR read inside each group's box are
  a second, independent reading of that group; where both engines agree the
  group is certain, and the order is Tesseract's (already proven);
- *its own candidates*: one run of the ID's length on one line, a run wrapped
  onto the following lines, or groups each labelled 1-9 / A-H; each group is
  then judged with Tesseract's reading at the same place, if any.

Everything is judged by ``ocr.arbitrate``; the candidate with every group
certain (else the most certain groups) wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from activation.ids import NOT_IDS, PHONE_NUMBER, IdForm, group_is_valid

from . import arbitrate, arrangements, engine, ppocr
from .arbitrate import NEIGHBOURS, Reading, Verdict
from .arrangements import Digit, Label, Run
from .layout import Box, intersection, union
from .regions import line_slope, struck
from .result import BoxInt, Group, OtherId, Result, standing, whole

# Tunables, in units of the characters' height (the arrangements' own are in ocr.arrangements).
CELL_PAD = 0.35  # a group's box widened by this much on each side to take PP-OCR's characters in it
MIN_RUN_ABOVE = 10  # digits: longer than any product ID, GUID or date piece
CROP_PAD_Y = 4.0  # PP-OCR reads around Tesseract's groups: this many group heights above and below
CROP_PAD_X = 0.25  # ... and this share of their width on each side
TESS_PAD = 0.15  # Tesseract re-reads a PP-OCR group on its box widened by this many heights
TESS_HEIGHT = 32.0  # ... scaled to this glyph height (pixels), where its LSTM reads best
BORDER = 8  # pixels of its edge replicated around that crop (Tesseract misreads ink at the very edge)
BAND_BLANK = 0.02  # a row of that crop with ink in less than this share of its width is empty
BAND_PAD = 2  # pixels kept above and below the band of ink Tesseract reads
MIN_VALID_GROUPS = 5  # a proposal is an ID at all only with this many check digits holding
QUICK_PAD = 0.8  # Tesseract's doubtful groups read by PP-OCR first, on their lines' boxes widened by this many heights
ABOVE_PAD = 0.6  # a line above the IID is read by PP-OCR on its box widened by this many heights
# Glyphs (pixels) at least this tall in the detector's input, shrunk or not, are all found:
# a crop read so counts as read whole (its rows above the IID are not read again).  Shrunk
# to 8 px, a console's IID line went unfound (ocr.ppocr.det_side).
DET_GLYPH_PX = 16
LABEL_ABOVE = (1.7, 0.1)  # a group's label is read from this many group heights above it down to this
LABEL_SIDE = 0.6  # ... from this many heights left of the group over its first this share of its width
LABEL_PAD = 0.4  # the label read on its ink's box widened by this share of the ink's height
LABEL_LEFT = 2.5  # ... or, none there, from this many group heights left of it, over its height
LABEL_LEFT_PAD = 0.5  # ... widened by this many group heights above and below (a smaller label sits lower)
LABEL_GLYPH = (0.4, 1.1)  # a label left of a group is one blob this tall, in the group's glyph heights
LABEL_TRIES = 3  # ... and one of the blobs of that height nearest to the group
LABEL_SURE = 0.9  # ... read this surely (pieces of the box's border read as "2" or "C" less so)
LABELS_IMPLIED = 1 / 3  # at most this share of a grid's labels unread, each implied by its place
SPECK = 0.25  # ink less tall than this share of a group's box is a speck: no glyph of it, no label
TOUCH = 0.25  # a digit-like letter joins a run when no further from a digit than this many line heights
# Letters PP-OCR reads for a digit whose edge touches a drawn box, a caret or the cursor
# ("ID:B961..." for a red box's border on the "8"), and the digit each stands for.
STANDS_FOR = {"B": "8", "O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "Z": "2"}


@dataclass(frozen=True)
class Proposal:
    """An ID PP-OCR's lines make, in an order the layout vouches for (or not)."""

    form: IdForm
    groups: tuple[tuple[ppocr.Char, ...], ...]
    how: str
    in_order: bool

    @property
    def top(self) -> float:
        return min(c.box[1] for g in self.groups for c in g)

    @property
    def valid_groups(self) -> int:
        return sum(group_is_valid("".join(c.text for c in g)) for g in self.groups)


LABEL_TRIM = " :.()（）："


def _char_box(chars: list[ppocr.Char]) -> Box:
    return union([c.box for c in chars])


def _touching_digits(chars: tuple[ppocr.Char, ...], labels: str) -> list[ppocr.Char]:
    """``chars`` with a digit-like letter that touches a digit, and no other letter, read as
    that digit at confidence 0: PP-OCR alone never vouches for it, Tesseract must agree.
    A group's own label (the CID's "B" and "D") stays a label."""
    out = list(chars)

    def letter(k: int) -> bool:
        return 0 <= k < len(chars) and chars[k].text.isalpha()

    for i, c in enumerate(chars):
        if c.text not in STANDS_FOR or c.text in labels or letter(i - 1) or letter(i + 1):
            continue
        for j in (i - 1, i + 1):
            if not (0 <= j < len(chars) and chars[j].text.isdigit()):
                continue
            a, b = sorted((c.box, chars[j].box))
            if b[0] - (a[0] + a[2]) <= TOUCH * max(c.box[3], chars[j].box[3]):
                out[i] = ppocr.Char(STANDS_FOR[c.text], 0.0, c.box)
    return out


def _slope(chars: tuple[ppocr.Char, ...]) -> float:
    """The slope (dy/dx) of the line ``chars`` stand on, from their centres (0 for fewer than 3).

    Why: on a rolled photo PP-OCR's character boxes follow the line, but its line box is
    upright; without the slope, a wrapped line's start stands in the same row as the end of
    the line above it, and a row of groups put together in that order passes every check digit.
    """
    return line_slope(np.array([(c.box[0] + c.box[2] / 2, c.box[1] + c.box[3] / 2) for c in chars]))


def runs_of(lines: list[ppocr.Line], label_chars: str) -> tuple[list[Run], list[Label]]:
    """PP-OCR's lines as the arrangements see them: every run of digits (with a label read just
    before it on its line, and whether it starts or ends its line), and the labels standing alone."""
    runs: list[Run] = []
    alone: list[Label] = []
    for n, line in enumerate(lines):
        text = line.text.strip(LABEL_TRIM)
        if len(text) == 1 and text in label_chars:
            alone.append(Label(text, line.box))
        run: list[ppocr.Char] = []
        before: list[ppocr.Char] = []
        chars = _touching_digits(line.chars, label_chars)
        slope = _slope(line.chars)
        for c in [*chars, ppocr.Char(" ", 0.0, (0, 0, 0, 0))]:
            if c.text.isdigit():
                run.append(c)
                continue
            if run:
                said = [x for x in before if x.text not in LABEL_TRIM]
                label = None
                if len(said) == 1 and said[0].text in label_chars:
                    label = Label(said[0].text, said[0].box)
                runs.append(
                    Run(
                        tuple(Digit(x, x.box) for x in run),
                        float(np.median([x.box[3] for x in run])),
                        starts_line=run[0] is chars[0],
                        ends_line=run[-1] is chars[-1],
                        label=label,
                        slope=slope,
                        source=n,
                    )
                )
                run = []
                before = []
            if c.text != "-":
                before = [*before, c][-3:]
    return runs, alone


def proposals(lines: list[ppocr.Line], kind: str) -> list[Proposal]:
    """The IDs PP-OCR's lines make by the screen arrangements, top first, certain in order or not."""
    forms = arrangements.FORMS_READ[kind]
    chars = "".join(sorted({lab for f in forms for lab in f.labels}))
    runs, labels = runs_of(lines, chars)
    return [
        Proposal(
            h.form,
            tuple(tuple(d.item for d in g) for g in h.groups),
            h.evidence or "grid",
            h.evidence is not None,
        )
        for h in arrangements.arrange(runs, labels, forms)
    ]


def reading_at(box: Box, lines: list[ppocr.Line]) -> Reading:
    """PP-OCR's digits inside ``box`` (one line's worth, left to right)."""
    x, y, w, h = box
    pad = CELL_PAD * h
    best: list[ppocr.Char] = []
    for line in lines:
        inside = [
            c
            for c in line.chars
            if c.text.isdigit()
            and x - pad <= c.box[0] + c.box[2] / 2 <= x + w + pad
            and y <= c.box[1] + c.box[3] / 2 <= y + h
        ]
        if len(inside) > len(best):
            best = inside
    if not best:
        return Reading("ppocr", "")
    return Reading("ppocr", "".join(c.text for c in best), round(min(c.conf for c in best), 3))


def _padded(grey: np.ndarray, box: Box, pad_x: float, pad_y: float) -> tuple[int, int, int, int]:
    """``box`` widened by ``pad_x`` / ``pad_y`` pixels on each side, within the picture: x0, y0, x1, y1."""
    x, y, w, h = box
    return (
        int(max(0, x - pad_x)),
        int(max(0, y - pad_y)),
        int(min(grey.shape[1], x + w + pad_x)),
        int(min(grey.shape[0], y + h + pad_y)),
    )


def _dark_ink(crop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``crop`` made dark on light (either polarity comes in), and its ink as 0/1 (Otsu)."""
    import cv2

    if float(np.median(crop)) < 128:
        crop = 255 - crop
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return crop, ink


def _line_band(ink: np.ndarray) -> tuple[int, int]:
    """The rows (top, bottom) of the band of ink around the middle of ``ink`` (0/1), between
    empty rows: the line a crop was made for, without its neighbours' ink (0, 0 when none)."""
    blank = ink.sum(axis=1) <= BAND_BLANK * ink.shape[1]
    inked = np.flatnonzero(~blank)
    if not len(inked):
        return 0, 0
    top = bottom = int(inked[np.argmin(np.abs(inked - len(blank) // 2))])
    while top > 0 and not blank[top - 1]:
        top -= 1
    while bottom < len(blank) - 1 and not blank[bottom + 1]:
        bottom += 1
    return top, bottom + 1


def tess_at(grey: np.ndarray, box: Box) -> Reading:
    """Tesseract's reading of the digits in ``box`` alone: the other engine, on PP-OCR's crop."""
    import cv2

    x, y, w, h = box
    x0, y0, x1, y1 = _padded(grey, box, TESS_PAD * h, TESS_PAD * h)
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0 or h <= 0:
        return Reading("tesseract", "")
    crop, ink = _dark_ink(crop)  # Tesseract wants dark on light
    # PP-OCR's boxes are a line's height with room around it: the ink's own height sets the scale.
    top, bottom = _line_band(ink)
    if bottom > top:
        # A console's lines stand close: the crop takes in the feet of the line above and the
        # tops of the line below, and Tesseract then reads nothing at all.
        crop = crop[max(0, top - BAND_PAD) : bottom + BAND_PAD]
        ink = ink[top:bottom]
    rows = np.flatnonzero(ink.sum(axis=1) > 0.05 * crop.shape[1])
    ink_h = float(rows[-1] - rows[0] + 1) if len(rows) else h
    fit = TESS_HEIGHT / max(4.0, min(ink_h, h))
    crop = cv2.resize(
        crop, None, fx=fit, fy=fit, interpolation=cv2.INTER_CUBIC if fit > 1 else cv2.INTER_AREA
    )
    crop = cv2.copyMakeBorder(crop, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_REPLICATE)
    try:
        words = engine.read(crop, psm=engine.PSM.SINGLE_LINE, whitelist=engine.DIGITS)
    except engine.EngineError:
        return Reading("tesseract", "")
    syms = [s for w in words for s in w.symbols if s.text.isdigit()]
    if not syms:
        return Reading("tesseract", "")
    # A glyph cut by the crop's edge is drawn on into the replicated border.
    cut = (syms[0].box[0] < BORDER, syms[-1].box[0] + syms[-1].box[2] > crop.shape[1] - BORDER)
    text = "".join(s.text for s in syms)
    return Reading("tesseract", text, round(min(s.conf for s in syms) / 100, 3), cut_ends=cut)


def in_context(tess: Reading, whole: str, start: int, size: int) -> Reading:
    """One engine's reading of a group's place, cut back to the group when it also took in
    digits of the groups beside it and those match ``whole`` there (the other engine's reading
    of the ID); up to ``NEIGHBOURS`` of them when the outermost may be a glyph cut at the edge.

    Why: PP-OCR's character boxes are its line's box cut in equal parts, and Tesseract's
    are rough too, so a crop or a box around a group often reaches into its neighbours
    ("31963138" for "3196313"); the digits around it are known, and a reading that matches
    them there is a reading of this group.
    """
    text = tess.text
    if len(text) <= size:
        return tess
    # Every digit it took in beyond the group read as the other engine read it there: that
    # many matching digits fix the place, however far the rough boxes reached (PP-OCR's row of
    # a photographed console gave "41220007365147" for "0073651", between "0141220" and "4735566").
    exact = [
        at for at in range(max(0, start + size - len(text)), start + 1) if whole[at : at + len(text)] == text
    ]
    places = [
        at
        for at in range(max(0, start - NEIGHBOURS), start + 1)
        if start + size <= at + len(text) <= start + size + NEIGHBOURS and len(whole[at:]) >= len(text)
    ]
    # A neighbour's glyph cut by the crop's edge reads as anything ("1" for a cut "4"): the
    # outermost digit on a side where the reading met the edge may differ, never one of the
    # group's own.  Taken only when one place fits, so the digits inside still fix where the
    # group stands; a whole glyph that differs is a sign of a wrong place, and is left alone.
    left, right = tess.cut_ends
    cut = [
        at
        for at in places
        if _same_but_cut_ends(
            text, whole[at : at + len(text)], left and at < start, right and at + len(text) > start + size
        )
    ]
    if exact or len(cut) == 1:
        return Reading(tess.engine, text[start - (exact or cut)[0] :][:size], tess.confidence, tess.agreed)
    return tess


def _same_but_cut_ends(text: str, there: str, left_out: bool, right_out: bool) -> bool:
    """``text`` equals ``there`` but for its first digit when ``left_out`` (that digit is a
    neighbour's) and its last when ``right_out``."""
    last = len(text) - 1
    return all(
        a == b or (k == 0 and left_out) or (k == last and right_out)
        for k, (a, b) in enumerate(zip(text, there, strict=True))
    )


def _joined(parts: list[Reading]) -> Reading:
    """One engine's readings of a group's rows (one or more), one after the other: the group's
    reading, as sure as its least sure row, its ends those of the first and the last row."""
    return Reading(
        parts[0].engine,
        "".join(p.text for p in parts),
        min(p.confidence for p in parts),
        cut_ends=(parts[0].cut_ends[0], parts[-1].cut_ends[1]),
    )


def _box_int(box: Box) -> BoxInt:
    x, y, w, h = (int(round(b)) for b in box)
    return (x, y, w, h)


def _group(label: str, v: Verdict, box: Box, boxes: tuple[BoxInt, ...] | None = None) -> Group:
    return Group(
        label,
        v.text,
        v.certain,
        v.confidence,
        _box_int(box),
        v.repaired,
        None if v.certain else v.reason,
        boxes,
    )


def recheck(first: Result, lines: list[ppocr.Line]) -> Result:
    """Tesseract's ``first`` result with every group judged again beside PP-OCR's reading there."""
    form = _form(first.form)
    groups = []
    verdicts = []
    # Tesseract's box of a group is rough: PP-OCR's digits in it may take in a neighbour's
    # first or last digit; they are cut back where they match Tesseract's digits there.
    whole = "".join(r.text for r in first.readings)
    sized = all(len(r.text) == form.size for r in first.readings)
    for k, (g, tess) in enumerate(zip(first.groups, first.readings, strict=True)):
        # One reading per row: a group whose line was read in pieces (a caret or a dropped digit
        # between them) has a box per piece, and PP-OCR's rough character boxes at a piece's
        # edge fall into the wrong one.
        parts = [reading_at(b, lines) for b in _rows(list(g.boxes or (g.box,)))]
        pp = _joined(parts)
        if sized:
            pp = in_context(pp, whole, k * form.size, form.size)
        v = arbitrate.judge(form.size, [tess, replace(pp, struck=tess.struck)])
        verdicts.append(v)
        groups.append(_group(g.label, v, g.box, g.boxes))
    in_order = bool(first.order_certain)
    done = arbitrate.complete(form.length, verdicts, in_order)
    digits = "".join(v.text for v in verdicts)
    return replace(
        first,
        digits=digits if len(digits) == form.length else None,
        complete=done,
        groups=tuple(groups),
        engines=("tesseract", "ppocr"),
    )


def _form(name: str | None) -> IdForm:
    return {f.name: f for forms in arrangements.FORMS_READ.values() for f in forms}[name or ""]


def judge_proposal(prop: Proposal, first: Result, kind: str, grey: np.ndarray | None = None) -> Result:
    """One of PP-OCR's own IDs, each group judged with Tesseract's reading at the same place."""
    tess_boxes = [(g.box, r) for g, r in zip(first.groups, first.readings, strict=True)]
    verdicts = []
    groups = []
    whole = "".join(c.text for g in prop.groups for c in g)
    for k, (label, chars) in enumerate(zip(prop.form.labels, prop.groups, strict=True)):
        box = union([c.box for c in chars])
        pp = Reading(
            "ppocr",
            "".join(c.text for c in chars),
            round(min(c.conf for c in chars), 3),
            struck=grey is not None and struck(grey, box),
        )
        area = box[2] * box[3]
        same = [r for b, r in tess_boxes if area and intersection(box, b) >= 0.5 * min(area, b[2] * b[3])]
        v = arbitrate.judge(prop.form.size, [pp, *same[:1]])
        # A group wrapped onto the next line is read by Tesseract line by line: one crop of
        # both lines reads as nothing.
        rows = _rows([c.box for c in chars])
        # A reading of another length is no reading of this group: Tesseract cut the line into
        # groups of another form (a 54-digit IID in VAMT's list, cut in sevens).
        if not v.certain and not any(len(r.text) == prop.form.size for r in same) and grey is not None:
            tess = in_context(
                _joined([tess_at(grey, row) for row in rows]), whole, k * prop.form.size, prop.form.size
            )
            v = arbitrate.judge(prop.form.size, [pp, tess])
        verdicts.append(v)
        boxes = tuple(_box_int(row) for row in rows) if len(rows) > 1 else None
        groups.append(_group(label, v, box, boxes))
    in_order = arbitrate.order_certain(prop.how, prop.in_order)
    digits = "".join(v.text for v in verdicts)
    return Result(
        kind,
        digits=digits if len(digits) == prop.form.length else None,
        complete=arbitrate.complete(prop.form.length, verdicts, in_order),
        form=prop.form.name,
        order_certain=in_order,
        layout=prop.how,
        groups=tuple(groups),
        candidates=(),
        engines=("ppocr", "tesseract") if any(r.text for _, r in tess_boxes) else ("ppocr",),
    )


def _run_above(
    lines: list[ppocr.Line], prop_top: float, chars: set[int], own: tuple[ppocr.Box, ...] = ()
) -> bool:
    """A long run of digits above the chosen IID that is not part of it: it may be the wanted one.

    Above by its middle: PP-OCR's line boxes are taller than the glyphs, and the boxes of
    two rows of a list (VAMT's) overlap.  Or above the line through the IID's own characters
    (``own``, their boxes), where the two rows stand: on a turned picture the boxes of a
    list's rows are each as tall as the turn makes them, and the first row's middle stood
    below the second row's top.  A run is explained only when all of its digits are
    (``_explained``: a PID, a GUID, a telephone number): a run that merely ends in a PID's
    tail may still be an ID.
    """
    runs, _ = runs_of(lines, "")
    explained = {k for line in lines for k in _explained(line)}
    for r in runs:
        ids = {id(d.item) for d in r.digits}
        if (
            len(r.digits) >= MIN_RUN_ABOVE
            and (r.box[1] + r.box[3] / 2 < prop_top or _above_line([d.box for d in r.digits], own))
            and not ids & chars
            and not ids <= explained
        ):
            return True
    return False


def _above_line(boxes: list[ppocr.Box], own: tuple[ppocr.Box, ...]) -> bool:
    """True when the middles of ``boxes`` stand, by their median, more than half a character's
    height above the straight line through the middles of ``own`` (False with fewer than two)."""
    if len(own) < 2 or not boxes:
        return False
    mids = np.array([(b[0] + b[2] / 2, b[1] + b[3] / 2) for b in own])
    slope = line_slope(mids)  # the least-squares line passes through the middles' mean
    mx, my = mids.mean(axis=0)
    h = float(np.median([b[3] for b in own]))
    off = [b[1] + b[3] / 2 - (my + slope * (b[0] + b[2] / 2 - mx)) for b in boxes]
    return float(np.median(off)) < -0.5 * h


def _explained(line: ppocr.Line) -> set[int]:
    """The ids of ``line``'s characters that spell an Extended PID, a GUID or a telephone
    number: explained, no IID.

    Why: PP-OCR's characters leave out the spaces its text has, so a PID whose dashes it read
    as spaces ("07350-02859 437 415305 03 1041 7601.0000 3532019") is one run of 24 digits;
    and a GUID's last group can hold a long run of digits ("...-73519255744f").
    """
    found = [m for pattern in (*NOT_IDS, PHONE_NUMBER) for m in pattern.finditer(line.text)]
    at = [k for k, ch in enumerate(line.text) if not ch.isspace()]
    if not found or len(at) != len(line.chars):
        return set()  # the characters do not line up with the text: nothing is explained
    char_at = dict(zip(at, line.chars, strict=True))
    return {id(char_at[k]) for m in found for k in range(m.start(), m.end()) if k in char_at}


def _covers(prop: Proposal, run: BoxInt | None) -> bool:
    """True when ``prop`` is the run of digits Tesseract saw at ``run`` and could not read: at
    least ``MIN_RUN_ABOVE`` of its digits stand in that box (widened by half a line's height).

    Why: an unread run above an IID keeps the IID below from being complete, because the first
    ID on the page is the one wanted; when PP-OCR reads that very run as an ID, the doubt is
    answered by that ID, judged group by group like any other.
    """
    if run is None:
        return False
    x, y, w, h = run
    pad = h / 2
    inside = sum(
        x - pad <= c.box[0] + c.box[2] / 2 <= x + w + pad
        and y - pad <= c.box[1] + c.box[3] / 2 <= y + h + pad
        for g in prop.groups
        for c in g
    )
    return inside >= MIN_RUN_ABOVE


def _below_first(top: float, first: Result) -> bool:
    """True when an IID starting at ``top`` stands below Tesseract's first plausible IID.

    Why: the first IID on the page is the one wanted (VAMT's selected row, Windows before
    the add-on on ``/dlv``); a later one PP-OCR reads whole never stands in for it.
    """
    boxes = _passing(first)
    if len(boxes) < MIN_VALID_GROUPS:
        return False
    h = float(np.median([b[3] for b in boxes]))
    return top > min(b[1] for b in boxes) + h


def _placed(first: Result) -> list[Box]:
    """The boxes of Tesseract's groups when they show where an ID stands: at least
    ``MIN_VALID_GROUPS`` of them pass their check digits unrepaired (else none).

    Why: groups that pass no better than chance are pieces of other numbers; on a small
    /dlv box whose IID Tesseract could not read at all, they were the GUIDs' and the
    Extended PID's digits, and PP-OCR, reading around them, saw the IID's line cut short.
    """
    if len(_passing(first)) < MIN_VALID_GROUPS:
        return []
    return [g.box for g in first.groups if g.box[2] > 0]


def _passing(first: Result) -> list[Box]:
    """The boxes of Tesseract's groups that pass their check digits as read.

    Groups repaired into passing are no evidence of an ID there (pieces of an Extended PID
    above a notes file's IID were, put in a grid with the IID's own groups).
    """
    return [
        g.box
        for g in first.groups
        if g.box[2] > 0 and g.box[3] > 0 and group_is_valid(g.text) and not g.repaired
    ]


def _around(grey: np.ndarray, first: Result) -> tuple[np.ndarray, tuple[int, int]]:
    """The part of ``grey`` around Tesseract's groups (all of it when they show no ID: ``_placed``),
    and its offset.

    Why: PP-OCR's recognition costs per line; around the groups there are few lines, and
    the detector sees them at the picture's own resolution instead of a shrunk whole.
    """
    boxes = _placed(first)
    if not boxes:
        return grey, (0, 0)
    gh = float(np.median([b[3] for b in boxes]))
    # The run of digits above that Tesseract could not read is read too: it may be the first ID.
    around = union(boxes + ([first.run_above_box] if first.run_above_box else []))
    x0, y0, x1, y1 = _padded(grey, around, CROP_PAD_X * around[2], CROP_PAD_Y * gh)
    return grey[y0:y1, x0:x1], (x0, y0)


def _lines_in(
    grey: np.ndarray, first: Result, area: BoxInt | None, kind: str
) -> tuple[list[ppocr.Line], BoxInt | None]:
    """PP-OCR's lines around Tesseract's groups; with none that show an ID (``_placed``), in
    ``area`` first when given.  And the part of ``grey`` read (x, y, w, h) when the detector
    saw it at its own resolution (None when shrunk: small text there may have gone unfound).

    Why ``area``: on a large desktop's screenshot, a small dialog's text comes out at a few
    pixels in the detector's input of the whole picture; ``area`` (close_look's) holds it at
    its own size.  The whole picture is read when nothing there makes a proposal.
    """
    enough = _first_iid_whole(first) if kind == "iid" else None
    if area is not None and not _placed(first):
        x, y, w, h = area
        x0, y0 = max(0, x), max(0, y)
        crop = grey[y0 : y + h, x0 : x + w]
        lines = ppocr.read(crop, (x0, y0), enough)
        if any(p.valid_groups >= MIN_VALID_GROUPS for p in proposals(lines, kind)):
            return lines, _whole_read(crop, (x0, y0), lines)
    crop, offset = _around(grey, first)
    lines = ppocr.read(crop, offset, enough)
    return lines, _whole_read(crop, offset, lines)


def _first_iid_whole(first: Result) -> Callable[[list[ppocr.Line]], bool]:
    """For ``ppocr.read``: True once the lines read, top first, make an IID with every check
    digit holding, and reach below Tesseract's groups (``first``), which are judged on them.

    Why: only the first IID on the page is judged (``second_opinion``), with the lines
    above it; the lines below it (ten on a /dlv console: the licence's state, its URLs)
    cost their recognition for nothing.
    """
    bottom = max((g.box[1] + g.box[3] for g in first.groups if g.box[3] > 0), default=0)

    def enough(lines: list[ppocr.Line]) -> bool:
        if not lines or lines[-1].box[1] < bottom:
            return False
        return any(p.valid_groups == p.form.groups for p in proposals(lines, "iid"))

    return enough


def _whole_read(crop: np.ndarray, offset: tuple[int, int], lines: list[ppocr.Line]) -> BoxInt | None:
    """``crop``'s box in the picture when PP-OCR's detector reads it at its own size, or shrunk
    with the glyphs of the ``lines`` it found there still ``DET_GLYPH_PX`` tall or more; else
    None.  The glyphs' height is taken as half the lowest line box's: PP-OCR's boxes stand
    about twice as tall as their glyphs, and a long line's box on a turned photo far more.

    Why shrunk too: a phone photo of a console (1440 x 1080) is shrunk to 0.77 for the
    detector, and every row above the IID was then read again at full size (2.7 s of its
    10 s).  The detector only finds the lines; they are recognised on the picture's own
    pixels, whatever the shrink.
    """
    h, w = crop.shape[:2]
    shrink = ppocr.det_side(h, w) / max(h, w)
    glyph = 0.5 * min(line.box[3] for line in lines) if lines else 0.0
    if shrink < 1 and shrink * glyph < DET_GLYPH_PX:
        return None
    return (offset[0], offset[1], w, h)


def _rows(boxes: list[Box]) -> list[Box]:
    """``boxes`` joined into one box per row (boxes whose vertical middles lie inside each other).

    Why rows: PP-OCR's recognition costs per line it reads, and a line of groups read once
    costs little more than one group read alone.
    """
    rows: list[Box] = []
    for b in sorted(boxes, key=lambda b: b[1] + b[3] / 2):
        mid = b[1] + b[3] / 2
        last = rows[-1] if rows else None
        if last is not None and last[1] <= mid <= last[1] + last[3]:
            rows[-1] = union([last, b])
        else:
            rows.append(b)
    return rows


def quick_recheck(grey: np.ndarray, first: Result) -> Result | None:
    """Tesseract's result with the rows of its doubtful groups read by PP-OCR, on small crops of
    those rows; None unless that makes it complete.

    Why: most doubts are groups of an ID whose order is already certain, read right by
    Tesseract but not confidently enough to stand alone; PP-OCR reading the rows of those
    groups costs a fraction of its reading of the whole region (which holds the lines around
    the ID too), and the rules are the same (both engines must read the same valid digits there).
    """
    if first.run_above or not (first.groups and first.form and first.order_certain):
        return None
    doubtful = [b for g in first.groups if not g.valid for b in (g.boxes or (g.box,))]
    if not doubtful:
        return None
    lines: list[ppocr.Line] = []
    # The doubtful groups' rows whole: PP-OCR reads the row's other groups for little more, and
    # they stood on one engine's word (one read 1994131 as 1994333 at 0.933, the check digit held).
    for row in _rows([b for g in first.groups for b in (g.boxes or (g.box,))]):
        inside = [b[3] for b in doubtful if row[1] <= b[1] + b[3] / 2 <= row[1] + row[3]]
        if not inside:
            continue
        h = min(inside)
        x0, y0, x1, y1 = _padded(grey, row, QUICK_PAD * h, QUICK_PAD * h)
        if x1 > x0 and y1 > y0:
            lines += ppocr.read(grey[y0:y1, x0:x1], (x0, y0))
    result = recheck(first, lines)
    return result if result.complete else None


def clear_above(
    grey: np.ndarray, result: Result, lines: tuple[BoxInt, ...], known: tuple[ppocr.Line, ...] = ()
) -> Result:
    """``result`` when PP-OCR reads no long run of digits on ``lines`` (above its groups), nor
    among the lines it has ``known`` (read before), else a doubt: the first IID on the page is
    the one wanted, and one of them may be it."""
    read: list[ppocr.Line] = list(known)
    for x0, y0, x1, y1 in _overlaps_joined([above_crop(grey, box) for box in lines]):
        if x1 > x0 and y1 > y0:
            read += ppocr.read(grey[y0:y1, x0:x1], (x0, y0))
    top = min(g.box[1] for g in result.groups)
    if _run_above(read, top, set()) or _groups_above(read, top):
        return replace(result, complete=False, run_above=True)
    return result


def above_crop(grey: np.ndarray, box: BoxInt) -> tuple[int, int, int, int]:
    """The part of ``grey`` (x0, y0, x1, y1) PP-OCR reads for a line ``box`` above an answer."""
    return _padded(grey, box, 2 * ABOVE_PAD * box[3], ABOVE_PAD * box[3])


def _overlaps_joined(crops: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """``crops`` (x0, y0, x1, y1), any two that overlap joined into their union until none
    does, top to bottom.

    Why: the rows above an answer on a photo come in many overlapping bands (its noise makes
    line after line); read one by one, the same pixels were read up to twenty times (14 s for
    one /dti photo), where their union is read once.
    """
    out = list(crops)
    k = 0
    while k < len(out):
        x0, y0, x1, y1 = out[k]
        other = next(
            (
                j
                for j, (a0, b0, a1, b1) in enumerate(out)
                if j != k and x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1
            ),
            None,
        )
        if other is None:
            k += 1
            continue
        a0, b0, a1, b1 = out.pop(other)
        out[k if other > k else k - 1] = (min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1))
        k = 0
    return sorted(out, key=lambda c: c[1])


def _groups_above(lines: list[ppocr.Line], top: float) -> bool:
    """True when a line above ``top`` holds ``MIN_VALID_GROUPS`` numbers of an IID group's size
    whose check digits hold: an IID printed in groups ("4131531/5232565/..."), each too short
    to count as a run.  Random numbers pass one time in seven; an Extended PID's pieces are of
    other sizes but two."""
    sizes = {f.size for f in arrangements.FORMS_READ["iid"]}
    for line in lines:
        _, y, _, h = line.box
        if y + h / 2 >= top:
            continue
        numbers = re.findall(r"\d+", line.text)
        if sum(len(n) in sizes and group_is_valid(n) for n in numbers) >= MIN_VALID_GROUPS:
            return True
    return False


def group_labels(grey: np.ndarray, first: Result) -> list[str | None]:
    """The label PP-OCR reads just above each of the groups of ``first``, or else just left of
    it (None where it reads none of the ID's labels there).

    Why: a grid whose labels neither engine read on the page (small grey letters on a photo)
    is only a guess; read on its own small crop, tight around its ink, a label is often plain.
    Left: the portal's boxes 1-9 stand three by three, each number left of its box; the place
    above a box of the second row holds at most a speck of the first row's, once read "2".
    """
    labels = _form(first.form).labels
    out: list[str | None] = []
    for g in first.groups:
        x, y, w, h = g.box
        box = (
            x - LABEL_SIDE * h,
            y - LABEL_ABOVE[0] * h,
            LABEL_SIDE * (w + h),
            (LABEL_ABOVE[0] - LABEL_ABOVE[1]) * h,
        )
        x0, y0, x1, y1 = _padded(grey, box, 0, 0)
        ink = _ink_box(grey[y0:y1, x0:x1]) if x1 - x0 >= 4 and y1 - y0 >= 4 else None
        text = ""
        if ink is not None and ink[3] >= SPECK * h:
            text = _label_at(grey, (x0 + ink[0], y0 + ink[1], ink[2], ink[3]))
        if text not in labels:
            text = _label_left(grey, labels, g.box)
        out.append(text if len(text) == 1 and text in labels else None)
    return out


def _label_at(grey: np.ndarray, ink: Box, sure: float = 0.0) -> str:
    """PP-OCR's reading of the label whose ink is ``ink`` (a box in ``grey``), upper case; ""
    when it is less ``sure`` of it than that."""
    pad = max(2, int(LABEL_PAD * ink[3]))
    x0, y0, x1, y1 = _padded(grey, ink, pad, pad)
    text, conf = ppocr.read_text(grey[y0:y1, x0:x1])
    return text.strip(LABEL_TRIM).upper() if conf >= sure else ""


def _label_left(grey: np.ndarray, labels: tuple[str, ...], box: Box) -> str:
    """The label left of the group in ``box``: of the blobs that stand about as tall as its
    glyphs, the nearest to it that reads as one of ``labels`` ("" when none does).

    Why blobs of about the glyphs' height: between a label and its group stands the box the
    group is typed in, whose border runs taller than the glyphs; a label is one glyph.  Why
    the nearest that reads surely as a label: on a photo that border comes in pieces, and a
    piece can be as tall as a glyph.
    """
    import cv2

    x, y, w, h = box
    gx0, gy0, gx1, gy1 = _padded(grey, box, 0, 0)
    x0, y0, x1, y1 = _padded(grey, (x - LABEL_LEFT * h, y, LABEL_LEFT * h, h), 0, LABEL_LEFT_PAD * h)
    if min(gx1 - gx0, gy1 - gy0, x1 - x0, y1 - y0) < 4:
        return ""
    # The group's glyph height: the median blob's, of those not mere specks (a photo's noise)
    # or pieces of the box it stands in.
    _, ink = _dark_ink(grey[gy0:gy1, gx0:gx1])
    heights = cv2.connectedComponentsWithStats(ink, connectivity=8)[2][1:, cv2.CC_STAT_HEIGHT]
    heights = heights[heights >= SPECK * (gy1 - gy0)]
    if not len(heights):
        return ""
    low, high = (f * float(np.median(heights)) for f in LABEL_GLYPH)
    _, ink = _dark_ink(grey[y0:y1, x0:x1])
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = [
        (int(left), int(top), int(bw), int(bh))
        for left, top, bw, bh, _ in stats[1:]
        if low <= bh <= high and bw <= high and top > 0 and top + bh < y1 - y0
    ]
    for left, top, bw, bh in sorted(blobs, key=lambda b: -(b[0] + b[2]))[:LABEL_TRIES]:
        text = _label_at(grey, (x0 + left, y0 + top, bw, bh), LABEL_SURE)
        if text in labels:
            return text
    return ""


def _tilt_of(boxes: list[BoxInt]) -> float:
    """The slope of the rows ``boxes`` stand in: median over each box and its right neighbour."""
    slopes = []
    for x, y, w, h in boxes:
        right = [b for b in boxes if b[0] > x + w / 2 and abs(b[1] - y) < h]
        if right:
            nx, ny, _, _ = min(right, key=lambda b: b[0])
            slopes.append((ny - y) / max(1, nx - x))
    return float(np.median(slopes)) if slopes else 0.0


def _where(g: Group) -> tuple[float, float, float]:
    x, y, w, h = g.box
    return x + w / 2, y + h / 2, h


def _implied_labels(
    groups: tuple[Group, ...], labels: list[str | None], names: tuple[str, ...]
) -> list[str] | None:
    """``labels`` (one per group, None where none was read) with those not read implied by
    their group's place in reading order; None unless every label read stands at its own
    place in that order, no more than ``LABELS_IMPLIED`` of them are missing, and no two
    missing ones are neighbours in that order.

    Why: glare on a photo of the 3 x 3 grid washed out the numbers 1, 4 and 7 left of its
    boxes; the six read, each at its place row by row, prove the order, and each missing
    one stands between two of them.
    """
    read = [lab for lab in labels if lab]
    missing = len(labels) - len(read)
    if not 0 < missing <= len(names) * LABELS_IMPLIED or len(set(read)) != len(read):
        return None
    tilt = _tilt_of([g.box for g in groups])
    order = [
        k for row in arrangements.rows(range(len(groups)), lambda k: _where(groups[k]), tilt) for k in row
    ]
    placed = [labels[k] for k in order]
    if any(lab is not None and lab != names[at] for at, lab in enumerate(placed)):
        return None
    if any(a is None and b is None for a, b in zip(placed, placed[1:], strict=False)):
        return None
    out: list[str] = [""] * len(labels)
    for at, k in enumerate(order):
        out[k] = names[at]
    return out


def by_labels(grey: np.ndarray, first: Result) -> Result | None:
    """An unordered grid (Tesseract's, or one PP-OCR proposed) put in the order of the labels
    PP-OCR reads beside its groups (``group_labels``); None unless every label is read once
    (or a few are implied by their places, ``_implied_labels``) and the groups in that order
    stand in reading order row by row (every labelled screen puts them so: a misread label
    then proves nothing)."""
    form = _form(first.form)
    if first.readings and len(first.readings) != len(first.groups):
        return None  # its readings do not go with its groups: nothing to put in order with them
    labels = group_labels(grey, first)
    if sorted(lab or "" for lab in labels) != sorted(form.labels):
        implied = _implied_labels(first.groups, labels, form.labels)
        if implied is None:
            return None
        labels = implied
    order = [labels.index(lab) for lab in form.labels]
    groups = [first.groups[k] for k in order]
    if not arrangements.in_reading_order(groups, _where, _tilt_of([g.box for g in groups])):
        return None
    groups = [replace(g, label=lab) for g, lab in zip(groups, form.labels, strict=True)]
    digits = "".join(g.text for g in groups)
    whole = len(digits) == form.length
    return replace(
        first,
        digits=digits if whole else None,
        complete=whole and all(g.valid for g in groups) and not first.run_above,
        order_certain=True,
        layout="letters" if form.labels[0].isalpha() else "numbers",
        groups=tuple(groups),
        readings=tuple(first.readings[k] for k in order) if first.readings else (),
    )


def _ink_box(crop: np.ndarray) -> Box | None:
    """The box around the ink of ``crop`` (either polarity), in its pixels; None when blank."""
    import cv2

    _, ink = _dark_ink(crop)
    # Ink running into the crop's top is the row above (a grid's rows stand close), not the label.
    n, blobs, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    above = [k for k in range(1, n) if stats[k, cv2.CC_STAT_TOP] == 0]
    ink[np.isin(blobs, above)] = 0
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return None
    return (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


def second_opinion(grey: np.ndarray, kind: str, first: Result, area: BoxInt | None = None) -> Result:
    """The best of Tesseract's result re-judged with PP-OCR and PP-OCR's own proposals.

    ``area`` (x, y, w, h in ``grey``): where the text lies when Tesseract found no group
    (see :func:`_lines_in`).

    ``first.run_above``: Tesseract saw a long run of digits above its IID that it could not
    read (the wanted IID may be that one), so nothing here may be complete either.
    """
    run_above = first.run_above
    if first.layout == "grid" and first.form and len(first.groups) == _form(first.form).groups:
        # Every group found, not their order: PP-OCR reads the labels' places first.
        ordered = by_labels(grey, first)
        if ordered is not None and ordered.complete:
            return replace(ordered, engines=("tesseract", "ppocr"))
        first = ordered or first
    quick = quick_recheck(grey, first)
    if quick is not None:
        return quick
    lines, read_box = _lines_in(grey, first, area, kind)
    seen = (read_box, tuple(lines)) if read_box is not None else None
    options: list[Result] = []
    if first.groups and first.form:
        options.append(recheck(first, lines))
        if run_above:
            options[-1] = replace(options[-1], complete=False)
    # Digits that pass too few check digits to be an ID (pieces of dates, GUIDs, a phone
    # number) make no proposal worth judging.
    props = [p for p in proposals(lines, kind) if p.valid_groups >= MIN_VALID_GROUPS]
    above_read: Result | None = None
    for prop in props:
        result = judge_proposal(prop, first, kind, grey)
        if (
            result.layout == "grid"
            and len(result.groups) == prop.form.groups
            and all(g.valid for g in result.groups)
        ):
            # PP-OCR's grid, every group certain, in a guessed order: its labels, read one by
            # one, may prove it (not tried on a grid that could not be complete anyway: a
            # label costs a recognition).
            result = by_labels(grey, result) or result
        covers = run_above and _covers(prop, first.run_above_box)  # what Tesseract saw and could not read
        if run_above and not covers:
            result = replace(result, complete=False)  # Tesseract saw an ID above that it could not read
        if kind == "iid" and result.complete:
            used = {id(c) for g in prop.groups for c in g}
            own = tuple(c.box for g in prop.groups for c in g)
            if _run_above(lines, prop.top, used, own) or _below_first(prop.top, first):
                result = replace(result, complete=False)
        options.append(result)
        if covers:
            above_read = result
        if kind == "iid":
            break  # the first IID on the page is the one wanted: a later one never stands in for it
    if not options:
        return first
    if above_read is not None:
        # The first ID on the page, however surely read: Tesseract's is a later one (an ESU
        # add-on's below Windows's), offered beside it when whole and certain in order.
        later = (OtherId(first.digits, first.form, first.layout),) if whole(first) else ()
        return replace(above_read, candidates=(*first.candidates, *later), pp_read=seen)
    if len({o.digits for o in options if o.complete}) > 1:
        # Two different whole IDs, each certain on its own: neither is an answer.
        options = [replace(o, complete=False) for o in options]
    best = max(options, key=standing)
    if not best.complete and not standing(best) > standing(first):
        return first
    # Tesseract's other IDs on the page (an ESU add-on's) stay on offer beside PP-OCR's answer.
    return replace(
        best, candidates=tuple(c for c in first.candidates if c.digits != best.digits), pp_read=seen
    )


__all__ = [
    "Proposal",
    "above_crop",
    "clear_above",
    "proposals",
    "quick_recheck",
    "reading_at",
    "runs_of",
    "second_opinion",
]
