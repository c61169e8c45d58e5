"""``Result.to_dict``: the API's JSON keys (README.md's result table), their order and omissions.

The expected keys are written out here by hand, not taken from the code: the web API, the CLI
and the app read these names.
"""

from __future__ import annotations

import json

from ocr.arbitrate import Reading
from ocr.result import Fact, Group, OtherId, QrOrigin, Result

GROUP_KEYS = ["label", "text", "valid", "confidence", "box", "repaired"]
RESULT_KEYS = ["kind", "digits", "complete", "form", "order_certain", "layout", "groups", "candidates"]


def _ocr_result() -> Result:
    return Result(
        "cid",
        digits=None,
        complete=False,
        form="cid48",
        order_certain=True,
        layout="letters",
        groups=(
            Group("A", "123456", True, 0.97, (10, 20, 60, 14), False),
            Group("B", "65432", False, 0.4, (80, 20, 50, 14), False, doubt="invalid"),
            Group(
                "C",
                "111110",
                False,
                0.8,
                (10, 40, 90, 30),
                True,
                doubt="repaired",
                boxes=((10, 40, 90, 14), (0, 56, 20, 14)),
            ),
        ),
        candidates=(OtherId("1" * 48, "cid48", "line"),),
        engines=("tesseract", "ppocr"),
        found=(Fact("digits", count=17, groups=3, doubtful=2),),
        advice="type_doubtful",
        seconds=1.25,
        readings=(Reading("tesseract", "123456", 0.97),),
        run_above=True,
    )


def test_an_ocr_result_has_exactly_the_documented_keys_in_order() -> None:
    got = _ocr_result().to_dict()
    assert list(got) == [*RESULT_KEYS, "engines", "found", "advice", "seconds"]
    assert got["engines"] == ["tesseract", "ppocr"]
    assert got["candidates"] == [{"digits": "1" * 48, "form": "cid48", "layout": "line"}]
    assert got["found"] == [{"code": "digits", "count": 17, "groups": 3, "doubtful": 2}]
    assert (got["advice"], got["seconds"], got["order_certain"]) == ("type_doubtful", 1.25, True)
    json.dumps(got)  # the internal readings never reach it, so it is plain JSON


def test_doubt_only_when_not_valid_and_boxes_only_for_a_wrapped_group() -> None:
    a, b, c = _ocr_result().to_dict()["groups"]
    assert list(a) == GROUP_KEYS
    assert a == {
        "label": "A",
        "text": "123456",
        "valid": True,
        "confidence": 0.97,
        "box": [10, 20, 60, 14],
        "repaired": False,
    }
    assert list(b) == [*GROUP_KEYS, "doubt"]
    assert b["doubt"] == "invalid"
    assert list(c) == [*GROUP_KEYS, "doubt", "boxes"]
    assert c["boxes"] == [[10, 40, 90, 14], [0, 56, 20, 14]]


def test_the_internal_fields_never_reach_the_api() -> None:
    got = _ocr_result().to_dict()
    for key in ("readings", "run_above", "_readings", "_run_above", "qr"):
        assert key not in got


def test_a_qr_result_names_its_source_and_has_no_engines_or_advice() -> None:
    got = Result(
        "iid",
        digits="0" * 54,
        complete=True,
        form="iid54",
        order_certain=True,
        layout="qr",
        groups=(Group("1", "000000", True, 1.0, (1, 2, 3, 4), False),),
        qr=QrOrigin("PC-01", None, None),
    ).to_dict()
    assert list(got) == [*RESULT_KEYS, "source", "pc", "product", "activation_id"]
    assert (got["source"], got["pc"], got["product"], got["activation_id"]) == ("qr", "PC-01", None, None)


def test_an_empty_result_keeps_every_api_key() -> None:
    got = Result("iid", engines=("tesseract",), found=(Fact("no_id"),), advice="paste_text").to_dict()
    assert got == {
        "kind": "iid",
        "digits": None,
        "complete": False,
        "form": None,
        "order_certain": False,
        "layout": None,
        "groups": [],
        "candidates": [],
        "engines": ["tesseract"],
        "found": [{"code": "no_id"}],
        "advice": "paste_text",
    }
