"""HEIC, the iPhone camera's format: decoded by pillow-heif, read like any other picture."""

from __future__ import annotations

import io
import json
import urllib.request
import uuid
from pathlib import Path

import pillow_heif
from PIL import Image

import ocr
from ocr.loading import ImageError, open_image, sniff_type

ROOT = Path(__file__).resolve().parent.parent
TRUTH = json.loads((ROOT / "samples" / "images" / "truth.json").read_text(encoding="utf-8"))


def _heic_sample() -> tuple[bytes, dict]:
    entry = next(e for e in TRUTH if e["layout"] == "console_dti" and e["source"] == "screenshot")
    img = Image.open(ROOT / "samples" / "images" / entry["file"]).convert("RGB")
    buf = io.BytesIO()
    pillow_heif.from_pillow(img).save(buf, quality=95)
    return buf.getvalue(), entry


def test_heic_is_sniffed_by_content_and_decoded() -> None:
    data, _ = _heic_sample()
    assert sniff_type(data) == "HEIF"
    assert open_image(data).mode == "RGB"


def test_truncated_heic_is_refused_clearly() -> None:
    data, _ = _heic_sample()
    try:
        open_image(data[:300])
    except ImageError as exc:
        assert exc.status in (400, 422) and exc.code in ("truncated_image", "unreadable_image")
    else:
        raise AssertionError("a truncated HEIC was accepted")


def test_heic_upload_is_read_by_the_real_server(live_server) -> None:
    data, entry = _heic_sample()
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\niid\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="IMG_0001.HEIC"\r\n'
            "Content-Type: image/heic\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    with live_server() as server:
        req = urllib.request.Request(
            f"{server.base_url}/api/ocr",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            result = json.loads(resp.read())
    assert result["digits"] == entry["digits"] and result["complete"] is True
    assert result == {**result, **ocr.read_image(data, "iid"), "seconds": result["seconds"]}
