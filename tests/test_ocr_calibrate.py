"""samples/calibrate.py, the tool ``ocr.arbitrate.CONFIDENT`` is chosen with, and the hook it uses.

Valid groups worked out by hand (weights 1,2,1,2,... over the first digits, summed, mod 7):
1111112 (9 -> 2); 8111112 (16 -> 2: the 1/8 misread a check digit cannot see); 3333336
(27 -> 6); 2222224 (18 -> 4); 123455 (1+4+3+8+5 = 21 -> 0, so 123450 is valid).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ocr import arbitrate
from ocr.arbitrate import Reading
from samples import calibrate
from samples.calibrate import Sample

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "samples" / "images"
TRUTH = IMAGES / "truth.json"

IID = "1111112" * 9
CID = "123450" * 8


def test_recording_sees_every_judge_call_and_changes_no_verdict() -> None:
    readings = [Reading("ppocr", "1111112", 0.99), Reading("tesseract", "")]
    plain = arbitrate.judge(7, readings)
    with arbitrate.recording() as seen:
        inside = arbitrate.judge(7, readings)
        arbitrate.judge(6, [Reading("tesseract", "123450", 0.5, agreed=True)])
    assert inside == plain and plain.certain
    assert [(j.size, j.verdict.reason) for j in seen] == [(7, "one_engine"), (6, "unsure")]
    assert seen[0].readings == tuple(readings)
    arbitrate.judge(7, readings)  # after the block: not recorded
    assert len(seen) == 2


def test_recording_stays_in_its_own_context() -> None:
    """A server thread's judge calls never land in another request's recording."""
    with arbitrate.recording() as seen:
        t = threading.Thread(target=arbitrate.judge, args=(7, [Reading("ppocr", "1111112", 0.99)]))
        t.start()
        t.join()
    assert seen == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1111112", "right"),
        ("2222224", "other"),  # a group of the other ID on the screen
        ("8111112", "wrong"),  # one digit 7 apart: valid, and a misread
        ("3333336", "stray"),  # far from every ID's group
    ],
)
def test_sort_reading(text: str, expected: str) -> None:
    entry = {"digits": IID, "other_ids": ["2222224" * 9], "meta": {}}
    assert calibrate.sort_reading(text, entry) == expected


def test_sort_reading_tells_a_slid_group() -> None:
    """0000000 then 1111112: cut one place early, 0111111 (2+1+2+1+2 = 8 -> 1) is valid too."""
    entry = {"digits": "0000000" + "1111112" * 8, "other_ids": [], "meta": {}}
    assert calibrate.sort_reading("0111111", entry) == "slid"


def test_sort_reading_knows_hidden_ids_and_six_digit_groups() -> None:
    entry = {"digits": CID, "other_ids": [], "meta": {"hidden_ids": ["2222224" * 9]}}
    assert calibrate.sort_reading("123450", entry) == "right"
    assert calibrate.sort_reading("2222224", entry) == "other"
    assert calibrate.sort_reading("123457", entry) == "wrong"  # one digit off the CID's group


def test_samples_of_counts_a_reading_once_and_marks_it_alone() -> None:
    entry = {"file": "x", "digits": IID, "other_ids": [], "meta": {}}
    pp = Reading("ppocr", "8111112", 0.98)
    with arbitrate.recording() as calls:
        arbitrate.judge(7, [pp, Reading("tesseract", "1111113", 0.4)])  # the other one invalid: alone
        arbitrate.judge(7, [pp, Reading("tesseract", "1111112", 0.9, agreed=True)])  # not alone
        arbitrate.judge(7, [Reading("ppocr", "1111112", 0.5, repaired=True)])  # a repair: not counted
    got = calibrate.samples_of(entry, calls)
    assert sorted((s.engine, s.text, s.alone, s.truth) for s in got) == [
        ("ppocr", "8111112", True, "wrong"),
        ("tesseract", "1111112", False, "right"),
    ]


def test_table_chooses_one_step_above_the_highest_wrong_confidence() -> None:
    def s(conf: float, truth: str, engine: str = "ppocr") -> Sample:
        return Sample("f", engine, "1111112", conf, False, True, truth)

    samples = [s(0.955, "wrong"), s(0.80, "stray"), s(0.99, "right"), s(0.96, "right"), s(0.5, "right")]
    samples += [s(1.0, "other"), s(0.999, "slid"), s(0.999, "right", "tesseract")]
    t = calibrate.table(samples, "ppocr")
    assert t["highest_wrong"] == 0.955 and t["chosen"] == 0.97 and t["lowest_safe_step"] == 0.96
    rows = {r["threshold"]: r for r in t["rows"]}
    assert (rows[0.95]["wrong"], rows[0.95]["right"]) == (1, 2)
    assert (rows[0.96]["wrong"], rows[0.96]["right"], rows[0.96]["right_share"]) == (0, 2, 0.667)
    assert (t["readings"], t["right"], t["wrong"], t["stray"], t["other"], t["slid"]) == (7, 3, 1, 1, 1, 1)


@pytest.mark.skipif(not TRUTH.exists(), reason="samples/images not generated")
def test_calibrate_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The real pipeline, both engines, on two committed pictures (no figure is taken from them)."""
    pytest.importorskip("tesserocr")
    out = tmp_path / "cal.json"
    assert calibrate.main(["--dir", str(IMAGES), "--limit", "2", "--json", str(out), "--quiet"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    tables = {t["engine"]: t for t in report["tables"]}
    assert set(tables) == {"tesseract", "ppocr"}
    samples = report["samples"]
    for engine, t in tables.items():
        assert [r["threshold"] for r in t["rows"]] == list(calibrate.STEPS)
        mine = [s for s in samples if s["engine"] == engine]
        assert t["readings"] == len(mine) == t["right"] + t["wrong"] + t["stray"] + t["other"] + t["slid"]
        for r in t["rows"]:
            assert r["right"] == sum(
                s["truth"] == "right" and s["confidence"] >= r["threshold"] for s in mine
            )
            assert r["wrong"] == sum(
                s["truth"] in ("wrong", "stray") and s["confidence"] >= r["threshold"] for s in mine
            )
    # Both engines read: PP-OCR is asked on every picture while calibrating.
    assert {s["engine"] for s in samples} == {"tesseract", "ppocr"}
    printed = capsys.readouterr().out
    assert "tesseract:" in printed and "ppocr:" in printed
