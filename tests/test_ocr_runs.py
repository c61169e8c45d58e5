"""A long run's second count (ocr/runs.py, ``recount``) on a line where the re-readings find nothing.

Why: on a photo of a Script Host box, the variants of one line read no digit at all (glare);
the most common count, 0, replaced the run and the pipeline failed with a server error.
"""

from __future__ import annotations

import numpy as np

from ocr.assemble import Segment
from ocr.recognise import Glyph
from ocr.regions import prepare
from ocr.runs import recount


def test_a_run_whose_line_reads_as_nothing_again_is_kept_as_it_was() -> None:
    page = prepare(np.full((200, 1200), 255, np.uint8))  # nothing on the page to read again
    glyphs = [Glyph("7", 0.9, (20 + 14 * k, 80, 12, 20), {}, (20 + 14 * k, 80, 12, 20)) for k in range(40)]
    seg = Segment.of(glyphs, 20.0, None, (10, 70, 600, 40), (10, 610), 20.0)
    assert recount(page, seg) is seg
