"""Write ``tests/vectors/kit.json``: the kit's file formats and QR payload, as examples.

Why a generator: every expected value below is written from the literal data
it was made from (and the check digit rule written out again in ``_check``),
never by calling the readers under test (``activation/kitfiles.py``,
the app's import code, ``static/js/kit.js``).  Python and the browser read the
same file.  The formats are described in docs/commands.md ("The kit's files").
Run ``python -m tests.vectors.make_kit_vectors`` after a deliberate change and
review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).with_name("kit.json")

WINDOWS_APP = "55c92734-d682-4d71-983e-d6ec3f16059f"
OFFICE_APP = "0ff1ce15-a989-479d-af46-f275c6370663"
ESU1 = "f520e45e-7413-4a34-a497-d2765967d094"  # learn.microsoft.com, Enable ESU
# Public sample IDs (docs/ids.md)
IID_SERVER = "033255090385053904665824186342756737844895181384546394354129604"
IID_WIN11 = "489126343257012289105546522085205332958764158851011127139061121"
IID_54 = "020650770493837252929082195773527024195725809211989214"
CID = "396422722594970050401326863046940426938013125992"  # synthetic, every group checked
CID_B = "204455473963727110378854169136901266745572000000"  # XP CID + a valid group 000000


def _check(group: str) -> bool:
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(group[:-1]))
    return total % 7 == int(group[-1])


def _bad(digits: str, size: int, labels: str) -> list[str]:
    groups = [digits[i : i + size] for i in range(0, len(digits), size)]
    return [labels[i] for i, g in enumerate(groups) if not _check(g)]


def _iid_bad(digits: str) -> list[str]:
    return _bad(digits, 7 if len(digits) == 63 else 6, "123456789")


def _cid_bad(digits: str) -> list[str]:
    return _bad(digits, 6, "ABCDEFGH")


def _typo(digits: str, pos: int) -> str:
    return digits[:pos] + str((int(digits[pos]) + 1) % 10) + digits[pos + 1 :]


def _json_text(obj: dict, *, bom: bool = False, crlf: bool = False, indent: int | None = None) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    if crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + text


def _product(name, desc, channel, key, status, act, app, product, iid) -> dict:
    return {
        "name": name,
        "description": desc,
        "channel": channel,
        "partial_key": key,
        "license_status": status,
        "activation_id": act,
        "application_id": app,
        "product": product,
        "iid": iid,
    }


WIN_PRO = _product(
    "Windows(R), Professional edition",
    "Windows(R) Operating System, VOLUME_MAK channel",
    "VOLUME_MAK",
    "3V66T",
    0,
    "2de67392-b7a7-462a-b1ca-108dd189f588",
    WINDOWS_APP,
    "windows",
    IID_WIN11,
)
ESU_Y1 = _product(
    "Windows(R), Client-ESU-Year1 add-on for Education,Enterprise,EnterpriseN,Professional,ProfessionalN",
    "Windows(R) Operating System, VOLUME_MAK channel",
    "VOLUME_MAK",
    "7XRCQ",
    0,
    ESU1,
    WINDOWS_APP,
    "esu1",
    IID_SERVER,
)
SERVER_KMS = _product(
    "Windows(R), ServerStandard edition",
    "Windows(R) Operating System, VOLUME_KMSCLIENT channel",
    "VOLUME_KMSCLIENT",
    "TVRH6",
    5,
    "c052f164-cdf6-409a-a0cb-853ba0f0f55a",
    WINDOWS_APP,
    "server",
    IID_SERVER,
)
OFFICE_54 = _product(
    "Office 16, Office16ProPlusVL_MAK edition",
    "Office 16, VOLUME_MAK channel",
    "VOLUME_MAK",
    "WFG99",
    0,
    "d450596f-894d-49e0-966a-fd39ed4c4c64",
    OFFICE_APP,
    "office",
    IID_54,
)


def _expected_product(p: dict) -> dict:
    return {
        **p,
        "iid_valid": not _iid_bad(p["iid"]),
        "invalid_groups": _iid_bad(p["iid"]),
        "kms_client": p["channel"] == "VOLUME_KMSCLIENT",
    }


def _pc(computer: str, collected: str, products: list[dict]) -> dict:
    return {
        "format": "aoh-helper.pc",
        "version": 1,
        "computer": computer,
        "collected": collected,
        "products": products,
    }


def pc_vectors() -> list[dict]:
    out = []

    def ok(name: str, doc: dict, **fmt) -> None:
        out.append(
            {
                "name": name,
                "filename": f"{doc['computer']}.aoh.json",
                "text": _json_text(doc, **fmt),
                "expected": {
                    "computer": doc["computer"],
                    "collected": doc["collected"],
                    "products": [_expected_product(p) for p in doc["products"]],
                },
            }
        )

    ok(
        "Windows and ESU, as collect.ps1 writes it (BOM, CRLF, indented)",
        _pc("PC-01", "2026-11-25T14:03:00Z", [WIN_PRO, ESU_Y1]),
        bom=True,
        crlf=True,
        indent=2,
    )
    ok("KMS client channel: every reader flags it", _pc("SRV-KMS", "2026-11-25T14:05:00Z", [SERVER_KMS]))
    ok("Office with a 54-digit IID, no BOM, one line", _pc("LAB-7", "2026-11-25T14:07:00Z", [OFFICE_54]))
    ok("non-ASCII computer name", _pc("工場-PC3", "2026-11-25T14:09:00Z", [WIN_PRO]), bom=True)
    typo = dict(WIN_PRO, iid=_typo(IID_WIN11, 10))  # group 2
    ok("an IID with a wrong digit is read but not valid", _pc("PC-TYPO", "2026-11-25T14:11:00Z", [typo]))
    ok("no product with a key", _pc("PC-EMPTY", "2026-11-25T14:12:00Z", []))

    def bad(name: str, text: str) -> None:
        out.append({"name": name, "filename": "bad.aoh.json", "text": text, "expected": {"error": True}})

    bad("not JSON", "Installation ID: " + IID_WIN11)
    bad("another format", _json_text({"format": "aoh-helper.cids", "version": 1, "pcs": []}))
    bad("a newer version", _json_text(dict(_pc("PC-01", "2026-11-25T14:03:00Z", [WIN_PRO]), version=2)))
    bad("no computer name", _json_text(dict(_pc("", "2026-11-25T14:03:00Z", [WIN_PRO]))))
    bad("products not a list", _json_text(dict(_pc("PC-01", "2026-11-25T14:03:00Z", []), products={})))
    bad(
        "an IID that is not 63 or 54 digits",
        _json_text(_pc("PC-01", "2026-11-25T14:03:00Z", [dict(WIN_PRO, iid=IID_WIN11[:60])])),
    )
    return out


def cid_file_vectors() -> list[dict]:
    groups = [CID[i : i + 6] for i in range(0, 48, 6)]
    typo = _typo(CID, 20)  # group D
    cases = [
        ("digits only", "PC-01.cid", CID + "\r\n", CID),
        ("groups with spaces, BOM", "PC-01.cid", "\ufeff" + " ".join(groups) + "\r\n", CID),
        ("groups with dashes", "PC-02.cid", "-".join(groups), CID),
        (
            "portal card layout A-E / F-H",
            "PC-03.cid",
            "A B C D E\r\n" + " ".join(groups[:5]) + "\r\nF G H\r\n" + " ".join(groups[5:]) + "\r\n",
            CID,
        ),
        ("a wrong digit in group D", "PC-04.cid", typo, typo),
    ]
    out = []
    for name, filename, text, digits in cases:
        out.append(
            {
                "name": name,
                "filename": filename,
                "text": text,
                "expected": {
                    "computer": filename[: -len(".cid")],
                    "cid": digits,
                    "valid": not _cid_bad(digits),
                    "invalid_groups": _cid_bad(digits),
                },
            }
        )
    out.append(
        {"name": "too few digits", "filename": "PC-05.cid", "text": CID[:42], "expected": {"error": True}}
    )
    out.append({"name": "empty", "filename": "PC-06.cid", "text": "", "expected": {"error": True}})
    return out


def cids_vectors() -> list[dict]:
    pcs = [
        {"computer": "PC-01", "activation_id": WIN_PRO["activation_id"], "iid": IID_WIN11, "cid": CID},
        {"computer": "PC-01", "activation_id": ESU1, "iid": IID_SERVER, "cid": CID_B},
        {"computer": "LAB-7", "activation_id": "", "iid": IID_54, "cid": CID},
    ]
    doc = {"format": "aoh-helper.cids", "version": 1, "pcs": pcs}
    expected = [dict(p, valid=not _cid_bad(p["cid"]), invalid_groups=_cid_bad(p["cid"])) for p in pcs]
    typo_pcs = [dict(pcs[0], cid=_typo(CID, 47))]  # group H
    return [
        {
            "name": "three licences on two PCs (BOM, CRLF)",
            "text": _json_text(doc, bom=True, crlf=True, indent=1),
            "expected": {"pcs": expected},
        },
        {
            "name": "a CID with a wrong digit is kept and flagged",
            "text": _json_text(dict(doc, pcs=typo_pcs)),
            "expected": {
                "pcs": [dict(typo_pcs[0], valid=False, invalid_groups=_cid_bad(typo_pcs[0]["cid"]))]
            },
        },
        {
            "name": "wrong format name",
            "text": _json_text(dict(doc, format="aoh-helper.pc")),
            "expected": {"error": True},
        },
        {
            "name": "a CID of the wrong length",
            "text": _json_text(dict(doc, pcs=[dict(pcs[0], cid=CID[:42])])),
            "expected": {"error": True},
        },
    ]


def result_vectors() -> list[dict]:
    ok = {
        "activation_id": WIN_PRO["activation_id"],
        "iid": IID_WIN11,
        "hresult": "0x00000000",
        "license_status": 1,
        "licensed": True,
    }
    fail = {
        "activation_id": ESU1,
        "iid": IID_SERVER,
        "hresult": "0xC004F04D",
        "license_status": 0,
        "licensed": False,
    }
    doc = {
        "format": "aoh-helper.result",
        "version": 1,
        "computer": "PC-01",
        "finished": "2026-11-25T15:10:00Z",
        "results": [ok, fail],
    }
    return [
        {
            "name": "one licensed, one failed (BOM, CRLF)",
            "text": _json_text(doc, bom=True, crlf=True, indent=2),
            "expected": {
                "computer": "PC-01",
                "finished": "2026-11-25T15:10:00Z",
                "results": [ok, fail],
                "all_licensed": False,
            },
        },
        {
            "name": "all licensed",
            "text": _json_text(dict(doc, results=[ok])),
            "expected": {
                "computer": "PC-01",
                "finished": "2026-11-25T15:10:00Z",
                "results": [ok],
                "all_licensed": True,
            },
        },
        {
            "name": "wrong format name",
            "text": _json_text(dict(doc, format="aoh-helper.cids")),
            "expected": {"error": True},
        },
    ]


def _enc(text: str) -> str:
    """encodeURIComponent, written out: unreserved characters kept, UTF-8 bytes %XX."""
    keep = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
    return "".join(c if c in keep else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in text)


def qr_vectors() -> tuple[list[dict], list[dict]]:
    build = []
    parse = []
    rows = [
        ("PC-01", "windows", "", IID_WIN11, None),
        ("PC-01", "esu1", ESU1, IID_SERVER, "https://192.168.1.5:8443/"),
        ("工場-PC3", "office", "", IID_54, "http://aoh.example.internal:8000/"),
        ("A&B=C #1", "server", "", IID_SERVER, None),
    ]
    for pc, product, aid, iid, url in rows:
        params = f"aoh=1&pc={_enc(pc)}&p={_enc(product)}&aid={_enc(aid)}&iid={iid}"
        text = f"{url}#{params}" if url else f"AOH:{params}"
        build.append(
            {
                "computer": pc,
                "product": product,
                "activation_id": aid,
                "iid": iid,
                "app_url": url,
                "expected": text,
            }
        )
        parse.append(
            {
                "name": f"{'link' if url else 'AOH:'} {pc} {product}",
                "text": text,
                "expected": {
                    "pc": pc,
                    "product": product,
                    "activation_id": aid or None,
                    "iid": iid,
                    "iid_valid": True,
                    "invalid_groups": [],
                },
            }
        )
    spaced = " ".join(IID_SERVER[i : i + 7] for i in range(0, 63, 7))
    parse += [
        {
            "name": "bare IID",
            "text": IID_SERVER,
            "expected": {
                "pc": None,
                "product": None,
                "activation_id": None,
                "iid": IID_SERVER,
                "iid_valid": True,
                "invalid_groups": [],
            },
        },
        {
            "name": "bare IID in groups",
            "text": spaced,
            "expected": {
                "pc": None,
                "product": None,
                "activation_id": None,
                "iid": IID_SERVER,
                "iid_valid": True,
                "invalid_groups": [],
            },
        },
        {
            "name": "AOH: with a wrong digit is read and flagged",
            "text": f"AOH:aoh=1&pc=PC-9&p=windows&aid=&iid={_typo(IID_WIN11, 62)}",
            "expected": {
                "pc": "PC-9",
                "product": "windows",
                "activation_id": None,
                "iid": _typo(IID_WIN11, 62),
                "iid_valid": False,
                "invalid_groups": _iid_bad(_typo(IID_WIN11, 62)),
            },
        },
        {
            "name": "lower-case prefix",
            "text": f"aoh:aoh=1&pc=PC-1&p=windows&aid=&iid={IID_WIN11}",
            "expected": {
                "pc": "PC-1",
                "product": "windows",
                "activation_id": None,
                "iid": IID_WIN11,
                "iid_valid": True,
                "invalid_groups": [],
            },
        },
        {
            "name": "unknown version",
            "text": f"AOH:aoh=2&pc=PC-1&p=windows&aid=&iid={IID_WIN11}",
            "expected": None,
        },
        {"name": "no IID", "text": "AOH:aoh=1&pc=PC-1&p=windows&aid=", "expected": None},
        {
            "name": "IID of the wrong length",
            "text": f"AOH:aoh=1&pc=PC-1&p=windows&aid=&iid={IID_WIN11[:60]}",
            "expected": None,
        },
        {"name": "a link without our fragment", "text": "https://example.com/#top", "expected": None},
        {"name": "some other QR code", "text": "WIFI:S:factory;T:WPA;P:secret;;", "expected": None},
    ]
    return build, parse


def build() -> dict:
    qr_build, qr_parse = qr_vectors()
    return {
        "about": "Examples of the kit's formats (docs/commands.md, 'The kit's files') for activation/kitfiles.py "
        "and static/js. Made by tests/vectors/make_kit_vectors.py; expected values are written from the "
        "literal data, not by the readers. Readers accept a UTF-8 BOM and CRLF.",
        "pc": pc_vectors(),
        "cid_file": cid_file_vectors(),
        "cids": cids_vectors(),
        "result": result_vectors(),
        "qr_build": qr_build,
        "qr_parse": qr_parse,
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
