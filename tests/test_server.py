"""The server's routes, types, headers and error answers (issue 4).

Pages and headers use Flask's test client; uploads go through the real
server (waitress on loopback), since its body limits matter there.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest

from tests.conftest import PROBE_TARGET
from tools.upload_client import ServerProcess, encode_multipart, post_image, request
from webapp import api
from webapp.factory import DEFAULTS
from webapp.security import CONTENT_SECURITY_POLICY

MB = 1024 * 1024


@pytest.fixture()
def static_dir(repo_root):
    return repo_root / "static"


@pytest.fixture(scope="module")
def live():
    """The real server process, reading pictures with the probe (tools/pool_probe.py)."""
    with ServerProcess(config={"RATE_LIMIT_PER_MINUTE": 0, "OCR_TARGET": PROBE_TARGET}) as server:
        yield server


# --- pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/", "text/html"),
        ("/sw.js", "text/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/js/app.js", "text/javascript"),
        ("/js/ids.js", "text/javascript"),
        ("/css/app.css", "text/css"),
        ("/icons/icon-192.png", "image/png"),
        ("/locales/ja.json", "application/json"),
        ("/data/errors.json", "application/json"),
    ],
)
def test_static_files_have_their_type(client, static_dir, path, mime):
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.mimetype == mime
    name = "index.html" if path == "/" else path.lstrip("/")
    assert resp.data == (static_dir / name).read_bytes()
    assert resp.headers["Cache-Control"] == "no-cache"


def test_service_worker_is_allowed_scope_root(client):
    resp = client.get("/sw.js")
    assert resp.headers["Service-Worker-Allowed"] == "/"
    assert resp.headers["Cache-Control"] == "no-cache"


def test_static_revalidates_with_etag(client):
    first = client.get("/js/app.js")
    again = client.get("/js/app.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path", ["/../README.md", "/js/../../README.md", "/%2e%2e/README.md", "/js/../../etc/passwd", "/nope.js"]
)
def test_no_file_outside_static(client, repo_root, path):
    assert (repo_root / "README.md").is_file()  # the file the traversals aim at exists
    resp = client.get(path)
    assert resp.status_code == 404
    assert resp.data != (repo_root / "README.md").read_bytes() and b"root:" not in resp.data


@pytest.mark.parametrize("path", ["/.hidden", "/js/.hidden"])
def test_hidden_files_are_not_served(app, tmp_path, path):
    # static/ holds no hidden file, so make a folder that does: a 404 then means refused, not absent.
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "ids.js").write_bytes(b"export {};\n")
    for hidden in (tmp_path / ".hidden", tmp_path / "js" / ".hidden"):
        hidden.write_bytes(b"secret")
    app.config["STATIC_DIR"] = str(tmp_path)
    client = app.test_client()
    assert client.get("/js/ids.js").status_code == 200
    resp = client.get(path)
    assert resp.status_code == 404 and b"secret" not in resp.data


def test_share_target_fallback_redirects_without_reading(client):
    data = {"image": (io.BytesIO(b"\x89PNG\r\n\x1a\nxx"), "shot.png")}
    resp = client.post("/share-target", data=data, content_type="multipart/form-data")
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/?share=unavailable"


def test_real_static_dir_is_served_by_default(client, repo_root):
    for name in ("index.html", "js/ids.js", "manifest.webmanifest"):
        resp = client.get("/" if name == "index.html" else f"/{name}")
        assert resp.status_code == 200
        assert resp.data == (repo_root / "static" / name).read_bytes()


# --- headers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/sw.js"),
        ("GET", "/nope"),
        ("GET", "/api/nope"),
        ("GET", "/healthz"),
        ("POST", "/api/ocr"),
        ("POST", "/share-target"),
    ],
)
def test_security_headers_on_every_response(client, method, path):
    resp = client.open(path, method=method)
    h = resp.headers
    assert h["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "no-referrer"
    assert "camera=(self)" in h["Permissions-Policy"]
    assert "Set-Cookie" not in h


def test_csp_is_strict_but_allows_pwa_parts():
    directives = dict((d.split()[0], d.split()[1:]) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == ["'self'"]  # no inline script, no eval
    assert directives["frame-ancestors"] == ["'none'"]
    assert set(directives["img-src"]) == {"'self'", "blob:", "data:"}
    assert directives["worker-src"] == ["'self'"]
    assert directives["manifest-src"] == ["'self'"]
    assert not any("unsafe" in v for values in directives.values() for v in values)


def test_api_answers_are_not_cached(client):
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    assert client.post("/api/ocr").headers["Cache-Control"] == "no-store"


# --- health ----------------------------------------------------------------


def test_healthz_reports_tesseract_version(client):
    exe = shutil.which("tesseract")
    if exe is None:
        pytest.skip("tesseract not installed")
    first_line = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    resp = client.get("/healthz")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "ok"
    assert body["tesseract"] and body["tesseract"] in first_line.splitlines()[0]


def test_healthz_503_when_tesseract_missing(client, monkeypatch, tmp_path):
    monkeypatch.setattr(api, "_tesseract_version", None)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without tesseract
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json()["error"]["code"] == "tesseract_missing"


# --- API errors --------------------------------------------------------------


def _error(reply) -> tuple[int, str]:
    body = json.loads(reply.body if hasattr(reply, "body") else reply.data)
    assert set(body) == {"error"} and body["error"]["message"]
    return reply.status if hasattr(reply, "status") else reply.status_code, body["error"]["code"]


def _post(live, fields, files=None, content_type=None, body=None):
    if body is None:
        body, ctype = encode_multipart(fields, files)
    else:
        ctype = content_type
    return request(live.base_url, "POST", "/api/ocr", body, {"Content-Type": ctype})


GOOD = ("x.png", b"\x89PNG\r\n\x1a\nsleep:0", "image/png")


@pytest.mark.parametrize(
    ("fields", "files", "status", "code"),
    [
        ({"kind": "iid"}, None, 400, "missing_image"),
        ({}, {"image": GOOD}, 400, "bad_kind"),
        ({"kind": "IID 123"}, {"image": GOOD}, 400, "bad_kind"),
        ({"kind": "iid"}, {"image": ("x.png", b"", "image/png")}, 400, "empty_file"),
        ({"kind": "iid"}, {"image": ("x.png", b"hello world", "image/png")}, 415, "unsupported_type"),
        (
            {"kind": "iid"},
            {"image": ("x.gif", b"GIF89a\x01\x00\x01\x00", "image/gif")},
            415,
            "unsupported_type",
        ),
        ({"kind": "iid"}, {"image": ("x.png", b"%PDF-1.7\n", "image/png")}, 415, "unsupported_type"),
    ],
)
def test_bad_uploads_get_json_4xx(live, fields, files, status, code):
    assert _error(_post(live, fields, files)) == (status, code)


def test_type_is_decided_by_content_not_name(live):
    reply = post_image(live.base_url, b"\x89PNG\r\n\x1a\nsleep:0", filename="x.txt", ctype="text/plain")
    assert reply.status == 200, reply.body


def test_a_big_photo_under_the_limit_is_accepted(live):
    data = b"\x89PNG\r\n\x1a\nsleep:0\n" + bytes(11 * MB)
    reply = post_image(live.base_url, data)
    assert reply.status == 200, reply.body
    assert reply.json()["bytes"] == len(data)


def test_not_multipart_is_400(live):
    reply = _post(live, {}, body=b'{"image": "x"}', content_type="application/json")
    assert _error(reply) == (400, "bad_request")


def test_broken_multipart_is_400(live):
    body = b'--abc\r\nContent-Disposition: form-data; name="image"\r\n\r\nxx'  # no end
    reply = _post(live, {}, body=body, content_type="multipart/form-data; boundary=abc")
    assert reply.status == 400
    assert _error(reply)[0] == 400


def test_too_large_is_json_413(live):
    data = b"\x89PNG\r\n\x1a\n" + b"\0" * (MB * 25 // 2)
    status, code = _error(post_image(live.base_url, data))
    assert (status, code) == (413, "too_large")


def test_far_too_large_is_cut_by_waitress(live):
    limit = DEFAULTS["MAX_CONTENT_LENGTH"] + 1024 * 1024
    reply = request(
        live.base_url,
        "POST",
        "/api/ocr",
        b"\0" * (limit + 1024),
        {"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert reply.status == 413


def test_too_many_parts_is_413(live):
    fields = {f"f{i}": "x" for i in range(20)}
    status, _code = _error(_post(live, {"kind": "iid", **fields}, {"image": GOOD}))
    assert status == 413


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/ocr", 405, "method_not_allowed"),
        ("PUT", "/api/ocr", 405, "method_not_allowed"),
        ("GET", "/api/other", 404, "not_found"),
        ("POST", "/healthz", 405, "method_not_allowed"),
    ],
)
def test_api_404_405_are_json(live, method, path, status, code):
    reply = request(live.base_url, method, path)
    assert _error(reply) == (status, code)
    assert reply.headers["content-type"] == "application/json"


def test_upload_reaches_the_worker_and_returns_its_dict(live):
    reply = post_image(live.base_url, b"\x89PNG\r\n\x1a\nsleep:0", kind="cid")
    assert reply.status == 200
    body = reply.json()
    assert body["kind"] == "cid" and body["bytes"] == 15


def test_worker_image_error_maps_to_its_status(live):
    reply = post_image(live.base_url, b"\x89PNG\r\n\x1a\nimage_error")
    assert _error(reply) == (422, "unreadable_image")
