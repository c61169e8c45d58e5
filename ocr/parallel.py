"""One picture's work spread over the machine's cores: Tesseract's readings side by side.

Why threads: Tesseract (through tesserocr) and onnxruntime let go of Python's lock
while they recognise, so two crops read in two threads take about half the time
of one after the other (20 readings of a 900 x 60 px line: 0.49 s in one thread,
0.25 s in two, on this project's 2-core machine).  A user with one picture waits
for it alone, and the server is idle most of the time; under load its workers
(one per core) share the cores, which costs little throughput.

Each thread has its own Tesseract (``engine``'s API objects are per thread, about
15 MB each); PP-OCR's engine is too, so only Tesseract's work is handed out here,
and PP-OCR uses the threads inside onnxruntime (``ppocr.THREADS``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

MAX_THREADS = 4  # a picture's readings rarely give more than four crops at once to share out
# AOH_OCR_THREADS=1 reads every crop in the calling thread (the figures of one core).
THREADS = int(os.environ.get("AOH_OCR_THREADS", "0") or 0) or min(os.cpu_count() or 1, MAX_THREADS)

T = TypeVar("T")
R = TypeVar("R")

_pool: tuple[int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _helpers() -> ThreadPoolExecutor:
    """The helper threads of this process, made on first use.

    Why the process id: the server's workers are forked from a process that loaded the
    pipeline; a pool made before the fork has no threads in the child and would never run.
    """
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(THREADS - 1, thread_name_prefix="ocr"))
        return _pool[1]


def pmap(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(x) for x in items]``, in order, with up to ``THREADS`` items read at once.

    The calling thread takes items too, and a helper's turn that has not begun when the
    caller runs out of items is called off: a ``pmap`` inside ``fn`` (on a helper) never
    waits on helpers that are all busy.  The first exception raised (in items' order) is
    raised here, once every item is done.
    """
    items = list(items)
    width = min(THREADS, len(items))
    if width <= 1:
        return [fn(x) for x in items]
    results: list = [None] * len(items)
    errors: list[BaseException | None] = [None] * len(items)
    order = iter(range(len(items)))
    lock = threading.Lock()

    def drain() -> None:
        while True:
            with lock:
                i = next(order, None)
            if i is None:
                return
            try:
                results[i] = fn(items[i])
            except BaseException as exc:  # noqa: BLE001 - raised in the caller below
                errors[i] = exc

    futures: list[Future] = [_helpers().submit(drain) for _ in range(width - 1)]
    drain()
    for future in futures:
        if not future.cancel():  # begun: it ends with the item it holds
            future.result()
    for exc in errors:
        if exc is not None:
            raise exc
    return results


__all__ = ["THREADS", "pmap"]
