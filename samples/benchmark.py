"""Score our OCR pipeline against plain Tesseract and RapidOCR on the sample pictures.

    .venv/bin/python -m samples.benchmark [--dir samples/images] [--limit N] [--json OUT]

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
import time
from pathlib import Path

ENGINES = ("ours", "tesseract", "rapidocr")
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
    if name == "ours":
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
        from rapidocr import RapidOCR

        engine = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})

        def rapid(data: bytes, kind: str) -> dict:
            out = engine(np.asarray(_load_upright(data))[:, :, ::-1], use_cls=False)
            boxes = [] if out.boxes is None else out.boxes.tolist()
            txts = list(out.txts or ())
            return _baseline_result(_reading_order(boxes, txts), kind)

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
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"peak_rss_kb": usage, "child_peak_rss_kb": child, "idle_rss_kb": idle_kb}), flush=True)
    return 0


# --- the driver ---------------------------------------------------------------


def run_engine(name: str, folder: Path, limit: int | None, timeout: float) -> tuple[dict[str, dict], dict]:
    """Start the worker for ``name``; its per-picture results by file and its summary."""
    cmd = [sys.executable, "-m", "samples.benchmark", "--worker", name, "--dir", str(folder)]
    if limit:
        cmd += ["--limit", str(limit)]
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "2"))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
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
    n = exact = silent = confirm = errors = 0
    secs: list[float] = []
    for entry in truth:
        r = results.get(entry["file"])
        if r is None:
            continue
        n += 1
        digits = r.get("digits")
        right = digits == entry["digits"]
        exact += right
        errors += "error" in r
        claimed = bool(r.get("complete")) if engine == "ours" else bool(r.get("valid"))
        silent += claimed and not right
        confirm += not claimed
        secs.append(r["seconds"])
    return {
        "n": n,
        "exact": exact,
        "exact_rate": round(exact / n, 3) if n else None,
        "silent_wrong": silent,
        "asked_to_confirm": round(confirm / n, 3) if n else None,
        "errors": errors,
        "p50_s": round(_pct(secs, 0.5), 3),
        "p95_s": round(_pct(secs, 0.95), 3),
    }


def groups_of(truth: list[dict]) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for e in truth:
        out.setdefault((e["kind"], e["source"]), []).append(e)
        out.setdefault((e["kind"], "all"), []).append(e)
        out.setdefault(("all", e["source"]), []).append(e)  # the speed targets are per source
    out[("all", "all")] = truth
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.benchmark", description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=ROOT / "samples" / "images")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pictures of truth.json")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: " + ",".join(ENGINES))
    ap.add_argument(
        "--json", type=Path, default=None, help="write all figures (and per-picture results) here"
    )
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per engine")
    ap.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    folder = args.dir.resolve()
    if args.worker:
        return worker(args.worker, folder, args.limit)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))[: args.limit]
    report: dict = {"dir": str(folder), "pictures": len(truth), "engines": {}}
    header = f"{'engine':<10} {'kind':<4} {'source':<10} {'n':>4} {'exact':>6} {'silent':>6} {'confirm':>7} {'err':>4} {'p50 s':>6} {'p95 s':>6}"
    lines = [header, "-" * len(header)]
    for name in [e.strip() for e in args.engines.split(",") if e.strip()]:
        t0 = time.monotonic()
        results, summary = run_engine(name, folder, args.limit, args.timeout)
        entry: dict = {"summary": summary, "wall_s": round(time.monotonic() - t0, 1)}
        if "unavailable" in summary:
            lines.append(f"{name:<10} not available ({summary['unavailable'][:120]})")
            report["engines"][name] = entry
            continue
        entry["figures"] = {}
        for (kind, source), subset in groups_of(truth).items():
            fig = score(name, subset, results)
            entry["figures"][f"{kind}/{source}"] = fig
            lines.append(
                f"{name:<10} {kind:<4} {source:<10} {fig['n']:>4} {fig['exact_rate'] or 0:>6.0%} {fig['silent_wrong']:>6} "
                f"{fig['asked_to_confirm'] or 0:>7.0%} {fig['errors']:>4} {fig['p50_s']:>6.2f} {fig['p95_s']:>6.2f}"
            )
        mem = f"peak RSS {summary.get('peak_rss_kb', 0) / 1024:.0f} MB (idle Python {summary.get('idle_rss_kb', 0) / 1024:.0f} MB"
        if summary.get("child_peak_rss_kb"):
            mem += f", largest child process <= {summary['child_peak_rss_kb'] / 1024:.0f} MB"
        lines.append(f"{name:<10} {mem}), {entry['wall_s']} s in all")
        entry["results"] = results
        report["engines"][name] = entry
        lines.append("")
    print("\n".join(lines))
    print(
        "exact = digits equal the truth; silent = claimed right but wrong (ours: complete; baselines: all check\n"
        "digits valid); confirm = the user is asked to check (ours: not complete; baselines: no valid ID)."
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
