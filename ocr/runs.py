"""The runs of digits on a page, read precisely: where the rough reading saw them, followed
along their ink, plus what a rough reading misses (a wrapped line's short rest, lone
group letters) and a second count of a long run that came out a digit off.

Why a module of its own: this is the step from "digits are about here" to glyphs
with boxes and alternatives; the pipeline then assembles, checks and orders them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from activation.ids import IID_54, IID_63, IdForm

from . import engine, parallel
from .arrangements import Label
from .assemble import Segment, group_box, groups_of, label_for, owns_label
from .layout import (
    DIGIT_LIKE,
    Box,
    Span,
    digit_spans,
    intersection,
    line_height,
    union,
)
from .parallel import pmap
from .recognise import RETRIES, Glyph, Variant, read_line, trim_tall
from .regions import Page, blob_height, from_frame, ink_boxes, line_frame, to_frame


@dataclass
class _Plan:
    """Where one run of digits will be read: its line's frame, box, clip and glyph height."""

    frame: np.ndarray
    local: Box
    clip: tuple[float, float]
    h: float
    page_box: Box
    after_text: bool  # letters read just before it on its line


def _plan(page: Page, span: Span, words: list[engine.Word]) -> _Plan:
    # A rough height taken with the letters above would draw the crop too small.
    if page.text_height:
        span.glyph_h = min(span.glyph_h, 1.8 * page.text_height)
    span.glyph_h = blob_height(page.grey, span.box, span.glyph_h)
    boxes = _within_letters(ink_boxes(page.grey, span.box, span.glyph_h), span, words) or span.boxes
    centres = np.array([(x + w / 2, y + h / 2) for x, y, w, h in boxes])
    frame = line_frame(centres) if len(boxes) >= 8 else np.eye(3)
    local = to_frame(frame, boxes)
    h = span.glyph_h
    # Whiten what lies beyond the span: a label's colon or a neighbour's edge reads as a "1".
    clip = (local[0] - 0.35 * h, local[0] + local[2] + 0.35 * h)
    return _Plan(frame, local, clip, h, union(boxes), _after_letters(span, words))


def _distinct(plans: list[_Plan]) -> list[_Plan]:
    """Each stretch of ink planned once: runs the rough reading saw apart on one line often
    lead, followed along their ink, to the same whole line."""
    kept: list[_Plan] = []
    for plan in sorted(plans, key=lambda p: -p.page_box[2]):
        x, y, w, h = plan.page_box
        if not any(intersection(plan.page_box, k.page_box) > 0.9 * w * h for k in kept):
            kept.append(plan)
    return kept


def _read_plan(page: Page, plan: _Plan) -> Segment | None:
    got = read_line(page, plan.local, plan.h, frame=plan.frame, margin=1.0, clip=plan.clip)
    glyphs = [g for g in got if g.text.isdigit()]
    if not glyphs:
        return None
    # LSTM symbol boxes often take in the letter above: the lower third is steadier.
    # (boxes a fraction of the rough height are the LSTM's slips, not glyphs)
    gh = min(line_height([g.box[3] for g in glyphs if g.box[3] >= 0.4 * plan.h] or [plan.h]), plan.h * 1.1)
    glyphs = trim_tall(glyphs, gh, plan.frame)
    return Segment.of(glyphs, gh, plan.frame, plan.local, plan.clip, plan.h, plan.after_text)


def read_runs(page: Page, words: list[engine.Word]) -> list[Segment]:
    """Every digit run of the rough reading, read again precisely."""
    plans = _distinct([_plan(page, span, words) for span in digit_spans(words) if span.digits >= 4])
    read = pmap(lambda plan: _read_plan(page, plan), plans)
    return _without_overlaps([seg for seg in read if seg is not None])


def _letters_beside(span: Span, words: list[engine.Word]) -> list[Box]:
    """The boxes of the letters (no digit-like ones) the rough reading saw on ``span``'s line.

    Not what is far taller than the line's glyphs: a box's border read as "[".
    """
    h = span.glyph_h
    cy = span.box[1] + span.box[3] / 2
    return [
        sym.box
        for word in words
        for sym in word.symbols
        if (ch := sym.text.strip())
        and ch not in DIGIT_LIKE
        and abs(sym.box[1] + sym.box[3] / 2 - cy) <= 0.5 * h
        and sym.box[3] <= 1.6 * h
    ]


def _within_letters(boxes: list[Box], span: Span, words: list[engine.Word]) -> list[Box]:
    """``boxes`` (slices along a line of ink) cut where the rough reading saw letters.

    Why: the ink of a run of digits is followed along its line beyond what the rough
    reading saw; a GUID or a word touching it must not be read as more digits.
    """
    if not boxes:
        return boxes
    h = span.glyph_h
    x0, x1 = span.box[0], span.box[0] + span.box[2]
    lo, hi = -np.inf, np.inf
    for sx, _, sw, _ in _letters_beside(span, words):
        if sx + sw <= x0 + 0.2 * h:
            lo = max(lo, sx + sw)
        elif sx >= x1 - 0.2 * h:
            hi = min(hi, sx)
    return [b for b in boxes if b[0] >= lo - 0.1 * h and b[0] + b[2] <= hi + 0.1 * h]


AFTER_GAP = 1.2  # glyph heights: a letter this close before a run is of the same word or phrase


def _after_letters(span: Span, words: list[engine.Word]) -> bool:
    """True when the rough reading saw a letter (no digit-like one) just before ``span`` on its line.

    Why: a run wrapped onto the next line starts that line; digits that end a word such as
    VAMT's "PC-8776" under a row whose IID the column cut off do not, and joined to it they
    made a last group whose check digit held by chance.
    """
    h, x0 = span.glyph_h, span.box[0]
    return any(x0 - AFTER_GAP * h <= sx + sw <= x0 + 0.2 * h for sx, _, sw, _ in _letters_beside(span, words))


def _without_overlaps(segments: list[Segment]) -> list[Segment]:
    """Each stretch of ink read once: a shorter segment overlapping a longer one loses the
    glyphs that lie inside the longer one.

    Why: the rough reading sometimes reports one line as two overlapping runs; read
    twice, one group would be counted twice (and another pushed out of its place).
    """
    kept: list[Segment] = []
    for seg in sorted(segments, key=lambda s: -len(s.glyphs)):
        hits = [k for k in kept if intersection(seg.box, k.box) > 0.15 * seg.box[2] * seg.box[3]]
        if not hits:
            kept.append(seg)
            continue
        rest = [
            g
            for g in seg.glyphs
            if not any(
                k.box[0] <= g.page_box[0] + g.page_box[2] / 2 <= k.box[0] + k.box[2]
                and k.box[1] <= g.page_box[1] + g.page_box[3] / 2 <= k.box[1] + k.box[3]
                for k in hits
            )
        ]
        if len(rest) >= 4:
            kept.append(Segment.of(rest, seg.glyph_h, seg.frame))
    return sorted(kept, key=lambda s: (s.box[1], s.box[0]))


RECOUNT_MIN = 20  # digits: a run this long can hold most of an IID


RECOUNT_VOTES = 3  # readings (of seven) that must agree on a count it did not have


def recount(page: Page, seg: Segment) -> Segment:
    """A long run read again under variations; the reading with the count most of them agree
    on (or, one or two off a whole IID, the whole count) replaces it.

    Why: on a photo the LSTM now and then reads a digit twice or drops one in a long run
    ("123456" as "1234456"); no candidate can be made of 64 digits, or of 60 + 4 wrapped.
    A slip is a one-off; the count most readings give is the line's.  The check digits
    still judge every group of the reading taken.  A run as long as a whole IID is left as it
    is: a candidate is made of it already, and its slips, if any, cancel out (seven readings
    of such runs, 2.5 s on a set of 72 pictures, never changed one).
    """
    n = len(seg.glyphs)
    if seg.region is None or n < RECOUNT_MIN or n in (IID_63.length, IID_54.length):
        return seg
    near_whole = any(0 < abs(n - t) <= 2 for t in (IID_63.length, IID_54.length))

    def digits_under(variant: Variant) -> list[Glyph]:
        got = read_line(page, seg.region, seg.read_h, variant, frame=seg.frame, margin=1.0, clip=seg.clip)
        return [g for g in got if g.text.isdigit()]

    readings: list[list[Glyph]] = []
    # As many variants at once as there are threads, taken in order: the first whole reading
    # wins as it did one at a time (at most THREADS - 1 readings more).
    width = parallel.THREADS
    for start in range(0, len(RETRIES), width):
        for digits in pmap(digits_under, RETRIES[start : start + width]):
            if near_whole and len(digits) in (IID_63.length, IID_54.length):
                return _replaced(seg, digits)
            readings.append(digits)
    counts = Counter(len(r) for r in readings)
    count, votes = counts.most_common(1)[0]
    # Variants that mostly read nothing there (a photo's glare) count no digits: no recount.
    if 0 < count != n and votes >= RECOUNT_VOTES and counts[n] < votes:
        return _replaced(seg, next(r for r in readings if len(r) == count))
    return seg


def _replaced(seg: Segment, digits: list[Glyph]) -> Segment:
    """``seg`` with another reading of its line."""
    digits = trim_tall(digits, seg.glyph_h, seg.frame)
    return Segment.of(digits, seg.glyph_h, seg.frame, seg.region, seg.clip, seg.read_h, seg.after_text)


def continuations(page: Page, words: list[engine.Word], segments: list[Segment]) -> list[Segment]:
    """The short rest of an IID wrapped onto the next line, which the rough reading missed.

    Why: a console wraps "Installation ID: <63 digits>" at its width, often leaving a
    handful of digits alone on the next line; a lone short word is what a rough
    whole-page reading drops most.
    """
    found: list[Segment] = []
    for seg in segments:
        h = seg.glyph_h
        x, y, w, sh = seg.box
        n = len(seg.glyphs)
        top = seg
        while n < IID_63.length:  # the lines of the same wrapped run above this one
            up = [
                o
                for o in segments
                if o is not top and 0 <= top.box[1] - (o.box[1] + o.box[3]) <= 1.6 * h and len(o.glyphs) >= 10
            ]
            if len(up) != 1:
                break
            top = up[0]
            n += len(top.glyphs)
        want = {t - n for t in (IID_63.length, IID_54.length) if 0 < t - n < 40}
        if len(seg.glyphs) < 20 or not want:
            continue
        below = any(
            o is not seg and 0 <= o.box[1] - (y + sh) <= 1.6 * h and o.box[0] < x + h for o in segments
        )
        if below:
            continue
        # Where the lines start: the left edge of the text around the run (its label, the
        # lines above), taken from word-like readings only, never stray marks far off.
        near = [
            wd.box
            for wd in words
            if 0.6 * h <= wd.box[3] <= 1.8 * h
            and y - 6 * h <= wd.box[1] <= y + 2 * h
            and x - 40 * h <= wd.box[0] < x
            and sum(c.isalnum() for c in wd.text) >= 2
        ]
        start = x
        for bx, _, bw, _ in sorted(near, key=lambda b: -(b[0] + b[2])):
            if bx < start and start - (bx + bw) < 3.0 * h:
                start = bx
        frame = seg.frame if seg.frame is not None else np.eye(3)
        lx, ly, lw, lh = to_frame(frame, [(start, y, 1.0, sh)])
        gx, gy, gw, gh = group_box(seg.glyphs)
        box = (lx - 0.2 * h, gy + 1.5 * gh, gx + gw - lx, gh)
        if _has_words(from_frame(frame, box), words):
            continue  # the next line is text ("Partial Product Key: 6DGRV" read as "60")
        got = read_line(page, box, h, frame=frame, margin=0.3)
        digits = [g for g in got if g.text.isdigit()]
        if digits and len(digits) == len(got) and len(digits) in want:
            found.append(Segment.of(digits, h, seg.frame, box, None, h))
    return found


def _has_words(box: Box, words: list[engine.Word]) -> bool:
    """True when the rough reading saw a word inside ``box`` with two or more letters that
    are not often misread digits ("Partial", not "O5S")."""
    for word in words:
        letters = sum(c.isalpha() and c not in DIGIT_LIKE for c in word.text)
        x, y, w, h = word.box
        if letters >= 2 and w * h and intersection(box, word.box) > 0.5 * w * h:
            return True
    return False


# Where a group's label is looked for again: (where along the group's width, then x, y, width,
# height from that point of its top edge, in glyph heights; the margin above and below, in
# label heights).  A label over a group stands in the narrow space between two rows
# (Windows' numbered grid): its crop must not take in the bottom of the row above.
LABEL_OVER_START = (0.0, -0.3, -1.3, 1.3, 1.15, 0.15)
LABEL_OVER_MIDDLE = (0.5, -0.65, -1.3, 1.3, 1.15, 0.15)
LABEL_LEFT = (0.0, -2.6, 0.1, 2.4, 0.8, 0.45)
LABEL_SCALE = 0.8  # a label's height, read at this share of the group's glyph height
LABEL_MIN_CONF = 0.6


def find_labels(
    page: Page, words: list[engine.Word], segments: list[Segment], form: IdForm, reread: bool = True
) -> list[Label]:
    """The labels of ``form``'s groups (A-H, 1-9): lone ones from the rough reading, then (with
    ``reread``) looked for again beside each group that has none.

    Why: a lone small grey label is what a rough whole-page reading misses most.  Numbers
    stand over a group's start (Windows' "Activate by phone" page) or its middle (the
    portal's boxes), letters over its start or to its left.
    """
    chars = "".join(form.labels)
    labels = [lab for lab in lone_labels(words, chars) if not _inside_digits(lab.box, segments)]
    groups = [part for seg in segments for part in groups_of(seg, form.size) if len(part.glyphs) == form.size]
    for part in groups if reread else ():
        if (near := label_for(part, labels)) is not None and owns_label(part, near, groups):
            continue
        x, y, w, h = part.box
        gh = part.glyph_h
        places = [LABEL_OVER_START, *([LABEL_OVER_MIDDLE] if chars.isdigit() else []), LABEL_LEFT]
        for along, dx, dy, lw, lh, my in places:
            region = (x + along * w + dx * gh, y + dy * gh, lw * gh, lh * gh)
            read = read_line(page, region, gh * LABEL_SCALE, whitelist=chars + ":", margin=0.1, margin_y=my)
            got = [g for g in read if g.text in chars]
            lone = len(got) == 1 and got[0].conf >= LABEL_MIN_CONF
            # A label is no wider than a digit is tall (a smudge read as "E" often is).
            if lone and got[0].box[2] <= gh and not _inside_digits(got[0].page_box, segments):
                labels.append(Label(got[0].text, got[0].page_box))
                break
    return labels


def lone_labels(words: list[engine.Word], chars: str) -> list[Label]:
    """Labels standing alone in the rough reading ("A", "B:", "(C)", "7"): on a line of their
    own or among other labels, never a word of a sentence ("Step 2: Provide your ID")."""

    def label_text(w: engine.Word) -> str:
        text = w.text.strip().strip(":.)(（）：")
        return text if len(text) == 1 and text in chars else ""

    in_prose = {w.line for w in words if any(c.isalpha() for c in w.text) and not label_text(w)}
    found: list[Label] = []
    for w in words:
        text = label_text(w)
        if text and w.line not in in_prose:
            sym = next((s for s in w.symbols if s.text.strip() == text), None)
            found.append(Label(text, sym.box if sym else w.box))
    return found


def _inside_digits(box: Box, segments: list[Segment]) -> bool:
    """True when ``box``'s centre lies on a run of digits: a digit read with the letter
    whitelist ("3" as "E") is no group letter."""
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return any(
        s.box[0] <= cx <= s.box[0] + s.box[2] and s.box[1] <= cy <= s.box[1] + s.box[3] for s in segments
    )
