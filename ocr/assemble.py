"""Tesseract's precise runs put together into whole IDs by the screen arrangements.

Why a thin layer: the rules that order groups (``ocr.arrangements``) are the same for both
engines; this module turns Tesseract's segments (runs of ``Glyph``) into the arrangements'
``Run`` and their hypotheses back into candidates for ``ocr.pipeline`` to verify.  A
candidate whose arrangement has no evidence for its order is kept, marked not certain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from activation.ids import IID_54, IID_63, IdForm

from . import arrangements
from .arrangements import Digit, Label, Run
from .layout import Box, union
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
    # Letters read just before it on its line (VAMT's "PC-8776"): it starts no line.
    after_text: bool = False

    @classmethod
    def of(
        cls,
        glyphs: list[Glyph],
        glyph_h: float,
        frame: np.ndarray | None = None,
        region: Box | None = None,
        clip: tuple[float, float] | None = None,
        read_h: float = 0.0,
        after_text: bool = False,
    ) -> Segment:
        """A segment whose page box is the union of its glyphs' page boxes."""
        return cls(
            glyphs, glyph_h, union([g.page_box for g in glyphs]), frame, region, clip, read_h, after_text
        )

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


def to_run(seg: Segment) -> Run:
    """``seg`` as the arrangements see it (its glyphs' page boxes, its line's slope)."""
    slope = 0.0
    if seg.frame is not None and seg.frame[0, 0]:
        slope = float(seg.frame[1, 0] / seg.frame[0, 0])
    starts_line = False if seg.after_text else None  # None: the rough reading cannot say
    return Run(
        tuple(Digit(g, g.page_box) for g in seg.glyphs),
        seg.glyph_h,
        starts_line=starts_line,
        slope=slope,
        source=seg,
    )


def _back(seg: Segment, run: Run) -> Segment:
    return Segment.of([d.item for d in run.digits], seg.glyph_h, seg.frame)


def parts(seg: Segment) -> list[Segment]:
    """``seg`` cut where the space between two glyphs is much wider than between the others
    (see ``arrangements.parts``)."""
    if len(seg.glyphs) < 2:
        return [seg]
    return [_back(seg, r) for r in arrangements.parts(to_run(seg))]


WHOLE_IIDS = (IID_63.length, IID_54.length)


def groups_of(seg: Segment, size: int, whole: Sequence[int] = WHOLE_IIDS) -> list[Segment]:
    """The pieces of ``seg`` with ``size`` digits (see ``arrangements.groups_of``); a run as
    long as a whole IID is not cut into groups."""
    if len(seg.glyphs) == size:
        return [seg]
    return [_back(seg, r) for r in arrangements.groups_of(to_run(seg), size, whole)]


def in_rows(segs: list[Segment]) -> list[list[Segment]]:
    """``segs`` in rows, top to bottom, each left to right, square to their lines' slope."""
    slopes = [to_run(s).slope for s in segs]
    slopes = [x for x in slopes if x]
    tilt = float(np.median(slopes)) if slopes else 0.0
    return arrangements.rows(segs, lambda s: (s.cx, s.cy, s.glyph_h), tilt)


def label_for(seg: Segment, labels: Sequence[Label]) -> Label | None:
    """The label standing just above or just left of ``seg``."""
    return arrangements.label_for(to_run(seg), labels)


def owns_label(seg: Segment, label: Label, others: Sequence[Segment]) -> bool:
    """True when no other of ``others`` stands nearer ``label`` than ``seg`` does.

    Why: numbers over a grid's groups stand close to the groups of the row above too; a
    group next to another's label has not had its own label read yet.
    """
    mine = arrangements.label_distance(to_run(seg), label)
    if mine is None:
        return False
    for other in others:
        if (
            other is not seg
            and (d := arrangements.label_distance(to_run(other), label)) is not None
            and d < mine
        ):
            return False
    return True


def candidates(segments: list[Segment], labels: Sequence[Label], forms: Sequence[IdForm]) -> list[Candidate]:
    """Every ID the arrangements make of ``segments``, as candidates to verify, top first."""
    runs = [to_run(s) for s in segments if s.glyphs]
    owner = {id(g): s for s in segments for g in s.glyphs}
    found = []
    for hyp in arrangements.arrange(runs, labels, forms):
        groups = [[d.item for d in g] for g in hyp.groups]
        segs = [[owner[id(x)] for x in g] for g in groups]
        found.append(
            Candidate(
                hyp.form,
                groups,
                [max(s.glyph_h for s in gs) for gs in segs],
                [gs[0].frame for gs in segs],
                hyp.evidence is not None,
                hyp.evidence or "grid",
            )
        )
    return found


def group_box(glyphs: list[Glyph], page: bool = False) -> Box:
    """The union of ``glyphs``' boxes, in their line's frame (or on the page)."""
    return union([g.page_box if page else g.box for g in glyphs])
