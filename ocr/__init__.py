"""OCR: read an Installation ID or a Confirmation ID from a photo or screenshot.

``read_image(data, kind)`` is the one entry point (the web app and the CLI
both call it); ``ImageError`` is what it raises for pictures it refuses.
"""

from __future__ import annotations

from .loading import ImageError

__all__ = ["ImageError", "read_image"]


def read_image(data: bytes, kind: str) -> dict:
    """See :func:`ocr.pipeline.read_image` (imported lazily: Tesseract loads on first use)."""
    from .pipeline import read_image as _read

    return _read(data, kind)
