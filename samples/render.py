"""One headless Chromium for the whole run: HTML in, a screen image and the boxes of interest out.

Why one browser: starting Chromium takes ~1 s; a page per scene is cheap.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from PIL import Image
from playwright.sync_api import Browser, sync_playwright

from samples.scenes import Scene

CHROMIUM = "/usr/bin/chromium"
# Headless, offline, no background traffic: also what the end-to-end tests launch.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The samples also turn font hinting off, so glyph shapes do not depend on the machine's settings.
RENDER_ARGS = [*CHROMIUM_ARGS, "--font-render-hinting=none"]

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in device pixels

# Whether all of an element's text lies within its frame's viewport and within every box around
# it that clips what overflows (VAMT's list pane cuts a 63-digit IID; a console scrolls it off),
# and where that text is from the element's top left corner: the text, not the element's box,
# must be on the screen (a CID card whose box runs past the screen's bottom edge while its
# last row of digits stands above it is legible).
WHOLE_JS = """e => {
  const clips = [[0, 0, window.innerWidth, window.innerHeight]];
  for (let a = e; a && a !== document.documentElement; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
      const q = a.getBoundingClientRect();
      clips.push([q.left, q.top, q.right, q.bottom]);
    }
  }
  // Each text's ink, not its line box: the box of a Japanese font stands well above and below
  // its digits (Noto Sans CJK's is 1.45 em tall), and a clip through that margin hides nothing.
  const ctx = document.createElement('canvas').getContext('2d');
  const boxes = [];
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (!t.data.trim()) continue;
    const cs = getComputedStyle(t.parentElement);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const m = ctx.measureText(t.data.trim());
    const range = document.createRange();
    range.selectNodeContents(t);
    for (const r of range.getClientRects()) {
      if (r.width <= 0 || r.height <= 0) continue;
      const fits = Math.abs(r.height - m.fontBoundingBoxAscent - m.fontBoundingBoxDescent) <= 1;
      const base = r.top + m.fontBoundingBoxAscent;
      // A box of another height (a fallback font's) is taken whole: never judged more lenient.
      boxes.push(fits ? [r.left, base - m.actualBoundingBoxAscent, r.right, base + m.actualBoundingBoxDescent]
                      : [r.left, r.top, r.right, r.bottom]);
    }
  }
  const b = e.getBoundingClientRect();
  if (!boxes.length) boxes.push([b.left, b.top, b.right, b.bottom]);
  const inside = boxes.every(r => clips.every(v =>
    r[0] >= v[0] - 1 && r[1] >= v[1] - 1 && r[2] <= v[2] + 1 && r[3] <= v[3] + 1));
  const text = [Math.min(...boxes.map(r => r[0])) - b.left, Math.min(...boxes.map(r => r[1])) - b.top,
                Math.max(...boxes.map(r => r[2])) - b.left, Math.max(...boxes.map(r => r[3])) - b.top];
  return {inside, text};
}"""


@dataclass
class Screen:
    image: np.ndarray  # RGB uint8, the whole viewport
    target: Box  # the element that holds the wanted ID
    window: Box  # the window / card around it
    marks: dict[str, list[Box]] = field(default_factory=dict)  # scene.marks selector -> its boxes
    whole: bool = True  # the wanted ID was all on the rendered screen (not clipped, scrolled or off the edge)


class Renderer:
    def __init__(self) -> None:
        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=RENDER_ARGS)
        self._hinted: dict[str, Browser] = {}  # hinting -> a second browser, started on first use

    def _browser_for(self, hinting: str) -> Browser:
        """Hinting is a browser-wide flag: scenes of Windows at 96 DPI (glyphs snapped to the pixel grid) need their own."""
        if hinting == "none":
            return self._browser
        if hinting not in self._hinted:
            args = [*CHROMIUM_ARGS, f"--font-render-hinting={hinting}"]
            self._hinted[hinting] = self._pw.chromium.launch(executable_path=CHROMIUM, args=args)
        return self._hinted[hinting]

    def close(self) -> None:
        for browser in (self._browser, *self._hinted.values()):
            browser.close()
        self._pw.stop()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def render(self, scene: Scene) -> Screen:
        w, h = scene.viewport
        page = self._browser_for(scene.hinting).new_page(
            viewport={"width": w, "height": h}, device_scale_factor=scene.scale
        )
        try:
            page.set_content(scene.html, wait_until="load")
            page.evaluate("document.fonts.ready")
            boxes = []
            whole = True
            for sel in (scene.target, scene.window):
                # the target may live in an iframe (a page shown inside a drawn browser window)
                scope = page.frame_locator(scene.frame) if scene.frame and sel == scene.target else page
                element = scope.locator(sel).first
                b = element.bounding_box()
                if b is None:
                    raise RuntimeError(f"{sel} not laid out")
                if sel == scene.target:
                    seen = element.evaluate(WHOLE_JS)
                    left, top, right, bottom = (
                        a + d for a, d in zip(seen["text"], (b["x"], b["y"]) * 2, strict=True)
                    )
                    on_screen = left >= -1 and top >= -1 and right <= w + 1 and bottom <= h + 1
                    whole = on_screen and bool(seen["inside"])
                s = scene.scale
                boxes.append(
                    (
                        max(0, int(b["x"] * s)),
                        max(0, int(b["y"] * s)),
                        min(int(w * s), int((b["x"] + b["width"]) * s + 0.999)),
                        min(int(h * s), int((b["y"] + b["height"]) * s + 0.999)),
                    )
                )
            marks = {sel: self._rects(page, scene, sel) for sel in scene.marks}
            png = page.screenshot(type="png")
        finally:
            page.close()
        img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        return Screen(img, boxes[0], boxes[1], marks, whole)

    @staticmethod
    def _rects(page, scene: Scene, sel: str) -> list[Box]:
        """Every line box of every element matching ``sel`` (a wrapped span has one per line)."""
        rects = page.evaluate(
            "sel => Array.from(document.querySelectorAll(sel)).flatMap(e => "
            "Array.from(e.getClientRects()).map(r => [r.left, r.top, r.right, r.bottom]))",
            sel,
        )
        s = scene.scale
        return [
            (int(x0 * s), int(y0 * s), int(x1 * s + 0.999), int(y1 * s + 0.999)) for x0, y0, x1, y1 in rects
        ]
