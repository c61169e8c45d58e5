"""Tesseract, in process, with a time limit: images in, symbols with boxes and alternatives out.

Why tesserocr and not pytesseract: pytesseract starts a process per call
(~0.15 s of model loading each time) and writes every image to a temp file;
tesserocr runs the same engine in-process, keeps the model loaded, takes the
pixels from memory (nothing touches the disk) and gives per-character
alternatives (``lstm_choice_mode``), which the repair step depends on.
One API object per thread, because a TessBaseAPI is not thread-safe.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

try:
    from tesserocr import OEM, PSM, RIL, PyTessBaseAPI
except ImportError as exc:  # pragma: no cover - depends on the machine
    raise ImportError(
        "the OCR pipeline needs tesserocr (pip install tesserocr) and Tesseract's eng traineddata"
    ) from exc

DIGITS = "0123456789"
TIMEOUT_MS = 8000  # one recognition call; a whole picture makes a handful of them


class EngineError(RuntimeError):
    """Tesseract could not run or gave up (time limit)."""


@dataclass
class Symbol:
    text: str
    conf: float  # 0..100
    box: tuple[int, int, int, int]  # x, y, w, h in the image given to Tesseract
    choices: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Word:
    text: str
    conf: float
    box: tuple[int, int, int, int]
    line: int
    symbols: list[Symbol]


def _tessdata_dir() -> str:
    for candidate in (
        os.environ.get("TESSDATA_PREFIX", ""),
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
    ):
        if candidate and os.path.isfile(os.path.join(candidate, "eng.traineddata")):
            return candidate
    raise EngineError("Tesseract's eng.traineddata was not found (apt-get install tesseract-ocr-eng)")


_local = threading.local()


def _api() -> PyTessBaseAPI:
    api = getattr(_local, "api", None)
    if api is None:
        api = PyTessBaseAPI(path=_tessdata_dir(), lang="eng", oem=OEM.LSTM_ONLY)
        api.SetVariable("user_defined_dpi", "300")
        api.SetVariable("debug_file", "/dev/null")
        # Pages and crops are always made dark-on-light here; Tesseract otherwise re-reads
        # every doubtful line inverted, which costs ~40% and never helps.
        api.SetVariable("tessedit_do_invert", "0")
        _local.api = api
    return api


def _box(bbox: tuple[int, int, int, int] | None) -> tuple[int, int, int, int]:
    if not bbox:
        return (0, 0, 0, 0)
    x1, y1, x2, y2 = bbox
    return (x1, y1, x2 - x1, y2 - y1)


def read(
    pixels: np.ndarray,
    psm: int = PSM.SINGLE_LINE,
    whitelist: str = "",
    choices: bool = False,
) -> list[Word]:
    """Recognise ``pixels`` (8-bit grey, dark text on light) and return words with symbols."""
    api = _api()
    api.SetPageSegMode(psm)
    # The space is always let through: without it the LSTM cannot end a word where a gap is,
    # and the first digit after every gap came back at a confidence of 0-10% however clear
    # (a CID card's row "098246  846964  467371" read as one word, 99% but for 8, 0, 0).
    api.SetVariable("tessedit_char_whitelist", whitelist + " " if whitelist else "")
    api.SetVariable("lstm_choice_mode", "2" if choices else "0")
    api.SetImage(Image.fromarray(np.ascontiguousarray(pixels)))
    if not api.Recognize(TIMEOUT_MS):
        api.Clear()
        raise EngineError("Tesseract did not finish in time")
    words: list[Word] = []
    ri = api.GetIterator()
    if ri is None:
        return words
    line = -1
    current: Word | None = None
    level = RIL.SYMBOL
    while True:
        if ri.Empty(level):
            if not ri.Next(level):
                break
            continue
        if ri.IsAtBeginningOf(RIL.TEXTLINE):
            line += 1
        if ri.IsAtBeginningOf(RIL.WORD) or current is None:
            current = Word(
                text=ri.GetUTF8Text(RIL.WORD) or "",
                conf=ri.Confidence(RIL.WORD),
                box=_box(ri.BoundingBox(RIL.WORD)),
                line=max(line, 0),
                symbols=[],
            )
            words.append(current)
        alts: list[tuple[str, float]] = []
        if choices:
            for choice in ri.GetChoiceIterator():
                alts.append((choice.GetUTF8Text(), choice.Confidence()))
        current.symbols.append(
            Symbol(
                text=ri.GetUTF8Text(level) or "",
                conf=ri.Confidence(level),
                box=_box(ri.BoundingBox(level)),
                choices=alts,
            )
        )
        if not ri.Next(level):
            break
    api.Clear()
    return words


__all__ = ["DIGITS", "PSM", "EngineError", "Symbol", "Word", "read"]
