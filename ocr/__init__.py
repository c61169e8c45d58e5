"""OCR: read an Installation ID or a Confirmation ID from a photo or screenshot.

``read_image(data, kind)`` is the one entry point (the web app and the CLI
both call it), the API's JSON object; ``read(data, kind)`` gives the same typed
(``ocr.result.Result``); ``ImageError`` is what both raise for pictures they refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .loading import ImageError

if TYPE_CHECKING:
    from .result import Result

__all__ = ["ImageError", "check_install", "preload", "read", "read_image"]


def check_install() -> None:
    """Raise ``ocr.engine.EngineError`` now when an engine's data is missing (cheap: loads nothing).

    For start-up (the server, the CLI): a broken install is said at once, not on the first picture.
    """
    from . import engine, ppocr

    engine._tessdata_dir()
    ppocr.model_paths()


def preload() -> None:
    """Load both engines now (a worker's start-up): a missing model is an error here, not later."""
    from . import ppocr
    from .pipeline import engine

    engine.read(__import__("numpy").full((32, 32), 255, dtype="uint8"))
    ppocr.load()


def read(data: bytes, kind: str) -> Result:
    """See :func:`ocr.pipeline.read` (imported lazily: Tesseract loads on first use)."""
    from .pipeline import read as _read

    return _read(data, kind)


def read_image(data: bytes, kind: str) -> dict:
    """See :func:`ocr.pipeline.read_image` (imported lazily: Tesseract loads on first use)."""
    from .pipeline import read_image as _read

    return _read(data, kind)
