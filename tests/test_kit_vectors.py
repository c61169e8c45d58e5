"""activation.kitfiles against tests/vectors/kit.json (the app's JavaScript reads the same file)."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from activation import kitfiles
from tests.conftest import ROOT

KIT = json.loads((ROOT / "tests" / "vectors" / "kit.json").read_text(encoding="utf-8"))


def _product(p: kitfiles.PcProduct) -> dict:
    d = asdict(p)
    d["iid"] = p.iid.digits
    d["iid_valid"] = p.iid.valid
    d["invalid_groups"] = p.iid.invalid_labels
    d["kms_client"] = p.kms_client
    return d


@pytest.mark.parametrize("case", KIT["pc"], ids=lambda c: c["name"])
def test_pc_files(case: dict) -> None:
    if case["expected"].get("error"):
        with pytest.raises(kitfiles.KitFormatError):
            kitfiles.read_pc_file(case["text"])
        return
    for raw in (case["text"], case["text"].encode("utf-8")):
        pc = kitfiles.read_pc_file(raw)
        got = {
            "computer": pc.computer,
            "collected": pc.collected,
            "products": [_product(p) for p in pc.products],
        }
        assert got == case["expected"]


@pytest.mark.parametrize("case", KIT["cid_file"], ids=lambda c: c["name"])
def test_cid_files(case: dict) -> None:
    if case["expected"].get("error"):
        with pytest.raises(kitfiles.KitFormatError):
            kitfiles.read_cid_file(case["filename"], case["text"])
        return
    f = kitfiles.read_cid_file(case["filename"], case["text"])
    got = {
        "computer": f.computer,
        "cid": f.cid.digits,
        "valid": f.cid.valid,
        "invalid_groups": f.cid.invalid_labels,
    }
    assert got == case["expected"]


@pytest.mark.parametrize("case", KIT["cids"], ids=lambda c: c["name"])
def test_cids_batch(case: dict) -> None:
    if case["expected"].get("error"):
        with pytest.raises(kitfiles.KitFormatError):
            kitfiles.read_cids(case["text"])
        return
    entries = kitfiles.read_cids(case["text"])
    got = [
        {
            "computer": e.computer,
            "activation_id": e.activation_id,
            "iid": e.iid,
            "cid": e.cid.digits,
            "valid": e.cid.valid,
            "invalid_groups": e.cid.invalid_labels,
        }
        for e in entries
    ]
    assert got == case["expected"]["pcs"]
    # what the app exports, read back, is what it held
    again = kitfiles.read_cids(json.dumps(kitfiles.cids_document(entries)))
    assert [e.cid.digits for e in again] == [e["cid"] for e in case["expected"]["pcs"]]


@pytest.mark.parametrize("case", KIT["result"], ids=lambda c: c["name"])
def test_results(case: dict) -> None:
    if case["expected"].get("error"):
        with pytest.raises(kitfiles.KitFormatError):
            kitfiles.read_result(case["text"])
        return
    r = kitfiles.read_result(case["text"])
    got = {
        "computer": r.computer,
        "finished": r.finished,
        "results": [asdict(x) for x in r.results],
        "all_licensed": r.all_licensed,
    }
    assert got == case["expected"]


@pytest.mark.parametrize("case", KIT["qr_build"], ids=lambda c: c["expected"][:30])
def test_qr_text(case: dict) -> None:
    text = kitfiles.qr_text(
        case["computer"], case["product"], case["activation_id"], case["iid"], case["app_url"]
    )
    assert text == case["expected"]


@pytest.mark.parametrize("case", KIT["qr_parse"], ids=lambda c: c["name"])
def test_qr_parse(case: dict) -> None:
    got = kitfiles.parse_qr(case["text"])
    if case["expected"] is None:
        assert got is None
        return
    assert got is not None
    assert {
        "pc": got.pc,
        "product": got.product,
        "activation_id": got.activation_id,
        "iid": got.iid.digits,
        "iid_valid": got.iid.valid,
        "invalid_groups": got.iid.invalid_labels,
    } == case["expected"]
