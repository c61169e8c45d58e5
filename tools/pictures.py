"""Small test pictures for the server tools: a rendered ``slmgr /dti`` line.

Why here and not samples/: the fuzz and load harnesses need a few valid
pictures that OCR reads in well under a second, without depending on the
sample set being generated first.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Public sample IID (Windows 11 build 26200, see docs/ids.md); passes the check digits.
SAMPLE_IID = "489126343257012289105546522085205332958764158851011127139061121"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render_text_png(lines: list[str], font_size: int = 22, fmt: str = "PNG") -> bytes:
    """Black text on white, like a console screenshot; PNG (or JPEG/WEBP) bytes."""
    font = _font(font_size)
    width = max(int(font.getlength(line)) for line in lines) + 40
    height = (font_size + 10) * len(lines) + 30
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((20, 15 + i * (font_size + 10)), line, fill="black", font=font)
    out = io.BytesIO()
    img.save(out, format=fmt)
    return out.getvalue()


def iid_screenshot(iid: str = SAMPLE_IID, fmt: str = "PNG") -> bytes:
    """What ``cscript slmgr.vbs /dti`` shows: banner lines and the IID, no separators."""
    return render_text_png(
        [
            "Microsoft (R) Windows Script Host Version 5.812",
            "Copyright (C) Microsoft Corporation. All rights reserved.",
            "",
            f"Installation ID: {iid}",
        ],
        fmt=fmt,
    )


def slow_page(size: int = 2400, font_size: int = 12, seed: int = 0) -> bytes:
    """A page filled with rows of small digits: costly to read, yet no ID.

    Why: the fairness harness needs a picture within the upload limits that
    keeps a worker busy for its whole time limit (this one took 25 s before
    the limit was cut)."""
    import random

    rng = random.Random(seed)
    font = _font(font_size)
    img = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(img)
    for y in range(4, size - font_size, font_size + 4):
        row = " ".join("".join(rng.choice("0123456789") for _ in range(7)) for _ in range(size // 60))
        draw.text((4, y), row, fill=0, font=font)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
