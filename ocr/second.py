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

from dataclasses import dataclass

import numpy as np

from activation.ids import CID_48, IID_54, IID_63, IdForm

from . import arbitrate, engine, ppocr
from .arbitrate import Reading, Verdict
from .layout import Box, intersection, union

# Tunables, in units of the characters' height.
CELL_PAD = 0.35  # a group's box widened by this much on each side to take PP-OCR's characters in it
WRAP_GAP = 2.6  # a wrapped run's next line starts at most this far below the previous one
WRAP_LEFT = 1.5  # ... and no further right than the run's first line starts, plus this
LABEL_REACH = 4.0  # a label stands at most this far left of, or above, its group
MIN_RUN_ABOVE = 10  # digits: longer than any product ID, GUID or date piece
CROP_PAD_Y = 4.0  # PP-OCR reads around Tesseract's groups: this many group heights above and below
CROP_PAD_X = 0.25  # ... and this share of their width on each side
TESS_PAD = 0.15  # Tesseract re-reads a PP-OCR group on its box widened by this many heights
TESS_HEIGHT = 32.0  # ... scaled to this glyph height (pixels), where its LSTM reads best


@dataclass(frozen=True)
class Piece:
    """Digits PP-OCR read in a row, in one line."""

    chars: tuple[ppocr.Char, ...]
    line: int
    label: str | None = None  # a label read just before it ("1", "A") on the same line

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def box(self) -> Box:
        return union([c.box for c in self.chars])

    @property
    def height(self) -> float:
        return float(np.median([c.box[3] for c in self.chars]))


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


def _labels(form: IdForm) -> set[str]:
    return set(form.labels)


def pieces(lines: list[ppocr.Line], labels: set[str]) -> list[Piece]:
    """Every run of digits in every line; a label alone before a run is kept with it."""
    out: list[Piece] = []
    for n, line in enumerate(lines):
        run: list[ppocr.Char] = []
        before = ""
        for c in [*line.chars, ppocr.Char(" ", 0.0, (0, 0, 0, 0))]:
            if c.text.isdigit():
                run.append(c)
                continue
            if run:
                label = before.strip(" :.()（）：") or None
                out.append(Piece(tuple(run), n, label if label in labels else None))
                run = []
                before = ""
            before = before + c.text if c.text not in "-" else before
            before = before[-3:]
    return out


def proposals(lines: list[ppocr.Line], kind: str) -> list[Proposal]:
    """The IDs PP-OCR's lines can make, certain in order or not."""
    forms = (IID_63, IID_54) if kind == "iid" else (CID_48,)
    by_len = {f.length: f for f in forms}
    labels = set().union(*(_labels(f) for f in forms))
    found: list[Proposal] = []
    runs = pieces(lines, labels)
    # One run of the whole length on one line (slmgr /dti, a third-party tool).
    for p in runs:
        if len(p.chars) in by_len and not _next_line(p, p, runs, lines):  # not the start of a longer run
            form = by_len[len(p.chars)]
            found.append(Proposal(form, _split(p.chars, form.size), "line", True))
    # A run wrapped onto the next lines (the Script Host message box breaks anywhere).
    found += _wrapped(lines, runs, by_len)
    # Groups each with its own label (1-9 beside the portal's boxes, A-H over the card's).
    for form in forms:
        labelled = _labelled(runs, lines, form)
        if labelled is not None:
            how = "numbers" if form.kind == "iid" else "letters"
            found.append(Proposal(form, labelled, how, True))
    return found


def _split(chars: tuple[ppocr.Char, ...], size: int) -> tuple[tuple[ppocr.Char, ...], ...]:
    return tuple(chars[i : i + size] for i in range(0, len(chars), size))


def _ends_line(p: Piece, lines: list[ppocr.Line]) -> bool:
    return bool(lines[p.line].chars) and lines[p.line].chars[-1] is p.chars[-1]


def _starts_line(p: Piece, lines: list[ppocr.Line]) -> bool:
    return bool(lines[p.line].chars) and lines[p.line].chars[0] is p.chars[0]


def _next_line(last: Piece, first: Piece, runs: list[Piece], lines: list[ppocr.Line]) -> list[Piece]:
    """Runs that continue ``last`` (ending its line) at the start of the line below it."""
    if not _ends_line(last, lines):
        return []
    h = last.height
    return [
        p
        for p in runs
        if p.line != last.line
        and _starts_line(p, lines)
        and 0.5 * h <= p.box[1] - last.box[1] <= WRAP_GAP * h
        and p.box[0] <= first.box[0] + WRAP_LEFT * h
        and 0.75 <= p.height / h <= 1.33
    ]


def _wrapped(lines: list[ppocr.Line], runs: list[Piece], by_len: dict[int, IdForm]) -> list[Proposal]:
    """Runs wrapped onto the following lines, whole: a chain that goes on past the ID's length
    (a longer ID wrapped the same way) is none."""
    found = []
    longest = max(by_len)
    for first in runs:
        if len(first.chars) >= longest or not _next_line(first, first, runs, lines):
            continue
        chain = [first]
        total = len(first.chars)
        while total < longest:
            nxt = _next_line(chain[-1], first, runs, lines)
            if len(nxt) != 1:
                break
            chain.append(nxt[0])
            total += len(nxt[0].chars)
        if len(chain) > 1 and total in by_len and not _next_line(chain[-1], first, runs, lines):
            form = by_len[total]
            chars = tuple(c for p in chain for c in p.chars)
            found.append(Proposal(form, _split(chars, form.size), "wrapped", True))
    return found


def _labelled(runs: list[Piece], lines: list[ppocr.Line], form: IdForm) -> tuple | None:
    """The groups of ``form`` in label order when every label is found exactly once."""
    groups = [p for p in runs if len(p.chars) == form.size]
    alone = [(line.text.strip(" :.()（）："), line.box) for line in lines]
    alone = [(t, b) for t, b in alone if t in form.labels]
    by_label: dict[str, list[Piece]] = {}
    for g in groups:
        label = g.label
        if label is None:
            label = _label_near(g, alone)
        if label is not None:
            by_label.setdefault(label, []).append(g)
    if all(len(by_label.get(lab, [])) == 1 for lab in form.labels):
        return tuple(by_label[lab][0].chars for lab in form.labels)
    return None


def _label_near(g: Piece, alone: list[tuple[str, Box]]) -> str | None:
    """A label alone on its own line just left of ``g`` or just above it."""
    x, y, w, h = g.box
    best = None
    for text, (lx, ly, lw, lh) in alone:
        cy, cx = ly + lh / 2, lx + lw / 2
        left = y - 0.4 * h <= cy <= y + 1.4 * h and 0 <= x - (lx + lw) <= LABEL_REACH * h
        above = x - 0.6 * h <= cx <= x + w + 0.6 * h and 0 <= y - (ly + lh) <= LABEL_REACH * h
        if left or above:
            dist = (x - lx - lw) if left else (y - ly - lh)
            if best is None or dist < best[0]:
                best = (dist, text)
    return best[1] if best else None


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


def tess_at(grey: np.ndarray, box: Box) -> Reading:
    """Tesseract's reading of the digits in ``box`` alone: the other engine, on PP-OCR's crop."""
    import cv2

    x, y, w, h = box
    pad = TESS_PAD * h
    x0, y0 = int(max(0, x - pad)), int(max(0, y - pad))
    x1, y1 = int(min(grey.shape[1], x + w + pad)), int(min(grey.shape[0], y + h + pad))
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0 or h <= 0:
        return Reading("tesseract", "")
    if float(np.median(crop)) < 128:  # light text on dark: Tesseract wants dark on light
        crop = 255 - crop
    # PP-OCR's boxes are a line's height with room around it: the ink's own height sets the scale.
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = np.flatnonzero(ink.sum(axis=1) > 0.05 * crop.shape[1])
    ink_h = float(rows[-1] - rows[0] + 1) if len(rows) else h
    fit = TESS_HEIGHT / max(4.0, min(ink_h, h))
    crop = cv2.resize(
        crop, None, fx=fit, fy=fit, interpolation=cv2.INTER_CUBIC if fit > 1 else cv2.INTER_AREA
    )
    crop = cv2.copyMakeBorder(crop, 8, 8, 8, 8, cv2.BORDER_REPLICATE)
    try:
        words = engine.read(crop, psm=engine.PSM.SINGLE_LINE, whitelist=engine.DIGITS)
    except engine.EngineError:
        return Reading("tesseract", "")
    syms = [s for w in words for s in w.symbols if s.text.isdigit()]
    if not syms:
        return Reading("tesseract", "")
    return Reading("tesseract", "".join(s.text for s in syms), round(min(s.conf for s in syms) / 100, 3))


def _group_dict(label: str, v: Verdict, box: Box) -> dict:
    group = {
        "label": label,
        "text": v.text,
        "valid": v.certain,
        "confidence": v.confidence,
        "box": [int(round(b)) for b in box],
        "repaired": v.repaired,
    }
    if not v.certain:
        group["doubt"] = v.reason
    return group


def recheck(first: dict, readings: list[Reading], lines: list[ppocr.Line]) -> dict:
    """Tesseract's ``first`` result with every group judged again beside PP-OCR's reading there."""
    form = _form(first["form"])
    groups = []
    verdicts = []
    for g, tess in zip(first["groups"], readings, strict=True):
        boxes = g.get("boxes") or [g["box"]]
        parts = [reading_at(tuple(b), lines) for b in boxes]
        pp = Reading("ppocr", "".join(p.text for p in parts), min((p.confidence for p in parts), default=0.0))
        v = arbitrate.judge(form.size, [tess, pp])
        verdicts.append(v)
        groups.append(
            {**_group_dict(g["label"], v, tuple(g["box"])), **({"boxes": g["boxes"]} if "boxes" in g else {})}
        )
    in_order = bool(first["order_certain"])
    done = arbitrate.complete(form.length, verdicts, in_order)
    digits = "".join(v.text for v in verdicts)
    return {
        **first,
        "digits": digits if len(digits) == form.length else None,
        "complete": done,
        "groups": groups,
        "engines": ["tesseract", "ppocr"],
    }


def _form(name: str | None) -> IdForm:
    return {f.name: f for f in (IID_63, IID_54, CID_48)}[name or ""]


def judge_proposal(
    prop: Proposal, first: dict, readings: list[Reading], kind: str, grey: np.ndarray | None = None
) -> dict:
    """One of PP-OCR's own IDs, each group judged with Tesseract's reading at the same place."""
    tess_boxes = [(tuple(g["box"]), r) for g, r in zip(first.get("groups", []), readings, strict=True)]
    verdicts = []
    groups = []
    for label, chars in zip(prop.form.labels, prop.groups, strict=True):
        box = union([c.box for c in chars])
        pp = Reading("ppocr", "".join(c.text for c in chars), round(min(c.conf for c in chars), 3))
        area = box[2] * box[3]
        same = [r for b, r in tess_boxes if area and intersection(box, b) >= 0.5 * min(area, b[2] * b[3])]
        v = arbitrate.judge(prop.form.size, [pp, *same[:1]])
        if not v.certain and not same and grey is not None:
            v = arbitrate.judge(prop.form.size, [pp, tess_at(grey, box)])
        verdicts.append(v)
        groups.append(_group_dict(label, v, box))
    in_order = arbitrate.order_certain(prop.how, prop.in_order)
    digits = "".join(v.text for v in verdicts)
    return {
        "kind": kind,
        "digits": digits if len(digits) == prop.form.length else None,
        "complete": arbitrate.complete(prop.form.length, verdicts, in_order),
        "form": prop.form.name,
        "order_certain": in_order,
        "layout": prop.how,
        "groups": groups,
        "candidates": [],
        "engines": ["ppocr", "tesseract"] if any(r.text for _, r in tess_boxes) else ["ppocr"],
    }


def _run_above(lines: list[ppocr.Line], prop_top: float, chars: set[int]) -> bool:
    """A long run of digits above the chosen IID that is not part of it: it may be the wanted one."""
    for p in pieces(lines, set()):
        if (
            len(p.chars) >= MIN_RUN_ABOVE
            and p.box[1] + p.box[3] < prop_top
            and not ({id(c) for c in p.chars} & chars)
        ):
            return True
    return False


def _around(grey: np.ndarray, first: dict) -> tuple[np.ndarray, tuple[int, int]]:
    """The part of ``grey`` around Tesseract's groups (all of it when there are none), and its offset.

    Why: PP-OCR's recognition costs per line; around the groups there are few lines, and
    the detector sees them at the picture's own resolution instead of a shrunk whole.
    """
    boxes = [tuple(g["box"]) for g in first.get("groups", []) if g["box"][2] > 0]
    if not boxes:
        return grey, (0, 0)
    x, y, w, h = union(boxes)
    gh = float(np.median([b[3] for b in boxes]))
    x0 = int(max(0, x - CROP_PAD_X * w))
    x1 = int(min(grey.shape[1], x + w + CROP_PAD_X * w))
    y0 = int(max(0, y - CROP_PAD_Y * gh))
    y1 = int(min(grey.shape[0], y + h + CROP_PAD_Y * gh))
    return grey[y0:y1, x0:x1], (x0, y0)


def _score(result: dict) -> tuple:
    return (result["complete"], sum(g["valid"] for g in result["groups"]), len(result["groups"]))


def second_opinion(
    grey: np.ndarray, kind: str, first: dict, readings: list[Reading], run_above: bool = False
) -> dict:
    """The best of Tesseract's result re-judged with PP-OCR and PP-OCR's own proposals.

    ``run_above``: Tesseract saw a long run of digits above its IID that it could not read
    (the wanted IID may be that one), so nothing here may be complete either.
    """
    lines = ppocr.read(*_around(grey, first))
    options = []
    if first.get("groups") and first.get("form"):
        options.append(recheck(first, readings, lines))
        if run_above:
            options[-1]["complete"] = False
    props = sorted(proposals(lines, kind), key=lambda p: p.top)
    for prop in props:
        result = judge_proposal(prop, first, readings, kind, grey)
        if run_above:
            result["complete"] = False  # Tesseract saw an ID above that it could not read
        if kind == "iid" and result["complete"]:
            used = {id(c) for g in prop.groups for c in g}
            if _run_above(lines, prop.top, used):
                result["complete"] = False
        options.append(result)
        if kind == "iid":
            break  # the first IID on the page is the one wanted: a later one never stands in for it
    if not options:
        return first
    if len({o["digits"] for o in options if o["complete"]}) > 1:
        for o in options:  # two different whole IDs, each certain on its own: neither is an answer
            o["complete"] = False
    best = max(options, key=_score)
    if not best["complete"] and not _score(best) > _score(first):
        return first
    best.setdefault("candidates", first.get("candidates", []))
    return best


__all__ = ["Piece", "Proposal", "proposals", "reading_at", "second_opinion"]
