"""Read small crops precisely: one line of digits (or group letters) at a time, several ways.

Why small crops: a digit whitelist, a single-line layout and a glyph height of
about 32 px make Tesseract far more accurate than on a whole page, and a crop
is cheap enough to read again under variations (scale, blur, one-pixel
shifts) when a check digit says the first reading was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from . import engine
from .regions import Page, flatten, from_frame, remove_lines, render

TARGET_HEIGHT = 32.0  # glyph height in the crop, pixels


@dataclass(frozen=True)
class Variant:
    """One way of drawing a crop; readings under different variants are voted on."""

    scale: float = 1.0
    dx: float = 0.0  # shifts in glyph heights
    dy: float = 0.0
    blur: float = 0.0
    flat: bool = True
    threshold: bool = False


BASE = Variant()
RETRIES: tuple[Variant, ...] = (
    Variant(scale=0.85),
    Variant(scale=1.2, dy=0.04),
    Variant(blur=1.0),
    Variant(threshold=True, dx=0.03),
    Variant(scale=0.75, blur=0.6),
    Variant(scale=1.35, flat=False),
)


@dataclass
class Glyph:
    """One recognised character: text, confidence 0..1, page box, alternatives."""

    text: str
    conf: float
    box: tuple[float, float, float, float]  # in the line's own frame
    choices: dict[str, float]
    page_box: tuple[float, float, float, float] = (0, 0, 0, 0)


def draw(
    page: Page,
    box: tuple[float, float, float, float],
    glyph_h: float,
    variant: Variant,
    clip: tuple[float, float] | None = None,
    frame: np.ndarray | None = None,
    margin: float = 0.6,
    margin_y: float = 0.45,
) -> tuple[np.ndarray, tuple[float, float, float]]:
    """The crop for ``box`` and the map (x0, y0, scale) from crop pixels back to the page.

    ``clip`` (page x from, to) whitens everything outside it: a group cut out
    of a run of digits must not show halves of its neighbours.
    """
    x, y, w, h = box
    glyph_h = max(glyph_h, 4.0)
    scale = TARGET_HEIGHT * variant.scale / glyph_h
    mx, my = margin * glyph_h, margin_y * glyph_h
    x0 = x - mx + variant.dx * glyph_h
    y0 = y - my + variant.dy * glyph_h
    crop = render(page, (x0, y0, w + 2 * mx, h + 2 * my), scale, frame)
    if variant.blur:
        crop = cv2.GaussianBlur(crop, (0, 0), variant.blur)
    if variant.flat:
        crop = flatten(crop, TARGET_HEIGHT * variant.scale)
    crop = cv2.normalize(crop, None, 0, 255, cv2.NORM_MINMAX)
    crop = remove_lines(crop, TARGET_HEIGHT * variant.scale, h_factor=8.0)  # bold digits touch
    if clip is not None:
        left = int(max(0, (clip[0] - x0) * scale))
        right = int(max(0, (clip[1] - x0) * scale))
        crop[:, :left] = 255
        crop[:, right:] = 255
    if variant.threshold:
        _, crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    pad = 12
    crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return crop, (x0 - pad / scale, y0 - pad / scale, scale)


def trim_tall(glyphs: list[Glyph], glyph_h: float, frame: np.ndarray | None) -> list[Glyph]:
    """Glyph boxes that are far off the line's height set to it, on the line's baseline.

    Why: the LSTM's symbol boxes now and then take in the group letter above (twice the
    height) or shrink to a sliver (a pixel high); either makes the group stand where it
    is not, and the rows of a grid, or its empty slots, are then found wrongly.
    """
    good = [g for g in glyphs if 0.5 * glyph_h <= g.box[3] <= 1.3 * glyph_h]
    if not good:
        return glyphs
    bottoms = sorted(g.box[1] + g.box[3] for g in good)
    bottom = bottoms[len(bottoms) // 2]
    out = []
    for g in glyphs:
        x, y, w, h = g.box
        if not 0.5 * glyph_h <= h <= 1.3 * glyph_h:
            local = (x, bottom - glyph_h, w, glyph_h)
            g = Glyph(g.text, g.conf, local, g.choices, local if frame is None else from_frame(frame, local))
        out.append(g)
    return out


def read_line(
    page: Page,
    box: tuple[float, float, float, float],
    glyph_h: float,
    variant: Variant = BASE,
    whitelist: str = engine.DIGITS,
    clip: tuple[float, float] | None = None,
    frame: np.ndarray | None = None,
    margin: float = 0.6,
    margin_y: float = 0.45,
) -> list[Glyph]:
    """The characters of one line crop, left to right, in the frame's coordinates."""
    key = (
        tuple(round(v, 1) for v in box),
        round(glyph_h, 2),
        variant,
        whitelist,
        None if clip is None else tuple(round(v, 1) for v in clip),
        None if frame is None else np.round(frame, 6).tobytes(),
        margin,
        margin_y,
    )
    if key in page.reads:
        return [replace(g) for g in page.reads[key]]
    glyphs = _read_line(page, box, glyph_h, variant, whitelist, clip, frame, margin, margin_y)
    page.reads[key] = glyphs
    return [replace(g) for g in glyphs]


def _read_line(
    page: Page,
    box: tuple[float, float, float, float],
    glyph_h: float,
    variant: Variant,
    whitelist: str,
    clip: tuple[float, float] | None,
    frame: np.ndarray | None,
    margin: float,
    margin_y: float,
) -> list[Glyph]:
    crop, (x0, y0, scale) = draw(page, box, glyph_h, variant, clip, frame, margin, margin_y)
    words = engine.read(crop, psm=engine.PSM.SINGLE_LINE, whitelist=whitelist, choices=True)
    if not words:
        # Page layout analysis sometimes finds no text line at all in a crop of one repeated
        # digit ("555550"); the raw-line mode skips that analysis.
        words = engine.read(crop, psm=engine.PSM.RAW_LINE, whitelist=whitelist, choices=True)
    glyphs: list[Glyph] = []
    # Tesseract's own reading order, never a sort by box: LSTM symbol boxes can overlap or
    # jump, and sorting them swapped digits ("123450" read as "213450": a swap the check digit may miss).
    for word in sorted(words, key=lambda w: (w.line, w.box[0])):
        for s in word.symbols:
            if not s.text.strip():
                continue
            sx, sy, sw, sh = s.box
            choices: dict[str, float] = {}
            for text, conf in s.choices:
                if text and (not whitelist or text in whitelist):
                    choices[text] = max(choices.get(text, 0.0), conf / 100.0)
            local = (x0 + sx / scale, y0 + sy / scale, sw / scale, sh / scale)
            glyphs.append(
                Glyph(
                    text=s.text,
                    conf=max(0.0, min(1.0, s.conf / 100.0)),
                    box=local,
                    choices=choices,
                    page_box=local if frame is None else from_frame(frame, local),
                )
            )
    return glyphs
