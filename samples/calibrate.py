"""Choose ``ocr.arbitrate.CONFIDENT`` by figures: how confident is each engine when it is wrong?

    .venv/bin/python -m samples.calibrate --seeds 5301,5302,5303,5304 --count 96 [--json OUT]
    .venv/bin/python -m samples.calibrate --dir FOLDER   # pictures already drawn, with a truth.json
    .venv/bin/python -m samples.calibrate --merge A.json,B.json   # the tables of earlier runs, together

A group read by one engine only, valid by its check digit, unrepaired and without a valid
rival is certain when that engine's confidence is at least ``CONFIDENT[engine]``.  A wrong
group passing there is the route to a silent-wrong answer; too high a value asks the user
needlessly.  So: draw fresh pictures (``samples.generate``; never the committed samples, never
the benchmark's seeds), run the real pipeline on each with ``ocr.arbitrate.recording()`` on,
and sort every reading the threshold could decide against the truth.

What is counted (one row per distinct reading per picture, however often it was judged):
every reading that is valid by its check digit and not repaired (an engine's own re-readings
agreeing is no exemption from ``CONFIDENT`` any more: they share its mistakes).  A reading is *alone*
when, in some ``judge`` call, no other reading of that group was valid and no valid rival
was seen: there ``CONFIDENT`` alone decided.  The table counts all such readings, alone or
not, since an engine's confidence on a wrong group is the same figure whether or not the
other engine happened to catch it; the alone ones are shown beside.

How a reading is sorted (``judge`` does not know the group's label, so by text):

- ``right``: it is one of the truth ID's groups (a valid misread equal to another group of
  the same ID is a one-in-a-million coincidence; the order of groups is ruled separately);
- ``other``: a group of another ID in the picture (``other_ids``, ``meta.hidden_ids``):
  read right, but not the one wanted (which ID is wanted is not the threshold's question);
- ``slid``: digits of one of those IDs, cut in the wrong place (a group slid by a digit, or
  cut in sixes from a 63-digit ID): read right digit by digit, so no confidence can tell;
  the order and length rules are what stop it.  Shown apart, not counted as wrong;
- ``wrong``: within two edits of a group of any of those IDs, but none of them: a misread;
- ``stray``: far from every ID's groups: digits from elsewhere on the screen (a GUID, a
  product key) or a reading that slid across groups.  Counted as wrong for the choice:
  whether it was read right or not, the truth says it is not a group of the ID.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from activation.ids import group_is_valid
from samples.benchmark import fresh_set

ENGINES = ("tesseract", "ppocr")
DEFAULT_SEEDS = "5301,5302,5303,5304"  # this tool's own range is 5300-5399 (see samples/README.md)
MISREAD_EDITS = 2  # a valid misread is a 7-apart digit (1/8, 2/9, 0/7), two digits, or a slip
STEPS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0)
NO_TIME_LIMIT_S = 3600.0  # the pipeline's own limit, lifted while calibrating (see collect)
MARGIN = 0.01  # the threshold chosen is one step above the highest wrong confidence seen


@dataclass(frozen=True)
class Sample:
    """One engine's reading of one group in one picture, sorted against the truth."""

    file: str
    engine: str
    text: str
    confidence: float
    agreed: bool
    alone: bool
    truth: str  # right | other | slid | wrong | stray


def _groups(digits: str) -> list[str]:
    size = 7 if len(digits) == 63 else 6
    return [digits[i : i + size] for i in range(0, len(digits), size)]


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings: the plain table is fine)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def sort_reading(text: str, entry: dict) -> str:
    """``right``, ``other``, ``slid``, ``wrong`` or ``stray`` for ``text`` in the picture of ``entry``."""
    mine = _groups(entry["digits"])
    others = [
        g
        for d in [*entry.get("other_ids", []), *entry.get("meta", {}).get("hidden_ids", [])]
        for g in _groups(d)
    ]
    if text in mine:
        return "right"
    if text in others:
        return "other"
    if any(text in d for d in [entry["digits"], *entry.get("other_ids", [])]):
        return "slid"
    if any(_edits(text, g) <= MISREAD_EDITS for g in [*mine, *others]):
        return "wrong"
    return "stray"


def _valid(text: str, size: int) -> bool:
    return len(text) == size and text.isdigit() and group_is_valid(text)


def _lone(reading, judged) -> bool:
    """True when ``reading`` met ``CONFIDENT`` in ``judged``: the only valid reading, no rival."""
    others = [r for r in judged.readings if r is not reading and r.text and _valid(r.text, judged.size)]
    rivals = [x for r in judged.readings for x in r.rivals if x != reading.text and _valid(x, judged.size)]
    return not others and not rivals


def samples_of(entry: dict, calls: Sequence) -> list[Sample]:
    """The readings ``CONFIDENT`` could decide among ``calls`` (``arbitrate.Judged``), each once."""
    seen: dict = {}
    for judged in calls:
        for r in judged.readings:
            if r.engine not in ENGINES or r.repaired or not _valid(r.text, judged.size):
                continue
            seen[r] = seen.get(r, False) or _lone(r, judged)
    return [
        Sample(entry["file"], r.engine, r.text, r.confidence, r.agreed, alone, sort_reading(r.text, entry))
        for r, alone in seen.items()
    ]


def collect(folder: Path, limit: int | None = None, second: str = "always", log=None) -> list[Sample]:
    """Run the pipeline on every picture of ``folder`` (with its truth.json), recording.

    ``second="always"``: PP-OCR reads every picture, not only those Tesseract left
    incomplete (the app's way): its confidence on a wrong group is what is measured, and
    on the pictures Tesseract reads whole it would otherwise hardly be seen at all.
    The time limit is lifted (``GIVE_UP_AFTER_S``) for the same reason: on a busy machine
    it would skip PP-OCR; the readings, not the seconds, are measured here.
    """
    from ocr import arbitrate, pipeline, read_image

    pipeline.SECOND_ENGINE = {"always": "always", "auto": "1"}[second]
    pipeline.GIVE_UP_AFTER_S = NO_TIME_LIMIT_S
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))[:limit]
    out: list[Sample] = []
    for i, entry in enumerate(truth, 1):
        with arbitrate.recording() as calls:
            read_image((folder / entry["file"]).read_bytes(), entry["kind"])
        got = samples_of(entry, calls)
        out.extend(got)
        if log:
            print(f"{i}/{len(truth)} {entry['file']}: {len(got)} readings", file=log, flush=True)
    return out


def table(samples: Iterable[Sample], engine: str) -> dict:
    """Per threshold: wrong (incl. stray) and right readings it accepts, all and alone; the choice."""
    mine = [s for s in samples if s.engine == engine]
    bad = [s for s in mine if s.truth in ("wrong", "stray")]
    good = [s for s in mine if s.truth == "right"]
    rows = []
    for t in STEPS:
        rows.append(
            {
                "threshold": t,
                "wrong": sum(s.confidence >= t for s in bad),
                "right": sum(s.confidence >= t for s in good),
                "right_share": round(sum(s.confidence >= t for s in good) / len(good), 3) if good else None,
                "alone_wrong": sum(s.confidence >= t and s.alone for s in bad),
                "alone_right": sum(s.confidence >= t and s.alone for s in good),
            }
        )
    worst = max((s.confidence for s in bad), default=None)
    lowest = min((t for t in STEPS if all(s.confidence < t for s in bad)), default=None)
    chosen = None if worst is None else math.ceil(round((worst + MARGIN) * 100, 6)) / 100
    return {
        "engine": engine,
        "readings": len(mine),
        "right": len(good),
        "wrong": sum(s.truth == "wrong" for s in mine),
        "stray": sum(s.truth == "stray" for s in mine),
        "other": sum(s.truth == "other" for s in mine),
        "slid": sum(s.truth == "slid" for s in mine),
        "highest_slid": max((s.confidence for s in mine if s.truth == "slid"), default=None),
        "alone": sum(s.alone for s in mine),
        "highest_wrong": worst,
        "lowest_safe_step": lowest,
        "chosen": chosen,
        "rows": rows,
    }


def render(tables: list[dict]) -> str:
    lines = []
    for t in tables:
        lines.append(
            f"\n{t['engine']}: {t['readings']} valid unrepaired readings (right {t['right']}, wrong {t['wrong']}, "
            f"stray {t['stray']}, another ID's {t['other']}; alone {t['alone']})"
        )
        lines.append(
            f"{'threshold':>9} {'wrong':>6} {'right':>6} {'share':>6} {'alone wrong':>12} {'alone right':>12}"
        )
        for r in t["rows"]:
            share = "-" if r["right_share"] is None else f"{r['right_share']:.3f}"
            lines.append(
                f"{r['threshold']:>9.2f} {r['wrong']:>6} {r['right']:>6} {share:>6} "
                f"{r['alone_wrong']:>12} {r['alone_right']:>12}"
            )
        lines.append(
            f"highest wrong confidence: {t['highest_wrong']}; lowest step with no wrong accepted: "
            f"{t['lowest_safe_step']}; with margin {MARGIN}: {t['chosen']}"
        )
        lines.append(
            f"slid (right digits cut in the wrong place, not counted): {t['slid']}, highest {t['highest_slid']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=DEFAULT_SEEDS, help="fresh pictures drawn with these seeds")
    ap.add_argument("--count", type=int, default=96, help="pictures per seed, spread over every family")
    ap.add_argument("--dir", type=Path, default=None, help="a folder with truth.json instead of fresh seeds")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pictures")
    ap.add_argument("--json", type=Path, default=None, help="write the tables and every reading here")
    ap.add_argument(
        "--second",
        default="always",
        choices=("always", "auto"),
        help="when PP-OCR reads (auto: as the app does)",
    )
    ap.add_argument("--merge", default=None, help="comma-separated --json files of earlier runs: no reading")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    log = None if args.quiet else sys.stderr
    if args.merge:
        samples = [
            Sample(**s)
            for f in args.merge.split(",")
            for s in json.loads(Path(f).read_text(encoding="utf-8"))["samples"]
        ]
    else:
        with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
            folder = args.dir
            if folder is None:
                seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
                folder = fresh_set(seeds, 0, Path(tmp), count=args.count)
            samples = collect(folder, args.limit, args.second, log)
    tables = [table(samples, e) for e in ENGINES]
    print(render(tables))
    if args.json:
        args.json.write_text(
            json.dumps({"tables": tables, "samples": [asdict(s) for s in samples]}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
