"""JSON API: ``POST /api/ocr`` (picture -> IDs) and ``GET /healthz``.

The picture is read from the multipart body into memory, checked by its
first bytes (never by its name or declared type), handed to the OCR pool and
forgotten.  Nothing about the picture or the IDs is logged: only the kind,
the status and the time taken.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time

from flask import Blueprint, current_app, jsonify, request

from activation.ids import KINDS
from ocr.loading import sniff_type

from .errors import error_response
from .ocr_pool import OcrFailed, OcrImageError, OcrPool, OcrTimeout, PoolBusy
from .security import OcrBudget, TokenBucketLimiter

LOG = logging.getLogger("webapp.api")
bp = Blueprint("api", __name__)


def client_key() -> str:
    """The rate-limit key: the client address (from X-Forwarded-For only when the
    server was told to trust a proxy, see webapp.server)."""
    return request.remote_addr or "unknown"


def _rate_limited(message: str, wait: float):
    """429 with the whole seconds to wait (at least one): both the request limit and the OCR budget say it."""
    return error_response("rate_limited", message, 429, {"Retry-After": str(max(1, round(wait + 0.5)))})


@bp.post("/api/ocr")
def ocr_endpoint():
    limiter: TokenBucketLimiter = current_app.extensions["rate_limiter"]
    wait = limiter.take(client_key())
    if wait > 0:
        return _rate_limited("Too many pictures in a short time; wait a moment.", wait)

    if request.mimetype != "multipart/form-data":
        return error_response("bad_request", "Send the picture as multipart/form-data (field 'image').", 400)
    try:
        upload = request.files.get("image")
        kind = request.form.get("kind", "")
    except ValueError:
        return error_response(
            "bad_request", "The upload could not be parsed (is the file name valid UTF-8?).", 400
        )
    if upload is None:
        return error_response("missing_image", "No picture: the field 'image' is missing.", 400)
    if kind not in KINDS:
        return error_response("bad_kind", "The field 'kind' must be 'iid' or 'cid'.", 400)
    data = upload.stream.read()
    upload.close()
    if not data:
        return error_response("empty_file", "The file is empty.", 400)
    if sniff_type(data[:16]) is None:
        return error_response("unsupported_type", "Send a PNG, JPEG, WebP or HEIC picture.", 415)

    budget: OcrBudget = current_app.extensions["ocr_budget"]
    wait = budget.begin(client_key())
    if wait > 0:
        return _rate_limited("One picture at a time, and only so much reading a minute; wait a moment.", wait)
    pool: OcrPool = current_app.extensions["ocr_pool"]
    start = time.monotonic()
    status = 200
    spent: list[float] = []
    try:
        result = pool.run(data, kind, on_worker_time=spent.append)
        return jsonify(result)
    except PoolBusy:
        status = 503
        return error_response(
            "busy",
            "The server is busy reading other pictures; try again in a few seconds.",
            503,
            {"Retry-After": str(current_app.config["OCR_RETRY_AFTER"])},
        )
    except OcrTimeout:
        status = 422
        return error_response(
            "ocr_timeout",
            "Reading this picture took too long; crop closer to the numbers.",
            422,
        )
    except OcrImageError as exc:
        status = exc.status if 400 <= exc.status < 500 else 422
        return error_response(exc.code, exc.message, status)
    except OcrFailed as exc:
        status = 500
        LOG.error("ocr worker failed: %s", exc)
        return error_response("internal_error", "The picture could not be processed.", 500)
    finally:
        budget.end(client_key(), sum(spent))
        LOG.info("ocr kind=%s status=%d ms=%d", kind, status, (time.monotonic() - start) * 1000)


_tesseract_version: str | None = None
_tesseract_lock = threading.Lock()


def tesseract_version() -> str | None:
    """Tesseract's version string, or None if it is not installed (cached once found)."""
    global _tesseract_version
    with _tesseract_lock:
        if _tesseract_version is None:
            exe = shutil.which("tesseract")
            if exe is None:
                return None
            try:
                out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                return None
            first = (out.stdout or out.stderr).strip().splitlines()
            if out.returncode != 0 or not first:
                return None
            _tesseract_version = first[0].removeprefix("tesseract").strip()
        return _tesseract_version


@bp.get("/healthz")
def healthz():
    version = tesseract_version()
    pool: OcrPool = current_app.extensions["ocr_pool"]
    if version is None:
        resp = jsonify(
            {
                "status": "unavailable",
                "tesseract": None,
                "error": {
                    "code": "tesseract_missing",
                    "message": "Tesseract OCR is not installed or not on PATH.",
                },
            }
        )
        resp.status_code = 503
        return resp
    return jsonify({"status": "ok", "tesseract": version, "pool": pool.stats()})
