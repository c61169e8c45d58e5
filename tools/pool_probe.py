"""Workloads for testing the OCR pool itself (config ``OCR_TARGET``).

Why: the pool's guarantees (503 when full, a killed worker after the time
limit, survival of a crashing decoder, the memory cap) must be tested with a
workload whose duration and failure we control; the real OCR is tested
through the same pool elsewhere.  The instruction travels inside the upload,
after a PNG signature so it passes the type check: ``sleep:<seconds>``,
``crash``, ``alloc:<megabytes>``, ``image_error``; anything after a newline is padding.
"""

from __future__ import annotations

import os
import time

PNG = b"\x89PNG\r\n\x1a\n"


class ImageError(Exception):
    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def payload(instruction: str) -> bytes:
    return PNG + instruction.encode()


def read_image(data: bytes, kind: str) -> dict:
    command = data[len(PNG) :].split(b"\n", 1)[0].decode("ascii", "replace")
    if command.startswith("sleep:"):
        time.sleep(float(command.split(":", 1)[1]))
    elif command == "crash":
        os.abort()
    elif command.startswith("alloc:"):
        block = bytearray(int(command.split(":", 1)[1]) * 1024 * 1024)
        block[-1] = 1
    elif command == "image_error":
        raise ImageError("unreadable_image", "probe refuses", 422)
    return {"kind": kind, "bytes": len(data), "pid": os.getpid()}
