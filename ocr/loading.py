"""Turn untrusted upload bytes into an upright greyscale array, or refuse clearly.

Why a module of its own: every picture comes from a phone over the network.
The type is decided by content (never by name), the size is checked from the
header BEFORE any pixel is decoded (decompression bombs), the first frame of
animated or multi-frame files is used, EXIF orientation is honoured, and the
bytes never touch the disk.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, ImageOps

MAX_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 MP: bigger than any phone camera's default output
MAX_SIDE = 20_000
# A strip thinner than a digit, or longer than 100 times its height, holds no
# readable ID and trips the pipeline's resizing (a 1x3000 picture gave a 500).
MIN_SIDE = 8
MAX_ASPECT = 100

# Pillow's own bomb guard, set to our cap so it raises instead of only warning.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("PNG", b"\x89PNG\r\n\x1a\n", 0),
    ("JPEG", b"\xff\xd8\xff", 0),
)


class ImageError(Exception):
    """A refusal the user can understand: a stable ``code``, English text, HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


# HEIF brands iPhones write (ISO BMFF "ftyp" box); AVIF is not among them.
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def sniff_type(data: bytes) -> str | None:
    """PNG, JPEG, WEBP or HEIF from the first bytes; None for anything else."""
    for name, magic, offset in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return name
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS and _heif_available():
        return "HEIF"
    return None


def _heif_available() -> bool:
    """Register pillow-heif's opener once; why lazily: it is only needed for iPhone photos."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def _looks_like_other_image(data: bytes) -> bool:
    heads = (b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00")
    if data.startswith(heads):
        return True
    # HEIC/AVIF: ISO BMFF "ftyp" box at offset 4.
    return data[4:8] == b"ftyp"


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageError("unreadable_image", "The picture has no pixels.", 422)
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ImageError(
            "image_too_large",
            f"The picture is {width}x{height} pixels; at most {MAX_PIXELS // 10**6} MP is accepted.",
            413,
        )
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageError(
            "unreadable_image",
            f"The picture is {width}x{height} pixels: too thin to hold an ID; crop around the numbers.",
            422,
        )


def open_image(data: bytes) -> Image.Image:
    """Decode ``data`` into an upright RGB image; raise ImageError on any problem."""
    if not data:
        raise ImageError("empty_file", "The file is empty.", 400)
    if len(data) > MAX_BYTES:
        raise ImageError("image_too_large", f"The file is larger than {MAX_BYTES // 2**20} MB.", 413)
    kind = sniff_type(data)
    if kind is None:
        if _looks_like_other_image(data):
            raise ImageError("unsupported_type", "Only PNG, JPEG, WebP and HEIC pictures are supported.", 415)
        raise ImageError("not_an_image", "The file is not a picture (PNG, JPEG, WebP or HEIC).", 400)
    if kind == "PNG" and len(data) >= 24 and data[12:16] == b"IHDR":
        # Read the size from the header ourselves: Pillow refuses absurd sizes with a vague error.
        _check_size(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[kind])
            _check_size(*img.size)  # header only, no pixels decoded yet
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)
            img.load()
            # In place: a copy of a 24 MP picture is 72 MB more at the worker's peak.
            ImageOps.exif_transpose(img, in_place=True)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("image_too_large", "The picture has too many pixels to decode.", 413) from None
    except (OSError, SyntaxError) as exc:
        text = str(exc).lower()
        if "truncated" in text or "premature" in text or "unexpected end" in text:
            raise ImageError(
                "truncated_image", "The picture is truncated (incomplete upload?).", 400
            ) from None
        raise ImageError("unreadable_image", "The picture could not be decoded.", 422) from None
    except (ValueError, MemoryError, EOFError):
        # Pillow's own text can quote internals (an object's memory address): not for the user.
        raise ImageError("unreadable_image", "The picture could not be decoded.", 422) from None
    return _to_rgb(img)


def _to_rgb(img: Image.Image) -> Image.Image:
    """Flatten transparency onto white (screenshots with alpha) and drop palettes."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        background.alpha_composite(img)
        return background.convert("RGB")
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        span = float(arr.max() - arr.min()) or 1.0
        return Image.fromarray(((arr - arr.min()) * 255.0 / span).astype(np.uint8)).convert("RGB")
    return img if img.mode == "RGB" else img.convert("RGB")


def load_grey(data: bytes) -> np.ndarray:
    """Upright 8-bit greyscale pixels of ``data`` (what the pipeline works on)."""
    grey = open_image(data).convert("L")  # the colour picture is freed before the array is made
    return np.asarray(grey)
