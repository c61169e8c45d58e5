"""Give freed picture-sized memory back to the system at once (glibc only; elsewhere nothing).

Why: glibc raises its mmap threshold each time a large block is freed, so after
the first pictures every image, crop and PP-OCR tensor (megabytes each) comes from
the heap, which fragments and never shrinks: a worker's resident memory grew by
~100 MB per PP-OCR picture over a run and its peak passed 500 MB.  A fixed
threshold keeps such blocks in their own mappings, returned when freed.
"""

from __future__ import annotations

import ctypes
import ctypes.util

MMAP_THRESHOLD = 256 * 1024  # bytes: blocks at least this large get their own mapping (a 512x512 crop)
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold for this process (and the workers forked from it); True if set."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): its own allocator decides
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
