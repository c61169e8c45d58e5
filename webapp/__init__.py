"""aoh-helper's web app: the Flask application factory and its blueprints."""

from __future__ import annotations

from .factory import build_app as create_app

__all__ = ["create_app"]
