"""Turn a clean screen image into a plausible phone photo of a monitor.

Why these effects: users photograph PC screens in a hurry, so the pipeline
must cope with perspective tilt, a little roll, moiré from the pixel grid,
glare, uneven brightness, slight blur, sensor noise and JPEG compression.
Each effect is kept mild enough that a person could still read every digit.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]

# EXIF orientation -> how the stored pixels are turned from the upright picture
# (the inverse of what a viewer honouring the tag does).
_STORE = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def _monitor_look(rng: random.Random, pad: int) -> tuple[int, np.ndarray, int]:
    """Bezel width, wall colour and bezel grey of the monitor around the screen."""
    bezel = rng.randint(max(6, pad // 20), max(12, pad // 8))
    wall = np.array([rng.randint(90, 200)] * 3, dtype=np.float32) + np.array(
        [rng.randint(-15, 15) for _ in range(3)], dtype=np.float32
    )
    return bezel, wall, rng.randint(10, 45)


def _monitor_region(
    screen: np.ndarray, pad: int, look: tuple[int, np.ndarray, int], x0: int, y0: int, x1: int, y1: int
) -> np.ndarray:
    """Pixels ``[y0:y1, x0:x1]`` of the screen in its bezel on a wall, the screen at (pad, pad).

    Why only a region: the camera sees a small part of a large virtual canvas;
    painting just that part keeps a photo well under a second.
    """
    bezel, wall, bez = look
    h, w = screen.shape[:2]
    total_h = h + 2 * pad
    ys = np.arange(y0, y1, dtype=np.float32)
    shade = (0.7 + 0.4 * ys / max(1, total_h - 1))[:, None, None]
    out = np.empty((y1 - y0, x1 - x0, 3), np.float32)
    out[:] = np.clip(wall[None, None, :] * shade, 0, 255)

    def paint(ax0: int, ay0: int, ax1: int, ay1: int, value) -> None:
        bx0, by0, bx1, by1 = max(ax0, x0), max(ay0, y0), min(ax1, x1), min(ay1, y1)
        if bx0 >= bx1 or by0 >= by1:
            return
        if isinstance(value, np.ndarray):
            value = value[by0 - ay0 : by1 - ay0, bx0 - ax0 : bx1 - ax0]
        out[by0 - y0 : by1 - y0, bx0 - x0 : bx1 - x0] = value

    paint(pad - bezel, pad - bezel, pad + w + bezel, pad + h + bezel, bez)
    paint(pad, pad, pad + w, pad + h, screen)
    return out


_LUT_SIZE = 1024
_COS = np.cos(np.arange(_LUT_SIZE, dtype=np.float32) * np.float32(2 * np.pi / _LUT_SIZE)).astype(np.float32)


def _cos(x: np.ndarray) -> np.ndarray:
    """cos through a table: numpy's float32 cos is the slowest step of a photo otherwise."""
    idx = (x * np.float32(_LUT_SIZE / (2 * np.pi))).astype(np.int32) & (_LUT_SIZE - 1)
    return _COS[idx]


def _moire(h: int, w: int, rng: random.Random, strength: float) -> np.ndarray:
    """Coloured, slightly curved interference bands, as a camera sees a pixel grid."""
    yy, xx = np.ogrid[0:h, 0:w]
    xx, yy = xx.astype(np.float32), yy.astype(np.float32)
    theta = rng.uniform(0, np.pi)
    period = rng.uniform(5, 22)
    curve = rng.uniform(-1.0, 1.0) / max(h, w)
    k = 2 * np.pi / period
    phase = (xx * np.float32(np.cos(theta) * k)) + (yy * np.float32(np.sin(theta) * k))
    phase += np.float32(curve * k * 0.05) * (((xx - w / 2) ** 2) + ((yy - h / 2) ** 2))
    # the bands fade in and out across the picture
    fx, fy, f0 = rng.uniform(1, 4), rng.uniform(1, 4), rng.uniform(0, 6)
    env = 0.5 + 0.5 * _cos(
        xx * np.float32(fx / w) + yy * np.float32(fy / h) + np.float32(f0) + np.float32(8 * np.pi)
    )
    amp = np.float32(strength) * env
    pattern = np.empty((h, w, 3), np.float32)
    for c in range(3):
        pattern[..., c] = 1.0 + amp * _cos(phase + np.float32(c * rng.uniform(1.5, 2.5) + 8 * np.pi))
    return pattern


def _lighting(h: int, w: int, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """Multiplicative brightness gradient and an additive glare spot."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx, gy = rng.uniform(-0.35, 0.35), rng.uniform(-0.35, 0.35)
    gain = rng.uniform(0.75, 1.15) * (1 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5))
    cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
    sx, sy = rng.uniform(0.08, 0.35) * w, rng.uniform(0.08, 0.3) * h
    glare = rng.uniform(25, 110) * np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2) / 2)
    return gain[..., None], glare[..., None]


def make_photo(
    screen: np.ndarray,
    focus: Box,
    rng: random.Random,
    long_side: int = 1600,
    exif_orientation: int = 1,
    min_text_px: float = 0,
    text_px: float = 16,
) -> tuple[bytes, dict]:
    """A JPEG 'photo' of ``screen`` aimed at ``focus``; returns the bytes and what was done."""
    pad = max(screen.shape[:2]) // 2
    look = _monitor_look(rng, pad)
    off = pad
    fx0, fy0, fx1, fy1 = (v + off for v in focus)
    fw, fh = fx1 - fx0, fy1 - fy0
    # how much around the focus the camera takes in (never so much that the digits get tiny)
    margin = rng.uniform(0.15, 0.9)
    vw, vh = fw * (1 + 2 * margin), fh * (1 + 2 * margin)
    aspect = rng.choice((4 / 3, 3 / 2, 16 / 9))
    if vw / vh < aspect:
        vw = vh * aspect
    else:
        vh = vw / aspect
    out_w, out_h = long_side, int(round(long_side / aspect))
    scale = out_w / vw
    want = rng.uniform(max(min_text_px, 13), max(min_text_px, 13) * 1.8)
    if text_px * scale < want:  # zoom in a little: a person moves closer until the digits are legible
        vw, vh = vw * text_px * scale / want, vh * text_px * scale / want
        vw, vh = max(vw, fw * 1.05), max(vh, fh * 1.05)
        scale = out_w / vw
    cx = (fx0 + fx1) / 2 + rng.uniform(-0.1, 0.1) * max(0.0, vw - fw)
    cy = (fy0 + fy1) / 2 + rng.uniform(-0.1, 0.1) * max(0.0, vh - fh)
    quad = np.array([[-vw / 2, -vh / 2], [vw / 2, -vh / 2], [vw / 2, vh / 2], [-vw / 2, vh / 2]], np.float32)
    roll = np.deg2rad(rng.uniform(-5, 5))
    rot = np.array([[np.cos(roll), -np.sin(roll)], [np.sin(roll), np.cos(roll)]], np.float32)
    quad = quad @ rot.T
    tilt = rng.uniform(0.0, 0.12)
    jitter = np.array(
        [[rng.uniform(-tilt, tilt) * vw, rng.uniform(-tilt, tilt) * vh] for _ in range(4)], np.float32
    )
    # keep the tilt a perspective (one side nearer), not a random shear
    side = rng.choice(("left", "right", "top", "bottom", "none"))
    k = tilt * (vw if side in ("left", "right") else vh) * 0.5
    persp = {
        "left": [[0, -k], [0, 0], [0, 0], [0, k]],
        "right": [[0, 0], [0, -k], [0, k], [0, 0]],
        "top": [[-k, 0], [k, 0], [0, 0], [0, 0]],
        "bottom": [[0, 0], [0, 0], [k, 0], [-k, 0]],
        "none": [[0, 0]] * 4,
    }[side]
    quad = quad + jitter * 0.25 + np.array(persp, np.float32) + np.array([cx, cy], np.float32)
    dst = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], np.float32)
    bx0, by0 = (int(v) - 8 for v in quad.min(axis=0))
    bx1, by1 = (int(v) + 9 for v in quad.max(axis=0))
    canvas = _monitor_region(screen, pad, look, bx0, by0, bx1, by1)
    quad = quad - np.array([bx0, by0], np.float32)
    m = cv2.getPerspectiveTransform(quad, dst)
    # prefilter so downscaling does not alias the text away (the moiré is added separately)
    if scale < 0.9:
        canvas = cv2.GaussianBlur(canvas, (0, 0), 0.45 / scale)
    img = cv2.warpPerspective(
        canvas, m, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    h, w = img.shape[:2]
    moire = rng.uniform(0.03, 0.12)
    img = img * _moire(h, w, rng, moire)
    gain, glare = _lighting(h, w, rng)
    img = img * gain + glare
    # white balance / colour cast of the camera
    img = img * np.array([rng.uniform(0.92, 1.08) for _ in range(3)], np.float32)
    blur = rng.uniform(0.3, 1.3)
    img = cv2.GaussianBlur(img, (0, 0), blur)
    noise = rng.uniform(2, 7)
    nrng = np.random.default_rng(rng.getrandbits(32))
    img += nrng.standard_normal(img.shape, dtype=np.float32) * np.float32(noise)
    img = np.clip(img, 0, 255).astype(np.uint8)
    pil = Image.fromarray(img)
    if exif_orientation in _STORE:
        pil = pil.transpose(_STORE[exif_orientation])
    quality = rng.randint(62, 88)
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_orientation != 1:
        exif[0x0112] = exif_orientation
    exif[0x010F] = "aoh-helper samples"  # Make: marks these as synthetic
    pil.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    info = {
        "photo": {
            "scale": round(float(scale), 3),
            "digit_px": round(float(text_px * scale), 1),
            "roll_deg": round(float(np.rad2deg(roll)), 1),
            "tilt": round(tilt, 3),
            "tilt_side": side,
            "moire": round(moire, 3),
            "blur": round(blur, 2),
            "noise": round(noise, 1),
            "jpeg_quality": quality,
        }
    }
    return buf.getvalue(), info
