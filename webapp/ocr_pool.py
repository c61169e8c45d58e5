"""A bounded pool for OCR: N pictures at a time, a short queue, then 503.

Why processes: OCR is CPU-bound and one bad picture must not hold a worker.
Each worker is a long-lived process (Tesseract stays loaded) forked from a
fork server that preloaded the pipeline, with an address-space cap.  When a
picture overruns the time limit its worker's process group is killed and a
new worker takes the slot; a crash in an image decoder also ends only that
worker.  Pictures travel over a pipe, in memory, never written to disk.

Admission is decided at once: past ``workers + queue`` requests the caller
gets ``PoolBusy`` immediately instead of piling up.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue as queue_mod
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .errors import raised_at

LOG = logging.getLogger("webapp.ocr_pool")


class PoolBusy(Exception):
    """All workers busy and the queue full (or the queue wait ran out)."""


class OcrTimeout(Exception):
    """The picture took longer than the per-request time limit."""


class OcrFailed(Exception):
    """The OCR process crashed or raised something other than ImageError."""


class OcrImageError(Exception):
    """``ocr.ImageError`` carried over from the worker process."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(code)
        self.code, self.message, self.status = code, message, status


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (POSIX); spawn on Windows."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["webapp.ocr_pool", "webapp.ocr_preload"])
        return ctx
    return multiprocessing.get_context("spawn")


_CTX = None
_CTX_LOCK = threading.Lock()


def get_context() -> multiprocessing.context.BaseContext:
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            _CTX = _context()
        return _CTX


def _limit_child(memory_limit_mb: int) -> None:
    """In the worker: own process group, capped memory, one Tesseract thread."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    if memory_limit_mb > 0:
        try:
            import resource

            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass


def _reply_for(module, func_name: str, kind: str, data: bytes) -> tuple[Any, ...]:
    """Run one picture; every outcome becomes a small picklable tuple."""
    image_error = getattr(module, "ImageError", ())
    try:
        return ("ok", getattr(module, func_name)(data, kind))
    except image_error as exc:  # type: ignore[misc]
        return (
            "image_error",
            str(getattr(exc, "code", "unreadable_image")),
            str(getattr(exc, "message", "The picture could not be read.")),
            int(getattr(exc, "status", 422)),
        )
    except MemoryError:
        return ("image_error", "image_too_large", "The picture needs too much memory.", 413)
    except Exception as exc:  # noqa: BLE001 - reported by type only, never by message
        return ("error", type(exc).__name__, raised_at(exc))


def _worker_main(conn: Connection, memory_limit_mb: int, target: str) -> None:
    """Worker process: read pictures from the pipe until told to stop (None)."""
    _limit_child(memory_limit_mb)
    module_name, _, func_name = target.partition(":")
    try:
        module = __import__(module_name, fromlist=[func_name])
    except Exception as exc:  # noqa: BLE001
        module, import_error = None, ("error", type(exc).__name__, f"import {module_name}")
    try:
        while True:
            job = conn.recv()
            if job is None:
                return
            kind, data = job
            if module is None:
                conn.send(import_error)
            else:
                conn.send(_reply_for(module, func_name, kind, data))
            del job, data
    except (EOFError, OSError, KeyboardInterrupt):
        return
    finally:
        conn.close()


class _Worker:
    """One long-lived OCR process and the parent's end of its pipe."""

    def __init__(self, pool: OcrPool) -> None:
        ctx = get_context()
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(
            target=_worker_main,
            args=(child, pool.memory_limit_mb, pool.target),
            daemon=True,
            name="ocr-worker",
        )
        self.proc.start()
        child.close()
        self.jobs = 0

    def kill(self) -> None:
        self.conn.close()
        _kill_group(self.proc)

    def retire(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(timeout=2)
        self.kill()


class OcrPool:
    """Runs ``target(data, kind)`` in one of ``workers`` long-lived processes.

    A worker is started on first need, killed and replaced when it overruns
    the time limit or dies, and recycled after ``max_jobs`` pictures so that
    memory fragmentation cannot grow without bound.
    """

    def __init__(
        self,
        workers: int,
        queue: int,
        queue_wait: float = 30.0,
        timeout: float = 25.0,
        memory_limit_mb: int = 1536,
        target: str = "ocr:read_image",
        max_jobs: int = 200,
    ) -> None:
        self.workers = workers
        self.queue = queue
        self.queue_wait = queue_wait
        self.timeout = timeout
        self.memory_limit_mb = memory_limit_mb
        self.target = target
        self.max_jobs = max_jobs
        self._admit = threading.BoundedSemaphore(workers + queue)
        # Free worker slots: a started _Worker, or None for "start one".
        self._free: queue_mod.LifoQueue[_Worker | None] = queue_mod.LifoQueue()
        for _ in range(workers):
            self._free.put(None)
        self._lock = threading.Lock()
        self._waiting = 0
        self._running = 0
        self._all: set[_Worker] = set()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "workers": self.workers,
                "queue": self.queue,
                "running": self._running,
                "waiting": self._waiting,
            }

    def run(self, data: bytes, kind: str, on_worker_time: Callable[[float], None] | None = None) -> dict:
        """The OCR result; raises PoolBusy, OcrTimeout, OcrImageError, OcrFailed.

        ``on_worker_time`` is told how long the picture held a worker (not
        the time it waited for one): what the caller's OCR budget is charged."""
        if not self._admit.acquire(blocking=False):
            raise PoolBusy()
        try:
            with self._lock:
                self._waiting += 1
            try:
                slot = self._free.get(timeout=self.queue_wait)
            except queue_mod.Empty:
                raise PoolBusy() from None
            finally:
                with self._lock:
                    self._waiting -= 1
            with self._lock:
                self._running += 1
            started = time.monotonic()
            try:
                worker, reply = self._run_on(slot, data, kind)
            finally:
                with self._lock:
                    self._running -= 1
                if on_worker_time is not None:
                    on_worker_time(time.monotonic() - started)
            self._free.put(worker)
        finally:
            self._admit.release()
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "image_error":
            raise OcrImageError(reply[1], reply[2], reply[3])
        if reply[0] == "timeout":
            raise OcrTimeout()
        raise OcrFailed(f"{reply[1]} at {reply[2]}")

    def _run_on(
        self, worker: _Worker | None, data: bytes, kind: str
    ) -> tuple[_Worker | None, tuple[Any, ...]]:
        """Send one job; return the worker to put back (None if it was ended)."""
        try:
            if worker is None:
                worker = _Worker(self)
                with self._lock:
                    self._all.add(worker)
            start = time.monotonic()
            worker.conn.send((kind, data))
            if not worker.conn.poll(max(0.0, self.timeout - (time.monotonic() - start))):
                self._end(worker)
                return None, ("timeout",)
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            code = worker.proc.exitcode if worker is not None else None
            if worker is not None:
                self._end(worker)
            return None, ("error", type(exc).__name__, f"worker ended (exit code {code})")
        worker.jobs += 1
        if worker.jobs >= self.max_jobs:
            self._end(worker, gently=True)
            return None, reply
        return worker, reply

    def _end(self, worker: _Worker, gently: bool = False) -> None:
        with self._lock:
            self._all.discard(worker)
        if gently:
            worker.retire()
        else:
            worker.kill()

    def warm_up(self) -> None:
        """Start the fork server and the workers now, not on the first picture."""
        started = []
        for _ in range(self.workers):
            slot = self._free.get()
            if slot is None:
                slot = _Worker(self)
                with self._lock:
                    self._all.add(slot)
            started.append(slot)
        for slot in started:
            self._free.put(slot)

    def close(self) -> None:
        """Stop every worker (idle ones gently); the pool can still start new ones."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.retire()


def _kill_group(proc: multiprocessing.process.BaseProcess) -> None:
    """End the worker and anything it started, then reap it."""
    if proc.exitcode is None and proc.pid is not None and hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    if proc.exitcode is None:
        proc.kill()
    proc.join(timeout=5)
