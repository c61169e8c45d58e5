"""Serves the PWA (``static/``) at the site root.

Why the root: a service worker controls only the path it is served from and
below, so ``/sw.js`` must come from ``/`` for scope ``/``.  Every file is sent
with ``Cache-Control: no-cache`` (revalidate by ETag): the service worker
does the offline caching, and a new release is seen at the next visit.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, send_from_directory
from werkzeug.routing import PathConverter

bp = Blueprint("pages", __name__)

# Explicit types: the system's mime.types differ (.js as application/javascript,
# no .webmanifest or .mjs at all) and nosniff makes a wrong type fatal.
# Only these types are served: anything else under static/ (a .py script) is a 404.
MIME_TYPES: dict[str, str] = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain",
    ".map": "application/json",
}


class StaticPathConverter(PathConverter):
    """A path that is not under /api/, so API paths get JSON 404/405 answers."""

    regex = r"(?!api(?:/|$))[^/].*?"


@bp.record_once
def _register_converter(state) -> None:
    state.app.url_map.converters["static_path"] = StaticPathConverter


def _static_dir() -> Path:
    return Path(current_app.config["STATIC_DIR"])


def mime_type_for(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def send_static(name: str) -> Response:
    """A file from static/, with its type and no-cache; 404 if absent, hidden,
    or not of a type the app serves (static/ also holds the icons' source
    script, which is not for the public)."""
    if any(part.startswith(".") for part in name.split("/")):
        abort(404)
    if Path(name).suffix.lower() not in MIME_TYPES:
        abort(404)
    resp = send_from_directory(_static_dir(), name, mimetype=mime_type_for(name), max_age=0, conditional=True)
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/")
def index() -> Response:
    return send_static("index.html")


@bp.get("/sw.js")
def service_worker() -> Response:
    resp = send_static("sw.js")
    resp.headers["Service-Worker-Allowed"] = "/"
    return resp


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    return send_static("manifest.webmanifest")


@bp.post("/share-target")
def share_target_fallback():
    """Reached only when the service worker is not active yet: do not read
    the shared picture, send the user to the app with a notice instead."""
    return redirect("/?share=unavailable", code=303)


@bp.get("/<static_path:name>")
def static_file(name: str) -> Response:
    return send_static(name)
