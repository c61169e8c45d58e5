"""Shared fixtures: the JSON test vectors that Python and the browser both pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "vectors" / "ids.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def vectors() -> dict:
    return VECTORS


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
