"""The second engine: PP-OCR (detection + recognition) through RapidOCR on onnxruntime.

Why a second engine: Tesseract and PP-OCR fail on different pictures (a raster
console font, a pixelated or wrapped ID); two independent readings of the
same group, judged by its check digit, are what lets ``ocr.arbitrate`` trust
a group that one engine alone could not vouch for.

Why these settings: the models are the ones inside the pinned ``rapidocr``
wheel, named by path, so RapidOCR never reaches for its download code; a
missing file is an ``EngineError`` at load time.  Memory is held under the
worker's budget by capping the detector's input (long side), recognising one
line at a time, and turning onnxruntime's memory arena off.  Its operators use as
many threads as one picture may (``parallel.THREADS``): a picture that needs
PP-OCR took 19% less time in two than in one (24 slow tuning pictures, the same
answers); the graph's nodes run one after the other (inter-op: one thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import parallel
from .engine import EngineError

DET_LONG_SIDE = 960  # the detector's input, long side in pixels (RapidOCR's default peaks at ~1.1 GB)
DET_PIXELS = DET_LONG_SIDE**2  # ... and its area: a wide, low crop keeps more of its width
REC_BATCH = 1  # lines recognised at a time
THREADS = parallel.THREADS  # onnxruntime intra-op threads (inside each operator)
MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",  # never run (use_cls off) but named, so never fetched
}

Box = tuple[float, float, float, float]


class ModelMissing(EngineError):
    """A model file of the pinned wheel is not there: the install is broken (never downloaded)."""


@dataclass(frozen=True)
class Char:
    """One recognised character: text, confidence 0..1, box [x, y, w, h] in the picture."""

    text: str
    conf: float
    box: Box


@dataclass(frozen=True)
class Line:
    """One detected text line, its characters in reading order."""

    text: str
    conf: float
    box: Box
    chars: tuple[Char, ...]


def model_dir() -> Path:
    """Where the pinned wheel keeps its models (raises EngineError when RapidOCR is missing)."""
    try:
        import rapidocr
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing("the second OCR engine needs rapidocr and onnxruntime (pip install -e .)") from exc
    return Path(rapidocr.__file__).resolve().parent / "models"


def model_paths() -> dict[str, Path]:
    """The model files, every one checked to exist: a clear error now, never a download later."""
    root = model_dir()
    paths = {stage: root / name for stage, name in MODEL_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise ModelMissing(f"PP-OCR model file(s) missing: {', '.join(missing)} (reinstall rapidocr)")
    return paths


def _build():
    from rapidocr import RapidOCR

    paths = model_paths()
    ort = "EngineConfig.onnxruntime."
    params = {
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Det.limit_side_len": DET_LONG_SIDE,
        "Det.limit_type": "max",
        "Rec.rec_batch_num": REC_BATCH,
        ort + "intra_op_num_threads": THREADS,
        ort + "inter_op_num_threads": 1,
        ort + "enable_cpu_mem_arena": False,
    }
    for stage, path in paths.items():
        params[f"{stage}.model_path"] = str(path)
    return RapidOCR(params=params)


_local = threading.local()


def load():
    """The engine of this thread, built on first use (one per thread: sessions are not shared)."""
    engine = getattr(_local, "engine", None)
    if engine is None:
        engine = _build()
        _local.engine = engine
    return engine


def _xywh(points) -> Box:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _shift(b: Box, dx: float, dy: float) -> Box:
    return (b[0] + dx, b[1] + dy, b[2], b[3])


def det_side(height: int, width: int) -> int:
    """The detector's limit on the long side for a ``height`` x ``width`` input: no more than
    ``DET_PIXELS`` in all, never under ``DET_LONG_SIDE``.

    Why the area and not the long side alone: memory and time go with the pixels the
    detector sees.  A console's or dialog's part, 1800 x 460 px, shrunk to 960 px wide
    left its 16 px glyphs at 8 px and 16 px apart, and the IID's line went unfound; it
    has fewer pixels than a 960 px square.
    """
    long_side = max(height, width)
    return max(DET_LONG_SIDE, min(long_side, int(long_side * np.sqrt(DET_PIXELS / (height * width)))))


def _started(grey: np.ndarray, detect: bool):
    """This thread's engine, its detector sized for ``grey`` when it will ``detect``, and
    ``grey`` as the three-channel pixels RapidOCR takes."""
    engine = load()
    if detect:
        # RapidOCR 3.10 (pinned) makes the detector's resizing from this on every call.
        engine._load_det_model().limit_side_len = det_side(*grey.shape[:2])
    return engine, np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))


def _run(grey: np.ndarray, detect: bool):
    """RapidOCR on ``grey`` (8-bit), lines detected or the whole of it read as one; its errors
    as EngineError.  Every switch is named on every call: RapidOCR keeps the last call's."""
    try:
        engine, pixels = _started(grey, detect)
        return engine(
            pixels,
            use_det=detect,
            use_cls=False,
            use_rec=True,
            return_word_box=detect,
            return_single_char_box=detect,
        )
    except EngineError:
        raise
    except Exception as exc:  # onnxruntime errors carry no stable type
        raise EngineError(f"PP-OCR failed: {type(exc).__name__}") from exc


def read(
    grey: np.ndarray,
    offset: tuple[float, float] = (0, 0),
    enough: Callable[[list[Line]], bool] | None = None,
) -> list[Line]:
    """Every text line PP-OCR finds in ``grey`` (8-bit, any polarity), with per-character boxes.

    ``offset`` is where ``grey`` starts in the picture (a crop): boxes come back in the picture.
    ``enough``: told the lines recognised so far, top first, it may end the reading
    (``AFTER_ENOUGH`` lines later): the lines found below are then not recognised.
    """
    if enough is None:
        return _lines(_run(grey, detect=True), offset)
    return _read_until(grey, offset, enough)


AFTER_ENOUGH = 2  # lines recognised after ``enough`` said so: a wrapped line's rest, a grid's last rows


def _read_until(
    grey: np.ndarray, offset: tuple[float, float], enough: Callable[[list[Line]], bool]
) -> list[Line]:
    """``read`` with the lines recognised one by one, top first, until ``enough`` (and then
    ``AFTER_ENOUGH`` more).

    Why: recognition is most of PP-OCR's time (about 0.1 s for a line of an IID's width),
    and a /dlv console has ten lines below its IID.  RapidOCR's own steps (3.10, pinned), so
    that the lines recognised come back as one call on them all would give them.
    """
    from rapidocr.main import RapidOCRError

    try:
        engine, pixels = _started(grey, True)
        engine.update_params(
            use_det=True, use_cls=False, use_rec=True, return_word_box=True, return_single_char_box=True
        )
        original = engine.load_img(pixels)
        img, record = engine.preprocess_img(original)
        try:
            crops, det = engine.detect_and_crop(img, record)
        except RapidOCRError:  # no text found
            return []
        texts, stop, so_far, built = [], len(crops), [], 0
        for k, crop in enumerate(crops):
            texts.append(engine.recognize_txt([crop]))
            if stop == len(crops):
                so_far += _lines(_built(engine, original, det, texts, crops, record, [k]), offset)
                built = k + 1
                if enough(so_far):
                    stop = min(len(crops), k + 1 + AFTER_ENOUGH)
            if k + 1 >= stop:
                break
        # The lines told to ``enough`` stand as they were built (their word boxes are most of
        # the building's time: building them all again cost a console 0.2 s); those
        # recognised after it are built now.
        rest = list(range(built, len(texts)))
        return so_far + (
            _lines(_built(engine, original, det, texts, crops, record, rest), offset) if rest else []
        )
    except EngineError:
        raise
    except Exception as exc:  # onnxruntime errors carry no stable type
        raise EngineError(f"PP-OCR failed: {type(exc).__name__}") from exc


def _built(engine, original, det, texts, crops, record, picked: list[int]):
    """RapidOCR's output for the ``picked`` lines of those recognised (``texts``, one per
    line from the top)."""
    from rapidocr.ch_ppocr_cls import TextClsOutput
    from rapidocr.ch_ppocr_rec import TextRecOutput

    rec = TextRecOutput(
        imgs=[texts[k].imgs[0] for k in picked],
        txts=tuple(texts[k].txts[0] for k in picked),
        scores=[texts[k].scores[0] for k in picked],
        word_results=tuple(texts[k].word_results[0] for k in picked),
    )
    sub = replace(det, boxes=det.boxes[picked].copy(), scores=[det.scores[k] for k in picked])
    return engine.build_final_output(original, sub, TextClsOutput(), rec, [crops[k] for k in picked], record)


def _lines(out, offset: tuple[float, float]) -> list[Line]:
    """RapidOCR's output as lines, their boxes moved by ``offset``."""
    if out.boxes is None or out.txts is None:
        return []
    lines: list[Line] = []
    dx, dy = offset
    for box, text, score, words in zip(
        out.boxes.tolist(), out.txts, out.scores, out.word_results, strict=True
    ):
        chars = tuple(
            Char(str(t), float(s), _shift(_xywh(b), dx, dy))
            for t, s, b in (words or ())
            if b is not None and len(str(t)) == 1
        )
        lines.append(Line(str(text), float(score), _shift(_xywh(box), dx, dy), chars))
    return lines


def read_text(grey: np.ndarray) -> tuple[str, float]:
    """PP-OCR's recognition alone of ``grey`` as one line (no detection), and its confidence.

    Why: for a small crop known to hold one short thing (a grid's label "A" or "7"), the
    detector often finds nothing at all.
    """
    out = _run(grey, detect=False)
    if not out.txts:
        return "", 0.0
    return str(out.txts[0]), float(out.scores[0])


__all__ = ["DET_LONG_SIDE", "Char", "Line", "ModelMissing", "load", "model_paths", "read", "read_text"]
