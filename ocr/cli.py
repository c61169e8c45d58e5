"""``aoh-helper ocr --kind iid|cid [--json] IMAGE...``: the OCR pipeline from a terminal.

Exit codes: 0 every picture gave a complete ID, 1 some did not, 2 a file was
bad (unreadable, not a picture, too large) or the arguments were wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from activation.ids import KINDS

from .loading import ImageError

NAMES = {"iid": "Installation ID", "cid": "Confirmation ID"}


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``ocr`` subcommand to the ``aoh-helper`` parser."""
    parser = subparsers.add_parser(
        "ocr",
        help="read an Installation ID or Confirmation ID from pictures",
        description="Read an IID (photo of the PC's screen) or a CID (screenshot or photo of the portal).",
    )
    parser.add_argument("--kind", choices=KINDS, required=True, help="which ID the pictures show")
    parser.add_argument("--json", action="store_true", help="one JSON object per picture, one per line")
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="PNG, JPEG or WebP files")
    parser.set_defaults(func=run)
    return parser


def _summary(path: str, result: dict) -> str:
    name = NAMES[result["kind"]]
    lines = [f"{path}: {name}"]
    if not result["groups"]:
        lines.append("  no ID found in this picture")
        return "\n".join(lines)
    state = (
        "complete, every check digit holds" if result["complete"] else "NOT complete: check the marked groups"
    )
    lines[0] += f" ({state}; {result['seconds']:.2f} s)"
    for g in result["groups"]:
        mark = "ok" if g["valid"] else "CHECK THIS GROUP"
        if g["valid"] and g.get("repaired"):
            mark = "ok (one digit repaired by its check digit)"
        x, y, w, h = g["box"]
        lines.append(f"  {g['label']}: {g['text']:<8} {mark}  (at x={x} y={y}, {w}x{h})")
    if result["complete"]:
        lines.append(f"  digits: {result['digits']}")
    elif not result.get("order_certain", True):
        lines.append("  the order of the groups could not be confirmed from the picture")
    for other in result.get("candidates", []):
        lines.append(f"  also found: {other['digits']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Read every picture; never stop at a bad one, never print a traceback."""
    from . import check_install
    from .engine import EngineError
    from .pipeline import read_image  # imported here: loads Tesseract

    try:
        check_install()
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    worst = 0
    for path in args.images:
        try:
            data = Path(path).read_bytes()
            result = read_image(data, args.kind)
        except ImageError as exc:
            worst = 2
            _report_error(args, path, exc.code, exc.message)
            continue
        except OSError as exc:
            worst = 2
            _report_error(args, path, "unreadable_file", exc.strerror or str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a CLI reports, it does not crash
            worst = 2
            _report_error(args, path, "ocr_failed", f"{type(exc).__name__}: {exc}")
            continue
        result = {"file": path, **result}
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        else:
            print(_summary(path, result), flush=True)
        if not result["complete"]:
            worst = max(worst, 1)
    return worst


def _report_error(args: argparse.Namespace, path: str, code: str, message: str) -> None:
    if args.json:
        out = {"file": path, "kind": args.kind, "error": {"code": code, "message": message}}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    else:
        print(f"{path}: error: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m ocr.cli ocr --kind cid shot.png`` (or without the word ``ocr``)."""
    parser = argparse.ArgumentParser(prog="aoh-helper")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "ocr":
        argv = ["ocr", *argv]
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
