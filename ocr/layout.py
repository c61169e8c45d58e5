"""Where the digits are: runs of digits found in a first, rough reading, and box arithmetic.

Why: the first pass reads the whole page once, fast and roughly; this module
keeps only what can be part of an ID (runs of digit-like characters) with
their boxes, so that the precise second pass reads only those small regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from .engine import Symbol, Word

# Characters a rough reading often gives for a digit.
DIGIT_LIKE = set("0123456789OoDQlI|i!SsBZzgqGbT$")

Box = tuple[float, float, float, float]


@dataclass
class Span:
    """A run of digit-like characters on one line, in page pixels."""

    box: Box
    glyph_h: float
    digits: int
    boxes: list[Box]  # the symbols' boxes (their centres give the line's slope)


def union(boxes: list[Box]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def intersection(a: Box, b: Box) -> float:
    """Area of the overlap of two boxes (x, y, w, h)."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


def _lines(words: list[Word]) -> dict[int, list[Symbol]]:
    lines: dict[int, list[Symbol]] = {}
    for w in words:
        lines.setdefault(w.line, []).extend(s for s in w.symbols if s.box[2] > 0 and s.box[3] > 0)
    return lines


def digit_spans(words: list[Word], min_chars: int = 4) -> list[Span]:
    """Runs of digit-like symbols with gaps under ~1.2 glyph heights, per line."""
    spans: list[Span] = []
    for symbols in _lines(words).values():
        symbols = sorted(symbols, key=lambda s: s.box[0])
        heights = [s.box[3] for s in symbols if s.text.isdigit()]
        if not heights:
            continue
        h = line_height(heights)
        symbols = _trim_wide(_trim_tall(symbols, h), h)
        run: list[Symbol] = []

        def close(run: list[Symbol], h: float = h) -> None:
            if len(run) < min_chars:
                return
            n_digits = sum(s.text.isdigit() for s in run)
            # "000000" is often read roughly as "OOOOOO": keep long runs of digit-like letters too.
            if n_digits < 0.6 * len(run) and len(run) < 5:
                return
            hs = [s.box[3] for s in run if s.text.isdigit()] or [h]
            boxes = [s.box for s in run]
            spans.append(Span(union(boxes), line_height(hs), n_digits, boxes))

        for s in symbols:
            ch = s.text.strip()
            ok = len(ch) == 1 and ch in DIGIT_LIKE and 0.5 * h <= s.box[3] <= 1.6 * h
            if ok and run:
                prev = run[-1]
                gap = s.box[0] - (prev.box[0] + prev.box[2])
                if gap > 1.2 * h:
                    close(run)
                    run = []
            if ok:
                run.append(s)
            else:
                close(run)
                run = []
        close(run)
    return _merge_overlaps(spans)


def line_height(heights: list[float]) -> float:
    """A line's digit height from its symbols' box heights: the lower third, not the median.

    Why: digits are all one height, but the LSTM's symbol boxes often take in the
    group letter above (a CID card's A-H); on a tilted photo more than half of a
    row's boxes can be that tall, and the median then doubles the height.
    """
    ordered = sorted(heights)
    return float(ordered[(len(ordered) - 1) // 3])


def _trim_tall(symbols: list[Symbol], h: float) -> list[Symbol]:
    """Symbols whose box also covers the group letter above (Tesseract merges a word's first
    glyph with it) cut back to the line's own height, so the glyph is not dropped."""
    bottoms = [s.box[1] + s.box[3] for s in symbols if s.text.isdigit() and s.box[3] <= 1.3 * h]
    if not bottoms:
        return symbols
    bottom = median(bottoms)
    out = []
    for s in symbols:
        x, y, w, sh = s.box
        covers = y <= bottom - 0.7 * h and y + sh >= bottom - 0.3 * h
        if sh > 1.4 * h and covers and s.text.strip().isdigit():
            s = Symbol(s.text, s.conf, (x, int(bottom - h), w, int(h)), s.choices)
        out.append(s)
    return out


def _trim_wide(symbols: list[Symbol], h: float) -> list[Symbol]:
    """Digit boxes far wider than a digit cut back to one digit's width, at the end next to
    their neighbour in the line.

    Why: the LSTM often gives a word's first symbol a box reaching back over the space and
    the label before it ("ID: 7889..." with the 7's box starting at the "I"); a run drawn
    from it takes in the label, and its colon is read as a "1".
    """
    out = []
    for k, s in enumerate(symbols):
        x, y, w, sh = s.box
        if s.text.strip().isdigit() and w > 1.3 * h:
            nxt = symbols[k + 1].box[0] if k + 1 < len(symbols) else None
            keep = int(0.75 * h)
            # Keep the end that meets the next symbol (a word's first digit), else the start.
            x = x + w - keep if nxt is not None and nxt - (x + w) < 0.5 * h else x
            s = Symbol(s.text, s.conf, (x, y, keep, sh), s.choices)
        out.append(s)
    return out


def _merge_overlaps(spans: list[Span]) -> list[Span]:
    """Tesseract's sparse mode sometimes reports one run twice, overlapping: join them."""
    spans = sorted(spans, key=lambda s: (s.box[1], s.box[0]))
    merged: list[Span] = []
    for s in spans:
        for m in merged:
            mx0, my0, mw, mh = m.box
            sx0, sy0, sw, sh = s.box
            v_overlap = min(my0 + mh, sy0 + sh) - max(my0, sy0)
            h_overlap = min(mx0 + mw, sx0 + sw) - max(mx0, sx0)
            if v_overlap > 0.5 * min(mh, sh) and h_overlap > -0.3 * m.glyph_h:
                m.box = union([m.box, s.box])
                m.digits = max(m.digits, s.digits)
                m.boxes = m.boxes + s.boxes
                break
        else:
            merged.append(s)
    return merged
