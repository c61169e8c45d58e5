"""What happens to a screenshot on its way to the user: recompression, drawings, cut edges, re-screenshots.

Why: real pictures of an ID are rarely the clean PNG a screen capture makes.
They are posted as GIF or low-quality JPEG/WebP, someone draws a red box and
an arrow on them, the mouse cursor or the text caret sits on the digits, the
crop cuts through the last digits, or a phone takes a screenshot of the
picture in its gallery. Each function here takes the rendered screen (with the
boxes of the digit runs, class ``d``) and returns the finished file; it says
whether the whole ID is still legible, so that the benchmark knows when the
only right answer is "incomplete".
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.render import Box, Screen

UI_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass
class Picture:
    data: bytes
    ext: str  # png, jpg, webp
    legible: bool = True  # every digit of the wanted ID can be read by a person


def _shift(box: Box, dx: int, dy: int) -> Box:
    return (box[0] - dx, box[1] - dy, box[2] - dx, box[3] - dy)


def crop(screen: Screen, box: Box) -> Screen:
    """The screen cut to ``box``, every box moved along (and clipped to the new edges)."""
    h, w = screen.image.shape[:2]
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])

    def clip(b: Box) -> Box:
        b = _shift(b, x0, y0)
        return (max(0, b[0]), max(0, b[1]), min(x1 - x0, b[2]), min(y1 - y0, b[3]))

    return Screen(
        screen.image[y0:y1, x0:x1],
        clip(screen.target),
        clip(screen.window),
        {k: [clip(b) for b in v] for k, v in screen.marks.items()},
        screen.whole,
    )


def window_shot(screen: Screen, rng: random.Random, margin: int = 24) -> Screen:
    """Alt+PrintScreen (the window, a little around it) or a crop a person made."""
    x0, y0, x1, y1 = screen.window
    m = [rng.randint(0, margin) for _ in range(4)]
    return crop(screen, (x0 - m[0], y0 - m[1], x1 + m[2], y1 + m[3]))


def cleartype(screen: Screen) -> Screen:
    """ClearType-like subpixel text from a render at 3x: each of R, G, B samples its own third of a pixel.

    Why: Windows at 100 % draws text with coloured fringes (ClearType); an OCR that
    binarises on one channel or on luminance sees them. The FIR filter across
    subpixels is the one ClearType uses to keep the fringes mild.
    """
    a = screen.image.astype(np.float32)
    h, w = a.shape[0] // 3 * 3, a.shape[1] // 3 * 3
    a = a[:h, :w].reshape(h // 3, 3, w, 3).mean(axis=1)
    kernel = np.array([[1, 2, 3, 2, 1]], np.float32) / 9
    f = cv2.filter2D(a, -1, kernel, borderType=cv2.BORDER_REPLICATE)
    out = np.stack([f[:, c::3, c][:, : w // 3] for c in range(3)], axis=-1)
    img = np.clip(out + 0.5, 0, 255).astype(np.uint8)

    def third(b: Box) -> Box:
        return (b[0] // 3, b[1] // 3, (b[2] + 2) // 3, (b[3] + 2) // 3)

    return Screen(
        img,
        third(screen.target),
        third(screen.window),
        {k: [third(b) for b in v] for k, v in screen.marks.items()},
        screen.whole,
    )


def png(img: np.ndarray | Image.Image) -> bytes:
    pil = img if isinstance(img, Image.Image) else Image.fromarray(img)
    buf = io.BytesIO()
    pil.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def plain(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """A clean PNG: the window (3 in 4) or the whole screen."""
    if rng.random() < 0.75:
        screen = window_shot(screen, rng)
        meta["shot"] = "window"
    else:
        meta["shot"] = "screen"
    return Picture(png(screen.image), "png")


def recompressed(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """The screenshot as a forum or a chat sends it on: 256 colours with dithering (a GIF's look), or JPEG / WebP at low quality."""
    shot = window_shot(screen, rng) if rng.random() < 0.8 else screen
    pil = Image.fromarray(shot.image)
    fmt = rng.choice(("gif256", "gif-web", "jpg", "webp"))
    buf = io.BytesIO()
    # The 256-colour pictures are stored as palette PNGs: the app takes PNG, JPEG, WebP and HEIC,
    # not GIF files, but a GIF's look (its palette and dithering) survives a conversion to PNG.
    if fmt == "gif256":  # the picture's own 256 colours, Floyd-Steinberg dithering
        pil.quantize(256, dither=Image.Dither.FLOYDSTEINBERG).save(buf, "PNG")
    elif fmt == "gif-web":  # the fixed web palette: anti-aliased edges turn into dither patterns
        pil.convert("P", palette=Image.Palette.WEB, dither=Image.Dither.FLOYDSTEINBERG).save(buf, "PNG")
    elif fmt == "jpg":
        q = rng.randint(20, 45)
        pil.save(buf, "JPEG", quality=q, subsampling=2)
        meta["quality"] = q
    else:
        q = rng.randint(10, 35)
        pil.save(buf, "WEBP", quality=q)
        meta["quality"] = q
    meta["encoding"] = fmt
    return Picture(buf.getvalue(), "png" if fmt.startswith("gif") else fmt)


def _digit_runs(screen: Screen) -> list[Box]:
    runs = [b for b in screen.marks.get(".d", []) if b[2] > b[0] and b[3] > b[1]]
    return sorted(runs, key=lambda b: (b[1], b[0])) or [screen.target]


def _cursor(d: ImageDraw.ImageDraw, x: int, y: int, s: int) -> None:
    """The Windows arrow pointer, tip at (x, y): white with a black outline."""
    pts = [(0, 0), (0, 16), (4, 12), (7, 19), (9, 18), (6, 11), (11, 11)]
    d.polygon([(x + px * s / 16, y + py * s / 16) for px, py in pts], fill="white", outline="black")


def annotated(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """Drawn over the screen before it was sent: a red box round the ID, an arrow to it, a line across
    the digits, the mouse cursor on them, a text caret touching the first or the last digit."""
    shot = window_shot(screen, rng, margin=40)
    pil = Image.fromarray(shot.image)
    d = ImageDraw.Draw(pil)
    runs = _digit_runs(shot)
    x0, y0 = min(b[0] for b in runs), min(b[1] for b in runs)
    x1, y1 = max(b[2] for b in runs), max(b[3] for b in runs)
    gh = runs[0][3] - runs[0][1]
    red = rng.choice(("#ff0000", "#e81123", "#ff3b30"))
    chosen = rng.sample(("box", "arrow", "strike", "cursor", "caret"), rng.randint(2, 4))
    if "box" in chosen:
        p = rng.randint(2, 10)
        d.rectangle((x0 - p, y0 - p, x1 + p, y1 + p), outline=red, width=rng.randint(2, 4))
    if "arrow" in chosen:
        tx, ty = rng.randint(x0, max(x0, x1)), (y1 + rng.randint(4, 12))
        sx, sy = tx + rng.randint(-120, 120), ty + rng.randint(40, 140)
        d.line((sx, sy, tx, ty), fill=red, width=rng.randint(3, 5))
        v = np.array([tx - sx, ty - sy], np.float32)
        v /= max(1e-3, float(np.linalg.norm(v)))
        n = np.array([-v[1], v[0]])
        base = np.array([tx, ty]) - v * 16
        d.polygon([(tx, ty), tuple(base + n * 8), tuple(base - n * 8)], fill=red)
    if "strike" in chosen:  # a line across the digits (pen stroke, underline gone astray)
        r = rng.choice(runs)
        y = r[1] + int((r[3] - r[1]) * rng.uniform(0.35, 0.9))
        d.line(
            (r[0] - 4, y, r[2] + 4, y + rng.randint(-2, 2)),
            fill=rng.choice((red, "#000000", "#0078d7")),
            width=rng.randint(1, 2),
        )
    if "cursor" in chosen:
        r = rng.choice(runs)
        _cursor(d, rng.randint(r[0], r[2]), r[3] - rng.randint(1, max(2, gh // 3)), rng.randint(14, 22))
    if "caret" in chosen:
        first = rng.random() < 0.5
        r = runs[0] if first else runs[-1]
        x = r[0] if first else r[2] - 1
        d.line(
            (x, r[1] + 1, x, r[3] - 1),
            fill=tuple(int(v) for v in 255 - shot.image[r[1], min(x, shot.image.shape[1] - 1)]),
            width=1,
        )
        meta["caret"] = "first" if first else "last"
    meta["drawn"] = sorted(chosen)
    return Picture(png(pil), "png")


def edge_cut(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """Cropped tight: the picture's edge cuts through the last (or first) digits, or the bottom edge
    through the line of digits (not legible: the right answer is "incomplete"); or it passes just
    clear of them (legible)."""
    shot = window_shot(screen, rng, margin=30)
    h, w = shot.image.shape[:2]
    runs = _digit_runs(shot)
    last, first = runs[-1], runs[0]
    mode = rng.choice(("right", "right", "bottom", "left", "clear"))
    box = [0, 0, w, h]
    digit_w = max(
        4.0, (last[2] - last[0]) / max(1, round((last[2] - last[0]) / max(1, (last[3] - last[1]) * 0.55)))
    )
    if mode == "right":
        box[2] = int(last[2] - digit_w * rng.uniform(0.4, 3.5))
    elif mode == "left":
        box[0] = int(first[0] + digit_w * rng.uniform(0.4, 3.5))
    elif mode == "bottom":
        box[3] = int(last[1] + (last[3] - last[1]) * rng.uniform(0.35, 0.65))
    else:
        box[2] = min(w, max(b[2] for b in runs) + rng.randint(2, 4))
    meta["cut"] = mode
    cut = crop(shot, tuple(box))
    return Picture(png(cut.image), "png", legible=mode == "clear")


def screen_of_screen(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """A phone's screenshot of the picture in its gallery: status bar with clock and battery, the app's
    bar, the picture fitted to the width, and a strip of thumbnails with a tiny second copy of it below."""
    shot = window_shot(screen, rng)
    W, H = 1080, rng.choice((2340, 2400))
    dark = rng.random() < 0.7
    bg, fg = ((0, 0, 0), (255, 255, 255)) if dark else ((250, 250, 250), (20, 20, 20))
    canvas = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(canvas)
    f = ImageFont.truetype(UI_FONT, 36)
    clock = f"{rng.randint(7, 23)}:{rng.randint(0, 59):02d}"
    d.text((40, 22), clock, font=f, fill=fg)
    d.text((W - 190, 22), f"5G {rng.randint(10, 99)}%", font=f, fill=fg)
    d.text((40, 120), "\u2190", font=ImageFont.truetype(UI_FONT, 48), fill=fg)
    d.text(
        (120, 128),
        f"Screenshot_2025{rng.randint(1001, 1231)}_{rng.randint(100000, 235959)}.png",
        font=ImageFont.truetype(UI_FONT, 30),
        fill=fg,
    )
    pil = Image.fromarray(shot.image)
    top, strip = 240, 260
    scale = min(W / pil.width, (H - top - strip - 80) / pil.height)
    main = pil.resize((round(pil.width * scale), round(pil.height * scale)), Image.Resampling.LANCZOS)
    my = top + (H - top - strip - main.height) // 2
    canvas.paste(main, ((W - main.width) // 2, my))
    ty = H - strip
    for i in range(6):
        x = 30 + i * 172
        if i == 2:
            tiny = pil.resize((150, max(8, round(pil.height * 150 / pil.width))), Image.Resampling.LANCZOS)
            canvas.paste(tiny.crop((0, 0, 150, min(tiny.height, 150))), (x, ty))
        else:
            c = rng.randint(40, 200)
            d.rectangle((x, ty, x + 150, ty + 150), fill=(c, c + 20 if c < 230 else c, 255 - c))
    meta.update(phone=[W, H], clock=clock, shown_scale=round(scale, 3))
    if rng.random() < 0.3:
        buf = io.BytesIO()
        canvas.save(buf, "JPEG", quality=rng.randint(80, 92))
        return Picture(buf.getvalue(), "jpg")
    return Picture(png(canvas), "png")


def large_desktop(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """PrintScreen of a whole large desktop at 100% scaling (2560x1440 or 3840x2160): the window somewhere
    on the wallpaper, icon captions down the left, a taskbar with the clock and the date; a quarter sent on as JPEG."""
    shot = window_shot(screen, rng)
    W, H = rng.choice(((2560, 1440), (3840, 2160)))
    top, bottom = rng.choice(
        (((0, 84, 147), (0, 40, 90)), ((58, 110, 165), (20, 30, 50)), ((40, 40, 40), (10, 10, 10)))
    )
    ramp = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    wall = (np.array(top, np.float32) * (1 - ramp) + np.array(bottom, np.float32) * ramp).astype(np.uint8)
    canvas = Image.fromarray(np.repeat(wall, W, axis=1))
    d = ImageDraw.Draw(canvas)
    small = ImageFont.truetype(UI_FONT, 12)
    names = ("Recycle Bin", "This PC", "Network", "Microsoft Edge", "Invoices 2025", "scan_0042.pdf", "Tools")
    for k, name in enumerate(names[: rng.randint(3, len(names))]):
        y = 16 + 96 * k
        d.rectangle(
            (30, y, 72, y + 42), fill=(rng.randint(150, 240), rng.randint(150, 240), rng.randint(150, 240))
        )
        d.text((51 - d.textlength(name, font=small) / 2, y + 48), name, font=small, fill=(255, 255, 255))
    bar = 48
    d.rectangle((0, H - bar, W, H), fill=(28, 28, 32))
    clock = f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}"
    date = f"{rng.randint(2025, 2026)}/{rng.randint(1, 12)}/{rng.randint(1, 28)}"
    d.text((W - 96, H - 42), clock, font=small, fill=(255, 255, 255))
    d.text((W - 104, H - 24), date, font=small, fill=(255, 255, 255))
    pil = Image.fromarray(shot.image)
    x = rng.randint(120, max(120, W - pil.width - 40))
    y = rng.randint(20, max(20, H - bar - pil.height - 20))
    canvas.paste(pil, (x, y))
    meta.update(desktop=[W, H], at=[x, y])
    if rng.random() < 0.25:
        buf = io.BytesIO()
        canvas.save(buf, "JPEG", quality=rng.randint(85, 95))
        return Picture(buf.getvalue(), "jpg")
    return Picture(png(canvas), "png")


def redacted_twin(screen: Screen, rng: random.Random, meta: dict) -> Picture:
    """Two IIDs on the screen, one left sharp and the other pixelated or blurred by the sender (the sharp one is wanted)."""
    shot = window_shot(screen, rng)
    img = shot.image.copy()
    how = rng.choice(("pixelate", "blur"))
    for x0, y0, x1, y1 in shot.marks.get(".o", []):
        x0, y0, x1, y1 = max(0, x0 - 2), max(0, y0 - 1), min(img.shape[1], x1 + 2), min(img.shape[0], y1 + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        part = img[y0:y1, x0:x1]
        if how == "pixelate":
            b = rng.randint(5, 9)
            small = cv2.resize(
                part, (max(1, (x1 - x0) // b), max(1, (y1 - y0) // b)), interpolation=cv2.INTER_AREA
            )
            img[y0:y1, x0:x1] = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
        else:
            img[y0:y1, x0:x1] = cv2.GaussianBlur(part, (0, 0), rng.uniform(2.5, 5))
    meta["redaction"] = how
    return Picture(png(replace(shot, image=img).image), "png")
