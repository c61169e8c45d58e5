"""Where the rough reading's digits are: the runs of digit-like symbols in ocr/layout.py.

Why these: a run cut at a misread symbol loses its first digits for good (the precise
reading is whitened beyond the run), so every symbol Tesseract gives for a digit must
keep the run whole.
"""

from __future__ import annotations

from ocr.engine import Symbol, Word
from ocr.layout import digit_spans


def _word(text: str, x: int = 100, y: int = 50, w: int = 10, h: int = 20) -> Word:
    symbols = [Symbol(ch, 90.0, (x + k * (w + 2), y, w, h)) for k, ch in enumerate(text)]
    return Word(text, 90.0, (x, y, len(text) * (w + 2), h), 0, symbols)


def test_a_dollar_sign_read_for_a_5_keeps_the_run_whole() -> None:
    # A 9 px "5" at 100% scaling, read roughly as "5$" before the rest of the line.
    (span,) = digit_spans([_word("5$8961444441322")])
    assert span.box[0] == 100
    assert len(span.boxes) == 15 and span.digits == 14


def test_a_run_stops_at_a_letter_that_is_never_a_digit() -> None:
    spans = digit_spans([_word("ID:" + "3794329693567851")])
    assert len(spans) == 1 and spans[0].digits == 16
    assert spans[0].box[0] == 100 + 3 * 12  # after "ID:"
