"""Imported once by the OCR fork server so every worker starts with the
pipeline (OpenCV, Tesseract bindings) already loaded.

Any failure is swallowed here: a worker that cannot import the pipeline will
report the error per request instead of killing the fork server.
"""

from __future__ import annotations

import contextlib

with contextlib.suppress(Exception):
    import ocr.pipeline  # noqa: F401
