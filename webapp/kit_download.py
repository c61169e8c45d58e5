"""GET /kit.zip: the USB kit, built with this server's own address in it.

Why the address: the kit's QR codes then become links that open this app on
the phone with the PC filled in (the data rides in the URL's fragment, which
never reaches a server).  Nothing is stored: the zip is built per request
from the kit's templates and holds no ID.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from kit import build

bp = Blueprint("kit_download", __name__)


@bp.get("/kit.zip")
def kit_zip() -> Response:
    try:
        data = build.kit_zip(app_url=request.host_url)
    except build.KitError:
        abort(400)
    resp = Response(data, mimetype="application/zip")
    resp.headers["Content-Disposition"] = 'attachment; filename="aoh-kit.zip"'
    resp.headers["Cache-Control"] = "no-cache"
    return resp
