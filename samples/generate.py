"""Make sample pictures of IIDs and CIDs with a truth file.

    .venv/bin/python -m samples.generate --out samples/images --seed 1 --count-per-kind 50

Why: the OCR pipeline is measured (samples/benchmark.py) on pictures like the
ones users send, and judged on a fresh set drawn with another seed
(``--seed 2 --out /tmp/holdout``): IDs, fonts, sizes, colours, window sizes and
positions, and the photo effects all come from the seed.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from samples import scenes, texts
from samples.idgen import make_cid, make_iid
from samples.photo import make_photo
from samples.render import Renderer, Screen

IID_LAYOUTS = {  # layout -> share of the IID pictures
    "console_dti": 0.30,
    "msgbox_dti": 0.18,
    "dlv_console": 0.16,
    "dlv_box": 0.08,
    "grid_row9": 0.14,
    "grid_3x3": 0.14,
}
CID_LAYOUTS = {"card_5x3": 0.55, "card_row8": 0.15, "card_4x2": 0.15, "card_list": 0.15}
PHOTO_SHARE = {"iid": 0.65, "cid": 0.55}
SAMPLE_NAME = re.compile(r"^\d{3}_(iid|cid)_\w+_(photo|screenshot)\.(png|jpg)$")


def _spread(rng: random.Random, shares: dict[str, float], n: int) -> list[str]:
    """``n`` items in the given shares (rounded), shuffled: every kind is present even for small n."""
    names = list(shares)
    counts = {k: int(shares[k] * n) for k in names}
    order = sorted(names, key=lambda k: -(shares[k] * n - counts[k]))
    i = 0
    while sum(counts.values()) < n:
        counts[order[i % len(order)]] += 1
        i += 1
    items = [k for k in names for _ in range(counts[k])]
    rng.shuffle(items)
    return items


def plan(seed: int, per_kind: int) -> list[dict]:
    """What to draw: one dict per picture (kind, layout, source, lang, ...)."""
    rng = random.Random(seed)
    items: list[dict] = []
    for kind, layouts in (("iid", IID_LAYOUTS), ("cid", CID_LAYOUTS)):
        lay = _spread(rng, layouts, per_kind)
        src = _spread(rng, {"photo": PHOTO_SHARE[kind], "screenshot": 1 - PHOTO_SHARE[kind]}, per_kind)
        lang = _spread(rng, {"ja": 0.5, "en": 0.5}, per_kind)
        for layout, source, lg in zip(lay, src, lang, strict=True):
            items.append({"kind": kind, "layout": layout, "source": source, "lang": lg})
    rng.shuffle(items)
    return items


def build_scene(rng: random.Random, item: dict) -> tuple[scenes.Scene, str, list[str]]:
    """The scene for one planned picture, the wanted ID and the other IDs in it."""
    kind, layout, lang = item["kind"], item["layout"], item["lang"]
    meta = dict(item)
    if kind == "iid":
        short = rng.random() < 0.25 and not layout.startswith("dlv")
        iid = make_iid(rng, short=short)
        meta["form"] = "iid54" if short else "iid63"
        if layout == "console_dti":
            meta["shell"] = "powershell" if rng.random() < 0.15 else "cmd"
            meta["cols"] = rng.choice((80, 80, 120, 120, 100, 72, 66, 76))
            lines = texts.console_dti(rng, iid, lang, meta["shell"])
            return _console(rng, lines, texts.LABELS[lang]["iid"] + iid, lang, meta), iid, []
        if layout in ("dlv_console", "dlv_box"):
            esu = make_iid(rng, public_share=0)
            body = texts.dlv(rng, iid, esu, lang)
            label = texts.LABELS[lang]["iid"] + iid
            if layout == "dlv_box":
                return scenes.msgbox(rng, body, lang, body.index(label), meta), iid, [esu]
            meta["shell"], meta["cols"] = "cmd", rng.choice((80, 120, 100, 76, 72))
            lines = [
                f"{texts.prompt('cmd')}cscript %WinDir%\\system32\\slmgr.vbs /dlv all",
                *texts.WSH_BANNER,
                "",
            ]
            lines += body + ["", texts.prompt("cmd")]
            return _console(rng, lines, label, lang, meta), iid, [esu]
        if layout == "msgbox_dti":
            return scenes.msgbox(rng, [texts.LABELS[lang]["iid"] + iid], lang, 0, meta), iid, []
        return scenes.iid_grid(rng, iid, lang, meta), iid, []
    cid = make_cid(rng)
    meta["form"] = "cid48"
    meta["theme"] = "dark" if rng.random() < 0.35 else "light"
    if item["source"] == "photo":
        meta["frame"] = "desktop"
    else:
        meta["frame"] = rng.choice(("desktop", "lowres", "phone", "phone"))
    echo = meta["frame"] == "phone" or rng.random() < 0.3
    iid = make_iid(rng, short=rng.random() < 0.15) if echo else None
    return scenes.portal(rng, cid, iid, lang, meta), cid, [iid] if iid else []


def _console(rng: random.Random, lines: list[str], wanted: str, lang: str, meta: dict) -> scenes.Scene:
    """Wrap at the window's column count and mark the wrapped lines that hold the ID."""
    cols = meta["cols"]
    out: list[str] = []
    target = None
    for line in lines:
        wrapped = texts.wrap_console([line], cols)
        if line == wanted and target is None:
            target = (len(out), len(out) + len(wrapped))
        out += wrapped
    meta["wrapped"] = bool(target and target[1] - target[0] > 1)
    return scenes.console(rng, out, lang, target, meta)


def _crop(img: np.ndarray, box: tuple[int, int, int, int], rng: random.Random, margin: int) -> np.ndarray:
    x0, y0, x1, y1 = box
    h, w = img.shape[:2]
    m = [rng.randint(0, margin) for _ in range(4)]
    return img[max(0, y0 - m[0]) : min(h, y1 + m[1]), max(0, x0 - m[2]) : min(w, x1 + m[3])]


def screenshot(screen: Screen, item: dict, meta: dict, rng: random.Random) -> bytes:
    """A clean PNG: the window (Alt+PrintScreen), the whole screen, or the page as the phone shows it."""
    img = screen.image
    if item["kind"] == "iid":
        if rng.random() < 0.75:
            img = _crop(img, screen.window, rng, 30)
            meta["shot"] = "window"
        else:
            meta["shot"] = "screen"
    else:
        meta["shot"] = "page"
    pil = Image.fromarray(img)
    if pil.width > 1600 and meta["frame" if "frame" in meta else "shot"] != "phone":
        factor = 1600 / pil.width  # a sensible size to store; the digits stay sharp
        pil = pil.resize((1600, round(pil.height * factor)), Image.Resampling.LANCZOS)
        meta["resized"] = round(factor, 3)
    buf = io.BytesIO()
    pil.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def generate(out: Path, seed: int, per_kind: int, log: bool = True) -> list[dict]:
    """Draw ``2 * per_kind`` pictures into ``out`` and write ``out/truth.json``; returns the truth."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():  # pictures of an earlier run would not be in the new truth file
        if SAMPLE_NAME.match(old.name):
            old.unlink()
    items = plan(seed, per_kind)
    truth: list[dict] = []
    started = time.monotonic()
    with Renderer() as renderer:
        for n, item in enumerate(items):
            rng = random.Random(f"{seed}:{n}")
            scene, digits, others = build_scene(rng, item)
            screen = renderer.render(scene)
            meta = scene.meta
            orientation = 1
            if item["source"] == "photo":
                r = rng.random()
                orientation = 6 if r < 0.2 else 8 if r < 0.25 else 3 if r < 0.3 else 1
                text_px = meta.get("font_px", 16) * scene.scale
                data, info = make_photo(
                    screen.image,
                    screen.target,
                    rng,
                    long_side=rng.choice((1280, 1440, 1600)),
                    exif_orientation=orientation,
                    text_px=text_px,
                )
                meta.update(info)
                ext = "jpg"
            else:
                data = screenshot(screen, item, meta, rng)
                ext = "png"
            name = f"{n + 1:03d}_{item['kind']}_{item['layout']}_{item['source']}.{ext}"
            (out / name).write_bytes(data)
            extra = {k: v for k, v in meta.items() if k not in ("kind", "layout", "source", "lang")}
            truth.append(
                {
                    "file": name,
                    "kind": item["kind"],
                    "layout": item["layout"],
                    "source": item["source"],
                    "lang": item["lang"],
                    "digits": digits,
                    "other_ids": others,
                    "exif_orientation": orientation,
                    "meta": extra,
                }
            )
            if log:
                print(f"{name}  {len(data) // 1024} KB", file=sys.stderr)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if log:
        total = sum((out / t["file"]).stat().st_size for t in truth)
        print(
            f"{len(truth)} pictures, {total / 1e6:.1f} MB, {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("samples/images"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count-per-kind", type=int, default=50, help="pictures of IIDs, and as many of CIDs")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    generate(args.out, args.seed, args.count_per_kind, log=not args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
