"""Write ``tests/vectors/ids.json``: the test vectors both Python and JS must pass.

Why a generator: the expected results for IDs are derived here from the check
digit rule with an implementation of its own (``_check``), not by calling
``activation.ids``, so the vectors test the code rather than echo it.  The command
and error vectors do come from the Python modules: they pin the browser's port
to the Python original.  Run ``python -m tests.vectors.make_vectors`` after a
deliberate change and review the diff.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("ids.json")

# Public samples from FACTS.md
PUBLIC = [
    (
        "iid63 Windows Server 2025 (published slmgr /dlv)",
        "iid",
        "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604",
    ),
    (
        "iid63 Windows 11 build 26200",
        "iid",
        "4891263 4325701 2289105 5465220 8520533 2958764 1588510 1112713 9061121",
    ),
    ("iid54 Office KMS host", "iid", "020650 770493 837252 929082 195773 527024 195725 809211 989214"),
    (
        "iid54 Windows XP (UniXPActivate README)",
        "iid",
        "070846 984606 199354 110900 862045 444713 121295 109842 549701",
    ),
    ("cid42 Windows XP (UniXPActivate README)", "cid", "204455 473963 727110 378854 169136 901266 745572"),
]
LABELS = {63: "123456789", 54: "123456789", 48: "ABCDEFGH", 42: "ABCDEFG"}
SIZES = {63: 7, 54: 6, 48: 6, 42: 6}


def _check(group: str) -> bool:
    """The rule, written out again on purpose (see module docstring)."""
    body, last = group[:-1], int(group[-1])
    total = 0
    for i, ch in enumerate(body):
        total += int(ch) if i % 2 == 0 else 2 * int(ch)
    return total % 7 == last


def _groups(digits: str) -> list[str]:
    n = SIZES[len(digits)]
    return [digits[i : i + n] for i in range(0, len(digits), n)]


def _bad_labels(digits: str) -> list[str]:
    return [LABELS[len(digits)][i] for i, g in enumerate(_groups(digits)) if not _check(g)]


def _make_group(rng: random.Random, size: int, pattern: str | None = None) -> str:
    while True:
        body = pattern or "".join(rng.choice("0123456789") for _ in range(size - 1))
        for last in "0123456":
            if _check(body + last):
                return body + last
        pattern = None  # cannot happen: one of 0..6 always fits


def _make_id(rng: random.Random, length: int, patterns: dict[int, str] | None = None) -> str:
    size = SIZES[length]
    n = length // size
    return "".join(_make_group(rng, size, (patterns or {}).get(i)) for i in range(n))


def build() -> dict:
    rng = random.Random(20251201)
    ids = []
    for name, kind, text in PUBLIC:
        digits = text.replace(" ", "")
        ids.append(
            {
                "name": name,
                "kind": kind,
                "digits": digits,
                "source": "FACTS.md",
                "valid": not _bad_labels(digits),
                "invalid_groups": _bad_labels(digits),
            }
        )
    synthetic = [
        ("iid63 synthetic", 63, None),
        ("iid63 synthetic repeated digits", 63, {0: "999999", 4: "000000", 8: "111111"}),
        ("iid54 synthetic", 54, None),
        ("cid48 synthetic", 48, None),
        ("cid48 synthetic", 48, None),
        ("cid48 synthetic repeated digits", 48, {0: "99999", 3: "00000", 7: "77777"}),
    ]
    for name, length, patterns in synthetic:
        digits = _make_id(rng, length, patterns)
        kind = "iid" if length in (63, 54) else "cid"
        ids.append(
            {
                "name": name,
                "kind": kind,
                "digits": digits,
                "source": "synthetic",
                "valid": True,
                "invalid_groups": [],
            }
        )

    iid63, iid54 = ids[0]["digits"], ids[2]["digits"]
    cid48 = next(i["digits"] for i in ids if i["name"] == "cid48 synthetic")
    cid48b = [i["digits"] for i in ids if i["name"] == "cid48 synthetic"][1]

    substitutions = []
    for base in (iid63, iid54, cid48):
        for pos, old in enumerate(base):
            for new in "0123456789":
                if new == old:
                    continue
                digits = base[:pos] + new + base[pos + 1 :]
                substitutions.append(
                    {"digits": digits, "position": pos, "invalid_groups": _bad_labels(digits)}
                )
    transpositions = []
    for base in (iid63, cid48):
        for pos in range(len(base) - 1):
            if base[pos] == base[pos + 1]:
                continue
            digits = base[:pos] + base[pos + 1] + base[pos] + base[pos + 2 :]
            transpositions.append({"digits": digits, "position": pos, "invalid_groups": _bad_labels(digits)})

    def expect(*pairs: tuple[str, str]) -> list[dict]:
        return [
            {"kind": k, "digits": d, "valid": not _bad_labels(d), "invalid_groups": _bad_labels(d)}
            for k, d in pairs
        ]

    g, c = _groups(iid63), _groups(cid48)
    fw = str.maketrans("0123456789 ", "０１２３４５６７８９\u3000")
    typo = iid63[:10] + str((int(iid63[10]) + 1) % 10) + iid63[11:]
    parse = [
        {"name": "plain digits", "text": iid63, "expected": expect(("iid", iid63))},
        {"name": "spaces", "text": " ".join(g), "expected": expect(("iid", iid63))},
        {"name": "dashes", "text": "-".join(g), "expected": expect(("iid", iid63))},
        {"name": "English label", "text": f"Installation ID: {iid63}", "expected": expect(("iid", iid63))},
        {"name": "Japanese label", "text": f"インストール ID: {iid63}", "expected": expect(("iid", iid63))},
        {
            "name": "full-width digits",
            "text": ("インストール ID: " + " ".join(g)).translate(fw),
            "expected": expect(("iid", iid63)),
        },
        {
            "name": "wrapped over two lines",
            "text": f"Installation ID:\n{iid63[:40]}\n{iid63[40:]}\n",
            "expected": expect(("iid", iid63)),
        },
        {
            "name": "slmgr /dti output",
            "text": "Microsoft (R) Windows Script Host Version 5.812\r\n"
            "Copyright (C) Microsoft Corporation. All rights reserved.\r\n\r\n"
            f"Installation ID: {iid63}\r\n",
            "expected": expect(("iid", iid63)),
        },
        {
            "name": "/dlv with two licences",
            "text": "Name: Windows(R), Professional edition\nActivation ID: 2de67392-b7a7-462a-b1ca-108dd189f588\n"
            "Extended PID: 03612-03308-000-000000-03-1041-26100.0000-2652025\n"
            f"Installation ID: {iid63}\nRemaining Windows rearm count: 1001\n\n"
            "Name: Windows(R), Client-ESU-Year1 add-on\n"
            f"Installation ID: {ids[1]['digits']}\n",
            "expected": expect(("iid", iid63), ("iid", ids[1]["digits"])),
        },
        {
            "name": "54-digit grid with numbered groups",
            "text": "\n".join(f"{i + 1}: {grp}" for i, grp in enumerate(_groups(iid54))),
            "expected": expect(("iid", iid54)),
        },
        {"name": "one wrong digit", "text": " ".join(_groups(typo)), "expected": expect(("iid", typo))},
        {"name": "CID digits only", "text": cid48, "expected": expect(("cid", cid48))},
        {
            "name": "CID portal card copy",
            "text": "A B C D E\n" + " ".join(c[:5]) + "\nF G H\n" + " ".join(c[5:]),
            "expected": expect(("cid", cid48)),
        },
        {
            "name": "CID with letters",
            "text": " ".join(f"{'ABCDEFGH'[i]}: {grp}" for i, grp in enumerate(c)),
            "expected": expect(("cid", cid48)),
        },
        {"name": "CID with dashes", "text": "-".join(c), "expected": expect(("cid", cid48))},
        {"name": "CID full-width", "text": " ".join(c).translate(fw), "expected": expect(("cid", cid48))},
        {
            "name": "two CIDs",
            "text": f"{cid48}\n\nnext: {cid48b}",
            "expected": expect(("cid", cid48), ("cid", cid48b)),
        },
        {"name": "nonsense", "text": "hello 12345 world", "expected": []},
        {"name": "empty", "text": "", "expected": []},
        {"name": "too short", "text": " ".join(g[:8]), "expected": []},
        {
            "name": "valid IID glued to other digits",
            "text": f"26200 {' '.join(g)} 1001",
            "expected": expect(("iid", iid63)),
        },
    ]

    corrections = []
    for grp in ("0332551", "9038500", "123456", "999999", "000007"):
        fixes = []
        for pos, old in enumerate(grp):
            for new in "0123456789":
                if new != old and _check(grp[:pos] + new + grp[pos + 1 :]):
                    fixes.append(grp[:pos] + new + grp[pos + 1 :])
        corrections.append({"group": grp, "valid": _check(grp), "corrections": fixes})

    check_digit = []
    for size in (6, 7):
        for _ in range(20):
            body = "".join(rng.choice("0123456789") for _ in range(size - 1))
            check_digit.append({"body": body, "check": next(d for d in range(7) if _check(body + str(d)))})

    return {
        "about": "Shared test vectors for webapp/ids.py, webapp/commands.py, activation/explain.py and static/js. "
        "Made by tests/vectors/make_vectors.py.",
        "check_digit": check_digit,
        "ids": ids,
        "substitutions": substitutions,
        "transpositions": transpositions,
        "parse": parse,
        "corrections": corrections,
        "commands": _command_vectors(cid48),
        "errors": _error_vectors(),
    }


def _command_vectors(cid: str) -> list[dict]:
    from activation import commands

    spaced = " ".join(_groups(cid))
    cases = [
        {"product": p, "cid": spaced, "activation_id": None, "office_dir": None} for p in commands.PRODUCTS
    ]
    cases += [
        {
            "product": "windows",
            "cid": cid,
            "activation_id": "{F520E45E-7413-4A34-A497-D2765967D094}",
            "office_dir": None,
        },
        {"product": "server", "cid": None, "activation_id": None, "office_dir": None},
        {
            "product": "office",
            "cid": "-".join(_groups(cid)),
            "activation_id": None,
            "office_dir": r"C:\Program Files\Microsoft Office\root\Office16",
        },
        {
            "product": "windows",
            "cid": cid[:-1] + str((int(cid[-1]) + 1) % 10),
            "activation_id": None,
            "office_dir": None,
        },
        {"product": "esu2", "cid": cid, "activation_id": "not-a-guid", "office_dir": None},
        {
            "product": "office",
            "cid": cid,
            "activation_id": "f520e45e-7413-4a34-a497-d2765967d094",
            "office_dir": None,
        },
        {"product": "windows", "cid": "12345", "activation_id": None, "office_dir": None},
    ]
    for case in cases:
        try:
            built = commands.build_commands(
                case["product"], case["cid"], case["activation_id"], case["office_dir"]
            )
            case["expected"] = built.to_dict()
            if case["cid"] is not None:
                case["cmd_file"] = commands.cmd_file(
                    case["product"], case["cid"], case["activation_id"], case["office_dir"]
                )
        except commands.CommandError:
            case["expected"] = {"error": True}
    return cases


def _error_vectors() -> list[dict]:
    from activation import explain

    texts = [
        "0xC004F04D",
        "C004F04D",
        "c004f04d",
        "-1073418163",
        "Error: 0xC004F031 On a computer running Microsoft Windows non-core edition, run 'slui.exe 0x2a 0xC004F031' to display the error text.",
        "エラー: 0xC004F015",
        "0xC004F04D and -1073418163 again",
        "0x12345678",
        "12345678",
        "Confirmation ID for product 2de67392-b7a7-462a-b1ca-108dd189f588 deposited successfully.",
        "nothing here",
        "",
    ]
    out = []
    for text in texts:
        found = explain.explain(text)
        out.append(
            {
                "text": text,
                "codes": [e.code for e in found],
                "known": [e.known for e in found],
                "success": explain.looks_successful(text),
            }
        )
    return out


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
