"""Find the groups the rough reading missed in a grid of groups, by where they must be.

Why: on a photo the rough whole-page reading loses a group or two of the
portal's card (moiré, glare: digits read as letters), yet the groups it did find
give the grid's columns, rows and pitch.  A missing slot is read directly,
as a small crop with the digit whitelist; what is read there still has to
pass its check digit and the letters or layout rules like any other group.
"""

from __future__ import annotations

from statistics import median

import numpy as np

from .assemble import Segment, groups_of, in_rows, parts
from .recognise import BASE, RETRIES, read_line
from .regions import Page


def _pitch(diffs: list[float]) -> float:
    """The spacing that most of ``diffs`` are whole multiples of (0 when there are none).

    Why not the smallest: one group's box drawn too wide (an LSTM box that took in
    the space before it) makes one spacing short, and every slot from it misses.
    """
    if not diffs:
        return 0.0

    def fits(d: float) -> int:
        return sum(any(abs(x - k * d) < 0.12 * d for k in (1, 2, 3)) for x in diffs)

    return max(sorted(diffs), key=fits)


def _columns(boxes: list[tuple[float, float, float, float]], width: float) -> list[float]:
    """Column positions from the groups' left edges, gaps of whole pitches filled in.

    On a photo taken at an angle the far side is smaller: the pitch across a gap is
    taken in proportion to the width of the groups on either side of it.
    """
    cols: list[list[tuple[float, float]]] = []
    for x, _, w, _ in sorted(boxes):
        if cols and x - cols[-1][-1][0] < 0.5 * width:
            cols[-1].append((x, w))
        else:
            cols.append([(x, w)])
    centres = [float(np.mean([x for x, _ in c])) for c in cols]
    widths = [float(np.mean([w for _, w in c])) for c in cols]
    if len(centres) < 2:
        return centres
    diffs = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    pitch = _pitch(diffs)
    if pitch < width:
        return centres
    out = [centres[0]]
    for i, (a, b) in enumerate(zip(centres, centres[1:], strict=False)):
        # The pitch as measured, else scaled by the groups beside the gap (their boxes are
        # rough, so the scaled one is only the second choice).
        for step in (pitch, pitch * (widths[i] + widths[i + 1]) / 2 / width):
            k = round((b - a) / step)
            if k >= 2 and abs((b - a) - k * step) < 0.15 * step:
                out += [a + j * (b - a) / k for j in range(1, k)]
                break
        out.append(b)
    return out


SLOT_VARIANTS = (BASE, RETRIES[0])


def _read_slot(page: Page, box: tuple[float, float, float, float], h: float, size: int) -> Segment | None:
    """The group of ``size`` digits at ``box``, or None when no variant reads exactly that.

    Why a second variant: on a photo, a crop drawn a little smaller sometimes reads
    whole where the first drawing lost a digit to moiré.
    """
    clip = (box[0] - 0.25 * h, box[0] + box[2] + 0.25 * h)
    for variant in SLOT_VARIANTS:
        got = read_line(page, box, h, variant, margin=0.3, clip=clip)
        digits = [g for g in got if g.text.isdigit()]
        if len(digits) == size and len(got) == size:
            return Segment.of(digits, h, None, box, clip, h)
        if not got:  # nothing there (the grid has ended): no second look
            return None
    return None


def fill_grid(page: Page, segments: list[Segment], size: int, expected: int) -> list[Segment]:
    """Segments read at the empty slots of the grid the groups of ``size`` digits form.

    Groups of one size of type make a grid; other digits of another size (the IID
    echoed in small type above a CID card) are a grid of their own, or none.
    """
    found: list[Segment] = []
    for pieces in _by_height([p for s in segments for p in groups_of(s, size)]):
        if 3 <= len(pieces) < expected:
            found += _fill(page, segments, pieces, size, expected)
    return found


def _by_height(pieces: list[Segment]) -> list[list[Segment]]:
    """``pieces`` in clusters of about one glyph height (within a third of each other)."""
    clusters: list[list[Segment]] = []
    for p in sorted(pieces, key=lambda p: p.glyph_h):
        if clusters and p.glyph_h <= 1.33 * clusters[-1][0].glyph_h:
            clusters[-1].append(p)
        else:
            clusters.append([p])
    return clusters


def _fill(
    page: Page, segments: list[Segment], pieces: list[Segment], size: int, expected: int
) -> list[Segment]:
    h = median(p.glyph_h for p in pieces)
    width = median(p.box[2] for p in pieces)
    height = median(p.box[3] for p in pieces)
    rows = in_rows(pieces)
    if all(len(r) == 1 for r in rows):
        return _fill_column(page, [r[0] for r in rows], size, expected - len(pieces), h, width, height)
    if len(rows) > 3 or max(len(r) for r in rows) < 2:
        return []
    cols = _columns([p.box for p in pieces], width)
    slopes = [float(np.polyfit([p.cx for p in r], [p.cy for p in r], 1)[0]) for r in rows if len(r) >= 2]
    slope = median(slopes) if slopes else 0.0
    pitch = _pitch([b - a for a, b in zip(cols, cols[1:], strict=False)])
    anchors = _anchors(segments, pieces, rows, size, h)
    if pitch >= width:
        cols = _widen(cols, pitch, width, anchors)
    rows = in_rows(pieces + anchors)
    is_piece = {id(p) for p in pieces}
    found: list[Segment] = []
    budget = expected - len(pieces)

    def read_slot(col: float, icpt: float) -> Segment | None:
        cy = slope * (col + width / 2) + icpt
        return _read_slot(page, (col, cy - height / 2, width, height), h, size)

    def walk(col: float, step: float, icpt: float) -> None:
        """Read on from ``col``, a pitch at a time, while groups keep coming."""
        nonlocal budget
        while budget > 0:
            col += step
            if col < 0 or col + width > page.grey.shape[1]:
                return
            seg = read_slot(col, icpt)
            if seg is None:
                return
            found.append(seg)
            budget -= 1

    # Rows top to bottom, each slot left to right: the last row of a flowing grid may stop
    # short, but no more groups are looked for than the ID can have.
    for n, row in enumerate(rows):
        last = n == len(rows) - 1
        right = max(p.box[0] for p in row)
        icpt = float(median(p.cy - slope * p.cx for p in row))
        for col in cols:
            if budget <= 0:
                return found
            if any(id(p) in is_piece and abs(p.box[0] - col) < 0.5 * width for p in row):
                continue
            seg = read_slot(col, icpt)
            if seg is not None:
                found.append(seg)
                budget -= 1
        # Every row but the last is full: look on along it while groups keep coming.
        if not last and pitch >= width:
            walk(max(cols[-1], right), pitch, icpt)
    # A single row still short: it may go on at either end (the rough reading loses the
    # first or last group of a long row on a photo more often than any other).
    if len(rows) == 1 and pitch >= width:
        icpt = float(median(p.cy - slope * p.cx for p in rows[0]))
        walk(cols[-1], pitch, icpt)
        walk(cols[0], -pitch, icpt)
    return found


def _anchors(
    segments: list[Segment], pieces: list[Segment], rows: list[list[Segment]], size: int, h: float
) -> list[Segment]:
    """Runs of digits misread as no group (a digit short or long, or two groups run together) beside
    or just below the grid: a row or a column the groups found did not show.

    Why: the rough reading of a photo often sees digits where a group is but reads the
    wrong count; its place is all that is used, the slot is read again precisely.
    """
    taken = {id(g) for p in pieces for g in p.glyphs}
    row_ys = [float(median(p.cy for p in r)) for r in rows]
    out = []
    for seg in segments:
        for part in parts(seg):
            n = len(part.glyphs)
            if not 3 <= n <= 2 * size + 2 or any(id(g) in taken for g in part.glyphs):
                continue
            if not 0.75 * h <= part.glyph_h <= 1.33 * h:
                continue
            if min(abs(part.cy - y) for y in row_ys) <= 4 * h:
                out.append(part)
    return out


def _widen(cols: list[float], pitch: float, width: float, anchors: list[Segment]) -> list[float]:
    """Columns added, a pitch at a time (at most three), on the side where anchors stand."""
    cols = list(cols)
    for a in anchors:
        for _ in range(3):
            if a.cx < cols[0] - 0.5 * (pitch - width):
                cols.insert(0, cols[0] - pitch)
            elif a.cx > cols[-1] + width + 0.5 * (pitch - width):
                cols.append(cols[-1] + pitch)
            else:
                break
    return cols


def _fill_column(
    page: Page, column: list[Segment], size: int, budget: int, h: float, width: float, height: float
) -> list[Segment]:
    """The same for a vertical list ("A: 123456" under each other): gaps, then below, then above."""
    if len(column) < 3:
        return []
    ys = [p.cy for p in column]
    xs = [p.box[0] for p in column]
    if max(xs) - min(xs) > 1.5 * h:
        return []
    drift, x_icpt = np.polyfit(ys, xs, 1)  # a rolled photo: x moves a little from row to row
    pitch = min(b - a for a, b in zip(ys, ys[1:], strict=False))
    if pitch < 1.2 * height:
        return []
    slots: list[float] = []
    for a, b in zip(ys, ys[1:], strict=False):
        k = round((b - a) / pitch)
        if k >= 2 and abs((b - a) - k * pitch) < 0.15 * pitch:
            slots += [a + j * (b - a) / k for j in range(1, k)]
    found: list[Segment] = []

    def read_at(cy: float) -> Segment | None:
        x = drift * cy + x_icpt
        return _read_slot(page, (x, cy - height / 2, width, height), h, size)

    for cy in slots:
        if len(found) >= budget:
            return found
        seg = read_at(cy)
        if seg is not None:
            found.append(seg)
    for start, step in ((ys[-1], pitch), (ys[0], -pitch)):
        cy = start + step
        while len(found) < budget and height <= cy <= page.grey.shape[0] - height:
            seg = read_at(cy)
            if seg is None:
                break
            found.append(seg)
            cy += step
    return found
