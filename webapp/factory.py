"""Builds the Flask app: configuration defaults, blueprints, headers, errors.

Why a factory: tests, the load/fuzz tools and ``aoh-helper serve`` each need
an app with their own limits (a pool of one worker, a tight rate limit...),
and nothing here may hold state between two apps.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import IO, Any

from flask import Flask, Request, request
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import FormDataParser

from .errors import error_response, is_api_path, raised_at
from .security import OcrBudget, TokenBucketLimiter, add_security_headers

LOG = logging.getLogger("webapp")

REPO_ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024

DEFAULTS: dict[str, Any] = {
    # Where the PWA lives: repo_root/static (the frontend's files, no build).
    "STATIC_DIR": str(REPO_ROOT / "static"),
    # Upload limits.  A phone photo is 2-8 MB; the front end shrinks most
    # pictures before sending, so 12 MB leaves room for an unshrunk HEIC/JPEG.
    "MAX_CONTENT_LENGTH": 12 * MB,
    # Text fields ("kind") are tiny, but Werkzeug checks this limit against its
    # 64 KiB read buffer too, so it must stay well above 64 KiB.
    "MAX_FORM_MEMORY_SIZE": 128 * 1024,
    "MAX_FORM_PARTS": 8,
    # OCR pool: CPU-bound, so one worker per core by default.
    "OCR_WORKERS": 0,  # 0 = os.cpu_count()
    "OCR_QUEUE": -1,  # -1 = 2 x workers; requests past workers + queue get 503
    "OCR_QUEUE_WAIT": 30.0,  # seconds a queued request may wait for a worker
    # Seconds one picture may take before its worker is killed: the benchmark's
    # p95 is about 1 s on a 2-core machine, so 15 s leaves room for a slow
    # phone or a loaded machine while a hostile picture costs little.
    "OCR_TIMEOUT": 15.0,
    "OCR_MEMORY_LIMIT_MB": 1536,  # address-space cap of each OCR process (0 = none)
    "OCR_RETRY_AFTER": 5,  # seconds, sent with 503 busy
    "OCR_TARGET": "ocr:read_image",  # module:function run in the worker
    # Rate limit per client on /api/ocr: a token bucket of requests...
    "RATE_LIMIT_PER_MINUTE": 30,
    "RATE_LIMIT_BURST": 10,
    # ...and one of OCR seconds, so that a client whose pictures are slow
    # cannot hold the workers within its request count (0 = no budget).
    # A client also has at most one picture being read at a time.
    "OCR_SECONDS_PER_MINUTE": 20.0,
    "OCR_SECONDS_BURST": 30.0,
    "OCR_PICTURES_PER_CLIENT": 1,  # 0 = no cap (the pool's own tests)
}


class InMemoryRequest(Request):
    """A request whose uploaded files stay in memory.

    Why: Werkzeug spools file parts over 500 KB to a temporary file; the
    pictures must never touch the disk.  MAX_CONTENT_LENGTH bounds the size.
    """

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return io.BytesIO()

    def make_form_data_parser(self) -> FormDataParser:
        """Not silent: a body Werkzeug cannot parse (a file name that is not
        UTF-8, say) raises ValueError instead of looking like a missing field."""
        return self.form_data_parser_class(
            stream_factory=self._get_file_stream,
            max_form_memory_size=self.max_form_memory_size,
            max_content_length=self.max_content_length,
            max_form_parts=self.max_form_parts,
            cls=self.parameter_storage_class,
            silent=False,
        )


def _resolve_pool_size(config: dict[str, Any]) -> tuple[int, int]:
    workers = int(config["OCR_WORKERS"]) or (os.cpu_count() or 1)
    queue = int(config["OCR_QUEUE"])
    if queue < 0:
        queue = 2 * workers
    return max(1, workers), max(0, queue)


def build_app(config: dict[str, Any] | None = None) -> Flask:
    """A new app: ``DEFAULTS``, then ``AOH_HELPER_*`` environment variables, then ``config``."""
    app = Flask("webapp", static_folder=None)
    app.request_class = InMemoryRequest
    app.config.update(DEFAULTS)
    # AOH_HELPER_<SETTING> in the environment (a JSON value or a plain string):
    # for deployments, and for tests that start the real server process.
    app.config.from_prefixed_env("AOH_HELPER")
    if config:
        app.config.update(config)
    workers, queue = _resolve_pool_size(app.config)
    app.config["OCR_WORKERS"], app.config["OCR_QUEUE"] = workers, queue

    from .ocr_pool import OcrPool

    app.extensions["ocr_pool"] = OcrPool(
        workers=workers,
        queue=queue,
        queue_wait=float(app.config["OCR_QUEUE_WAIT"]),
        timeout=float(app.config["OCR_TIMEOUT"]),
        memory_limit_mb=int(app.config["OCR_MEMORY_LIMIT_MB"]),
        target=str(app.config["OCR_TARGET"]),
    )
    app.extensions["rate_limiter"] = TokenBucketLimiter(
        per_minute=float(app.config["RATE_LIMIT_PER_MINUTE"]),
        burst=float(app.config["RATE_LIMIT_BURST"]),
    )
    app.extensions["ocr_budget"] = OcrBudget(
        per_minute=float(app.config["OCR_SECONDS_PER_MINUTE"]),
        burst=float(app.config["OCR_SECONDS_BURST"]),
        per_client=int(app.config["OCR_PICTURES_PER_CLIENT"]),
    )

    from .api import bp as api_bp
    from .kit_download import bp as kit_bp
    from .pages import bp as pages_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(kit_bp)
    app.register_blueprint(pages_bp)
    app.after_request(add_security_headers)
    _register_error_handlers(app)
    return app


def _register_error_handlers(app: Flask) -> None:
    """JSON errors under /api and /healthz, short plain text elsewhere; no HTML."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if is_api_path(request.path):
            code = {
                400: "bad_request",
                404: "not_found",
                405: "method_not_allowed",
                413: "too_large",
                415: "unsupported_type",
                429: "rate_limited",
            }.get(status, "http_error")
            message = {
                413: f"The picture is too large; the limit is {app.config['MAX_CONTENT_LENGTH'] // MB} MB.",
            }.get(status, exc.name)
            resp = error_response(code, message, status)
        else:
            resp = app.response_class(f"{status} {exc.name}\n", status=status, mimetype="text/plain")
        valid_methods = getattr(exc, "valid_methods", None)
        if status == 405 and valid_methods:
            resp.headers["Allow"] = ", ".join(valid_methods)
        return resp

    @app.errorhandler(Exception)
    def _internal_error(exc: Exception):
        # Log the type and where, never the message: it could quote input.
        LOG.error("internal error %s at %s", type(exc).__name__, raised_at(exc))
        if is_api_path(request.path):
            return error_response("internal_error", "Internal server error.", 500)
        return app.response_class("500 Internal Server Error\n", 500, mimetype="text/plain")
