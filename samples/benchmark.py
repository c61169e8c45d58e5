"""Score the OCR pipeline (before and after this change) against each engine alone, on fresh pictures.

    make bench                                    # = python -m samples.benchmark
    .venv/bin/python -m samples.benchmark --quick # a few pictures, one seed: does it all run?
    .venv/bin/python -m samples.benchmark --seeds 9101,9102 --count-per-kind 40 [--json OUT]
    .venv/bin/python -m samples.benchmark --dir samples/images   # a folder with a truth.json instead

Engines (one fresh subprocess each, so their memory is their own):
``before`` the pipeline at the commit before PP-OCR came in (``--before REV``, run from a
``git archive`` export of it); ``ours`` the pipeline now (Tesseract, then PP-OCR when the
reading is not complete); ``tess-only`` the pipeline now with the second engine off;
``tesseract`` plain Tesseract ``--psm 11`` on the whole picture; ``rapidocr`` plain
RapidOCR (the same models and memory caps as ``ocr.ppocr``) with a naive reading order.

Why fresh seeds: the pipeline was tuned on the committed samples and on other seeds;
pictures drawn by ``python -m samples.generate`` with seeds never used while tuning are
the honest measure.  Figures are per family (the generator's layout) and per source.

Why side by side: the figures only mean something next to a baseline run on
the same pictures in the same run. What counts most is *silent-wrong*: an ID
returned as right that is not (for ours: ``complete`` is true but the digits
differ; for a baseline: a fully check-digit-valid ID that is not the truth).

How memory is measured: every engine runs in its own fresh Python subprocess
(``--worker ENGINE``) that loads the engine and reads every picture; its peak
resident set (``getrusage(RUSAGE_SELF).ru_maxrss``) is reported, and for
Tesseract via pytesseract (which starts a ``tesseract`` process per picture)
also the largest child's peak (``RUSAGE_CHILDREN``; an upper bound, since Linux
counts the parent's resident set at fork time into the child's peak).  The subprocess baseline
(Python + numpy + Pillow, no engine) is reported as ``idle`` for comparison.
Seconds are wall-clock per picture inside the worker, decoding included,
model loading excluded (one warm-up call is made before timing).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ("before", "ours", "tess-only", "tesseract", "rapidocr")
DEFAULT_SEEDS = "9101,9102"  # never used while tuning (tuning used 7001 and 7002)
ROOT = Path(__file__).resolve().parent.parent


# --- workers: one engine, in its own process --------------------------------


def _load_upright(data: bytes):
    """The picture as a person sees it: EXIF orientation honoured (any photo viewer does)."""
    from PIL import Image, ImageOps

    return ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")


def _baseline_result(text: str, kind: str) -> dict:
    """What a generic OCR + our ID parser would give: first valid ID of the kind, else the first."""
    from activation.ids import parse_one

    parsed = parse_one(text, kind)  # type: ignore[arg-type]
    if parsed is None:
        return {"digits": None, "valid": False}
    return {"digits": parsed.digits, "valid": parsed.valid}


def _reading_order(boxes, txts) -> str:
    """RapidOCR's boxes joined into lines: by vertical centre, then left to right."""
    items = []
    for box, txt in zip(boxes, txts, strict=True):
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        items.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), txt))
    if not items:
        return ""
    tol = statistics.median(h for _, h, _, _ in items) / 2
    items.sort()
    lines: list[list[tuple]] = []
    for it in items:
        if lines and abs(it[0] - statistics.mean(x[0] for x in lines[-1])) <= tol:
            lines[-1].append(it)
        else:
            lines.append([it])
    return "\n".join(" ".join(t for *_, t in sorted(line, key=lambda x: x[2])) for line in lines)


def _make_engine(name: str):
    """A callable (bytes, kind) -> result dict for ``name``; raises if the engine is not installed."""
    if name in ("ours", "before", "tess-only"):
        from ocr import read_image

        def ours(data: bytes, kind: str) -> dict:
            r = read_image(data, kind)
            return {"digits": r.get("digits"), "complete": bool(r.get("complete"))}

        return ours
    if name == "tesseract":
        import pytesseract

        def tess(data: bytes, kind: str) -> dict:
            text = pytesseract.image_to_string(_load_upright(data), config="--psm 11")
            return _baseline_result(text, kind)

        return tess
    if name == "rapidocr":
        import numpy as np

        from ocr import ppocr

        ppocr.load()

        def rapid(data: bytes, kind: str) -> dict:
            lines = ppocr.read(np.asarray(_load_upright(data).convert("L")))
            boxes = [
                [(x, y), (x + w, y), (x + w, y + h), (x, y + h)] for x, y, w, h in (ln.box for ln in lines)
            ]
            return _baseline_result(_reading_order(boxes, [ln.text for ln in lines]), kind)

        return rapid
    raise ValueError(name)


def worker(name: str, folder: Path, limit: int | None) -> int:
    """Run one engine over the pictures; print one JSON line per picture, then a summary line."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))[:limit]
    idle_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        run = _make_engine(name)
        run((folder / truth[0]["file"]).read_bytes(), truth[0]["kind"])  # warm-up: load models
    except Exception as exc:  # noqa: BLE001 - any failure to load means "not available"
        print(json.dumps({"unavailable": f"{type(exc).__name__}: {exc}"}), flush=True)
        return 0
    for entry in truth:
        data = (folder / entry["file"]).read_bytes()
        start = time.perf_counter()
        try:
            result = run(data, entry["kind"])
        except Exception as exc:  # noqa: BLE001 - a crash on one picture is a figure, not the end
            result = {"digits": None, "error": f"{type(exc).__name__}: {exc}"}
        result["seconds"] = round(time.perf_counter() - start, 3)
        result["file"] = entry["file"]
        print(json.dumps(result), flush=True)
    if name == "ours":
        # Peak memory with both engines at work on the largest picture, whatever the set needed.
        from ocr import pipeline

        largest = max(truth, key=lambda e: (folder / e["file"]).stat().st_size)
        pipeline.SECOND_ENGINE = "always"
        run((folder / largest["file"]).read_bytes(), largest["kind"])
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"peak_rss_kb": usage, "child_peak_rss_kb": child, "idle_rss_kb": idle_kb}), flush=True)
    return 0


# --- the driver ---------------------------------------------------------------


def export_before(rev: str, into: Path) -> Path:
    """The tree at ``rev`` (the pipeline before), exported with ``git archive`` into ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def before_rev() -> str:
    """The parent of the commit that brought ocr/arbitrate.py in: the pipeline before it."""
    out = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", "ocr/arbitrate.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return f"{out[-1]}^" if out else "HEAD"


def run_engine(
    name: str, folder: Path, limit: int | None, timeout: float, before_tree: Path | None = None
) -> tuple[dict[str, dict], dict]:
    """Start the worker for ``name``; its per-picture results by file and its summary."""
    worker_name, cwd = name, ROOT
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "2"))
    if name == "before":
        if before_tree is None:
            return {}, {"unavailable": "no tree exported for 'before'"}
        worker_name, cwd = "ours", before_tree  # the old tree's own benchmark worker
        env["PYTHONPATH"] = str(before_tree)
    if name == "tess-only":
        worker_name, env["AOH_SECOND_ENGINE"] = "tess-only", "0"
    cmd = [sys.executable, "-m", "samples.benchmark", "--worker", worker_name, "--dir", str(folder)]
    if limit:
        cmd += ["--limit", str(limit)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
    except subprocess.TimeoutExpired:
        return {}, {"unavailable": f"timed out after {timeout:.0f} s"}
    per_file: dict[str, dict] = {}
    summary: dict = {}
    for line in proc.stdout.splitlines():
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue  # engines may print their own chatter
        if "file" in obj:
            per_file[obj["file"]] = obj
        else:
            summary.update(obj)
    if proc.returncode != 0 and not summary:
        summary["unavailable"] = f"worker exited {proc.returncode}: {proc.stderr.strip()[-300:]}"
    return per_file, summary


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def score(engine: str, truth: list[dict], results: dict[str, dict]) -> dict:
    """Figures for one engine over ``truth`` (any subset)."""
    n = exact = silent = confirm = errors = legible = confirm_legible = 0
    secs: list[float] = []
    for entry in truth:
        r = results.get(entry["file"])
        if r is None:
            continue
        n += 1
        digits = r.get("digits")
        claimed = bool(r.get("complete")) if "complete" in r else bool(r.get("valid"))
        # A picture whose ID is not all there (cut by the edge) is read right only by a doubt.
        right = not claimed if entry.get("legible") is False else digits == entry["digits"]
        exact += right
        errors += "error" in r
        silent += claimed and not right
        confirm += not claimed
        if entry.get("legible") is not False:  # an ID cut by the edge must be asked about
            legible += 1
            confirm_legible += not claimed
        secs.append(r["seconds"])
    return {
        "n": n,
        "exact": exact,
        "exact_rate": round(exact / n, 3) if n else None,
        "silent_wrong": silent,
        "asked_to_confirm": round(confirm / n, 3) if n else None,
        "asked_legible": round(confirm_legible / legible, 3) if legible else None,
        "errors": errors,
        "p50_s": round(_pct(secs, 0.5), 3),
        "p95_s": round(_pct(secs, 0.95), 3),
    }


def groups_of(truth: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Subsets to score: per family (the generator's layout) and source, per source, and all."""
    out: dict[tuple[str, str], list[dict]] = {}
    for e in truth:
        out.setdefault((e.get("family", e["layout"]), e["source"]), []).append(e)
        out.setdefault(("all", e["source"]), []).append(e)  # the speed targets are per source
    fams = dict(sorted((k, v) for k, v in out.items() if k[0] != "all"))
    return {
        **fams,
        ("all", "photo"): out.get(("all", "photo"), []),
        ("all", "screenshot"): out.get(("all", "screenshot"), []),
        ("all", "all"): truth,
    }


def fresh_set(seeds: list[int], per_kind: int, into: Path, count: int = 0) -> Path:
    """Pictures drawn with ``seeds`` by samples.generate, merged into one folder with one truth.json.

    ``count`` > 0 spreads that many pictures per seed over every family (the real-world ones
    included); otherwise the committed set's recipe of ``per_kind`` IID and CID pictures.
    """
    merged: list[dict] = []
    for seed in seeds:
        sub = into / f"seed{seed}"
        cmd = [sys.executable, "-m", "samples.generate", "--out", str(sub), "--seed", str(seed)]
        recipe = ["--count", str(count)] if count > 0 else ["--count-per-kind", str(per_kind)]
        subprocess.run([*cmd, *recipe], cwd=ROOT, check=True, capture_output=True)
        for e in json.loads((sub / "truth.json").read_text(encoding="utf-8")):
            e = dict(e, file=f"seed{seed}/{e['file']}", seed=seed)
            merged.append(e)
    (into / "truth.json").write_text(json.dumps(merged), encoding="utf-8")
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.benchmark", description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=None, help="a folder with truth.json (default: fresh seeds)")
    ap.add_argument(
        "--seeds", default=DEFAULT_SEEDS, help="fresh seeds for samples.generate, comma-separated"
    )
    ap.add_argument(
        "--count-per-kind", type=int, default=30, help="pictures per kind and seed (with --count 0)"
    )
    ap.add_argument(
        "--count",
        type=int,
        default=72,
        help="pictures per seed spread over every family (0: --count-per-kind)",
    )
    ap.add_argument(
        "--quick", action="store_true", help="one seed, 4 pictures per kind: a check that it runs"
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N pictures of truth.json")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: " + ",".join(ENGINES))
    ap.add_argument(
        "--before", default=None, help="git revision of the pipeline before (default: see before_rev)"
    )
    ap.add_argument(
        "--json", type=Path, default=None, help="write all figures (and per-picture results) here"
    )
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per engine")
    ap.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.dir.resolve(), args.limit)
    with tempfile.TemporaryDirectory(prefix="aoh-bench-") as tmp:
        return _drive(args, Path(tmp))


def _drive(args: argparse.Namespace, tmp: Path) -> int:
    if args.dir is not None:
        folder = args.dir.resolve()
    else:
        seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
        per_kind = args.count_per_kind
        if args.quick:
            seeds, per_kind, args.count = seeds[:1], 4, min(args.count, 24)
        recipe = (
            f"{args.count} pictures over every family" if args.count > 0 else f"{per_kind} pictures per kind"
        )
        print(f"drawing {recipe} with seeds {seeds} ...", flush=True)
        folder = fresh_set(seeds, per_kind, tmp / "pictures", args.count)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    before_tree = None
    if "before" in engines:
        rev = args.before or before_rev()
        before_tree = export_before(rev, tmp / "before")
        print(f"'before' is the pipeline at {rev}", flush=True)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))[: args.limit]
    report: dict = {"dir": str(folder), "pictures": len(truth), "engines": {}}
    header = f"{'engine':<10} {'family':<14} {'source':<10} {'n':>4} {'exact':>6} {'silent':>6} {'confirm':>7} {'legible':>7} {'err':>4} {'p50 s':>6} {'p95 s':>6}"
    lines = [header, "-" * len(header)]
    for name in engines:
        t0 = time.monotonic()
        results, summary = run_engine(name, folder, args.limit, args.timeout, before_tree)
        entry: dict = {"summary": summary, "wall_s": round(time.monotonic() - t0, 1)}
        if "unavailable" in summary:
            lines.append(f"{name:<10} not available ({summary['unavailable'][:120]})")
            report["engines"][name] = entry
            continue
        entry["figures"] = {}
        for (family, source), subset in groups_of(truth).items():
            fig = score(name, subset, results)
            entry["figures"][f"{family}/{source}"] = fig
            lines.append(
                f"{name:<10} {family:<14} {source:<10} {fig['n']:>4} {fig['exact_rate'] or 0:>6.0%} {fig['silent_wrong']:>6} "
                f"{fig['asked_to_confirm'] or 0:>7.0%} {fig['asked_legible'] or 0:>7.0%} {fig['errors']:>4} {fig['p50_s']:>6.2f} {fig['p95_s']:>6.2f}"
            )
        mem = f"peak RSS {summary.get('peak_rss_kb', 0) / 1024:.0f} MB (idle Python {summary.get('idle_rss_kb', 0) / 1024:.0f} MB"
        if summary.get("child_peak_rss_kb"):
            mem += f", largest child process <= {summary['child_peak_rss_kb'] / 1024:.0f} MB"
        lines.append(f"{name:<10} {mem}), {entry['wall_s']} s in all")
        entry["results"] = results
        report["engines"][name] = entry
        lines.append("")
        print("\n".join(lines[-len(groups_of(truth)) - 2 :]), flush=True)
    print("\n".join(lines))
    print(
        "exact = digits equal the truth; silent = claimed right but wrong (pipelines: complete; plain engines:\n"
        "all check digits valid); confirm = the user is asked to check (pipelines: not complete; plain engines:\n"
        "no valid ID); legible = confirm among the pictures whose whole ID is in the picture.  Seconds are per picture in the worker; on a busy machine they are not the real figures."
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
