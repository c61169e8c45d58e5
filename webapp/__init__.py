"""aoh-helper's web app and the project's ID rules.

``create_app`` imports Flask only when called, so ``webapp.ids``,
``webapp.commands`` and ``webapp.explain`` stay importable by the OCR
pipeline and the CLI without pulling in the web stack.
"""

from __future__ import annotations

from typing import Any


def create_app(config: dict[str, Any] | None = None):
    """Application factory (see ``webapp.factory``)."""
    from .factory import build_app

    return build_app(config)
