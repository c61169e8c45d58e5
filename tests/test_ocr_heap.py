"""ocr.heap: memory freed after a picture goes back to the system, even after a large block.

Run in a fresh interpreter each time, because the allocator's state is per process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A picture's life in miniature: one 16 MB block freed (glibc would then raise its mmap
# threshold to its size), then many crop-sized blocks, all freed but the last one made.
SCRIPT = textwrap.dedent(
    """
    import sys
    from ocr import heap
    set_up = heap.return_large_blocks() if sys.argv[1] == "on" else False
    def rss_mb():
        return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
    big = b"x" * (16 * 2**20)
    del big
    before = rss_mb()
    crops = [b"x" * 2**20 for _ in range(150)]
    last = b"x" * 2**20
    del crops
    print(set_up, rss_mb() - before)
    """
)


def _kept_mb(mode: str) -> tuple[bool, float]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0] == "True", float(out[1])


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux's /proc")
def test_freed_blocks_leave_the_process():
    set_up, kept = _kept_mb("on")
    if not set_up:
        pytest.skip("not glibc: the allocator is not ours to tune")
    assert kept < 20, f"{kept:.0f} MB of 150 MB freed stayed resident"


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux's /proc")
def test_without_it_they_stay():
    """The control: the case above shows the setting's effect, not an allocator that never keeps."""
    set_up, kept = _kept_mb("off")
    assert not set_up
    on_set_up, _ = _kept_mb("on")
    if not on_set_up:
        pytest.skip("not glibc")
    assert kept > 100, f"only {kept:.0f} MB stayed without the setting"
