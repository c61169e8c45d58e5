"""Picture bytes in, the ID with every group checked out: the whole OCR pipeline.

Why this shape: a first look at the ink keeps only the lines that can hold
the ID (digit_lines); a rough, fast reading of those finds where digits and
group letters are, and the whole page is read that way after all when this
gives no complete ID; precise readings of small crops read the runs (runs; a
grid's missing groups are looked for where they must be, fill); the check
digit of every group decides whether to trust, re-read (whole lines, under
variations), repair or ask.  For an IID the first one on the page is the one
wanted: a later one never stands in for it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from activation.ids import CID_48, KINDS, NOT_IDS, IdForm, group_is_valid

from . import arbitrate, engine, heap, ppocr
from .advice import SMALL_GLYPH_PX, cut_at_edge, cut_by_border, cut_short, explain
from .arbitrate import Reading
from .arrangements import FORMS_READ
from .assemble import Candidate, Segment, candidates, group_box, parts
from .close_look import close_page
from .digit_lines import DigitLine, digit_lines, keep_lines
from .fill import fill_grid
from .layout import Span, digit_spans, union
from .loading import load_grey
from .parallel import pmap
from .qr import read_qr
from .recognise import RETRIES, Glyph, read_line
from .regions import Page, cut_through, prepare, struck, text_mask
from .result import BoxInt, Fact, Group, OtherId, Result, standing, whole
from .runs import continuations, find_labels, read_runs, recount
from .second import above_crop, clear_above, quick_recheck, second_opinion
from .verify import Decision, decide

heap.return_large_blocks()  # before the first picture: its blocks must not stay in the heap

# PP-OCR is asked for a second opinion when Tesseract's reading is not complete.  AOH_SECOND_ENGINE=0
# turns it off (the benchmark's "Tesseract alone"), =always asks it every time (memory measurement).
SECOND_ENGINE = os.environ.get("AOH_SECOND_ENGINE", "1")
# Seconds after which no further pass starts (the whole-page retry, the inverted retry, the
# second engine): a picture that has not given an ID by then is mostly text that cannot hold
# one (a page of small digit rows took 25 s), and the user is better served by a quick doubt
# than by the server's hard limit (webapp/server.py kills a picture's worker after 15 s).
# CPU seconds of this process (one picture at a time per worker), not the wall clock: what a
# picture gives back must not depend on how busy the machine was.
GIVE_UP_AFTER_S = 6.0
FAST_SHARE = 0.7  # read only the digit lines first when they are less than this share of the text


def _whole_line(page: Page, seg: Segment, i: int, cache: dict) -> list[Glyph] | None:
    """``seg`` read again whole under the i-th variant; None unless it gives as many digits.

    Why whole lines: a group's own box comes from the LSTM's symbol boxes, which are
    rough; the line's region is known well, and equal counts line the groups up.
    """
    key = (id(seg), i)
    if key not in cache:
        got = read_line(page, seg.region, seg.read_h, RETRIES[i], frame=seg.frame, margin=1.0, clip=seg.clip)
        digits = [g for g in got if g.text.isdigit()]
        cache[key] = digits if len(digits) == len(seg.glyphs) else None
    return cache[key]


MIN_FIRST_VALID = 3  # groups passing at the first reading before re-readings are worth their time


def _reader(
    page: Page,
    glyphs: list[Glyph],
    owners: dict[int, tuple[Segment, int]],
    cache: dict,
    h: float,
    frame: np.ndarray | None,
) -> Callable[[int], list[Glyph] | None]:
    """How to read ``glyphs`` (all on one line) again under the i-th variant: as a slice of
    their line read whole when they are a stretch of it, else as a crop of their own."""
    box = group_box(glyphs)
    clip = (box[0] - 0.12 * h, box[0] + box[2] + 0.12 * h)
    seg, start = owners.get(id(glyphs[0]), (None, 0))
    whole = (
        seg is not None
        and seg.region is not None
        and all(owners.get(id(g), (None, -1))[0] is seg for g in glyphs)
        and all(owners[id(g)][1] == start + k for k, g in enumerate(glyphs))
    )
    n = len(glyphs)

    def reread(i: int) -> list[Glyph] | None:
        if whole:
            line = _whole_line(page, seg, i, cache)
            if line is not None:
                return line[start : start + n]
        got = read_line(page, box, h, RETRIES[i], clip=clip, frame=frame)
        return [g for g in got if g.text.isdigit()]

    return reread


def _on_lines(glyphs: list[Glyph], owners: dict[int, tuple[Segment, int]]) -> list[list[Glyph]]:
    """``glyphs`` cut where they pass from one segment (line) to another."""
    pieces: list[list[Glyph]] = []
    for g in glyphs:
        seg = owners.get(id(g), (None, 0))[0]
        if pieces and owners.get(id(pieces[-1][-1]), (None, 0))[0] is seg:
            pieces[-1].append(g)
        else:
            pieces.append([g])
    return pieces


def _verify(page: Page, cand: Candidate, owners: dict[int, tuple[Segment, int]]) -> list[Decision]:
    jobs: list[tuple[list[Glyph], Callable[[int], list[Glyph] | None]]] = []
    size = cand.form.size
    cache: dict = {}
    for glyphs, h, frame in zip(cand.groups, cand.heights, cand.frames, strict=True):
        pieces = _on_lines(glyphs, owners)
        if len(pieces) == 1:
            jobs.append((glyphs, _reader(page, glyphs, owners, cache, h, frame)))
            continue
        # A group wrapped onto the next line: each line's part read again on its own line.
        readers = []
        for piece in pieces:
            seg = owners.get(id(piece[0]), (None, 0))[0]
            ph, pframe = (seg.glyph_h, seg.frame) if seg is not None else (h, frame)
            readers.append(_reader(page, piece, owners, cache, ph, pframe))

        def joined(i: int, readers=readers) -> list[Glyph] | None:
            parts_read = [r(i) for r in readers]
            if any(p is None for p in parts_read):
                return None
            return [g for p in parts_read for g in p]

        jobs.append((glyphs, joined))
    # Digits that are no ID (pieces of GUIDs and counters strung together) pass a check digit
    # once in seven: when too few groups pass at the first reading, re-reading is not tried.
    passing = sum(len(g) == size and group_is_valid("".join(x.text for x in g)) for g in cand.groups)
    retries = len(RETRIES) if passing >= MIN_FIRST_VALID else 0
    # Groups are decided side by side: each reads its own crops (lines shared through ``cache``
    # may be read twice at once, to the same result).
    return pmap(lambda job: decide(size, job[0], job[1], retries), jobs)


def _original_box(page: Page, glyphs: list[Glyph]) -> BoxInt:
    x, y, w, h = page.box_to_original(tuple(int(round(v)) for v in group_box(glyphs, page=True)))
    return (x, y, w, h)


def _line_boxes(
    page: Page, glyphs: list[Glyph], owners: dict[int, tuple[Segment, int]]
) -> tuple[BoxInt, ...]:
    """The boxes (in the picture) of a group's pieces, one per line it is on."""
    return tuple(_original_box(page, piece) for piece in _on_lines(glyphs, owners))


def _clipped(page: Page, glyphs: list[Glyph], owners: dict[int, tuple[Segment, int]]) -> bool:
    """True when the crop of the run that a group starts or ends was cut off through ink right
    beside that digit (``regions.cut_through``): the digit may be half a glyph."""
    for glyph, side in ((glyphs[0], 0), (glyphs[-1], 1)):
        seg, k = owners.get(id(glyph), (None, -1))
        if seg is None or seg.clip is None or seg.region is None:
            continue
        if k == (0 if side == 0 else len(seg.glyphs) - 1):
            _, y, _, h = seg.region
            if cut_through(page.grey, seg.frame, seg.clip[side], (y, h)):
                return True
    return False


def _small(line_boxes: tuple[BoxInt, ...]) -> bool:
    """True when the group's digits stand under ``SMALL_GLYPH_PX`` in the picture, on any line
    it is on (``_line_boxes``; a group wrapped onto the next line has a box as tall as both)."""
    return any(0 < b[3] < SMALL_GLYPH_PX for b in line_boxes)


def _describe(
    page: Page, kind: str, cand: Candidate, decisions: list[Decision], owners: dict[int, tuple[Segment, int]]
) -> Result:
    form: IdForm = cand.form
    groups = []
    line_boxes = [_line_boxes(page, glyphs, owners) for glyphs in cand.groups]
    readings = [
        Reading(
            "tesseract",
            d.text,
            d.confidence,
            d.valid and not d.repaired,
            d.repaired,
            d.rivals,
            small=_small(lines),
            struck=any(struck(page.source, box) for box in lines),
            clipped=_clipped(page, glyphs, owners),
        )
        for d, lines, glyphs in zip(decisions, line_boxes, cand.groups, strict=True)
    ]
    verdicts = [arbitrate.judge(form.size, [r]) for r in readings]
    for label, glyphs, v, lines in zip(form.labels, cand.groups, verdicts, line_boxes, strict=True):
        # A group wrapped onto the next line: one box per line, so the app can show the
        # user both pieces rather than a box over both whole lines.
        boxes = lines if len(lines) > 1 else None
        groups.append(
            Group(
                label,
                v.text,
                v.certain,
                v.confidence,
                _original_box(page, glyphs),
                v.repaired,
                doubt=None if v.certain else v.reason,
                boxes=boxes,
            )
        )
    digits = "".join(v.text for v in verdicts)
    full = len(digits) == form.length
    in_order = arbitrate.order_certain(cand.how, cand.certain)
    return Result(
        kind,
        digits=digits if full else None,
        complete=arbitrate.complete(form.length, verdicts, in_order),
        form=form.name,
        order_certain=in_order,
        layout=cand.how,
        groups=tuple(groups),
        readings=tuple(readings),
    )


# Digits in one run above the chosen IID that make it doubtful: more than a phone number, a
# date and time or a piece of an Extended PID that the rough reading joins across its spaces
# and dashes ("+1 863 555 0864", "6/14/2025 11:10:13"); a precise reading drops separators too
# ("1033-19045.0000-0482024" came back as 20 digits), so its runs must be longer: more than a
# third of an IID.
MIN_RUN_ABOVE = 16
MIN_PRECISE_RUN_ABOVE = 24
MIN_VALID_GROUPS = 5  # random digits pass a check digit 1 time in 7: five of nine by chance is ~0.3%


def _may_be_id(described: Result) -> bool:
    """True when enough groups read as digits that pass their check digits, as read and not
    repaired into passing, for the digits to be an ID, however unsure the reading.

    Why not only the groups found certain: an IID printed in groups with dashes between them
    passed all nine check digits, but re-reading each group took in a dash, and eight of them
    came back unsure; skipped as no ID, it let the second IID below stand in for it.
    """
    return sum(group_is_valid(g.text) and not g.repaired for g in described.groups) >= MIN_VALID_GROUPS


def _unread_run_above(
    page: Page, words: list[engine.Word], segments: list[Segment], top: float | None
) -> BoxInt | None:
    """The box in the picture of the highest long run of digits (part of an ID we could not put
    together) that stands above ``top``, or None: then the first candidate may be the second
    ID on the page.

    Why the precise runs too: the rough reading of a photo can break the first IID's line
    into pieces too short to count, while its precise reading still holds a long stretch of it;
    a precise run counts from ``MIN_PRECISE_RUN_ABOVE`` digits.  Why the box: the second engine
    may read that run, and it must know which of its IDs stands there.
    """
    if top is None:
        return None
    runs = [
        span.box
        for span in digit_spans(words)
        if span.digits >= MIN_RUN_ABOVE and span.box[1] + span.box[3] < top - 0.3 * span.glyph_h
    ]
    runs += [
        piece.box
        for seg in segments
        for piece in parts(seg)
        if len(piece.glyphs) >= MIN_PRECISE_RUN_ABOVE
        and piece.box[1] + piece.box[3] < top - 0.3 * seg.glyph_h
    ]
    if not runs:
        return None
    x, y, w, h = page.box_to_original(tuple(int(round(v)) for v in min(runs, key=lambda b: b[1])))
    return (x, y, w, h)


ALIGN = 1.5  # glyph heights: a piece of digits this near an ID's first column starts where its digits do


def _digit_pieces(word: engine.Word) -> list[tuple[float, int]]:
    """Where each run of digits in ``word`` starts (page x) and how many digits it holds.

    The start is its first digit's right edge less a digit's width: the LSTM often gives a
    word's first symbol a box reaching back over the label before it (``layout._trim_wide``).
    """
    out: list[tuple[float, int]] = []
    run: list[engine.Symbol] = []
    for sym in [*word.symbols, None]:
        if sym is not None and sym.text.isdigit() and sym.box[2] > 0:
            run.append(sym)
            continue
        if run:
            width = float(np.median([r.box[2] for r in run]))
            out.append((run[0].box[0] + run[0].box[2] - width, len(run)))
            run = []
    return out


FAINT_INK = 12  # grey levels between the lightest and darkest of a column of a row: ink, however faint


def _faint_ink(band: np.ndarray) -> np.ndarray:
    """The columns of ``band`` (a row of the page) holding ink, however faint: some of their
    pixels (smoothed 3 x 3 against a photo's noise) ``FAINT_INK`` levels darker than others.

    Why not ``text_mask``: glare leaves digits 20 to 30 levels darker than the paper, and a
    neighbourhood's mean threshold loses them where they stand close together (a run of
    them is its own neighbourhood).  Why each column against itself, not against the row's
    background: a desktop's gradient darkens a row's far end without any ink there.
    """
    smooth = cv2.blur(band, (3, 3))
    return (smooth.max(axis=0).astype(np.int16) - smooth.min(axis=0)) >= FAINT_INK


def _started_above(page: Page, words: list[engine.Word], cand: Candidate) -> tuple[BoxInt, ...]:
    """Rows above ``cand`` where an ID seems to start and no reading could go on: a piece of
    ``MIN_PIECE`` digits or more (too few for a run above) at ``cand``'s first column, on a row
    whose ink goes on from there nearly as far as ``cand``'s digits do (``LEFT_OUT_WIDTH``),
    that no Extended PID or GUID read whole explains (boxes in the picture's pixels).

    Why: glare on a photo of /dlv washed out all but the first nine digits of its first IID;
    both engines read those nine and nothing after them, and the second IID, read whole below,
    was answered in its place.  The ink shows the row going on as far as the second IID's:
    what no engine could read there is no proof that nothing is there.  The IIDs of /dlv
    follow the same label (and a list's stand in one column), so they start at one column.
    """
    boxes = [g.page_box for grp in cand.groups for g in grp if g.page_box[2] > 0]
    if not boxes:
        return ()
    x0, top, width, _ = union(boxes)
    h = float(np.median([b[3] for b in boxes]))
    out = []
    for word in words:
        _, wy, _, wh = word.box
        if wy + wh >= top - 0.3 * h or not any(
            MIN_PIECE <= n < MIN_RUN_ABOVE and abs(x - x0) <= ALIGN * h for x, n in _digit_pieces(word)
        ):
            continue
        band = page.grey[int(max(0, wy - 0.2 * h)) : int(wy + wh + 0.2 * h)]
        stretches = _stretches(_faint_ink(band), LINE_GAP * h)
        if max((end for start, end in stretches if start <= x0 + h), default=0) < x0 + LEFT_OUT_WIDTH * width:
            continue
        if not _row_explained(words, wy, wh):
            x, y, w, bh = page.box_to_original(word.box)
            out.append((x, y, w, bh))
    return tuple(out)


MIN_PIECE = 8  # digits: a piece of a line read roughly that may belong to an unread IID
# Digits a row of short pieces must hold to be taken for an IID: more than a GUID's 32 hex digits
# (an Activation ID read as "32085272 3174 4405 73519255744" holds 27 in such pieces).
MANY_DIGITS = 33


def _pieced_lines(page: Page, words: list[engine.Word]) -> tuple[BoxInt, ...]:
    """Lines whose rough reading holds digits in pieces, none long enough to count as a run
    above, that may be an IID: ``MIN_RUN_ABOVE`` digits in pieces of ``MIN_PIECE`` or more,
    ``MANY_DIGITS`` in pieces of any length, or ``MIN_PIECE`` in pieces spread as wide as the
    widest row of digits on the page (nearly: ``LEFT_OUT_WIDTH``), that no Extended PID or
    GUID read whole explains (boxes in the picture's pixels).

    Why: glare or moiré across a photo's first IID breaks its rough reading into pieces
    (14, 11 and 11 digits), each too short to count as a run, while the second IID below
    reads whole and passes every check digit; a line drawn through the first IID's digits
    (a screenshot marked up before it was sent) breaks it into pieces of 5 to 12 with
    slashes and letters between.  Such a line may be an IID; only another reading of it
    can tell it from an Extended PID whose dashes the rough reading dropped.
    """
    every = digit_spans(words)
    widest = max((union([s.box for s in row])[2] for row in _rows_of(every)), default=0.0)
    out = []
    for row in _rows_of([s for s in every if s.digits < MIN_RUN_ABOVE]):
        long_pieces = sum(s.digits for s in row if s.digits >= MIN_PIECE) >= MIN_RUN_ABOVE
        many = sum(s.digits for s in row) >= MANY_DIGITS
        # Glare across the middle of the first IID leaves a few digits at each end ("2634325" and
        # "1127139061121"), as far apart as the ID is wide: the widest row of digits on the page.
        box = union([s.box for s in row])
        spread = (
            len(row) >= 2 and sum(s.digits for s in row) >= MIN_PIECE and box[2] >= LEFT_OUT_WIDTH * widest
        )
        if not (long_pieces or many or spread):
            continue
        if not _row_explained(words, box[1], box[3]):
            x, y, w, h = page.box_to_original(tuple(int(round(v)) for v in box))
            out.append((x, y, w, h))
    return tuple(out)


def _row_explained(words: list[engine.Word], y: float, h: float) -> bool:
    """True when the words whose middles stand between ``y`` and ``y + h``, left to right, hold
    an Extended PID or a GUID read whole: they explain the row's digits.  The words are joined
    both ways, as the reading may cut it at a dash read as a space or at its dot."""
    said = [w.text for w in sorted(words, key=lambda w: w.box[0]) if y <= w.box[1] + w.box[3] / 2 <= y + h]
    return any(p.search(sep.join(said)) for p in NOT_IDS for sep in ("", " "))


def _rows_of(spans: list[Span]) -> list[list[Span]]:
    """``spans`` in rows, top to bottom: spans whose middles stand within half a glyph of the last."""
    rows: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: s.box[1] + s.box[3] / 2):
        mid = span.box[1] + span.box[3] / 2
        last = rows[-1][-1] if rows else None
        if last is not None and abs(mid - (last.box[1] + last.box[3] / 2)) <= 0.5 * span.glyph_h:
            rows[-1].append(span)
        else:
            rows.append([span])
    return rows


def _lines_above(lines: tuple[BoxInt, ...], result: Result) -> tuple[BoxInt, ...]:
    """Those of ``lines`` that stand wholly above ``result``'s groups."""
    boxes = [g.box for g in result.groups if g.box[3] > 0]
    if not boxes:
        return ()
    top = min(b[1] for b in boxes)
    h = float(np.median([b[3] for b in boxes]))
    return tuple(b for b in lines if b[1] + b[3] < top - 0.3 * h)


def _below_seen(result: Result, seen: list[BoxInt]) -> Result:
    """``result``, a doubt with ``run_above`` when one of the runs of digits an earlier reading of
    the picture saw above its IID and could not read (``seen``, in the picture) stands above it.

    Why: a run seen once is evidence that another reading not seeing it does not undo.  On a
    photo of /dlv whose first IID glare had half washed out, the reading of the digit lines saw
    its run above the second IID; the whole page's reading lost it, and PP-OCR's second
    opinion, told of no run above, made the second IID complete.  Told of the run (its box),
    PP-OCR reads there too, and may answer with the first IID itself.
    """
    if result.kind != "iid" or result.run_above:
        return result
    runs = _lines_above(tuple(seen), result)
    if not runs:
        return result
    return replace(result, complete=False, run_above=True, run_above_box=min(runs, key=lambda b: b[1]))


ABOVE_SIDE = 0.25  # PP-OCR reads the lines above an answer this share of its width beyond its groups
LEFT_OUT_WIDTH = 0.8  # a line left out of the first look this wide (share of the ID's width) may be an IID


def _rows_above_unread(
    page: Page, mask: np.ndarray, lines: list[DigitLine], result: Result, every: bool = False
) -> list[DigitLine]:
    """The lines above ``result``'s groups that may hold the first IID on the page and that the
    first look's reading did not read as one, as rows the page's width (``run`` 0): another
    reading must tell.  ``mask`` is the page's ``text_mask``, which the first look made
    ``lines`` of.

    Such a line is about as wide as the ID and either left out by the look at the ink or kept
    with a run of at least ``MIN_RUN_ABOVE`` digit-like glyphs.  Read as digits, such a run
    would make the answer a doubt anyway; read as letters, only the whole page can say.  (A
    line of Japanese text is such a run too, but far narrower than a row of nine groups.)
    Left-out lines count after PP-OCR's quick re-check too: a photo's noise makes left-out
    rows look as wide as the ID on most photos and costs a whole-page reading for nothing,
    but glare across the first IID of a /dlv box leaves only its ends and a description line
    above it, and the second IID, completed by the re-check, was answered in its place.

    Why: on a photo of /dlv the first IID's line can fail the look at its ink (bent by the
    perspective, its digits run together) while the second IID's line passes; read alone,
    the second was complete and answered in place of the first, the one wanted.  And a
    kept line can be read as letters ("ASSESSED EES EER" for a marked-up screenshot's first
    IID) while PP-OCR's re-check of the second IID's rows made that one complete.

    ``every``: kept lines count whatever their run, for PP-OCR to read (``_pp_read_above``).
    """
    boxes = [g.box for g in result.groups if g.box[2] > 0]
    if not boxes:
        return []
    _, top, width, _ = union(boxes)
    rows = []
    for line in lines:
        if not every and line.run is not None and line.run < MIN_RUN_ABOVE:
            continue
        _, ly, _, lh = line.box
        _, y, _, h = page.box_to_original(line.box)
        if y + h >= top:
            continue
        # The ink along the row, not the line's own box: digits that run together make
        # blobs too wide to count as glyphs, and the line is found in short pieces.
        stretches = _stretches(mask[ly : ly + lh].any(axis=0), LINE_GAP * page.text_height)
        if any(
            page.box_to_original((x0, ly, x1 - x0, lh))[2] >= LEFT_OUT_WIDTH * width for x0, x1 in stretches
        ):
            rows.append(DigitLine((0, ly, page.grey.shape[1], lh), 0))
    return rows


def _gapped_rows_above(page: Page, lines: list[DigitLine], result: Result) -> list[DigitLine]:
    """The first look's lines above ``result``'s groups whose ink, however faint, starts at the
    groups' first column and reaches nearly as far as they do (``LEFT_OUT_WIDTH``) only with a
    gap wider than ``LINE_GAP`` somewhere: glare across the middle of an ID, not a line of text
    (a line as wide without such a gap is ``_rows_above_unread``'s), as rows the page's width.

    Why: on a photo of a Japanese /dlv box the first IID stood alone on its line under its
    label, glare across its middle; Tesseract read its ends as letters ("T7TS8H6 WHOLO6"),
    its line was no wide line, and the second IID was answered.  PP-OCR reads 17 digits there.
    """
    boxes = [g.box for g in result.groups if g.box[2] > 0]
    if not boxes:
        return []
    left, top, width, _ = union(boxes)
    h = float(np.median([b[3] for b in boxes]))
    rows = []
    for line in lines:
        _, ly, _, lh = line.box
        _, y, _, oh = page.box_to_original(line.box)
        if y + oh >= top - 0.3 * h:
            continue
        pieces = [
            page.box_to_original((a, ly, b - a, lh))
            for a, b in _stretches(_faint_ink(page.grey[ly : ly + lh]), LINE_GAP * page.text_height)
            if b - a >= page.text_height
        ]
        if len(pieces) < 2 or max(p[2] for p in pieces) >= LEFT_OUT_WIDTH * width:
            continue
        # An IID's digits start and end where the answer's do (the same count of digits).
        starts = any(abs(p[0] - left) <= ALIGN * h for p in pieces)
        ends = any(abs(p[0] + p[2] - (left + width)) <= ALIGN * h for p in pieces)
        if starts and ends:
            rows.append(DigitLine((0, ly, page.grey.shape[1], lh), 0))
    return rows


def _pp_read_above(
    page: Page, grey: np.ndarray, mask: np.ndarray, lines: list[DigitLine], result: Result
) -> bool:
    """True when PP-OCR reads nothing like an IID on the lines above ``result``'s groups that are
    about as wide as the ID (``_rows_above_unread`` with ``every`` line the first look made of
    ``mask``), or when there are none: an answer PP-OCR helped complete may stand.

    Why: PP-OCR reads around Tesseract's groups only, and Tesseract's readings of the page
    above them may have found no digits there at all.  On a photo of a /dlv console, its
    first IID's digits ran together and were read as pieces and letters; PP-OCR completed
    the second IID, and it was answered in place of the first.  On a blurred /dlv box with
    glare over the first IID's end, the look at the ink kept its line with a run of only
    four digit-like blobs, and no reading by Tesseract found digits there.

    Only the columns of the answer's groups, widened by ``ABOVE_SIDE`` of their width on each
    side, are read: the first IID stands in the same columns as the second (both after their
    label on /dlv, one column of VAMT's list).  The page's whole width raised the benchmark's
    peak RSS from 330 to 406 MB (the recogniser's input is as wide as its line; 334 MB so) and
    cost this check 22% more CPU (34.6 against 27.1 s over the 72 tuning pictures of seed 5758).

    Rows inside the part PP-OCR's second opinion read whole (``result.pp_read``) are not read
    again: its lines there are judged instead.
    """
    rows = _rows_above_unread(page, mask, lines, result, every=True)
    if not rows:
        return True
    if not _second_engine_on():
        return False
    gx, _, gw, _ = union([g.box for g in result.groups if g.box[2] > 0])
    x0, x1 = gx - ABOVE_SIDE * gw, gx + gw + ABOVE_SIDE * gw
    read, known = result.pp_read or ((0, 0, 0, 0), ())
    boxes = []
    for row in rows:
        x, y, w, h = page.box_to_original(row.box)
        left, right = max(x, x0), min(x + w, x1)
        box = (int(left), y, int(right - left), h)
        if right > left and not _inside(above_crop(grey, box), read):
            boxes.append(box)
    return _pp_clear(grey, result, tuple(boxes), known)


def _inside(crop: tuple[int, int, int, int], box: BoxInt) -> bool:
    """True when ``crop`` (x0, y0, x1, y1) lies wholly inside ``box`` (x, y, w, h)."""
    x, y, w, h = box
    return x <= crop[0] and y <= crop[1] and crop[2] <= x + w and crop[3] <= y + h


def _with_rows(page: Page, words: list[engine.Word], rows: list[DigitLine], total: int) -> list[engine.Word]:
    """The rough reading of the digit lines (``words``) with that of ``rows`` of the page added.

    Only the rows are read (``keep_lines``), and the words the first reading found on them
    give way to theirs: the digit lines read again, with the rows, cost a console's
    screenshot as much as their first reading.
    """
    pixels, _, offset = keep_lines(page.grey, page.text_height, rows, total)
    pad = 0.4 * page.text_height
    bands = [(row.box[1] - pad, row.box[1] + row.box[3] + pad) for row in rows]

    def on_rows(word: engine.Word) -> bool:
        middle = word.box[1] + word.box[3] / 2
        return any(top <= middle <= bottom for top, bottom in bands)

    kept = [w for w in words if not on_rows(w)]
    first = max((w.line for w in kept), default=-1) + 1
    added = _rough_words(page, (pixels, offset))
    for word in added:
        word.line += first
    return kept + added


def _rows_clear(page: Page, grey: np.ndarray, result: Result, rows: list[DigitLine]) -> bool:
    """True when PP-OCR reads no long run of digits nor an IID's groups on ``rows`` (of
    ``page``) above ``result``'s groups (``clear_above``); never without PP-OCR.

    Why the other engine: this is asked when Tesseract's reading of those rows gave no
    complete ID; read again, the same pixels give Tesseract's same reading, which may have
    seen nothing at all there.
    """
    if not _second_engine_on():
        return False
    return _pp_clear(grey, result, tuple(page.box_to_original(row.box) for row in rows))


def _pp_clear(
    grey: np.ndarray, result: Result, lines: tuple[BoxInt, ...], known: tuple[ppocr.Line, ...] = ()
) -> bool:
    """True when PP-OCR reads nothing like an IID on ``lines`` above ``result``, nor among the
    lines it read before (``known``; ``clear_above``); False when it does, or fails on this
    picture (nothing seen is no proof of nothing there)."""
    doubt = replace(result, complete=False)
    return _with_ppocr(lambda: clear_above(grey, result, lines, known), doubt).complete


def _page_clear_above(
    page: Page, grey: np.ndarray, result: Result, words: list[engine.Word] | None = None
) -> bool:
    """True when the page's rough reading (``words``, as in ``_read_page``: by default the whole page's)
    shows no IID above ``result``: no long run of digits, and no line of digits in pieces
    (``_pieced_lines``) that PP-OCR then reads as a long run or an IID's groups.

    Why not the whole page's full reading: after PP-OCR's quick re-check the answer is often
    a photo's first IID that only the re-check could complete; the whole page's own reading
    then found the second one, and a right answer became a question.  The rough reading alone
    is enough to see an IID above, even one whose middle glare has washed out.
    """
    if words is None:
        words = _rough_words(page, None)
    boxes = [g.box for g in result.groups if g.box[3] > 0]
    top = min(b[1] for b in boxes)
    h = float(np.median([b[3] for b in boxes]))
    for span in digit_spans(words):
        _, y, _, sh = page.box_to_original(tuple(int(round(v)) for v in span.box))
        if span.digits >= MIN_RUN_ABOVE and y + sh < top - 0.3 * h:
            return False
    above = _lines_above(_pieced_lines(page, words), result)
    if not above:
        return True
    return _pp_clear(grey, result, above)


LINE_GAP = 2.0  # glyph heights: ink further apart than this along a row is not one line (a table's columns)


def _stretches(ink: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """The stretches (start, end) of ``ink`` (one flag per column) with no gap wider than ``gap``."""
    cols = np.flatnonzero(ink)
    if not len(cols):
        return []
    breaks = np.flatnonzero(np.diff(cols) > gap)
    starts = np.concatenate(([cols[0]], cols[breaks + 1]))
    ends = np.concatenate((cols[breaks], [cols[-1]])) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _second_engine_on() -> bool:
    return SECOND_ENGINE != "0"


def _with_ppocr(step: Callable[[], Result | None], result: Result) -> Result:
    """What a PP-OCR ``step`` gives, else ``result``: when it gives nothing, or PP-OCR failed on
    this picture (Tesseract's reading stands).  A missing model is raised: a broken install
    must be seen, not hidden behind Tesseract's reading."""
    try:
        return step() or result
    except ppocr.ModelMissing:
        raise
    except engine.EngineError:
        return result


def read_grey(grey, kind: str) -> Result:
    """The pipeline after decoding: ``grey`` is the upright 8-bit picture."""
    start = time.process_time()

    def time_is_up() -> bool:
        return time.process_time() - start > GIVE_UP_AFTER_S

    stopped = False
    seen: list[BoxInt] = []  # runs of digits a reading saw above its IID and could not read
    started: set[BoxInt] = set()  # rows where an ID starts and no reading could go on (_started_above)

    def read_page(on: Page, words: list[engine.Word] | None = None) -> Result:
        got = _read_page(on, kind, words)
        if got.run_above_box is not None:
            seen.append(got.run_above_box)
        started.update(got.started_above)
        return _below_seen(got, seen)

    area: BoxInt | None = None  # where a large screenshot's small text lies (close_look), for PP-OCR
    first_look: tuple[Page, np.ndarray, list[DigitLine]] | None = None  # the page, its ink, its lines
    page = prepare(grey)
    try:
        result = None
        mask = text_mask(page.grey)
        lines, total = digit_lines(
            page.grey, page.text_height, 6 if kind == "cid" else 10_000, everything=True, mask=mask
        )
        first_look = (page, mask, lines)
        only, share, offset = keep_lines(page.grey, page.text_height, lines, total)
        if 0 < share < FAST_SHARE:
            fast_words = _rough_words(page, (only, offset))
            result = read_page(page, fast_words)
            if kind == "iid" and result.complete and (above := _rows_above_unread(page, mask, lines, result)):
                # The first IID may be on such a row: it is read too, and added to the digit
                # lines' reading (not the whole page: that cost a console 0.4 s to 1.6 s, and
                # its other lines cannot hold an ID).  Not complete so, the first answer stands only
                # when PP-OCR reads nothing like an IID on those rows (the reading with the rows
                # can lose the lines the first one read: a photographed console, turned, lost
                # them all); else the whole page is read.
                fast = result
                result = read_page(page, _with_rows(page, fast_words, above, total))
                if not result.complete and _rows_clear(page, grey, fast, above):
                    result = fast
            elif not result.complete and _second_engine_on():
                # Every group found in a proven order, some read too unsurely to stand alone:
                # PP-OCR on those rows settles it for a fraction of a whole-page reading.
                result = _with_ppocr(lambda: quick_recheck(grey, result), result)
                if (
                    kind == "iid"
                    and result.complete
                    and (above := _rows_above_unread(page, mask, lines, result))
                    and not (
                        _page_clear_above(page, grey, result, _with_rows(page, fast_words, above, total))
                        and _pp_read_above(page, grey, mask, lines, result)
                    )
                ):
                    result = None
            if (
                kind == "iid"
                and result is not None
                and result.complete
                and (gapped := _gapped_rows_above(page, lines, result))
                and not _rows_clear(page, grey, result, gapped)
            ):
                # PP-OCR reads an ID's digits on a line broken by glare above the answer.
                run = page.box_to_original(gapped[0].box)
                seen.append((run[0], run[1], run[2], run[3]))
                result = replace(result, complete=False, run_above=True, run_above_box=seen[-1])
        if result is None or (not result.complete and not (stopped := time_is_up())):
            result = read_page(page)
        if not result.complete and not (stopped := time_is_up()) and (close := close_page(grey)):
            # A large screenshot shrunk to the page size: its small text, at its own size.
            x, y, w, h = close.box_to_original((0, 0, close.grey.shape[1], close.grey.shape[0]))
            area = (x, y, w, h)
            again = read_page(close)
            if standing(again) > standing(result):
                result, page = again, close
        if not result.groups and page.doubtful_polarity and not (stopped := time_is_up()):
            # Dark or light text was a close call (a photo's glare and moiré): try the other way.
            result = read_page(prepare(grey, invert=not page.inverted))
    except ppocr.ModelMissing:
        raise  # a broken install must be seen, not hidden behind Tesseract's reading
    except engine.EngineError:
        # Tesseract gave up (time limit): nothing read is better than a server error.
        result = _empty(kind)
    if result.engines is None:
        result = replace(result, engines=("tesseract",))
    pieced = result.pieced_lines
    wanted = SECOND_ENGINE == "always" or (_second_engine_on() and not result.complete)
    if wanted and not (stopped := stopped or time_is_up()):
        made = not result.complete
        result = _with_ppocr(lambda: second_opinion(grey, kind, result, area), result)
        if (
            made
            and kind == "iid"
            and result.complete
            and first_look is not None
            and not _pp_read_above(first_look[0], grey, first_look[1], first_look[2], result)
        ):
            result = replace(result, complete=False, run_above=True)
    if result.complete and (above := _lines_above(pieced, result)):
        # Digits in pieces above the IID (perhaps the first IID, read badly): complete only
        # once PP-OCR has read those lines and found no long run of digits there.
        doubt = replace(result, complete=False, run_above=True)
        if _second_engine_on():
            result = _with_ppocr(lambda: clear_above(grey, result, above), doubt)
        else:
            result = doubt
    if result.complete and _lines_above(tuple(started), result):
        # An ID starts above and could not be read on: whatever PP-OCR saw there, the first
        # IID on the page may be that one.
        result = replace(result, complete=False, run_above=True)
    # Digits clearly shorter than the groups' beside them lost part of their glyphs to something
    # across them (an edge, a line in a colour the grey does not show); the ID's first or last
    # digit running into a border (a list's column too narrow for it) lost its end: doubts.
    if cut := cut_short(grey, result.groups) | _cut_ends(grey, result.groups):
        groups = tuple(
            replace(g, valid=False, doubt="cut") if k in cut else g for k, g in enumerate(result.groups)
        )
        result = replace(result, groups=groups, complete=False)
    if result.complete and any(cut_at_edge(g.box, grey.shape[1], grey.shape[0]) for g in result.groups):
        # A group touching the picture's border may have lost part of a glyph (the bottom of a
        # "3" that makes it a "9"): never certain, however well it read.
        result = replace(result, complete=False)
    found, advice = explain(
        result, grey.shape[1], grey.shape[0], result.digit_px or page.text_height * _scale(page)
    )
    if stopped and not result.complete:
        found.append(Fact("stopped_early", seconds=GIVE_UP_AFTER_S))
    return replace(result, found=tuple(found), advice=advice)


def _cut_ends(grey: np.ndarray, groups: tuple[Group, ...]) -> set[int]:
    """The indexes of the first and last groups whose outer end digit a border cut
    (``cut_by_border``), on their first and last lines."""
    if not groups:
        return set()
    out = set()
    if cut_by_border(grey, (groups[0].boxes or (groups[0].box,))[0], right=False):
        out.add(0)
    if cut_by_border(grey, (groups[-1].boxes or (groups[-1].box,))[-1], right=True):
        out.add(len(groups) - 1)
    return out


def _empty(kind: str) -> Result:
    return Result(kind)


def _scale(page: Page) -> float:
    """How many of the picture's pixels one of the page's stands for (its side, not its area)."""
    return float(np.sqrt(abs(np.linalg.det(page.to_original[:2, :2]))))


def _digit_px(page: Page, segments: list[Segment]) -> float:
    """The median height in the picture of the digits read precisely on ``page``, 0 when none:
    how small the text is, for the advice, when no ID could be put together.

    Why not the page's text height: that is the median of every glyph-like blob on the page,
    mostly an x-height, and a photo's noise and moiré add many small blobs: 11 px on a photo
    of a message box whose digits stood 25 px high, and the advice was to move closer.
    """
    heights = [g.page_box[3] for seg in segments for g in seg.glyphs if g.page_box[3] > 0]
    return float(np.median(heights)) * _scale(page) if heights else 0.0


def _rough_words(page: Page, rough: tuple[np.ndarray, tuple[int, int]] | None) -> list[engine.Word]:
    """The rough reading of the page, or of ``rough``: a part of it (pixels, where it starts)."""
    if rough is None:
        return engine.read(page.grey, psm=engine.PSM.SPARSE_TEXT)
    pixels, (dx, dy) = rough
    words = engine.read(pixels, psm=engine.PSM.SPARSE_TEXT)
    for word in words:
        word.box = (word.box[0] + dx, word.box[1] + dy, word.box[2], word.box[3])
        for sym in word.symbols:
            sym.box = (sym.box[0] + dx, sym.box[1] + dy, sym.box[2], sym.box[3])
    return words


def _read_page(page: Page, kind: str, words: list[engine.Word] | None = None) -> Result:
    """Rough reading, precise readings, assembly and checks on one prepared page.

    ``words`` is the rough reading when the caller made it (of a part of the page): else the
    whole page is read.
    """
    if words is None:
        words = _rough_words(page, None)
    segments = read_runs(page, words)
    result = _assemble(page, kind, words, segments)
    if kind == "iid" and not result.complete:
        longest = {id(seg) for seg in sorted(segments, key=lambda seg: -len(seg.glyphs))[:4]}
        recounted = pmap(lambda seg: recount(page, seg) if id(seg) in longest else seg, segments)
        if any(a is not b for a, b in zip(recounted, segments, strict=True)):
            again = _assemble(page, kind, words, recounted)
            if again.complete:
                result = again
    return result


def _into_border(page: Page, seg: Segment) -> bool:
    """True when ``seg`` ends less than a glyph's height from the picture's border: the next
    glyph would have been cut (a glyph cut in half is often not read at all)."""
    height, width = page.source.shape[:2]
    x, y, w, h = _original_box(page, seg.glyphs)
    return x <= h or y <= h or x + w >= width - h or y + h >= height - h


def best_cid_first(described: list[Result]) -> list[Result]:
    """The CIDs read on one page, the one to answer with first, made a doubt when it has a rival.

    The card's letters A-H are the CID's own labels: at equal standing they win.  Another
    set of digits on the page that passes most check digits too (an IID echoed above the
    card, cut after 48 digits, passes a CID's: the same rule in groups of six) is a rival:
    unless the letters say which one is the CID, it is not certain, and ``run_above`` keeps
    the second engine from making it complete, whether Tesseract had or not.
    """
    out = sorted(
        described, key=lambda d: (not d.complete, d.layout != "letters", -sum(g.valid for g in d.groups))
    )
    if out and out[0].layout != "letters" and any(_may_be_id(d) for d in out[1:]):
        out[0] = replace(out[0], complete=False, run_above=True)
    return out


def _assemble(page: Page, kind: str, words: list[engine.Word], segments: list[Segment]) -> Result:
    """The ID(s) made of the precisely read ``segments``, checked, the one wanted first."""
    segments = list(segments)
    forms = FORMS_READ[kind]
    if kind == "iid":
        segments += continuations(page, words, segments)
    for form in forms:
        segments += fill_grid(page, segments, form.size, form.groups)
    if kind == "iid":
        labels = [lab for form in forms for lab in find_labels(page, words, segments, form, reread=False)]
        cands = candidates(segments, labels, forms)
        if not any(c.certain for c in cands):
            # No order yet: read the small numbers beside the groups (a numbered grid).
            labels = [lab for form in forms for lab in find_labels(page, words, segments, form)]
            cands = candidates(segments, labels, forms)
    else:
        cands = candidates(segments, find_labels(page, words, segments, CID_48), forms)
    owners = {id(g): (seg, k) for seg in segments for k, g in enumerate(seg.glyphs)}
    cands = sorted(cands, key=lambda c: c.top)
    described = [_describe(page, kind, c, _verify(page, c, owners), owners) for c in cands]
    if kind == "iid":
        # The first IID on the page is the one wanted (slmgr /dlv lists Windows before any
        # add-on): never let a later one stand in for a first one that could not be read.
        # Digits that pass too few check digits to be an ID (pieces of the GUIDs above an
        # IID on /dlv) are passed over, but any long run above the one chosen still counts.
        pick = next((k for k, d in enumerate(described) if _may_be_id(d)), 0)
        first_top = cands[pick].top if cands else None
        if described:
            described.insert(0, described.pop(pick))
        if described and (run := _unread_run_above(page, words, segments, first_top)):
            # The second engine must not make it complete either, unless it reads that run.
            described = [replace(d, complete=False, run_above=True, run_above_box=run) for d in described]
        pieced = _pieced_lines(page, words)
        started = _started_above(page, words, cands[pick]) if cands else ()
        described = [replace(d, pieced_lines=pieced, started_above=started) for d in described]
    else:
        described = best_cid_first(described)
    if not described:
        # No ID put together: say whether digits were read running into the picture's border
        # (a grid's last group cut off), so the advice can be to take the whole ID in.
        cut = any(
            len(seg.glyphs) >= min(f.size for f in forms) and _into_border(page, seg) for seg in segments
        )
        return Result(kind, digits_cut=cut, digit_px=_digit_px(page, segments))
    best = described[0]
    # Other IDs on the page the user may want instead (an ESU add-on's IID): whole, in an
    # order the screen vouches for, every check digit holding.  Offered to choose, never
    # as the answer.
    others = tuple(
        OtherId(d.digits, d.form, d.layout) for d in described[1:] if whole(d) and d.digits != best.digits
    )
    return replace(
        best, complete=bool(best.complete), order_certain=bool(best.order_certain), candidates=others
    )


def read(data: bytes, kind: str) -> Result:
    """Read an IID (``kind="iid"``) or CID (``"cid"``) from picture bytes: the typed entry.

    Raises ImageError for bad input; the result never claims ``complete``
    unless every group is found, every check digit holds and the order is certain.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    start = time.perf_counter()
    grey = load_grey(data)
    result = read_qr(grey, kind) or read_grey(grey, kind)  # the kit's QR code first: it is certain
    return replace(result, seconds=round(time.perf_counter() - start, 3))


def read_image(data: bytes, kind: str) -> dict:
    """:func:`read` as the API's JSON object (the web API's and the CLI's boundary)."""
    return read(data, kind).to_dict()
