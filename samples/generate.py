"""Make sample pictures of IIDs and CIDs with a truth file.

    .venv/bin/python -m samples.generate --out samples/images --seed 1 --count-per-kind 50
    .venv/bin/python -m samples.generate --out /tmp/fresh --seed 7 --count 100 [--families a,b]

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

from samples import scenes, texts, variations
from samples.families import FAMILIES
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
SAMPLE_NAME = re.compile(r"^\d{3,}_(iid|cid)_\w+_(photo|screenshot)\.(png|jpg|webp)$")
LEGACY = {**IID_LAYOUTS, **CID_LAYOUTS}  # the committed set's layouts, usable as families too
ALL_FAMILIES = (*LEGACY, *FAMILIES)


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


def plan_families(seed: int, count: int, families: tuple[str, ...] = ALL_FAMILIES) -> list[dict]:
    """``count`` pictures spread evenly over ``families`` (the committed set's layouts and the new families)."""
    unknown = [f for f in families if f not in LEGACY and f not in FAMILIES]
    if unknown or not families:
        raise ValueError(f"unknown families {unknown}; known: {', '.join(ALL_FAMILIES)}")
    rng = random.Random(f"families:{seed}")
    order = list(families)
    rng.shuffle(order)  # with fewer pictures than families, the seed picks which families
    items: list[dict] = []
    for name in _spread(rng, {f: 1 / len(order) for f in order}, count):
        if name in FAMILIES:
            fam = FAMILIES[name]
            kind = fam.kind
            photo = rng.random() < fam.photo_share
        else:
            kind = "iid" if name in IID_LAYOUTS else "cid"
            photo = rng.random() < PHOTO_SHARE[kind]
        items.append(
            {
                "kind": kind,
                "layout": name,
                "source": "photo" if photo else "screenshot",
                "lang": rng.choice(("en", "ja")),
                "family": name,
            }
        )
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


def _photo(screen: Screen, scene: scenes.Scene, meta: dict, rng: random.Random) -> tuple[bytes, int]:
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
    return data, orientation


def _draw_family(renderer: Renderer, rng: random.Random, item: dict) -> tuple[dict, bytes, str, int]:
    """One picture of a new family: its truth fields, bytes, extension and EXIF orientation."""
    fam = FAMILIES[item["family"]]
    meta = {k: v for k, v in item.items() if k not in ("kind", "layout", "source", "lang", "family")}
    drawn = fam.build(rng, item["lang"], meta)
    screen = renderer.render(drawn.scene)
    if meta.get("cleartype"):
        screen = variations.cleartype(screen)
    orientation, legible = 1, True
    if item["source"] == "photo":
        data, orientation = _photo(screen, drawn.scene, meta, rng)
        ext = "jpg"
    else:
        pic = getattr(variations, fam.variation or "plain")(screen, rng, meta)
        data, ext, legible = pic.data, pic.ext, pic.legible
    others = [o for o in drawn.others if o not in drawn.hidden]
    hidden = list(drawn.hidden)
    if fam.variation == "redacted_twin":  # the other ID was made unreadable on purpose
        hidden, others = others, []
    if hidden:
        meta["hidden_ids"] = hidden
    # The screen itself may hide part of the ID (a window off the edge, a list pane too narrow).
    fields = {"digits": drawn.digits, "other_ids": others, "legible": legible and screen.whole, "meta": meta}
    return fields, data, ext, orientation


def generate(
    out: Path,
    seed: int,
    per_kind: int = 50,
    log: bool = True,
    count: int | None = None,
    families: tuple[str, ...] | None = None,
) -> list[dict]:
    """Draw the pictures into ``out`` and write ``out/truth.json``; returns the truth.

    Without ``count``: ``2 * per_kind`` pictures of the committed set's layouts (``--seed 1
    --count-per-kind 50`` is the committed set). With ``count``: that many, spread over
    ``families`` (default: all), each entry also naming its ``family`` and whether the whole
    ID is ``legible``.
    """
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():  # pictures of an earlier run would not be in the new truth file
        if SAMPLE_NAME.match(old.name):
            old.unlink()
    mixed = count is not None
    items = plan_families(seed, count, families or ALL_FAMILIES) if mixed else plan(seed, per_kind)
    width = max(3, len(str(len(items))))
    truth: list[dict] = []
    started = time.monotonic()
    with Renderer() as renderer:
        for n, item in enumerate(items):
            rng = random.Random(f"{seed}:{n}")
            head = {k: item[k] for k in ("kind", "layout", "source", "lang")}
            if mixed and item["family"] in FAMILIES:
                fields, data, ext, orientation = _draw_family(renderer, rng, item)
            else:
                scene, digits, others = build_scene(rng, head)
                screen = renderer.render(scene)
                meta = scene.meta
                orientation = 1
                if item["source"] == "photo":
                    data, orientation = _photo(screen, scene, meta, rng)
                    ext = "jpg"
                else:
                    data = screenshot(screen, item, meta, rng)
                    ext = "png"
                extra = {
                    k: v for k, v in meta.items() if k not in ("kind", "layout", "source", "lang", "family")
                }
                fields = {"digits": digits, "other_ids": others, "meta": extra}
                if mixed:
                    fields["legible"] = screen.whole
            name = f"{n + 1:0{width}d}_{item['kind']}_{item['layout']}_{item['source']}.{ext}"
            (out / name).write_bytes(data)
            entry = {"file": name, **head}
            if mixed:
                entry["family"] = item["family"]
                entry["legible"] = fields["legible"]
            entry.update(digits=fields["digits"], other_ids=fields["other_ids"], exif_orientation=orientation)
            entry["meta"] = fields["meta"]
            truth.append(entry)
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
    ap.add_argument(
        "--count-per-kind", type=int, default=50, help="the committed set's recipe: K IID and K CID pictures"
    )
    ap.add_argument("--count", type=int, help="N pictures spread over --families (all families by default)")
    ap.add_argument(
        "--families",
        help=f"comma-separated family names (implies --count, default 100): {', '.join(ALL_FAMILIES)}",
    )
    ap.add_argument("--list-families", action="store_true", help="print each family and the screen it models")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.list_families:
        for name in ALL_FAMILIES:
            doc = FAMILIES[name].doc if name in FAMILIES else "the committed set's layout (samples/README.md)"
            print(f"{name}: {doc}")
        return 0
    families = tuple(f.strip() for f in args.families.split(",") if f.strip()) if args.families else None
    count = args.count if args.count is not None else (100 if families else None)
    try:
        generate(args.out, args.seed, args.count_per_kind, log=not args.quiet, count=count, families=families)
    except ValueError as e:
        ap.error(str(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
