"""The kit's QR code in a picture: read before any OCR, because a QR code is certain.

Why zxing-cpp and not OpenCV's QR detector (already a dependency): on the kit's
QR code drawn and photographed by tools/qr_bench.py, zxing-cpp read 165 of 200
pictures (median 3-11 ms), OpenCV's QRCodeDetectorAruco 134 (51-201 ms) and
QRCodeDetector 122 (129-234 ms); zxing-cpp reads every photo aimed at the code.

A QR code is claimed only when it holds the kit's payload (``AOH:...`` or a link
with ``#aoh=1...``) or a bare IID, and every group's check digit holds: a QR
code with a wrong digit in it is passed over and the picture is read by OCR,
which shows the user the group that fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp

from activation.kitfiles import QrPayload, parse_qr

from .result import Group, OtherId, QrOrigin, Result

Box = list[int]  # x, y, width, height in the upright picture, as the OCR result's boxes


@dataclass(frozen=True)
class FoundQr:
    payload: QrPayload
    box: Box


def decode(grey: np.ndarray) -> list[tuple[str, Box]]:
    """Every QR code's text in ``grey`` with its box, in reading order (top to bottom, left to right)."""
    found = []
    for code in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode):
        if not code.valid or not code.text:
            continue
        p = code.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
        x0, y0 = max(0, min(xs)), max(0, min(ys))
        found.append((code.text, [x0, y0, max(xs) - x0, max(ys) - y0]))
    return sorted(found, key=lambda f: (f[1][1], f[1][0]))


def kit_codes(grey: np.ndarray) -> list[FoundQr]:
    """The QR codes in ``grey`` that carry an IID whose every check digit holds."""
    found = []
    for text, box in decode(grey):
        payload = parse_qr(text)
        if payload is not None and payload.iid.valid:
            found.append(FoundQr(payload, box))
    return found


def read_qr(grey: np.ndarray, kind: str) -> Result | None:
    """The OCR result's shape for the first kit QR code in ``grey``, or None to let OCR read the picture.

    Only IIDs travel in QR codes (the portal shows a CID as text), so a CID request is left to OCR.
    """
    if kind != "iid":
        return None
    codes = kit_codes(grey)
    if not codes:
        return None
    first = codes[0]
    iid = first.payload.iid
    others: list[OtherId] = []
    for c in codes[1:]:
        if c.payload.iid.digits != iid.digits and all(o.digits != c.payload.iid.digits for o in others):
            others.append(OtherId(c.payload.iid.digits, c.payload.iid.form.name, "qr"))
    x, y, w, h = first.box
    return Result(
        kind,
        digits=iid.digits,
        complete=True,
        form=iid.form.name,
        order_certain=True,
        layout="qr",
        groups=tuple(Group(g.label, g.text, True, 1.0, (x, y, w, h), False) for g in iid.groups),
        candidates=tuple(others),
        qr=QrOrigin(first.payload.pc, first.payload.product, first.payload.activation_id),
    )
