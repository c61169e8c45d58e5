"""Which QR decoder reads the kit's QR code best: OpenCV's detectors or zxing-cpp.

Why: a QR code is certain when it is read at all, so the decoder that reads
more of the pictures users really send (screenshots, phone photos of a monitor
from near or from across the desk) is the better one.  Run:

    .venv/bin/python -m tools.qr_bench [--photos 40]

Prints, per decoder and picture type, how many were read back exactly and the
median time per picture.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import cv2
import numpy as np
import zxingcpp

from ocr.loading import load_grey
from samples.idgen import make_iid

from .qr_pictures import kit_qr_text, offline_page, photo_jpeg, screenshot_png


def _opencv(grey: np.ndarray) -> list[str]:
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(grey)
    return [text] if text else []


def _opencv_aruco(grey: np.ndarray) -> list[str]:
    text, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(grey)
    return [text] if text else []


def _zxing(grey: np.ndarray) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)]


DECODERS: dict[str, Callable[[np.ndarray], list[str]]] = {
    "opencv QRCodeDetector": _opencv,
    "opencv QRCodeDetectorAruco": _opencv_aruco,
    "zxing-cpp": _zxing,
}


def cases(photos: int) -> list[tuple[str, str, bytes]]:
    """(picture type, the QR text, picture bytes)."""
    rng = random.Random(11)
    out = []
    for k in range(photos):
        iid = make_iid(rng, short=k % 5 == 4)
        link = k % 2 == 0
        text = kit_qr_text(
            rng.choice(["PC-01", "工場-PC3", "LAB-7", "SRV-2025-DC01"]),
            rng.choice(["windows", "esu1", "office", "server"]),
            iid,
            "f520e45e-7413-4a34-a497-d2765967d094" if k % 3 == 0 else "",
            "https://192.168.1.5:8443/" if link else None,
        )
        module = (2, 3, 4, 5)[k % 4]
        screen = offline_page(text, module_px=module)
        out.append((f"screenshot {module}px/module", text, screenshot_png(screen)))
        out.append(("screenshot shrunk to 60%", text, screenshot_png(screen, 0.6)))
        out.append(("photo aimed at the QR, 1600 px", text, photo_jpeg(screen, seed=k, long_side=1600)))
        out.append(("photo aimed at the QR, 800 px", text, photo_jpeg(screen, seed=1000 + k, long_side=800)))
        out.append(
            ("photo of the whole page, 1600 px", text, photo_jpeg(screen, seed=2000 + k, whole_page=True))
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40, help="QR texts to draw (5 pictures each)")
    args = parser.parse_args()
    pictures = [(kind, text, load_grey(data)) for kind, text, data in cases(args.photos)]
    kinds = sorted({k for k, _, _ in pictures})
    for name, decode in DECODERS.items():
        print(f"\n{name}")
        times = []
        total = 0
        for kind in kinds:
            ok = 0
            wrong = 0
            mine = [(t, g) for k, t, g in pictures if k == kind]
            for text, grey in mine:
                start = time.perf_counter()
                got = decode(grey)
                times.append(time.perf_counter() - start)
                ok += text in got
                wrong += any(g != text for g in got)
            total += ok
            print(f"  {kind:36s} {ok:3d}/{len(mine)} read" + (f", {wrong} WRONG" if wrong else ""))
        print(f"  {'all':36s} {total:3d}/{len(pictures)}  median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
