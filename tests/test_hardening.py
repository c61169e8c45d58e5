"""Hardening (issue 5): bounded OCR pool, time limit, crash and memory
isolation, rate limit, in-memory uploads, log privacy, a short fuzz run.

The pool's guarantees are tested with ``tools.pool_probe`` (a workload whose
duration and failure the test controls) through the real server; the real
OCR runs through the same pool in the privacy, end-to-end and fuzz tests.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from flask import request

from tools.fuzz_upload import run_fuzz
from tools.pictures import SAMPLE_IID, iid_screenshot
from tools.pool_probe import payload
from tools.upload_client import ServerProcess, post_image
from tools.upload_client import request as http_request
from webapp.security import OcrBudget, TokenBucketLimiter
from webapp.serve import make_server

# The pool's own tests send several pictures at once from one client: no per-client cap.
PROBE = {
    "OCR_TARGET": "tools.pool_probe:read_image",
    "RATE_LIMIT_PER_MINUTE": 0,
    "OCR_PICTURES_PER_CLIENT": 0,
}


def _wait_until_running(base_url: str, n: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stats = http_request(base_url, "GET", "/healthz").json()["pool"]
        if stats["running"] >= n:
            return
        time.sleep(0.02)
    raise AssertionError("the first picture never started")


def _in_background(fn, *args):
    out: dict = {}
    thread = threading.Thread(target=lambda: out.setdefault("reply", fn(*args)))
    thread.start()
    return thread, out


def test_full_pool_answers_503_at_once_then_recovers(live_server):
    with live_server({**PROBE, "OCR_WORKERS": 1, "OCR_QUEUE": 0}) as live:
        thread, first = _in_background(post_image, live.base_url, payload("sleep:2"))
        _wait_until_running(live.base_url, 1)
        busy = post_image(live.base_url, payload("sleep:0"))
        assert busy.status == 503
        assert busy.json()["error"]["code"] == "busy"
        assert int(busy.headers["retry-after"]) > 0
        assert thread.is_alive()  # refused while the first still runs: not queued behind it
        thread.join(30)
        assert first["reply"].status == 200
        assert post_image(live.base_url, payload("sleep:0")).status == 200


def test_queue_holds_requests_up_to_its_length(live_server):
    with live_server({**PROBE, "OCR_WORKERS": 1, "OCR_QUEUE": 1}) as live:
        t1, first = _in_background(post_image, live.base_url, payload("sleep:1.5"))
        _wait_until_running(live.base_url, 1)
        t2, queued = _in_background(post_image, live.base_url, payload("sleep:0"))
        deadline = time.monotonic() + 5
        while http_request(live.base_url, "GET", "/healthz").json()["pool"]["waiting"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert post_image(live.base_url, payload("sleep:0")).status == 503
        t1.join(10)
        t2.join(10)
        assert first["reply"].status == 200 and queued["reply"].status == 200


def test_time_limit_kills_the_worker_and_frees_the_slot(live_server):
    with live_server({**PROBE, "OCR_WORKERS": 1, "OCR_QUEUE": 0, "OCR_TIMEOUT": 1.0}) as live:
        slow = post_image(live.base_url, payload("sleep:30"))
        assert slow.status == 422
        assert slow.json()["error"]["code"] == "ocr_timeout"
        after = post_image(live.base_url, payload("sleep:0"))
        assert after.status == 200
        assert http_request(live.base_url, "GET", "/healthz").json()["pool"]["running"] == 0


def test_a_crashing_decoder_does_not_take_the_server_down(live_server):
    with live_server({**PROBE, "OCR_WORKERS": 1, "OCR_QUEUE": 0}) as live:
        crash = post_image(live.base_url, payload("crash"))
        assert crash.status == 500
        assert crash.json()["error"]["code"] == "internal_error"
        assert post_image(live.base_url, payload("sleep:0")).status == 200


def test_memory_cap_turns_a_huge_allocation_into_413(live_server):
    config = {**PROBE, "OCR_WORKERS": 1, "OCR_QUEUE": 0, "OCR_MEMORY_LIMIT_MB": 700}
    with live_server(config) as live:
        reply = post_image(live.base_url, payload("alloc:2048"))
        assert reply.status == 413
        assert reply.json()["error"]["code"] == "image_too_large"
        assert post_image(live.base_url, payload("alloc:16")).status == 200


def test_real_ocr_through_the_pool_reads_the_sample(live_server):
    with live_server({"RATE_LIMIT_PER_MINUTE": 0, "OCR_WORKERS": 1, "OCR_QUEUE": 0}) as live:
        reply = post_image(live.base_url, iid_screenshot(), kind="iid")
        assert reply.status == 200, reply.body
        assert reply.json()["digits"] == SAMPLE_IID


# --- rate limit ----------------------------------------------------------------


def test_rate_limit_429_with_retry_after(live_server):
    config = {**PROBE, "RATE_LIMIT_PER_MINUTE": 60, "RATE_LIMIT_BURST": 2}
    with live_server(config) as live:
        statuses = [post_image(live.base_url, b"not an image").status for _ in range(3)]
        assert statuses == [415, 415, 429]
        limited = post_image(live.base_url, b"not an image")
        assert limited.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 2


def test_token_bucket_refills_over_time():
    bucket = TokenBucketLimiter(per_minute=60, burst=2)
    assert bucket.take("a", now=0.0) == 0.0
    assert bucket.take("a", now=0.0) == 0.0
    assert bucket.take("a", now=0.0) == pytest.approx(1.0)
    assert bucket.take("b", now=0.0) == 0.0  # other clients have their own bucket
    assert bucket.take("a", now=1.01) == 0.0


def test_token_bucket_memory_is_bounded():
    bucket = TokenBucketLimiter(per_minute=1, burst=1, max_clients=100)
    for i in range(1000):
        bucket.take(f"10.0.{i // 256}.{i % 256}", now=0.0)
    assert len(bucket._buckets) == 100


def test_ocr_budget_counts_seconds_and_one_picture_at_a_time():
    budget = OcrBudget(per_minute=60, burst=10, per_client=1)
    assert budget.begin("a") == 0.0
    assert budget.begin("a") > 0  # its first picture is still being read
    assert budget.begin("b") == 0.0  # another client is not held up
    budget.end("a", 25.0)  # one slow picture: 15 s of debt
    wait = budget.begin("a")
    assert 14.0 < wait <= 15.5  # refills at 1 s per second
    budget.end("b", 0.5)
    assert budget.begin("b") == 0.0


# --- privacy -----------------------------------------------------------------------


def test_uploads_stay_in_memory(make_app):
    app = make_app()

    @app.post("/probe-stream")
    def probe_stream():
        return type(request.files["image"].stream).__name__

    data = {"image": (io.BytesIO(b"\x89PNG" + bytes(3 * 1024 * 1024)), "big.png")}
    resp = app.test_client().post("/probe-stream", data=data)
    assert resp.data == b"BytesIO"  # not a SpooledTemporaryFile / TemporaryFile
    server = make_server(app, "127.0.0.1", 0)
    try:
        # waitress spools bodies above inbuf_overflow to a temporary file
        assert server.adj.inbuf_overflow > server.adj.max_request_body_size
    finally:
        server.close()


def test_log_holds_no_id_and_no_picture(tmp_path):
    log = tmp_path / "server.log"
    groups = [SAMPLE_IID[i : i + 7] for i in range(0, 63, 7)]
    with ServerProcess(args=["--rate-limit", "0", "--verbose", "--workers", "1"], log_path=log) as srv:
        ok = post_image(srv.base_url, iid_screenshot())
        assert ok.status == 200 and ok.json()["digits"] == SAMPLE_IID  # the ID went through
        post_image(srv.base_url, iid_screenshot(fmt="JPEG"), filename=f"{SAMPLE_IID}.jpg")
        post_image(srv.base_url, iid_screenshot(), kind=" ".join(groups))  # 400 bad_kind
        post_image(srv.base_url, SAMPLE_IID.encode())  # 415
        http_request(srv.base_url, "GET", f"/api/x?iid={SAMPLE_IID}")
    text = log.read_text(errors="replace")
    assert "ocr kind=iid status=200" in text  # the log is really captured
    for group in groups:
        assert group not in text


# --- fuzz ---------------------------------------------------------------------------


def test_short_fuzz_run_no_5xx_and_server_still_answers(live_server):
    with live_server({"RATE_LIMIT_PER_MINUTE": 0}) as live:
        summary = run_fuzz(live.base_url, cases=200, seed=7, concurrency=4)
        assert summary["problems"] == []
        assert sum(summary["statuses"].values()) == 200
        assert post_image(live.base_url, iid_screenshot()).status == 200
