"""Where the rough reading's digits are: the runs of digit-like symbols in ocr/layout.py.

Why these: a run cut at a misread symbol loses its first digits for good (the precise
reading is whitened beyond the run), so every symbol Tesseract gives for a digit must
keep the run whole.
"""

from __future__ import annotations

import numpy as np

from ocr.engine import Symbol, Word
from ocr.layout import digit_spans
from ocr.regions import Page


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


def _page() -> Page:
    grey = np.full((400, 1400), 255, np.uint8)
    return Page(grey=grey, to_original=np.eye(3), source=grey, inverted=False, text_height=20.0)


def _line(pieces: list[str], y: int, line: int) -> list[Word]:
    words, x = [], 100
    for text in pieces:
        words.append(_word(text, x=x, y=y))
        words[-1].line = line
        x += len(text) * 12 + 30  # a wide space: the pieces stay apart
    return words


def test_a_line_of_many_digits_in_short_pieces_is_one_to_read_again() -> None:
    from ocr.pipeline import _pieced_lines

    # Glare across a photo's first IID: 14, 11 and 11 digits, none a run on its own.
    iid = _line(["77602427115326", "12062469572", "95088288016"], 50, 0)
    # An Extended PID read with its dashes: no piece of 8 digits or more.
    pid = _line(["00038-01161-646-951862-03-1041-19045.0000-0312024"], 100, 1)
    # One piece long enough to count as a run above on its own (pipeline._unread_run_above).
    run = _line(["3794329693567851727"], 150, 2)
    # Two pieces, one too short to count: 9 digits in all.
    short = _line(["123456789", "1234567"], 200, 3)
    lines = _pieced_lines(_page(), iid + pid + run + short)
    assert len(lines) == 1
    x, y, w, h = lines[0]
    assert (x, y) == (100, 50) and x + w > 100 + 36 * 12 and h == 20
