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
