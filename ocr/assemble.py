"""Put digit readings together into whole IDs, in an order we can vouch for.

Why: check digits cannot catch groups in the wrong order, so the order must
come from the picture itself: one unbroken run of digits (slmgr /dti), a run
wrapped onto the next line (the message box), the letters A-H over or beside
the CID's groups, or a clean row, column or grid.  When none of these holds,
the candidate is kept but marked as not certain.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import numpy as np

from activation.ids import CID_48, IID_54, IID_63, IdForm

from .layout import Box, Letter, intersection, union
from .recognise import Glyph


@dataclass
class Segment:
    """A run of digits read precisely, on one line of the page."""

    glyphs: list[Glyph]
    glyph_h: float
    box: Box  # page pixels
    frame: np.ndarray | None = None  # the line's own frame (glyph boxes are in it)
    # How the line was read (box and clip in the frame, glyph height), to read it again whole.
    region: Box | None = None
    clip: tuple[float, float] | None = None
    read_h: float = 0.0

    @classmethod
    def of(
        cls,
        glyphs: list[Glyph],
        glyph_h: float,
        frame: np.ndarray | None = None,
        region: Box | None = None,
        clip: tuple[float, float] | None = None,
        read_h: float = 0.0,
    ) -> Segment:
        """A segment whose page box is the union of its glyphs' page boxes."""
        return cls(glyphs, glyph_h, union([g.page_box for g in glyphs]), frame, region, clip, read_h)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def cx(self) -> float:
        return self.box[0] + self.box[2] / 2

    @property
    def cy(self) -> float:
        return self.box[1] + self.box[3] / 2


@dataclass
class Candidate:
    """An ID's groups in order, each still to be verified."""

    form: IdForm
    groups: list[list[Glyph]]
    heights: list[float]
    frames: list[np.ndarray | None]
    certain: bool
    how: str

    @property
    def top(self) -> float:
        return min(g[0].page_box[1] for g in self.groups if g)

    @classmethod
    def from_segments(
        cls,
        form: IdForm,
        ordered: list[Segment],
        certain: bool,
        how: str,
    ) -> Candidate:
        """One group per segment, in the order given."""
        return cls(
            form,
            [s.glyphs for s in ordered],
            [s.glyph_h for s in ordered],
            [s.frame for s in ordered],
            certain,
            how,
        )


def _split(seg_glyphs: list[Glyph], size: int) -> list[list[Glyph]]:
    return [seg_glyphs[i : i + size] for i in range(0, len(seg_glyphs), size)]


def parts(seg: Segment) -> list[Segment]:
    """``seg`` cut where the space between two glyphs is much wider than between the others.

    Why: a label digit beside its group ("1 | 2914172") or groups spaced widely
    come out of one rough span; the wide gaps tell them apart.
    """
    g = seg.glyphs
    if len(g) < 2:
        return [seg]
    gaps = [g[i + 1].box[0] - (g[i].box[0] + g[i].box[2]) for i in range(len(g) - 1)]
    typical = median(gaps)
    limit = max(0.45 * seg.glyph_h, typical + 0.3 * seg.glyph_h)
    # A box wider than any digit (or a sliver) is the LSTM's slip: the gaps beside it tell nothing.
    slip = [not 0.1 * seg.glyph_h <= x.box[2] <= 1.4 * seg.glyph_h for x in g]
    out: list[Segment] = []
    start = 0
    for i, gap in enumerate(gaps):
        if gap > limit and not slip[i] and not slip[i + 1]:
            out.append(_sub(seg, g[start : i + 1]))
            start = i + 1
    out.append(_sub(seg, g[start:]))
    return out


def groups_of(seg: Segment, size: int) -> list[Segment]:
    """The pieces of ``seg`` with ``size`` digits; a piece of a whole multiple of ``size``
    digits is cut evenly.

    Why: on a photo the LSTM's glyph boxes often hide the space between groups, so
    "857351 777616" comes back as one run; its check digits still judge each group.
    """
    if len(seg.glyphs) == size:
        return [seg]
    out: list[Segment] = []
    for piece in parts(seg):
        n = len(piece.glyphs)
        if n == size:
            out.append(piece)
        elif n % size == 0 and n not in (IID_54.length, IID_63.length):  # a whole IID is no grid
            out += [_sub(seg, piece.glyphs[i : i + size]) for i in range(0, n, size)]
    return out


def _sub(seg: Segment, glyphs: list[Glyph]) -> Segment:
    return Segment.of(glyphs, seg.glyph_h, seg.frame)


def _line_glyphs(seg: Segment, lengths: set[int]) -> list[Glyph] | None:
    """The glyphs of ``seg`` as one ID-length run, dropping a lone label digit in front."""
    if len(seg.glyphs) in lengths:
        return seg.glyphs
    pieces = parts(seg)
    if len(pieces) >= 2 and len(pieces[0].glyphs) <= 2:
        rest = [x for p in pieces[1:] for x in p.glyphs]
        if len(rest) in lengths:
            return rest
    return None


def iid_candidates(segments: list[Segment]) -> list[Candidate]:
    found: list[Candidate] = []
    used: set[int] = set()
    by_len = {f.length: f for f in (IID_63, IID_54)}
    for i, seg in enumerate(segments):
        glyphs = _line_glyphs(seg, set(by_len))
        if glyphs:
            form = by_len[len(glyphs)]
            found.append(
                Candidate(
                    form,
                    _split(glyphs, form.size),
                    [seg.glyph_h] * form.groups,
                    [seg.frame] * form.groups,
                    True,
                    "line",
                )
            )
            used.add(i)
    # One line the precise reading got in pieces (a glare spot or a blurred digit between).
    for chain in _line_chains(segments, used):
        glyphs = [x for k in chain for x in segments[k].glyphs]
        if len(glyphs) in by_len:
            form = by_len[len(glyphs)]
            h = max(segments[k].glyph_h for k in chain)
            frames = [segments[k].frame for k in chain for _ in segments[k].glyphs]
            split_frames = [frames[n * form.size] for n in range(form.groups)]
            found.append(
                Candidate(form, _split(glyphs, form.size), [h] * form.groups, split_frames, True, "line")
            )
            used.update(chain)
    # A run wrapped onto the next lines (the Windows Script Host message box breaks anywhere).
    order = sorted(range(len(segments)), key=lambda k: segments[k].box[1])
    for i in order:
        if i in used:
            continue
        chain = [i]
        total = len(segments[i].glyphs)
        while total < max(by_len):
            last = segments[chain[-1]]
            h = last.glyph_h
            nxt = [
                j
                for j in order
                if j not in used
                and j not in chain
                and 0.9 * h <= _bottom(segments[j]) - _bottom(last) <= 2.8 * h
                and segments[j].box[0] <= segments[i].box[0] + h
                and 0.75 <= segments[j].glyph_h / h <= 1.33
            ]
            if not nxt:
                break
            j = min(nxt, key=lambda k: segments[k].box[1])
            chain.append(j)
            total += len(segments[j].glyphs)
            if total in by_len:
                form = by_len[total]
                glyphs = [x for k in chain for x in segments[k].glyphs]
                frames = [segments[k].frame for k in chain for _ in segments[k].glyphs]
                hs = [segments[k].glyph_h for k in chain]
                split_frames = [frames[n * form.size] for n in range(form.groups)]
                found.append(
                    Candidate(
                        form,
                        _split(glyphs, form.size),
                        [max(hs)] * form.groups,
                        split_frames,
                        True,
                        "wrapped",
                    )
                )
                used.update(chain)
                break
    # Nine separate groups (a grid of numbered boxes, or groups spaced widely).
    rest = [s for k, s in enumerate(segments) if k not in used]
    for form in (IID_63, IID_54):
        groups = _once([p for s in rest for p in groups_of(s, form.size)])
        if len(groups) >= form.groups:
            ordered, certain = _reading_order(groups, form.groups)
            certain = certain and _keeps_reading_order(ordered, segments)
            if ordered:
                found.append(Candidate.from_segments(form, ordered, certain, "grid"))
    return found


def _bottom(seg: Segment) -> float:
    """Where the first glyph of ``seg`` stands (its bottom edge on the page).

    Why bottoms: an LSTM box often reaches up into the line above, never down; and the
    first glyph, because the next line of a wrapped run starts below the run's start.
    """
    x, y, w, h = seg.glyphs[0].page_box
    return y + h


def _line_chains(segments: list[Segment], used: set[int]) -> list[list[int]]:
    """Segments that continue each other on one line, with no more than a glyph between.

    Why the order is certain: they are read left to right along one line, and the
    count must still come to a whole ID and every group pass its check digit.
    """
    order = sorted((k for k in range(len(segments)) if k not in used), key=lambda k: segments[k].box[0])
    chains: list[list[int]] = []
    taken: set[int] = set()
    for i in order:
        if i in taken:
            continue
        chain = [i]
        while True:
            last = segments[chain[-1]]
            h = last.glyph_h
            end = last.box[0] + last.box[2]
            nxt = [
                j
                for j in order
                if j not in taken
                and j not in chain
                and end - 0.5 * h <= segments[j].box[0] <= end + 1.0 * h
                and abs(segments[j].cy - last.cy) < 0.5 * h
                and 0.75 <= segments[j].glyph_h / h <= 1.33
            ]
            if len(nxt) != 1:
                break
            chain.append(nxt[0])
        if len(chain) >= 2:
            chains.append(chain)
            taken.update(chain)
    return chains


def _once(pieces: list[Segment]) -> list[Segment]:
    """``pieces`` without any that lie over an earlier one (half its area or more).

    Why: a grid slot read again with a label digit in front ("1 610275" for a 7-digit
    slot) gives back, cut at the label, a group already found; counted twice it would
    fill the grid with copies.
    """
    kept: list[Segment] = []
    for p in pieces:
        x, y, w, h = p.box
        if not any(intersection(p.box, k.box) >= 0.5 * min(w * h, k.box[2] * k.box[3]) for k in kept):
            kept.append(p)
    return kept


def _keeps_reading_order(ordered: list[Segment], segments: list[Segment]) -> bool:
    """True when pieces cut from one line keep the order in which Tesseract read that line.

    Why: the layout order comes from boxes, the reading order from the engine; when the
    two disagree, one of them is wrong, and the check digits cannot tell which.
    """
    where = {id(g): (k, n) for k, seg in enumerate(segments) for n, g in enumerate(seg.glyphs)}
    last: dict[int, int] = {}
    for piece in ordered:
        k, n = where.get(id(piece.glyphs[0]), (-1, -1))
        if k < 0:
            continue
        if n <= last.get(k, -1):
            return False
        last[k] = n
    return True


def _tilt(segs: list[Segment]) -> float:
    """The median slope (dy/dx) of the segments' own lines; 0 when none has one."""
    slopes = [float(s.frame[1, 0] / s.frame[0, 0]) for s in segs if s.frame is not None and s.frame[0, 0]]
    return float(median(slopes)) if slopes else 0.0


def _rows(segs: list[Segment]) -> list[list[Segment]]:
    """``segs`` in rows, top to bottom, each left to right.

    Rows are told apart square to the lines' own slope: on a rolled photo a row of
    groups climbs across the picture, and by height alone its ends fall into two rows.
    """
    tilt = _tilt(segs)

    def across(s: Segment) -> float:
        return s.cy - tilt * s.cx

    rows: list[list[Segment]] = []
    for s in sorted(segs, key=across):
        if rows and abs(across(rows[-1][-1]) - across(s)) < 0.6 * s.glyph_h:
            rows[-1].append(s)
        else:
            rows.append([s])
    return [sorted(r, key=lambda s: s.cx) for r in rows]


def _reading_order(segs: list[Segment], count: int) -> tuple[list[Segment], bool]:
    """``count`` segments of one size in reading order, and whether that order is unambiguous.

    Unambiguous: one row, one column, or rows whose columns line up (a grid
    read row by row, as the portal lays out its boxes 1-9).
    """
    h = median(s.glyph_h for s in segs)
    segs = [s for s in segs if 0.75 * h <= s.glyph_h <= 1.33 * h]
    if len(segs) != count:
        return (sorted(segs, key=lambda s: (s.cy, s.cx))[:count] if len(segs) >= count else []), False
    rows = _rows(segs)
    ordered = [s for r in rows for s in r]
    if len(rows) == 1:
        return ordered, True
    if all(len(r) == 1 for r in rows):
        xs = [r[0].box[0] for r in rows]
        return ordered, max(xs) - min(xs) < 2 * h
    width = len(rows[0])
    if all(len(r) == width for r in rows):
        aligned = all(
            abs(rows[k][c].cx - rows[0][c].cx) < 2 * h for k in range(len(rows)) for c in range(width)
        )
        return ordered, aligned
    return ordered, False


def letter_for(seg: Segment, letters: list[Letter]) -> Letter | None:
    """The letter standing just above or just left of ``seg``."""
    h = seg.glyph_h
    x0, y0, w, sh = seg.box
    best: tuple[float, Letter] | None = None
    for letter in letters:
        lx, ly, lw, lh = letter.box
        lcx, lcy = lx + lw / 2, ly + lh / 2
        above = (
            x0 - 0.6 * h <= lcx <= x0 + w + 0.6 * h and ly + lh <= y0 + 0.3 * h and y0 - (ly + lh) <= 3.5 * h
        )
        left = (
            y0 - 0.4 * h <= lcy <= y0 + sh + 0.4 * h and lx + lw <= x0 + 0.2 * h and x0 - (lx + lw) <= 5 * h
        )
        if not (above or left):
            continue
        dist = (y0 - (ly + lh)) if above else (x0 - (lx + lw))
        if best is None or dist < best[0]:
            best = (dist, letter)
    return best[1] if best else None


def cid_candidates(segments: list[Segment], letters: list[Letter]) -> list[Candidate]:
    six = [p for s in segments for p in groups_of(s, 6)]
    if not six:
        return []
    labelled: dict[str, list[Segment]] = {}
    for s in six:
        letter = letter_for(s, letters)
        if letter is not None:
            labelled.setdefault(letter.letter, []).append(s)
    found: list[Candidate] = []
    # Only the 48-digit form: the portal never gives the 42-digit (XP) form, and seven of
    # eight groups found must not look like a whole ID.
    for form in (CID_48,):
        labels = form.labels
        if all(len(labelled.get(lab, [])) == 1 for lab in labels):
            ordered = [labelled[lab][0] for lab in labels]
            found.append(Candidate.from_segments(form, ordered, True, "letters"))
            return found
    # Letters not all found: fall back on the layout.  Certain only for a single row or
    # column, or a grid whose letters that were found (at least one per row, at least
    # half of them) all sit where reading row by row puts them.
    form = CID_48
    pool = six
    if labelled:
        hs = [s.glyph_h for segs in labelled.values() for s in segs]
        pool = [s for s in six if 0.8 * min(hs) <= s.glyph_h <= 1.25 * max(hs)]
    if len(pool) > form.groups:
        pool = _flow_subset(pool, form.groups) or pool
    ordered, clean = _reading_order(pool, form.groups)
    if not ordered:
        return found
    rows = _rows(ordered)
    single = len(rows) == 1 or all(len(r) == 1 for r in rows)
    found_labels = [lab for lab in form.labels if len(labelled.get(lab, [])) == 1]
    consistent = all(
        labelled[lab][0] is ordered[k] for k, lab in enumerate(form.labels) if lab in found_labels
    )
    position = {id(s): n for n, s in enumerate(ordered)}
    rows_with_letter = sum(
        any(
            lab in found_labels and position.get(id(labelled[lab][0])) is not None
            for lab in form.labels
            if lab in found_labels and labelled[lab][0] in r
        )
        for r in rows
    )
    flow = len(ordered) == form.groups and _flow_grid(rows)
    grid_ok = (len(found_labels) >= form.groups // 2 and rows_with_letter == len(rows)) or flow
    certain = (clean or flow) and consistent and (single or grid_ok) and len(pool) == form.groups
    found.append(Candidate.from_segments(form, ordered, certain, "layout"))
    return found


def _flow_subset(pool: list[Segment], count: int) -> list[Segment] | None:
    """The only run of consecutive rows that holds exactly ``count`` groups as a flow grid.

    Why: a phone screenshot also shows the echoed IID, whose misread pieces can
    look like six-digit groups; the card's own rows are the ones that form the grid.
    """
    rows = _rows(pool)
    hits = []
    for start in range(len(rows)):
        total = 0
        for end in range(start, len(rows)):
            total += len(rows[end])
            if total >= count:
                if total == count and _flow_grid(rows[start : end + 1]):
                    hits.append([s for r in rows[start : end + 1] for s in r])
                break
    return hits[0] if len(hits) == 1 else None


def _flow_grid(rows: list[list[Segment]]) -> bool:
    """True for groups laid out like text flowing into rows: every row but the last full, the
    last one no longer, and each column's groups starting at the same x.

    Why this order is certain: the portal's card (A-E over F-H), two rows of four and a row of
    eight wrapped on a narrow screen all flow this way; read row by row they give A..H, and no
    page lays out a column-major grid with a short last row.
    """
    if len(rows) < 2:
        return False
    width = len(rows[0])
    if any(len(r) != width for r in rows[:-1]) or len(rows[-1]) > width or width < 2:
        return False
    h = median(s.glyph_h for r in rows for s in r)
    for r in rows[1:]:
        for c, seg in enumerate(r):
            if abs(seg.box[0] - rows[0][c].box[0]) > 0.8 * h:
                return False
    return True


def group_box(glyphs: list[Glyph], page: bool = False) -> Box:
    """The union of ``glyphs``' boxes, in their line's frame (or on the page)."""
    return union([g.page_box if page else g.box for g in glyphs])
