"""ocr.parallel: a picture's Tesseract readings shared out over threads, in order, and safe."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr import engine, parallel, pipeline, runs


@pytest.fixture
def two_threads(monkeypatch):
    monkeypatch.setattr(parallel, "THREADS", 2)


def test_items_are_read_side_by_side_and_come_back_in_order(two_threads):
    # Each item waits for another to be under way at the same time: one thread alone
    # would break the barrier (its wait times out) and the test fails.
    barrier = threading.Barrier(2, timeout=20)

    def square(x: int) -> int:
        if x < 2:
            barrier.wait()
        return x * x

    assert parallel.pmap(square, [0, 1, 2, 3, 4]) == [0, 1, 4, 9, 16]


def test_one_thread_reads_in_the_callers_thread(monkeypatch):
    monkeypatch.setattr(parallel, "THREADS", 1)
    names = parallel.pmap(lambda _: threading.current_thread().name, range(4))
    assert names == [threading.current_thread().name] * 4


def test_the_first_error_in_order_is_raised_after_every_item(two_threads):
    done = []

    def item(x: int) -> int:
        done.append(x)
        if x in (1, 3):
            raise ValueError(f"item {x}")
        return x

    with pytest.raises(ValueError, match="item 1"):
        parallel.pmap(item, range(5))
    assert sorted(done) == [0, 1, 2, 3, 4]


def _nested() -> list[list[int]]:
    return parallel.pmap(lambda x: parallel.pmap(lambda y: 10 * x + y, range(3)), range(4))


def test_a_pmap_inside_a_pmap_does_not_wait_on_busy_helpers(two_threads):
    out: list = []
    runner = threading.Thread(target=lambda: out.append(_nested()), daemon=True)
    runner.start()
    runner.join(60)  # a deadlock never ends: the test must, and fails
    assert out == [[[0, 1, 2], [10, 11, 12], [20, 21, 22], [30, 31, 32]]]


def _child(queue) -> None:
    parallel.THREADS = 2
    barrier = threading.Barrier(2, timeout=20)  # two items at once, or it breaks

    def item(x: int) -> int:
        if x < 2:
            barrier.wait()
        return x + 1

    try:
        queue.put(parallel.pmap(item, range(6)))
    except threading.BrokenBarrierError:
        queue.put("one thread only")


def test_a_forked_worker_gets_helpers_of_its_own(two_threads):
    # The server's workers are forked from a process that may have used the helpers: the
    # child's helpers must be its own (the parent's have no threads in it).
    assert parallel.pmap(lambda x: x, range(4)) == [0, 1, 2, 3]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue,))
    proc.start()
    try:
        assert queue.get(timeout=60) == [1, 2, 3, 4, 5, 6]
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.kill()


def test_tesseract_reads_the_same_in_two_threads_as_in_one(two_threads):
    crops = []
    for k, text in enumerate(["1234567 2345678", "3456789 4567890", "5678901 6789012", "7890123"]):
        img = np.full((60, 520), 255, np.uint8)
        cv2.putText(img, text, (5, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.1 + 0.05 * k, 0, 2)
        crops.append(img)

    def read(img: np.ndarray) -> list[tuple[str, tuple[int, int, int, int]]]:
        return [(w.text, w.box) for w in engine.read(img, whitelist=engine.DIGITS)]

    alone = [read(c) for c in crops]
    assert parallel.pmap(read, crops) == alone
    assert "".join(w for words in alone for w, _ in words).isdigit()


def test_a_picture_whose_long_run_is_counted_again_reads_the_same_on_two_threads(monkeypatch):
    # A committed Script Host box whose long run the first reading miscounted: its recount
    # (variants two at a time) and its groups' decisions (side by side) give on two threads
    # what one gives, and the truth.
    images = Path(__file__).resolve().parent.parent / "samples" / "images"
    entry = next(
        e
        for e in json.loads((images / "truth.json").read_text(encoding="utf-8"))
        if e["file"] == "028_iid_msgbox_dti_screenshot.png"
    )
    data = (images / entry["file"]).read_bytes()
    recounted = []
    original = runs.recount

    def counting(page, seg):
        out = original(page, seg)
        recounted.append(out is not seg)
        return out

    monkeypatch.setattr(pipeline, "recount", counting)
    answers = []
    for threads in (1, 2):
        monkeypatch.setattr(parallel, "THREADS", threads)
        result = pipeline.read(data, "iid")
        answers.append((result.digits, result.complete, [(g.text, g.valid, g.doubt) for g in result.groups]))
    assert any(recounted)  # the recount is on this picture's path
    assert answers[0] == answers[1]
    assert answers[0][:2] == (entry["digits"], True)
