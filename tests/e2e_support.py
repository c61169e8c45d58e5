"""Shared pieces of the end-to-end tests: the real server, Debian's Chromium, helpers.

The real server is started by ``tools.upload_client.ServerProcess``: the app is exercised exactly as users run
it (``python -m webapp.serve``), with its real OCR worker pool.
"""

from __future__ import annotations

import json
from pathlib import Path

from samples.render import CHROMIUM, CHROMIUM_ARGS  # one launch set for the samples and these tests

__all__ = ["ARTIFACTS", "CHROMIUM", "CHROMIUM_ARGS", "PHONE", "ROOT", "sample"]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 360, "height": 740}


def sample(kind: str, layout_prefix: str, source: str = "screenshot") -> tuple[Path, dict]:
    """The first sample picture of that kind/layout/source, with its truth entry."""
    images = ROOT / "samples" / "images"
    truth = json.loads((images / "truth.json").read_text(encoding="utf-8"))
    for entry in truth:
        if (
            entry["kind"] == kind
            and entry["layout"].startswith(layout_prefix)
            and entry["source"] == source
            and (images / entry["file"]).exists()
        ):
            return images / entry["file"], entry
    raise LookupError(f"no {kind} {layout_prefix} {source} sample in samples/images/truth.json")
