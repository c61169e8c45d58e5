"""The ``aoh-helper`` command: check IDs, build commands, explain errors, OCR, serve.

Why a CLI at all: IT staff at a desk with the PC's output in a terminal or a
file want the same checks as the phone app, scriptable, with JSON output.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from activation import commands, explain, ids


def _read_text(value: str) -> str:
    return sys.stdin.read() if value == "-" else value


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False))


def run_check(args: argparse.Namespace) -> int:
    """Exit 0 only if a complete, valid ID was found."""
    text = " ".join(_read_text(v) for v in args.text)
    found = ids.parse_ids(text, kind=args.kind)
    ok = any(p.valid for p in found)
    if args.json:
        out: dict[str, Any] = {"ok": ok, "ids": [p.to_dict() for p in found]}
        if not found:
            out["hint"] = ids.digit_count_hint(text)
        _print_json(out)
        return 0 if ok else 1
    if not found:
        print(f"No Installation ID or Confirmation ID found ({ids.digit_count_hint(text)}).")
        return 1
    for parsed in found:
        name = "Installation ID" if parsed.kind == "iid" else "Confirmation ID"
        state = "valid" if parsed.valid else "INVALID"
        print(f"{name}, {parsed.form.length} digits: {state}")
        for g in parsed.groups:
            mark = "ok" if g.valid else "check digit fails"
            line = f"  {g.label}: {g.text}  {mark}"
            if not g.valid and g.corrections:
                line += f" (one-digit fixes: {', '.join(g.corrections)})"
            print(line)
        if parsed.valid:
            print(f"  digits: {parsed.for_command()}")
    return 0 if ok else 1


def run_command(args: argparse.Namespace) -> int:
    try:
        cmds = commands.build_commands(
            args.product, args.cid, args.activation_id, args.office_dir, shell=args.shell
        )
        batch = None
        if args.cmd_file:
            if args.cid is None:
                raise commands.CommandError("--cmd-file needs --cid")
            text = commands.cmd_file(
                args.product,
                args.cid,
                args.activation_id,
                args.office_dir,
                computer=args.computer,
                iid=args.iid,
                date=args.date or datetime.date.today().isoformat(),
                lang=args.lang,
            )
            batch = commands.cmd_file_bytes(text, args.lang)
    except commands.CommandError as exc:
        if args.json:
            _print_json({"ok": False, "error": str(exc)})
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 2
    if batch is not None:
        target = Path(args.cmd_file)
        if target.is_dir():
            target = target / commands.cmd_file_name(args.product, args.computer)
        target.write_bytes(batch)
        args.cmd_file = str(target)
    if args.json:
        out = {"ok": True, **cmds.to_dict()}
        if args.cmd_file:
            out["cmd_file"] = args.cmd_file
        _print_json(out)
        return 0
    where = "PowerShell" if cmds.shell == "powershell" else "command prompt"
    print(f"{cmds.title}: run in an administrator {where} on the PC:")
    if cmds.apply_cid is None:
        print("To show the Installation ID:")
        print(f"  {cmds.show_iid}")
    else:
        print(f"  {cmds.apply_cid}")
    print("Then check the licence:" if cmds.apply_cid else "To check the licence:")
    print(f"  {cmds.status}")
    if args.cmd_file:
        print(f"Batch file written to {args.cmd_file} (run it as administrator).")
    return 0


def run_explain(args: argparse.Namespace) -> int:
    text = " ".join(_read_text(v) for v in args.text)
    found = explain.explain(text)
    success = explain.looks_successful(text)
    if args.json:
        _print_json({"success": success, "errors": [e.to_dict() for e in found]})
        return 0 if found or success else 1
    if success:
        print("This output reports success: the licence is activated.")
        return 0
    if not found:
        print("No error code found. Paste the line that starts with 'Error:' (e.g. 0xC004F04D).")
        return 1
    lang = "ja" if args.lang == "ja" else "en"
    for e in found:
        d = e.to_dict()
        print(f"{e.code}: {d.get(f'meaning_{lang}', 'unknown code')}")
        print(f"  -> {d[f'action_{lang}']}")
    return 0


def run_kit(args: argparse.Namespace) -> int:
    from kit import build

    try:
        written = build.write_kit(Path(args.out), args.app_url)
    except build.KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aoh-helper",
        description="Offline Windows/Office activation helper: check IDs, build commands, OCR.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="find and check Installation/Confirmation IDs in text")
    p.add_argument("text", nargs="+", help="text holding the ID, or - to read standard input")
    p.add_argument("--kind", choices=ids.KINDS, help="only look for this kind")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_check)

    p = sub.add_parser("command", help="the commands that show the IID and apply a Confirmation ID")
    p.add_argument("--cid", help="the Confirmation ID (any format); without it, the IID commands")
    p.add_argument("--product", choices=list(commands.PRODUCTS), default="windows")
    p.add_argument("--activation-id", help="Activation ID (GUID) of an add-on licence")
    p.add_argument(
        "--shell",
        choices=commands.SHELLS,
        default="cmd",
        help="cmd: slmgr.vbs/ospp.vbs; powershell: WMI calls that work where VBScript is off",
    )
    p.add_argument(
        "--office-dir", help="Office folder holding ospp.vbs (default: Office14/15/16 in both Program Files)"
    )
    p.add_argument(
        "--cmd-file", metavar="PATH", help="also write a .cmd batch file here (a folder: named after the PC)"
    )
    p.add_argument("--computer", help="the PC's name, for the .cmd file's name and first lines")
    p.add_argument("--iid", help="the PC's Installation ID, for the .cmd file's first lines")
    p.add_argument("--date", help="YYYY-MM-DD, for the .cmd file's first lines (default: today)")
    p.add_argument("--lang", choices=commands.CMD_LANGS, default="en", help="the .cmd file's messages")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_command)

    p = sub.add_parser("kit", help="write the USB kit (collect, apply, offline QR page) into a folder")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the kit into")
    p.add_argument(
        "--app-url",
        help="the app's address: the QR codes become links that open the app with the PC filled in",
    )
    p.set_defaults(func=run_kit)

    p = sub.add_parser("explain", help="explain an activation error code or pasted output")
    p.add_argument("text", nargs="+", help="a code (0xC004F04D, C004F04D, -1073418163), text, or -")
    p.add_argument("--lang", choices=["en", "ja"], default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_explain)

    for module in ("ocr.cli", "webapp.serve"):
        _register_optional(module, sub)
    return parser


def _register_optional(module: str, sub: Any) -> None:
    """Subcommands whose modules pull in heavier dependencies."""
    import importlib

    try:
        register: Callable[[Any], None] = importlib.import_module(module).register
    except ImportError:  # pragma: no cover - only when a part is not installed
        return
    register(sub)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
