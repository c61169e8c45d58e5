"""Draws the app icons (PNG 192/512, plain and maskable) with Pillow.

Why a script: the icons are committed, but anyone can redraw them the same
way; run ``.venv/bin/python static/icons/make_icons.py``.
The picture: nine small blocks in a 3 x 3 grid (the portal's Installation ID
boxes) under a check mark.  Maskable icons keep everything inside the
central 80 % safe zone on a full-bleed background.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
BLUE = (11, 92, 173, 255)
WHITE = (255, 255, 255, 255)
GREEN = (129, 201, 149, 255)


def draw(size: int, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle([0, 0, s, s], fill=BLUE)
        inner = 0.56  # the motif spans 56 % of the side: well inside the 80 % safe circle
    else:
        d.rounded_rectangle([0, 0, s - 1, s - 1], radius=int(s * 0.2), fill=BLUE)
        inner = 0.70
    span = s * inner
    x0 = (s - span) / 2
    y0 = (s - span) / 2
    cell = span / 3
    gap = cell * 0.16
    for row in range(3):
        for col in range(3):
            left = x0 + col * cell + gap / 2
            top = y0 + row * cell + gap / 2
            d.rounded_rectangle(
                [left, top, left + cell - gap, top + cell - gap],
                radius=int(cell * 0.14),
                fill=WHITE,
            )
    # A check mark across the grid's lower right.
    w = int(s * 0.075)
    pts = [
        (x0 + span * 0.42, y0 + span * 0.70),
        (x0 + span * 0.60, y0 + span * 0.88),
        (x0 + span * 1.02, y0 + span * 0.40),
    ]
    d.line(pts, fill=BLUE, width=int(w * 1.9), joint="curve")
    d.line(pts, fill=GREEN, width=w, joint="curve")
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    for size in (192, 512):
        draw(size, maskable=False).save(HERE / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(HERE / f"maskable-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
