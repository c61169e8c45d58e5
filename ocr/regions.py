"""Geometry before reading: text polarity, size, tilt, and mapping boxes back.

Why: Tesseract reads dark text on a light background, upright, with glyphs
about 20-40 px high.  A console is light on black, a phone photo is tilted
and has moiré, a phone screenshot has 40 px glyphs, a low-resolution card
has 10 px glyphs.  This module turns any of them into a "page" that is
upright and dark-on-light, and keeps the transform so that every box can be
reported in the original picture's pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

WORK_LONG_SIDE = 1800  # the page is never larger than this (speed, moiré)
MIN_LONG_SIDE = 900  # small pictures are enlarged to at least this
ROUGH_LOW = 16  # blob heights (px) below this are enlarged to ROUGH_TARGET for the rough pass
ROUGH_TARGET = 20
MAX_PAGE_PIXELS = 2_600_000  # the rough pass's cost grows with the page: never larger than this
LINE_REACH = 45.0  # glyph heights: how far along its line a run of digits may go on (a 63-digit line)
# Grey levels of pixel-to-pixel noise (robust sigma) above which the ink is judged on a smoothed
# copy: phone photos measure up to about 2.6, a 256-colour picture dithered over a coloured
# background 13 to 21.
NOISE_LIMIT = 4.0
SMOOTH_SIGMA = 1.0  # pixels: the smoothing of that copy (and of the noise measure)
NOISE_STRIP = 256  # rows measured at a time (even: every other row is kept, from the top)
NOISE_STRIP_PAD = 8  # rows of context each side: the blur reaches 4 (a 9-tap kernel at sigma 1)


@dataclass
class Page:
    """Upright, dark-on-light pixels plus the map back to the original picture."""

    grey: np.ndarray
    to_original: np.ndarray  # 3x3, page (x, y, 1) -> original
    source: np.ndarray  # the original picture, same polarity as the page (crops come from here)
    inverted: bool
    text_height: float  # median glyph height on the page, in page pixels
    doubtful_polarity: bool = False  # light-on-dark or not was a close call (photos)
    # Crops already read on this page (see recognise.read_line): the whole-page pass after
    # the first look reads most of the same runs again.
    reads: dict = field(default_factory=dict)

    def box_to_original(self, box: tuple[int, int, int, int]) -> list[int]:
        """An axis-aligned box on the page as a box [x, y, w, h] in the original picture."""
        x, y, w, h = box
        corners = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], dtype=np.float64)
        mapped = corners @ self.to_original.T
        mapped = mapped[:, :2] / mapped[:, 2:3]
        x0, y0 = np.floor(mapped.min(axis=0))
        x1, y1 = np.ceil(mapped.max(axis=0))
        return [int(x0), int(y0), int(x1 - x0), int(y1 - y0)]


def _scale_matrix(s: float) -> np.ndarray:
    return np.array([[s, 0, 0], [0, s, 0], [0, 0, 1]], dtype=np.float64)


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats`` of ``mask`` (8-connected): count, labels, stats.

    Why not the call itself: its labels are 4 bytes a pixel, 96 MB for a 24 MP picture's
    mask at the worker's peak; 2 bytes do unless a mask has 65535 blobs or more (OpenCV
    refuses then, and the 4-byte labels are made after all).  Same count and stats.
    """
    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return n, labels, stats


def _blob_sizes(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Width, height and area of every connected blob of ``mask`` (empty arrays when none)."""
    _, _, stats = components(mask)
    return stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]


def _glyph_heights(grey: np.ndarray) -> np.ndarray:
    """Heights of the character-like blobs that read as dark-on-light in ``grey``."""
    w, h, area = _blob_sizes(text_mask(grey))
    ok = (h >= 6) & (h <= 300) & (w <= 1.2 * h) & (w >= 0.15 * h) & (area >= 0.2 * w * h)
    return h[ok]


def _at_most(grey: np.ndarray, limit: int) -> np.ndarray:
    """``grey``, shrunk to no longer than ``limit`` pixels."""
    if max(grey.shape) <= limit:
        return grey
    f = limit / max(grey.shape)
    return cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


TALL_GLYPHS = 2.5  # one polarity's glyphs this many times taller than the other's ...
MIN_TALL_GLYPHS = 40  # ... and at least this many of them: that polarity is the text's


def polarity(grey: np.ndarray, limit: int = 1400) -> tuple[float, bool | None]:
    """Glyph-like blobs once inverted over those as it is (>1 means light text on dark) and,
    when one polarity's glyphs are far taller, whether that one is light on dark (None when
    neither is).  The blobs are counted on a copy no longer than ``limit`` pixels.

    Why count glyphs rather than look at the brightness: a small light window on a dark
    desktop is dark in the middle, yet its text is dark on light.  Why heights too: close up, large digits in boxes have holes (0, 6, 8, 9) and gaps, and a
    photo of a screen adds moiré stripes; inverted, these make three times as many small
    blobs as there are digits, and the count alone took a white dialog for a dark one
    (every glyph came out hollow and nothing was read).  The polarity of the text has the
    tall blobs; the other one's blobs are the pieces between its strokes.
    """
    small = _at_most(grey, limit)
    dark, light = _glyph_heights(small), _glyph_heights(255 - small)
    ratio = len(light) / max(1, len(dark))
    tall: bool | None = None
    for heights, other, is_light in ((dark, light, False), (light, dark, True)):
        if len(heights) >= MIN_TALL_GLYPHS and np.median(heights) >= TALL_GLYPHS * (
            np.median(other) if len(other) else 0
        ):
            tall = is_light
    return ratio, tall


def text_mask(grey: np.ndarray) -> np.ndarray:
    """Pixels darker than their neighbourhood (text on a light page), as 0/255."""
    block = max(15, (min(grey.shape) // 40) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def glyph_height(mask: np.ndarray, q: float = 50) -> float:
    """Median (or ``q``-th percentile) height of character-like blobs; 0 when none are found."""
    w, h, area = _blob_sizes(mask)
    ok = (h >= 6) & (h <= 300) & (w <= 2.0 * h) & (w >= 0.15 * h) & (area >= 0.15 * w * h)
    if ok.sum() < 5:
        return 0.0
    return float(np.percentile(h[ok], q))


def glyph_mask(mask: np.ndarray, height: float) -> np.ndarray:
    """Only the blobs of about a glyph's size: moiré stripes and borders must not steer the deskew."""
    if height <= 0:
        return mask
    n, labels, stats = components(mask)
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    ok = (h >= 0.5 * height) & (h <= 2.2 * height) & (w <= 2.0 * height) & (w >= 1)
    ok[0] = False
    return np.where(ok, 255, 0).astype(np.uint8)[labels]


def skew_angle(mask: np.ndarray, height: float) -> float:
    """Dominant text-line angle in degrees (positive = counter-clockwise), from line blobs."""
    if height <= 0:
        return 0.0
    k = max(3, int(height * 1.2))
    lines = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles: list[float] = []
    weights: list[float] = []
    for c in contours:
        rect = cv2.minAreaRect(c)
        rw, rh = rect[1]
        long_side, short_side = max(rw, rh), min(rw, rh)
        if long_side < 4 * height or short_side > 2.5 * height or short_side < 0.4 * height:
            continue
        pts = cv2.boxPoints(rect)
        edges = [pts[(k + 1) % 4] - pts[k] for k in range(2)]
        dx, dy = max(edges, key=lambda e: float(e[0] ** 2 + e[1] ** 2))
        a = float(np.degrees(np.arctan2(dy, dx)))
        while a > 45:
            a -= 180 if a > 135 else 90
        while a < -45:
            a += 180 if a < -135 else 90
        angles.append(a)
        weights.append(long_side)
    if len(angles) < 2:
        return 0.0
    order = np.argsort(angles)
    a_sorted = np.array(angles)[order]
    w_sorted = np.array(weights)[order]
    cum = np.cumsum(w_sorted)
    return float(a_sorted[np.searchsorted(cum, cum[-1] / 2)])


def fit_small_text(height: float, shape: tuple[int, ...]) -> bool:
    """True when small text on a large picture cannot be enlarged enough within the page cap."""
    if height >= ROUGH_LOW:
        return False
    want = ROUGH_TARGET / height
    return want * want * shape[0] * shape[1] > MAX_PAGE_PIXELS


def text_block(mask: np.ndarray, height: float) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) around all the text, without the empty desktop or wall around it.

    Why: a small dialog on a full-screen screenshot has 12 px text; cropped to
    its text first, the page can be enlarged enough for the rough reading.
    Only blocks of several glyphs count, so stray specks do not widen the box.
    """
    glyphs = glyph_mask(mask, height)
    k = max(3, int(2.5 * height))
    blocks = cv2.dilate(glyphs, cv2.getStructuringElement(cv2.MORPH_RECT, (k, max(3, int(1.2 * height)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blocks, connectivity=8)
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_WIDTH] >= 6 * height]
    if not keep:
        return None
    x0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    y0 = min(stats[i, cv2.CC_STAT_TOP] for i in keep)
    x1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    y1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in keep)
    # Wide at the sides: small digits that touch make blobs too wide to count as glyphs,
    # and the end of a line of them would be cut off.
    pad, pad_x = int(2 * height), int(6 * height)
    h, w = mask.shape
    x0, y0, x1, y1 = max(0, x0 - pad_x), max(0, y0 - pad), min(w, x1 + pad_x), min(h, y1 + pad)
    if (x1 - x0) * (y1 - y0) > 0.8 * w * h:
        return None
    return int(x0), int(y0), int(x1), int(y1)


def noise_level(grey: np.ndarray) -> float:
    """Robust sigma, in grey levels, of what a slight blur takes away from ``grey``: its noise.

    Why: a screenshot sent as a GIF has its coloured background dithered into specks,
    which the text mask takes for thousands of glyphs: the page is then judged dark-on-light
    with 6 px text, enlarged to the cap, and Tesseract spends its time on the specks.
    """
    # Every 4th pixel is enough.  In strips, each blurred with NOISE_STRIP_PAD rows of its
    # neighbours (beyond the blur's reach: the same values as blurring the whole picture), so
    # that a 24 MP picture's float copies are not 300 MB at once.
    height = grey.shape[0]
    parts = []
    for top in range(0, height, NOISE_STRIP):
        a, b = max(0, top - NOISE_STRIP_PAD), min(height, top + NOISE_STRIP + NOISE_STRIP_PAD)
        f = grey[a:b].astype(np.float32)
        rest = (f - cv2.GaussianBlur(f, (0, 0), SMOOTH_SIGMA))[top - a : top - a + NOISE_STRIP : 2, ::2]
        parts.append(np.abs(rest).ravel())
    return float(np.median(np.concatenate(parts))) * 1.4826


def _resized(grey: np.ndarray, f: float) -> np.ndarray:
    if f == 1.0:
        return grey
    return cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)


def prepare(grey: np.ndarray, invert: bool | None = None) -> Page:
    """Scale, invert and straighten ``grey`` (the upright original) into a Page.

    ``invert`` forces the polarity; by default it is judged from the picture.  On a noisy
    picture the polarity, glyph size, tilt and text block are judged on a smoothed copy
    (``seen``); the page keeps the picture's own pixels, which Tesseract reads better.
    """
    h, w = grey.shape
    long_side = max(h, w)
    scale = 1.0
    if long_side > WORK_LONG_SIDE:
        scale = WORK_LONG_SIDE / long_side
    elif long_side < MIN_LONG_SIDE:
        scale = MIN_LONG_SIDE / long_side
    look = cv2.GaussianBlur(grey, (0, 0), SMOOTH_SIGMA) if noise_level(grey) > NOISE_LIMIT else grey

    def both(op, pair: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """``op`` on the page and on the smoothed copy (once when there is none)."""
        page_px = op(pair[0])
        return page_px, (page_px if pair[1] is pair[0] else op(pair[1]))

    work, seen = both(lambda v: _resized(v, scale), (grey, look))
    to_original = _scale_matrix(1 / scale)
    ratio, tall = polarity(look)  # at the picture's own size: enlarging changes the blobs
    inverted = (ratio > 1.15 if tall is None else tall) if invert is None else invert
    if inverted:
        work, seen = both(lambda v: 255 - v, (work, seen))
    mask = text_mask(seen)
    height = glyph_height(mask)
    angle = skew_angle(glyph_mask(mask, height), height)
    if abs(angle) > 0.3:
        ch, cw = work.shape
        rot = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
        cos, sin = abs(rot[0, 0]), abs(rot[0, 1])
        nw, nh = int(ch * sin + cw * cos), int(ch * cos + cw * sin)
        rot[0, 2] += nw / 2 - cw / 2
        rot[1, 2] += nh / 2 - ch / 2
        work, seen = both(
            lambda v: cv2.warpAffine(
                v, rot, (nw, nh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
            ),
            (work, seen),
        )
        rot3 = np.vstack([rot, [0, 0, 1]])
        to_original = to_original @ np.linalg.inv(rot3)
    if height and fit_small_text(height, work.shape):
        box = text_block(text_mask(seen), height)
        if box is not None:
            x0, y0, x1, y1 = box
            work = work[y0:y1, x0:x1]
            to_original = to_original @ np.array([[1, 0, x0], [0, 1, y0], [0, 0, 1]], dtype=np.float64)
    # Tesseract reads best with glyphs of about 20-30 px: bring the page there.
    # The blob median is mostly the x-height (lower-case letters, digits are taller).
    fit = 1.0
    if height and height < ROUGH_LOW:
        fit = ROUGH_TARGET / height
    elif height > 36:
        fit = 26 / height
    fit = min(fit, np.sqrt(MAX_PAGE_PIXELS / (work.shape[0] * work.shape[1])))
    if abs(fit - 1) > 0.05:
        work = _resized(work, fit)
        to_original = to_original @ _scale_matrix(1 / fit)
        height *= fit
    source = 255 - grey if inverted else grey
    if height:
        # Glare, vignetting and grey-on-grey cards defeat Tesseract's global threshold:
        # divide by the local background and stretch, so text is dark on an even white.
        work = cv2.normalize(flatten(work, height * 1.4), None, 0, 255, cv2.NORM_MINMAX)
        # Box borders (the portal's input boxes, dialog frames) hide the digits in them
        # from the rough pass; the blob height is about an x-height, hence the wide factors.
        # Vertical strokes longer than the tallest glyphs (digits, capitals) are borders.
        tall = glyph_height(text_mask(work), 90) or 1.6 * height
        work = remove_lines(work, height, v_factor=max(1.45, 1.3 * tall / height), h_factor=3.5)
    return Page(
        grey=work,
        to_original=to_original,
        source=source,
        inverted=inverted,
        text_height=height,
        doubtful_polarity=invert is None and 0.6 < ratio < 2.2,
    )


def flatten(grey: np.ndarray, height: float) -> np.ndarray:
    """Even out glare and vignetting: divide by the local background brightness.

    The background is smooth, so it is estimated on a quarter-size copy (speed: at full
    size the wide blur alone took 10 ms per line crop, a sixth of a screenshot's reading).
    """
    f = 4 if min(grey.shape) >= 40 else 1
    small = grey
    if f > 1:
        small = cv2.resize(grey, (grey.shape[1] // f, grey.shape[0] // f), interpolation=cv2.INTER_AREA)
    k = max(5, int(height * 2.5 / f) | 1)
    background = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.GaussianBlur(background, (0, 0), k / 3)
    if f > 1:
        background = cv2.resize(background, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(background, 1), scale=255)


def render(
    page: Page,
    box: tuple[float, float, float, float],
    scale: float,
    frame: np.ndarray | None = None,
) -> np.ndarray:
    """The region ``box`` drawn from the ORIGINAL picture at ``scale``.

    ``box`` is in the coordinates of ``frame`` (3x3, frame -> page; a text
    line's own straight coordinates, so a tilted line comes out level), or in
    page pixels when ``frame`` is None.  Why from the original: the page may
    have been shrunk; the crop keeps every pixel the camera took.  When the
    crop is smaller than the original region, it is first drawn at the
    original's resolution and then shrunk with area averaging (no moiré).
    """
    x, y, w, h = box
    out_w, out_h = max(1, int(round(w * scale))), max(1, int(round(h * scale)))
    to_page = np.eye(3) if frame is None else frame
    to_orig = page.to_original @ to_page
    orig_per_unit = float(np.sqrt(abs(np.linalg.det(to_orig[:2, :2]))))
    orig_per_out = orig_per_unit / scale
    draw_scale = scale * orig_per_out if orig_per_out > 1.2 else scale
    dw, dh = max(1, int(round(w * draw_scale))), max(1, int(round(h * draw_scale)))
    out_to_local = np.array([[1 / draw_scale, 0, x], [0, 1 / draw_scale, y], [0, 0, 1]], dtype=np.float64)
    crop = cv2.warpPerspective(
        page.source,
        to_orig @ out_to_local,
        (dw, dh),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    if (dw, dh) != (out_w, out_h):
        crop = cv2.resize(crop, (out_w, out_h), interpolation=cv2.INTER_AREA)
    return crop


def line_slope(points: np.ndarray) -> float:
    """The slope (dy/dx) of the straight line through ``points`` (x, y), least squares; 0 for
    fewer than 3 points or points less than a pixel apart across."""
    if len(points) < 3 or np.ptp(points[:, 0]) < 1:
        return 0.0
    return float(np.polyfit(points[:, 0], points[:, 1], 1)[0])


def line_frame(points: np.ndarray) -> np.ndarray:
    """A frame (3x3, local -> page) whose x axis runs along the text line through ``points``.

    Why: in a photo taken at an angle every line has its own slope; reading
    each line in its own straight coordinates keeps a 63-digit line level.
    """
    if len(points) < 3 or np.ptp(points[:, 0]) < 1:
        return np.eye(3)
    slope = line_slope(points)
    angle = float(np.arctan(slope))
    if abs(angle) < np.deg2rad(0.15):
        return np.eye(3)
    ox, oy = (
        points[:, 0].min(),
        float(np.mean(points[:, 1]) + slope * (points[:, 0].min() - np.mean(points[:, 0]))),
    )
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, ox], [s, c, oy], [0, 0, 1]], dtype=np.float64)


def to_frame(
    frame: np.ndarray, boxes: list[tuple[float, float, float, float]]
) -> tuple[float, float, float, float]:
    """The bounds, in ``frame`` coordinates, of page boxes."""
    inv = np.linalg.inv(frame)
    pts = []
    for x, y, w, h in boxes:
        pts += [[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]]
    local = np.array(pts) @ inv.T
    x0, y0 = local[:, 0].min(), local[:, 1].min()
    return (float(x0), float(y0), float(local[:, 0].max() - x0), float(local[:, 1].max() - y0))


def from_frame(
    frame: np.ndarray, box: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The page bounds of a box given in ``frame`` coordinates."""
    return to_frame(np.linalg.inv(frame), [box])


def remove_lines(
    grey: np.ndarray, glyph_h: float, v_factor: float = 1.45, h_factor: float = 2.2
) -> np.ndarray:
    """Whiten straight strokes much longer than a glyph: the borders of boxes and tables.

    Why: a box drawn around a group (the portal's input boxes, dialog frames)
    is read as a 1 or an l otherwise.
    """
    dark = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    v_len = max(5, int(glyph_h * v_factor))
    h_len = max(9, int(glyph_h * h_factor))
    vertical = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    horizontal = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    lines = cv2.dilate(cv2.bitwise_or(vertical, horizontal), np.ones((3, 3), np.uint8))
    if not lines.any():
        return grey
    out = grey.copy()
    out[(lines > 0) & ~_strokes_across(dark, lines, glyph_h)] = 255
    return out


STRUCK_SHARE = (
    0.85  # an unbroken row not background this share of a group's width long is a line drawn across it
)
STRUCK_BAND = (0.2, 0.8)  # ... looked for between these shares of the group's height (not its edges)
STRUCK_OFF = 0.2  # ... a pixel this share of the crop's contrast off the background is not background


def struck(grey: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """True when a straight line runs across the digits in ``box`` of ``grey``: a row inside
    them that differs from the background from end to end, in either polarity (a black line
    over white digits on blue is neither's colour).

    Why: a screenshot marked up before it was sent has a line drawn through a group;
    Tesseract read "4997655" so struck as "4007555" at 0.967, its check digit held by chance
    (one in seven), and the group stood on that one reading (a held-out benchmark picture,
    complete and wrong).  Inside a group's digits no row is ink from end to end: the glyphs
    stand apart.
    """
    x, y, w, h = (int(v) for v in box)
    crop = grey[max(0, y) : max(0, y + h), max(0, x) : max(0, x + w)].astype(np.int16)
    if crop.size == 0 or crop.shape[1] < 2 * crop.shape[0]:
        return False
    lo, hi = np.percentile(crop, (5, 95))
    off = np.abs(crop - np.median(crop)) > STRUCK_OFF * max(1.0, hi - lo)
    top, bottom = (int(round(f * crop.shape[0])) for f in STRUCK_BAND)
    for row in off[top : bottom + 1]:
        # The longest unbroken run along the row.
        ends = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        if len(ends) and (ends[1::2] - ends[::2]).max() >= STRUCK_SHARE * crop.shape[1]:
            return True
    return False


CUT_BAND = (0.2, 0.8)  # shares of a line's height where ink on a crop's cut-off edge is looked for
INK_LEVEL = 128  # a page pixel darker than this is ink (pages are normalised dark on white)


def cut_through(grey: np.ndarray, frame: np.ndarray | None, x: float, band: tuple[float, float]) -> bool:
    """True when ink of ``grey`` (the page, dark on light) lies on the straight edge at ``x`` across
    the line ``band`` (y and height), both in the line's ``frame`` (None: the page's own).

    Why: a run's crop is whitened beyond its glyphs (a label's colon beside it would read
    as a "1"), and where the run's first glyph was not seen as one (a text caret touching it
    made its blob too tall), the whitening cut through it: on a marked-up screenshot the
    right half of an "8" was read as "1" at 0.96, which no check digit can see (8 and 1
    differ by 7).  Ink on the cut is a glyph halved, or something that is no digit: either
    way the digit next to it does not stand on one engine's word.
    """
    y, h = band
    ys = y + h * np.linspace(CUT_BAND[0], CUT_BAND[1], max(3, int(round(h * (CUT_BAND[1] - CUT_BAND[0])))))
    pts = np.stack([np.full_like(ys, x), ys, np.ones_like(ys)], axis=1)
    if frame is not None:
        pts = pts @ frame.T
    if not (0 <= pts[0, 0] < grey.shape[1]):
        return False  # the edge lies beyond the page: nothing there was cut
    cols = np.clip(np.round(pts[:, 0]).astype(int), 0, grey.shape[1] - 1)
    rows = np.clip(np.round(pts[:, 1]).astype(int), 0, grey.shape[0] - 1)
    return bool((grey[rows, cols] < INK_LEVEL).any())


STROKE_REACH = 0.4  # glyph heights: a glyph's stroke crossing a line has ink this close above and below it


def _strokes_across(dark: np.ndarray, lines: np.ndarray, glyph_h: float) -> np.ndarray:
    """The pixels of ``lines`` where a glyph's stroke crosses them: ink just above and just below.

    Why: a line drawn through a row of digits (a screenshot marked up before it was sent)
    is whitened with the digits' middles in it, and halved digits are read as nothing at all;
    the rest of the line, with no stroke going on past it, is whitened as before.
    """
    reach = max(3, int(round(STROKE_REACH * glyph_h)))
    rest = cv2.bitwise_and(dark, cv2.bitwise_not(lines))
    column = np.ones((reach, 1), np.uint8)
    above = cv2.dilate(rest, column, anchor=(0, reach - 1))  # ink within ``reach`` above
    below = cv2.dilate(rest, column, anchor=(0, 0))  # ... and below
    return (above > 0) & (below > 0)


def blob_height(grey: np.ndarray, box: tuple[float, float, float, float], glyph_h: float) -> float:
    """The height of the digits in ``box`` measured on the ink, when it is lower than ``glyph_h``
    (the rough reading's estimate); ``glyph_h`` otherwise.

    Why: when the rough reading's symbol boxes took in a row of letters above (a CID
    card on a photo), its height is up to twice the digits'; a crop drawn from it makes
    the digits too small and takes in the letters.
    """
    x, y, w, h = (int(round(v)) for v in box)
    band = grey[max(0, y) : y + h, max(0, x) : x + w]
    if band.size == 0 or min(band.shape) < 4:
        return glyph_h
    dark = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    hs, ws = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    ok = (hs >= 0.35 * glyph_h) & (hs <= 1.3 * glyph_h) & (ws <= 1.2 * hs) & (ws >= 0.1 * hs)
    if ok.sum() < 3:
        return glyph_h
    measured = float(np.median(hs[ok]))
    return measured if measured < 0.9 * glyph_h else glyph_h


INK_HEIGHT_Q = 75  # percentile of the blobs' heights that stands for a group's digits


def ink_height(grey: np.ndarray, box: tuple[int, int, int, int]) -> tuple[float, int]:
    """The height of the taller blobs of ink across the middle of ``box`` (INK_HEIGHT_Q), and
    how many there are (0.0 when fewer than three): the digits' own height, whatever box an
    engine drew.  The taller ones: a dim, recompressed glyph the threshold broke measures
    short (7 px against 10; joining the pieces upright joined a console's lines too).

    Why the ink, not the box: PP-OCR's boxes stand about twice as tall as its digits and
    Tesseract's hug them, and one ID's groups may come from either.  Ink is the minority
    of the two tones Otsu splits the crop into, so light digits on dark count too.
    """
    x, y, w, h = box
    pad = int(0.3 * h)  # glyphs a tight box clipped are measured whole
    top = max(0, y - pad)
    crop = grey[top : max(0, y + h + pad), max(0, x) : max(0, x + w)]
    if crop.size == 0 or min(crop.shape) < 4:
        return 0.0, 0
    level, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark = crop < level
    ink = dark if dark.mean() < 0.5 else ~dark
    n, _, stats = components(ink.astype(np.uint8))
    tops, heights = stats[1:, cv2.CC_STAT_TOP], stats[1:, cv2.CC_STAT_HEIGHT]
    middle = y + h / 2 - top
    across = heights[(tops <= middle) & (tops + heights >= middle) & (heights >= 0.2 * h)]
    if len(across) < 3:
        return 0.0, len(across)
    return float(np.percentile(across, INK_HEIGHT_Q)), len(across)


def _extend_left(cols: np.ndarray, left: int, glyph_h: float) -> int:
    """The line's left end, moved over touching ink and over whole glyphs just before it.

    Why: the rough reading may start a run one digit late; a blob as wide as a digit
    close before it is that digit.  A label's colon is too narrow to pass, and the
    space after a label too wide.
    """
    while True:
        before = cols[cols < left][::-1]
        if not len(before) or left - before[0] > 0.35 * glyph_h:
            return left
        end = start = int(before[0])
        for c in before[1:]:
            if start - c > 1:
                break
            start = int(c)
        touching = left - end <= 0.15 * glyph_h + 1
        if not touching and end - start + 1 < 0.4 * glyph_h:
            return left
        left = start


def ink_boxes(
    grey: np.ndarray, box: tuple[float, float, float, float], glyph_h: float
) -> list[tuple[float, float, float, float]]:
    """Boxes, one per slice of about half a glyph, along the ink of the line through ``box``.

    Why: the LSTM engine's symbol boxes are rough (they jump, or take in the
    letter above, or stop short); the ink itself gives the line's slope and
    its true ends.  Slices rather than blobs: blurred bold digits touch.
    """
    x, y, w, h = box
    pad_x, pad_y = 4.0 * glyph_h, 0.4 * glyph_h
    x0, y0 = max(0, int(x - pad_x)), max(0, int(y - pad_y))
    x1, y1 = min(grey.shape[1], int(x + w + pad_x)), min(grey.shape[0], int(y + h + pad_y))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    band = grey[y0:y1, x0:x1]
    level, dark_u8 = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    dark = dark_u8 > 0
    step = max(2, int(glyph_h * 0.5))
    rows = np.arange(dark.shape[0], dtype=np.float64)
    pts = []
    for sx in range(0, dark.shape[1] - step + 1, step):
        col = dark[:, sx : sx + step].sum(axis=1).astype(np.float64)
        if col.sum() >= 0.15 * step * glyph_h:
            pts.append((sx + step / 2, float((col * rows).sum() / col.sum()), sx))
    inside = [p for p in pts if x <= p[0] + x0 <= x + w]
    if len(inside) < 3:
        return []
    arr = np.array([(p[0], p[1]) for p in inside])
    for _ in range(2):  # fit, drop slices off the line (a neighbour line's tails), fit again
        slope, icpt = np.polyfit(arr[:, 0], arr[:, 1], 1)
        keep = np.abs(arr[:, 1] - (slope * arr[:, 0] + icpt)) <= 0.25 * glyph_h
        if keep.sum() < 3:
            return []
        arr = arr[keep]
    slope, icpt = np.polyfit(arr[:, 0], arr[:, 1], 1)
    # Ink on the fitted line, column by column, as far along the line as a whole ID can
    # reach; extend from the span while it continues without a space (the rough reading
    # may have stopped early, or lost the middle of a run of repeated digits).
    page_icpt = icpt + y0 - slope * x0
    reach = LINE_REACH * glyph_h
    xs, ink = _ink_along(grey, level, x - reach, x + w + reach, slope, page_icpt, glyph_h)
    cols = xs[ink]
    inside_cols = cols[(cols >= int(x)) & (cols <= int(x + w))]
    if not len(inside_cols):
        return []
    gap = 0.35 * glyph_h
    left, right = int(inside_cols[0]), int(inside_cols[-1])
    left = _extend_left(cols, left, glyph_h)
    for c in cols[cols > right]:
        if c - right > gap:
            break
        right = int(c)
    out = []
    for sx in range(left, right + 1, step):
        cy = slope * (sx + step / 2) + page_icpt
        out.append((float(sx), float(cy - glyph_h / 2), float(min(step, right + 1 - sx)), float(glyph_h)))
    return out


def _ink_along(
    grey: np.ndarray, level: float, x_from: float, x_to: float, slope: float, icpt: float, glyph_h: float
) -> tuple[np.ndarray, np.ndarray]:
    """Page columns from ``x_from`` to ``x_to`` and whether each has ink (not above ``level``)
    within 0.4 glyph heights of the line y = slope * x + icpt."""
    height, width = grey.shape
    xs = np.arange(max(0, int(x_from)), min(width, int(x_to)))
    half = 0.4 * glyph_h
    rows = np.floor(slope * xs + icpt - half).astype(int)[:, None] + np.arange(int(2 * half) + 2)[None, :]
    inside = (rows >= 0) & (rows < height)
    values = grey[np.clip(rows, 0, height - 1), xs[:, None]]
    return xs, ((values <= level) & inside).any(axis=1)
