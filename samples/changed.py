"""Drawn pictures changed the way real ones differ from the generator's: a hunt for silent-wrongs.

Why: the generator's families and variations are what the pipeline was built
against; real pictures also come turned by a few degrees (a photo straightened
by hand, a phone held askew), shrunk by a messaging app, enlarged (a phone's
screenshot at 3x), blurred, inverted (a dark theme, an accessibility setting),
recompressed hard, or dim (a server room).  A sweep of such changes over one
fresh seed found four pictures answered complete and wrong, where the drawn
pictures had one.  Each change here takes a picture already drawn by
``samples.generate`` and writes it with a truth file the benchmark reads
(``--dir``); ``family`` names the change, so the benchmark's table is per change.

    .venv/bin/python -m samples.generate --out /tmp/drawn --seed 5760 --count 72 --quiet
    .venv/bin/python -m samples.changed /tmp/drawn /tmp/changed
    make bench ARGS="--dir /tmp/changed --engines before,ours"
"""

from __future__ import annotations

import argparse
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

TURN_DEG = (3.0, 8.0)  # a turn's size, either way
SHRINK = 0.6  # a messaging app's resizing
ENLARGE = 1.7  # a phone's screenshot of a zoomed page
BLUR_PX = 1.3  # Gaussian radius
HARD_JPEG = 20  # quality
DIM = (0.35, 10)  # gain, offset: an underexposed photo of a screen


def _edge_colour(img: Image.Image) -> tuple[int, ...]:
    """The median colour of the picture's border: what a turned picture's new corners are filled with."""
    a = np.asarray(img)
    edge = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    return tuple(int(v) for v in np.median(edge, axis=0))


def turned(img: Image.Image, rng: random.Random) -> Image.Image:
    """Turned by 3 to 8 degrees either way; the canvas grows, so nothing is cut."""
    angle = rng.uniform(*TURN_DEG) * rng.choice((-1, 1))
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=_edge_colour(img))


def shrunk(img: Image.Image, rng: random.Random) -> Image.Image:
    return img.resize((round(img.width * SHRINK), round(img.height * SHRINK)), Image.Resampling.LANCZOS)


def enlarged(img: Image.Image, rng: random.Random) -> Image.Image:
    return img.resize((round(img.width * ENLARGE), round(img.height * ENLARGE)), Image.Resampling.BICUBIC)


def blurred(img: Image.Image, rng: random.Random) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(BLUR_PX))


def inverted(img: Image.Image, rng: random.Random) -> Image.Image:
    return ImageOps.invert(img)


def dim(img: Image.Image, rng: random.Random) -> Image.Image:
    gain, offset = DIM
    return img.point(lambda v: round(v * gain + offset))


def recompressed_hard(img: Image.Image, rng: random.Random) -> Image.Image:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=HARD_JPEG)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


CHANGES: dict[str, Callable[[Image.Image, random.Random], Image.Image]] = {
    f.__name__: f for f in (turned, shrunk, enlarged, blurred, inverted, dim, recompressed_hard)
}


def change(src: Path, out: Path, names: tuple[str, ...] = tuple(CHANGES)) -> list[dict]:
    """Every picture of ``src`` (a folder with truth.json) under each change in ``names``,
    written to ``out`` with its truth.json; returns the truth.

    Photos are written as JPEG (quality 92), screenshots as PNG; EXIF orientation is applied
    first, and none is written.  An entry keeps its ID and legibility, names the change as its
    ``family`` and its own family as ``drawn_family``.
    """
    unknown = [n for n in names if n not in CHANGES]
    if unknown:
        raise ValueError(f"unknown changes {unknown}; known: {', '.join(CHANGES)}")
    out.mkdir(parents=True, exist_ok=True)
    truth: list[dict] = []
    for entry in json.loads((src / "truth.json").read_text(encoding="utf-8")):
        with Image.open(src / entry["file"]) as opened:
            img = ImageOps.exif_transpose(opened).convert("RGB")
        for name in names:
            rng = random.Random(f"{entry['file']}:{name}")
            pic = CHANGES[name](img, rng)
            photo = entry["source"] == "photo"
            file = f"{name}_{Path(entry['file']).stem}.{'jpg' if photo else 'png'}"
            pic.save(out / file, **({"format": "JPEG", "quality": 92} if photo else {"format": "PNG"}))
            truth.append(
                {
                    **entry,
                    "file": file,
                    "family": name,
                    "drawn_family": entry.get("family", entry.get("layout")),
                    "exif_orientation": 1,
                }
            )
    (out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.changed", description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="a folder drawn by samples.generate (with truth.json)")
    ap.add_argument("out", type=Path)
    ap.add_argument("--changes", default=",".join(CHANGES), help=f"comma-separated: {', '.join(CHANGES)}")
    args = ap.parse_args(argv)
    truth = change(args.src, args.out, tuple(n for n in args.changes.split(",") if n))
    print(f"{len(truth)} pictures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
