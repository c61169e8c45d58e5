"""Which text lines of a page can hold an ID: a cheap look at the ink before any reading.

Why: the rough whole-page reading costs in proportion to the amount of text
(Tesseract's LSTM reads every line at its own fixed height), and on a
screenshot most of the text is prose.  Digits are all one height, stand on one
baseline and are narrower than tall; lower-case prose mixes x-height letters
with ascenders and descenders.  Lines with no run of digit-like blobs (and no
row of lone capitals, like a CID card's A-H) are whitened before the rough
reading.  The pipeline reads the whole page after all when this first look
does not give a complete ID, so a line wrongly left out costs time, not digits (an IID
found complete below a line as wide as it, left out or kept but not read as digits, is not
trusted either: see ocr/pipeline.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .regions import components, text_mask

MIN_RUN = 4  # digit-like blobs in a row: the shortest piece of an ID the rough reading uses


def _lines(mask: np.ndarray, height: float) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected text lines: glyphs joined along the line, not across lines."""
    k = max(3, int(1.6 * height))
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    return components(joined)


def _runs(blobs: np.ndarray, tall_h: float, tall: np.ndarray) -> list[int]:
    """Lengths of the runs of digit-like blobs along one line: full height, narrower than
    tall, on one baseline, closer together than a word space."""
    order = np.argsort(blobs[:, 0])
    ok = [bool(tall[i] and blobs[i, 2] <= 0.9 * blobs[i, 3]) for i in order]
    gaps = [
        float(blobs[b, 0] - (blobs[a, 0] + blobs[a, 2]))
        for a, b, oa, ob in zip(order, order[1:], ok, ok[1:], strict=False)
        if oa and ob
    ]
    close = [g for g in gaps if g <= 0.7 * tall_h]
    # A word space is well over the spacing between letters; digits are evenly spaced.
    space = min(0.7 * tall_h, max(0.2 * tall_h, 2.0 * float(np.median(close)))) if close else 0.7 * tall_h
    runs: list[int] = []
    run = 0
    prev = None
    for i, good in zip(order, ok, strict=True):
        x, y, w, h = blobs[i]
        if good and prev is not None:
            px, py, pw, ph = prev
            if x - (px + pw) <= space and abs((y + h) - (py + ph)) <= 0.15 * tall_h:
                run += 1
            else:
                runs.append(run)
                run = 1
        elif good:
            run = 1
        elif run:
            runs.append(run)
            run = 0
        prev = blobs[i] if good else None
    if run:
        runs.append(run)
    return runs


def _digit_run(blobs: np.ndarray, longest: int) -> int | None:
    """The longest run of MIN_RUN to ``longest`` digit-like glyphs among the blobs of one line
    (x, y, w, h rows); 0 when they are a few glyphs mostly of the line's full height (a CID
    card's row of group letters); None when neither."""
    if len(blobs) == 0:
        return None
    heights = np.sort(blobs[:, 3])
    tall_h = float(heights[int(0.9 * (len(heights) - 1))])
    tall = blobs[:, 3] >= 0.8 * tall_h
    runs = [n for n in _runs(blobs, tall_h, tall) if MIN_RUN <= n <= longest]
    if runs:
        return max(runs)
    letters = len(blobs) <= 8 and tall.mean() >= 0.6 and (blobs[:, 2] <= 0.9 * blobs[:, 3]).mean() >= 0.6
    return 0 if letters else None


@dataclass(frozen=True)
class DigitLine:
    """A text line: its box on the page and its longest run of digits (None: it holds none)."""

    box: tuple[int, int, int, int]  # x, y, w, h
    run: int | None  # digit-like glyphs in its longest run (0: a row of letters; None: no digits)
    glyph_h: float = 0.0  # its glyphs' median height (a turned line's box stands far taller)


def digit_lines(
    grey: np.ndarray,
    height: float,
    longest: int = 10_000,
    everything: bool = False,
    mask: np.ndarray | None = None,
) -> tuple[list[DigitLine], int]:
    """The lines of ``grey`` that can hold digits (see ``keep_digit_lines``), or with
    ``everything`` all its text lines (``run`` None for those that cannot), and the area of
    all its text lines (0 when it holds no glyph of about ``height``, or ``height`` is 0).
    ``mask`` is ``text_mask(grey)`` when the caller has it already."""
    if height <= 0:
        return [], 0
    mask = text_mask(grey) if mask is None else mask
    blobs = components(mask)[2][1:, :4]  # not its labels: kept in a name, they are 48 MB more
    hs, ws = blobs[:, 3], blobs[:, 2]
    glyphs = blobs[(hs >= 0.5 * height) & (hs <= 3.5 * height) & (ws <= 4 * height)]
    if len(glyphs) == 0:
        return [], 0
    glyph_mask = np.zeros_like(mask)
    for x, y, w, h in glyphs:
        glyph_mask[y : y + h, x : x + w] = 255
    n_lines, labels, line_stats = _lines(glyph_mask, height)
    centres_x = glyphs[:, 0] + glyphs[:, 2] // 2
    centres_y = glyphs[:, 1] + glyphs[:, 3] // 2
    owner = labels[centres_y, centres_x]
    found = []
    for line in range(1, n_lines):
        own = glyphs[owner == line]
        run = _digit_run(own, longest)
        if run is not None or everything:
            x, y, w, h = (int(v) for v in line_stats[line, :4])
            found.append(DigitLine((x, y, w, h), run, float(np.median(own[:, 3])) if len(own) else 0.0))
    total = int(line_stats[1:, 2].astype(np.int64) @ line_stats[1:, 3].astype(np.int64)) or 1
    return found, total


def keep_digit_lines(
    grey: np.ndarray, height: float, longest: int = 10_000
) -> tuple[np.ndarray, float, tuple[int, int]]:
    """The part of ``grey`` around the lines that can hold digits, every other line whitened;
    the share of ink kept; and where that part starts on ``grey`` (x, y).

    ``height`` is the page's typical glyph height (pixels); lines whose only runs are
    longer than ``longest`` are whitened too (a CID group has 6 digits: the IID echoed
    above a CID card, 7-digit groups, need not be read for it).
    """
    return keep_lines(grey, height, *digit_lines(grey, height, longest))


def keep_lines(
    grey: np.ndarray, height: float, lines: list[DigitLine], total: int
) -> tuple[np.ndarray, float, tuple[int, int]]:
    """``keep_digit_lines`` of the ``lines`` found (those with a ``run``) of ``total`` area."""
    lines = [line for line in lines if line.run is not None]
    if not total:
        return grey, 1.0, (0, 0)
    out = np.full_like(grey, 255)
    kept = 0
    bounds = [grey.shape[1], grey.shape[0], 0, 0]
    for line in lines:
        x, y, w, h = line.box
        pad = int(0.4 * height)
        y0, y1 = max(0, y - pad), min(grey.shape[0], y + h + pad)
        x0, x1 = max(0, x - pad), min(grey.shape[1], x + w + pad)
        out[y0:y1, x0:x1] = grey[y0:y1, x0:x1]
        kept += w * h
        bounds = [min(bounds[0], x0), min(bounds[1], y0), max(bounds[2], x1), max(bounds[3], y1)]
    if not kept:
        return out[:1, :1], 0.0, (0, 0)
    # Only the part that holds the kept lines: a large white page still costs Tesseract time.
    margin = int(2 * height)
    x0, y0 = max(0, bounds[0] - margin), max(0, bounds[1] - margin)
    x1, y1 = min(grey.shape[1], bounds[2] + margin), min(grey.shape[0], bounds[3] + margin)
    return out[y0:y1, x0:x1], kept / total, (x0, y0)
