"""OCR: read an Installation ID or a Confirmation ID from a photo or screenshot.

``read_image(data, kind)`` is the one entry point (the web app and the CLI
both call it); ``ImageError`` is what it raises for pictures it refuses.
"""

from __future__ import annotations

from .loading import ImageError

__all__ = ["ImageError", "check_install", "preload", "read_image"]


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


def read_image(data: bytes, kind: str) -> dict:
    """See :func:`ocr.pipeline.read_image` (imported lazily: Tesseract loads on first use)."""
    from .pipeline import read_image as _read

    return _read(data, kind)
