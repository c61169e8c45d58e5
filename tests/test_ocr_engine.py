"""Tesseract as the pipeline calls it: digits only, and still a word ends at a gap.

Why: with only the digits let through, the LSTM could not end a word at the gap between
two groups; it read the row as one word and gave the first digit after every gap a
confidence of 0-10%, however clear.  No group after the first could then stand on
Tesseract's word, and every clean screenshot of a CID card waited for PP-OCR.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import engine

GROUPS = ("098246", "846964", "467371", "410823", "287635")


def _row(text: str, size: int = 40) -> np.ndarray:
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    img = Image.new("L", (int(size * 0.7 * len(text)) + 60, int(size * 2)), 255)
    ImageDraw.Draw(img).text((30, size // 2), text, fill=0, font=font)
    return np.asarray(img)


@pytest.mark.parametrize("gap", ["  ", "   "])
def test_every_digit_of_a_row_of_groups_is_read_confidently(gap: str) -> None:
    words = engine.read(
        _row(gap.join(GROUPS)), psm=engine.PSM.SINGLE_LINE, whitelist=engine.DIGITS, choices=True
    )
    symbols = [s for w in words for s in w.symbols if s.text.strip()]
    assert "".join(s.text for s in symbols) == "".join(GROUPS)
    assert min(s.conf for s in symbols) >= 90, [round(s.conf) for s in symbols]


def test_only_digits_come_back_when_only_digits_are_asked_for() -> None:
    words = engine.read(_row("ID: 846964  x"), psm=engine.PSM.SINGLE_LINE, whitelist=engine.DIGITS)
    assert all(s.text.isdigit() for w in words for s in w.symbols if s.text.strip())
