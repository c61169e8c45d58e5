"""The layers stay layers: the core imports no web, image or OCR stack, and nothing imports upward."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("flask", "werkzeug", "cv2", "tesserocr", "numpy", "PIL")


def test_core_loads_without_the_web_or_ocr_stack() -> None:
    code = (
        "import sys, activation.ids, activation.commands, activation.explain, activation.kitfiles, kit.build; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _imported_packages(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((path.name, node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                found.update((path.name, a.name.split(".")[0]) for a in node.names)
    return found


def test_nothing_imports_upward() -> None:
    """core <- ocr, kit <- webapp <- aoh_helper (the CLI composes them)."""
    above = {
        "activation": {"ocr", "webapp", "aoh_helper", "samples", "tools", "tests", "kit"},
        "kit": {"ocr", "webapp", "aoh_helper", "samples", "tools", "tests"},
        "ocr": {"webapp", "aoh_helper", "samples", "tools", "tests"},
        "webapp": {"aoh_helper", "samples", "tools", "tests"},
    }
    for package, forbidden in above.items():
        wrong = sorted((f, m) for f, m in _imported_packages(package) if m in forbidden)
        assert wrong == [], f"{package} imports upward: {wrong}"
