"""The one shape of every refusal: ``{"error": {"code", "message"}}`` + status.

Why: the front end shows each refusal in the user's language by its
``code``; the English ``message`` is for logs-free debugging and the CLI.
"""

from __future__ import annotations

from flask import Response, jsonify

API_PREFIXES = ("/api/", "/healthz")


def is_api_path(path: str) -> bool:
    """True for paths whose clients expect JSON rather than a page."""
    return path == "/api" or path.startswith(API_PREFIXES)


def error_response(code: str, message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    """A JSON error response; ``Cache-Control: no-store`` like all API replies."""
    resp = jsonify({"error": {"code": code, "message": message}})
    resp.status_code = status
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


def raised_at(exc: BaseException) -> str:
    """``file:line`` where ``exc`` was raised: the log's only clue, since messages may quote input."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
