"""Write ``tests/vectors/commands.json``: whole .cmd files and commands, for Python and JS.

Why from the Python module: these vectors pin the browser's port
(static/js/commands.js) to the Python original byte for byte (the .cmd text
with its options, its CP932 bytes, its name).  What the commands must contain
is derived from the facts separately (``make_vectors.py``, tests/test_commands.py),
never from these files.
Run ``python -m tests.vectors.make_command_vectors`` after a deliberate change
and review the diff.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from activation import commands

OUT = Path(__file__).with_name("commands.json")
CID = "396422722594970050401326863046940426938013125992"  # synthetic, every group checked
IID = "033255090385053904665824186342756737844895181384546394354129604"  # public sample (docs/ids.md)


def _groups(digits: str, size: int = 6) -> list[str]:
    return [digits[i : i + size] for i in range(0, len(digits), size)]


def command_vectors() -> list[dict]:
    spaced = " ".join(_groups(CID))
    base = {"cid": spaced, "activation_id": None, "office_dir": None, "shell": "cmd", "options": None}
    cases = [dict(base, product=p, shell=s) for s in commands.SHELLS for p in commands.PRODUCTS]
    cases += [
        dict(base, product="windows", cid=CID, activation_id="{F520E45E-7413-4A34-A497-D2765967D094}"),
        dict(
            base,
            product="server",
            cid=CID,
            activation_id="2DE67392-B7A7-462A-B1CA-108DD189F588",
            shell="powershell",
        ),
        dict(base, product="server", cid=None),
        dict(base, product="esu2", cid=None, shell="powershell"),
        dict(
            base,
            product="office",
            cid="-".join(_groups(CID)),
            office_dir=r"C:\Program Files\Microsoft Office\root\Office16",
        ),
        dict(base, product="windows", cid=CID[:-1] + str((int(CID[-1]) + 1) % 10)),
        dict(base, product="windows", cid=CID[:-1] + str((int(CID[-1]) + 1) % 10), shell="powershell"),
        dict(base, product="esu2", cid=CID, activation_id="not-a-guid"),
        dict(base, product="office", cid=CID, activation_id="f520e45e-7413-4a34-a497-d2765967d094"),
        dict(base, product="windows", cid="12345"),
        dict(base, product="windows", shell="bash"),
        dict(
            base,
            product="windows",
            options={
                "computer": "PC-01",
                "iid": " ".join(_groups(IID, 7)),
                "date": "2026-11-25",
                "lang": "ja",
            },
        ),
        dict(base, product="office", options={"computer": "LAB 7/x", "lang": "ja"}),
        dict(base, product="esu1", options={"computer": "PC-02", "date": "2026-11-25", "lang": "en"}),
        dict(base, product="office2010", options={"lang": "en"}),
        dict(base, product="windows", options={"date": "25.11.2026"}),
    ]
    for case in cases:
        args = (case["product"], case["cid"], case["activation_id"], case["office_dir"])
        try:
            case["expected"] = commands.build_commands(*args, shell=case["shell"]).to_dict()
            if case["cid"] is not None and case["shell"] == "cmd":
                opts = case["options"] or {}
                text = commands.cmd_file(*args, **opts)
                lang = opts.get("lang", "en")
                case["cmd_file"] = text
                case["cmd_file_b64"] = base64.b64encode(commands.cmd_file_bytes(text, lang)).decode()
                case["cmd_file_name"] = commands.cmd_file_name(case["product"], opts.get("computer"))
        except commands.CommandError:
            case["expected"] = {"error": True}
    return cases


def build() -> dict:
    return {
        "about": "Whole .cmd files (text, bytes, names) and commands from activation/commands.py, pinning "
        "static/js/commands.js to it. Made by tests/vectors/make_command_vectors.py from the Python module; "
        "what the commands must say is checked against the facts by tests/vectors/ids.json.",
        "commands": command_vectors(),
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
