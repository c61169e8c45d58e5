"""A console drawn in a bitmap font, pixel by pixel: the raster "Terminal" look of Windows 7 consoles.

Why not HTML: Chromium draws no bitmap (PCF) fonts and always smooths outlines;
the raster console font has hard 1-px strokes on a fixed cell (8 x 12 px
and so on), which is what the OCR meets on old consoles. The misc-fixed fonts
of Debian's ``xfonts-base`` have that look; Japanese characters come from
VL Gothic drawn without anti-aliasing at the double-width cell.
"""

from __future__ import annotations

import base64
import io
import unicodedata
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

MISC = "/usr/share/fonts/X11/misc/"
RASTER_FONTS = {  # name -> (file, cell width, cell height, px); misc-fixed look-alikes of Terminal's sizes
    "terminal-8x13": ("8x13.pcf.gz", 8, 13, 13),
    "terminal-8x13B": ("8x13B.pcf.gz", 8, 13, 13),
    "terminal-7x14B": ("7x14B.pcf.gz", 7, 14, 14),
    "terminal-9x15": ("9x15.pcf.gz", 9, 15, 15),
    "terminal-8x16": ("8x16.pcf.gz", 8, 16, 16),
}
CJK_FONT = "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf"


@dataclass
class RasterConsole:
    image: Image.Image
    cell: tuple[int, int]  # width, height of one column / row in px
    pad: int

    def box(self, row: int, col0: int, col1: int) -> tuple[int, int, int, int]:
        """Pixel box of columns ``col0:col1`` on ``row``."""
        w, h = self.cell
        return (self.pad + col0 * w, self.pad + row * h, self.pad + col1 * w, self.pad + (row + 1) * h)

    def data_uri(self) -> str:
        buf = io.BytesIO()
        self.image.save(buf, "PNG")
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


@cache
def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


def wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def draw(lines: list[str], rows: int, cols: int, font: str, fg: str, bg: str, pad: int = 2) -> RasterConsole:
    """``lines`` (already wrapped to ``cols``; wide characters take two cells) on a ``cols`` x ``rows`` console."""
    file, cw, ch, px = RASTER_FONTS[font]
    latin = _font(MISC + file, px)
    cjk = _font(CJK_FONT, ch)
    img = Image.new("RGB", (cols * cw + 2 * pad, rows * ch + 2 * pad), bg)
    d = ImageDraw.Draw(img)
    d.fontmode = "1"  # no anti-aliasing: a raster font has only on and off pixels
    for r, line in enumerate(lines[:rows]):
        col = 0
        for c in line:
            x, y = pad + col * cw, pad + r * ch
            if wide(c):
                d.text((x, y), c, font=cjk, fill=fg)
                col += 2
            else:
                d.text((x, y), c, font=latin, fill=fg)
                col += 1
    return RasterConsole(img, (cw, ch), pad)
