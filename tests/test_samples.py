"""The committed sample pictures, their truth file, the generator and the benchmark's scoring."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from activation.ids import FORMS_BY_LENGTH, analyse, parse_ids
from samples import benchmark, generate, texts
from samples.idgen import PUBLIC_IIDS_54, PUBLIC_IIDS_63, make_cid, make_iid
from samples.photo import make_photo

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "samples" / "images"
TRUTH = (
    json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))
    if (IMAGES / "truth.json").exists()
    else []
)


def check_truth(folder: Path, truth: list[dict]) -> None:
    """Every entry names an existing, decodable picture whose IDs are valid and of the stated kind."""
    assert truth, "empty truth file"
    names = [e["file"] for e in truth]
    assert len(set(names)) == len(names)
    on_disk = {p.name for p in folder.iterdir() if generate.SAMPLE_NAME.match(p.name)}
    assert on_disk == set(names), "pictures and truth.json disagree"
    for e in truth:
        assert e["kind"] in ("iid", "cid") and e["source"] in ("photo", "screenshot")
        assert e["lang"] in ("en", "ja")
        assert (
            e["file"]
            == f"{e['file'][:3]}_{e['kind']}_{e['layout']}_{e['source']}.{e['file'].rsplit('.', 1)[1]}"
        )
        parsed = analyse(e["digits"])
        assert parsed.valid and parsed.kind == e["kind"], e["file"]
        for other in e["other_ids"]:
            assert analyse(other).valid and other != e["digits"]
        with Image.open(folder / e["file"]) as img:
            img.load()
            assert img.format == ("JPEG" if e["source"] == "photo" else "PNG")
            assert img.getexif().get(0x0112, 1) == e["exif_orientation"]
            assert min(img.size) >= 100


@pytest.mark.skipif(not TRUTH, reason="samples/images not generated")
def test_committed_set_matches_its_truth_file() -> None:
    check_truth(IMAGES, TRUTH)


@pytest.mark.skipif(not TRUTH, reason="samples/images not generated")
def test_committed_set_has_the_promised_mix() -> None:
    kinds = [e["kind"] for e in TRUTH]
    photos = sum(e["source"] == "photo" for e in TRUTH) / len(TRUTH)
    assert 80 <= len(TRUTH) <= 130 and abs(kinds.count("iid") - kinds.count("cid")) <= 2
    assert 0.5 <= photos <= 0.7
    layouts = {e["layout"] for e in TRUTH}
    assert set(generate.IID_LAYOUTS) | set(generate.CID_LAYOUTS) <= layouts
    assert {len(e["digits"]) for e in TRUTH} == {63, 54, 48}
    assert {e["exif_orientation"] for e in TRUTH} >= {1, 6}
    assert sum(p.stat().st_size for p in IMAGES.iterdir()) < 16_000_000


def test_random_ids_are_valid_and_vary_with_the_seed() -> None:
    for seed in range(20):
        rng = random.Random(seed)
        for digits in (make_iid(rng), make_iid(rng, short=True), make_cid(rng)):
            assert analyse(digits).valid
    assert make_cid(random.Random(1)) != make_cid(random.Random(2))
    for public in PUBLIC_IIDS_63 + PUBLIC_IIDS_54:
        assert analyse(public).valid


def test_console_wraps_at_the_column_count_and_keeps_every_digit() -> None:
    iid = make_iid(random.Random(3))
    lines = texts.wrap_console(["Installation ID: " + iid], 72)
    assert [len(x) for x in lines] == [72, 8]
    assert parse_ids("".join(lines))[0].digits == iid
    # Japanese labels are double width in the console
    assert texts.columns("インストール ID: ") == 17


def test_dlv_text_holds_both_ids_in_order() -> None:
    rng = random.Random(4)
    win, esu = make_iid(rng), make_iid(rng)
    for lang in ("en", "ja"):
        found = [p.digits for p in parse_ids("\n".join(texts.dlv(rng, win, esu, lang)), "iid") if p.valid]
        assert found == [win, esu]


def test_plan_is_deterministic_and_balanced() -> None:
    a, b = generate.plan(7, 10), generate.plan(7, 10)
    assert a == b and generate.plan(8, 10) != a
    assert sum(i["kind"] == "iid" for i in a) == 10
    assert {i["source"] for i in a} == {"photo", "screenshot"}


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_photo_exif_orientation_gives_the_upright_picture(orientation: int) -> None:
    screen = np.full((300, 500, 3), 255, np.uint8)
    screen[40:80, 30:200] = 0  # a dark bar in the top left corner
    data, info = make_photo(screen, (30, 40, 200, 80), random.Random(0), 800, orientation, text_px=30)
    img = Image.open(io.BytesIO(data))
    assert img.getexif().get(0x0112, 1) == orientation
    upright = np.asarray(ImageOps.exif_transpose(img).convert("L"), dtype=np.float32)
    h, w = upright.shape
    assert w > h  # landscape again
    # the bar stays left of the picture's centre after honouring EXIF
    dark = np.argwhere(upright < upright.mean() - 40)
    assert dark[:, 1].mean() < w / 2
    assert 40 <= info["photo"]["jpeg_quality"] <= 95


def test_generator_tiny_run_makes_a_consistent_set(tmp_path: Path) -> None:
    """Real Chromium, real photo effects: 2 pictures of each kind."""
    truth = generate.generate(tmp_path, seed=5, per_kind=2, log=False)
    stored = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert stored == truth and len(truth) == 4
    check_truth(tmp_path, truth)
    for e in truth:
        assert FORMS_BY_LENGTH[len(e["digits"])].kind == e["kind"]


def test_benchmark_scores_silent_wrong_and_confirm() -> None:
    truth = [
        {"file": "a", "kind": "iid", "source": "photo", "digits": "1"},
        {"file": "b", "kind": "iid", "source": "photo", "digits": "2"},
        {"file": "c", "kind": "cid", "source": "photo", "digits": "3"},
    ]
    ours = {
        "a": {"digits": "1", "complete": True, "seconds": 1.0},
        "b": {"digits": "9", "complete": True, "seconds": 2.0},  # silent wrong
        "c": {"digits": "8", "complete": False, "seconds": 3.0},  # asked to confirm
    }
    fig = benchmark.score("ours", truth, ours)
    assert (fig["n"], fig["exact"], fig["silent_wrong"]) == (3, 1, 1)
    assert fig["asked_to_confirm"] == pytest.approx(1 / 3, abs=0.001) and fig["p50_s"] == 2.0
    base = {k: {"digits": v["digits"], "valid": v["complete"], "seconds": 1} for k, v in ours.items()}
    assert benchmark.score("tesseract", truth, base)["silent_wrong"] == 1


def test_reading_order_joins_boxes_into_lines() -> None:
    box = lambda x, y: [[x, y], [x + 50, y], [x + 50, y + 20], [x, y + 20]]  # noqa: E731
    text = benchmark._reading_order([box(100, 52), box(0, 50), box(0, 0)], ["B", "A", "title"])
    assert text == "title\nA B"


@pytest.mark.skipif(not TRUTH, reason="samples/images not generated")
def test_benchmark_runs_tesseract_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bench.json"
    args = ["--dir", str(IMAGES), "--engines", "tesseract", "--limit", "1", "--json", str(out)]
    assert benchmark.main(args) == 0
    report = json.loads(out.read_text())
    figs = report["engines"]["tesseract"]["figures"]["all/all"]
    assert figs["n"] == 1 and report["engines"]["tesseract"]["summary"]["peak_rss_kb"] > 10_000
    assert "tesseract" in capsys.readouterr().out
