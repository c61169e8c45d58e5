"""Pictures of the kit's QR code: as its offline page shows it, screenshotted or photographed.

Why here: the QR decoder benchmark (tools/qr_bench.py) and the server tests need
the same pictures, drawn with segno (a maintained QR encoder) and the samples'
own phone-photo simulation (samples/photo.py), never with the decoder under test.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import segno
from PIL import Image, ImageDraw

from samples.photo import make_photo

from .pictures import _font

# encodeURIComponent keeps exactly these besides letters and digits (kit-formats.md, item 4)
_URI_SAFE = "-_.!~*'()"


def kit_qr_text(
    computer: str, product: str, iid: str, activation_id: str = "", app_url: str | None = None
) -> str:
    """The QR text as kit-formats.md pins it, written out here by hand (not by the reader under test)."""

    def enc(s: str) -> str:
        return quote(s, safe=_URI_SAFE)

    params = f"aoh=1&pc={enc(computer)}&p={enc(product)}&aid={enc(activation_id)}&iid={iid}"
    return f"{app_url}#{params}" if app_url else "AOH:" + params


@dataclass(frozen=True)
class Screen:
    """An RGB screen with the QR code on it and where the QR code is (x0, y0, x1, y1)."""

    pixels: np.ndarray
    qr_box: tuple[int, int, int, int]


def offline_page(text: str, module_px: int = 4, error: str = "m", caption: str = "PC-01") -> Screen:
    """A 1280x800 screen like the kit's offline page: a title, the QR code, the IID's groups beside it.

    The groups printed are the digits in ``text`` (after ``iid=``, or all of them for a bare IID), as the
    page shows them: OCR reads them when the QR code is not taken.
    """
    digits = "".join(ch for ch in text.rsplit("iid=", 1)[-1] if ch.isdigit())
    size = 6 if len(digits) == 54 else 7
    groups = [digits[i : i + size] for i in range(0, len(digits), size)]
    qr = segno.make(text, error=error, micro=False, boost_error=False)
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=module_px, border=4, dark="#000", light="#fff")
    code = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    page = Image.new("RGB", (1280, 800), (246, 246, 246))
    draw = ImageDraw.Draw(page)
    draw.text((40, 30), f"{caption}: Installation ID", fill=(20, 20, 20), font=_font(28))
    x0, y0 = 60, 100
    page.paste(code, (x0, y0))
    font = _font(22)
    for i, group in enumerate(groups):
        draw.text((x0 + code.width + 60, y0 + 10 + i * 36), f"{i + 1}  {group}", fill=(30, 30, 30), font=font)
    return Screen(np.asarray(page), (x0, y0, x0 + code.width, y0 + code.height))


def screenshot_png(screen: Screen, scale: float = 1.0) -> bytes:
    """The screen saved as a PNG, optionally resized (a screenshot shared from a small display)."""
    img = Image.fromarray(screen.pixels)
    if scale != 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def photo_jpeg(screen: Screen, seed: int, long_side: int = 1600, whole_page: bool = False) -> bytes:
    """A phone photo of the screen aimed at the QR code (or at the whole page): tilt, moiré, glare, JPEG."""
    rng = random.Random(seed)
    h, w = screen.pixels.shape[:2]
    focus = (0, 0, w, h) if whole_page else screen.qr_box
    # text_px is only used to zoom in until digits are legible: a large value keeps the framing as aimed
    data, _ = make_photo(screen.pixels, focus, rng, long_side=long_side, text_px=100)
    return data
