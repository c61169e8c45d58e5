"""Fuzz ``POST /api/ocr`` on the real server with malformed uploads.

Cases: random bytes (with and without an image signature), truncated and
bit-flipped PNG/JPEG/WebP, PNG/JPEG/WebP headers declaring huge dimensions,
zero-byte files, other formats (GIF, BMP, TIFF, HEIC, PDF), and broken
requests (no/wrong boundary, truncated multipart, missing or odd fields, too
many parts, oversized fields, wrong content types).

Pass = no 5xx, every refusal a JSON error with a code, no request slower
than the hang limit, and afterwards the server still answers /healthz and
reads a valid picture.

    python -m tools.fuzz_upload --cases 1000            # starts the server itself
    python -m tools.fuzz_upload --url http://127.0.0.1:8000 --cases 200
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import random
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image

from tools.pictures import iid_screenshot
from tools.upload_client import Reply, ServerProcess, encode_multipart, post_image, request

HANG_LIMIT = 45.0  # seconds; above the server's OCR time limit plus the queue wait


@dataclass
class Case:
    name: str
    body: bytes
    content_type: str


def _small_images() -> dict[str, bytes]:
    img = Image.new("RGB", (120, 40), "white")
    found: dict[str, bytes] = {}
    for fmt in ("PNG", "JPEG", "WEBP"):
        out = io.BytesIO()
        img.save(out, fmt)
        found[fmt] = out.getvalue()
    return found


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A valid PNG header declaring ``width`` x ``height`` with a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def strip_png(rng: random.Random) -> bytes:
    """A real PNG of an extreme shape: 1..40 px on one side, up to 4000 on the other."""
    thin, long = rng.choice([1, 1, 2, 3, rng.randint(4, 40)]), rng.randint(500, 4000)
    size = (thin, long) if rng.random() < 0.5 else (long, thin)
    out = io.BytesIO()
    Image.new("L", size, rng.choice([0, 255])).save(out, "PNG")
    return out.getvalue()


def png_bomb() -> bytes:
    """A real PNG 12000x12000 of one colour: small file, 144 megapixels decoded."""
    row = b"\0" * 12001  # filter byte + 12000 grey pixels
    comp = zlib.compressobj(9)
    raw = b"".join(comp.compress(row) for _ in range(12000)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", 12000, 12000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", raw) + _png_chunk(b"IEND", b"")
    )


def huge_jpeg(base: bytes, width: int, height: int) -> bytes:
    """``base`` with its SOF0 frame dimensions rewritten."""
    i = base.find(b"\xff\xc0")
    if i < 0:
        return base
    return base[: i + 5] + struct.pack(">HH", height, width) + base[i + 9 :]


def huge_webp(width: int, height: int) -> bytes:
    """A VP8X WebP header declaring a huge canvas."""
    vp8x = (
        b"VP8X"
        + struct.pack("<I", 10)
        + b"\0\0\0\0"
        + (width - 1).to_bytes(3, "little")
        + (height - 1).to_bytes(3, "little")
    )
    body = b"WEBP" + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


OTHER_FORMATS = [
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
    b"BM" + b"\0" * 60,
    b"II*\x00" + b"\0" * 60,
    b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 40,
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"\xef\xbb\xbf" + "インストール ID: 123".encode(),
]


def generate(count: int, seed: int = 1) -> Iterator[Case]:
    """``count`` malformed cases, reproducible from ``seed``."""
    rng = random.Random(seed)
    images = _small_images()
    bomb = png_bomb()

    def upload(data: bytes, kind: str = "iid", name: str = "x.png") -> tuple[bytes, str]:
        return encode_multipart({"kind": kind}, {"image": (name, data, "image/png")})

    def rand(n: int) -> bytes:
        return rng.randbytes(n)

    makers: list[tuple[str, Callable[[], tuple[bytes, str]]]] = [
        ("random", lambda: upload(rand(rng.randint(1, 4096)))),
        ("random_png_magic", lambda: upload(b"\x89PNG\r\n\x1a\n" + rand(rng.randint(0, 2048)))),
        ("random_jpeg_magic", lambda: upload(b"\xff\xd8\xff\xe0" + rand(rng.randint(0, 2048)))),
        (
            "random_webp_magic",
            lambda: upload(b"RIFF" + rand(4) + b"WEBPVP8 " + rand(rng.randint(0, 512))),
        ),
        ("zero_byte", lambda: upload(b"")),
        (
            "truncated",
            lambda: upload((d := images[rng.choice(list(images))])[: rng.randint(1, max(1, len(d) - 1))]),
        ),
        (
            "bitflip",
            lambda: upload(_flip(images[rng.choice(list(images))], rng, rng.randint(1, 8))),
        ),
        (
            "huge_png_header",
            lambda: upload(
                huge_png(
                    rng.choice([0, 1, 65535, 10**5, 2**31 - 1]), rng.choice([0, 1, 65535, 10**5, 2**31 - 1])
                )
            ),
        ),
        (
            "huge_jpeg_header",
            lambda: upload(huge_jpeg(images["JPEG"], rng.choice([0, 65535, 30000]), 65535)),
        ),
        ("huge_webp_header", lambda: upload(huge_webp(16383, 16383))),
        ("png_bomb", lambda: upload(bomb)),
        ("extreme_aspect", lambda: upload(strip_png(rng))),
        ("other_format", lambda: upload(rng.choice(OTHER_FORMATS))),
        ("bad_kind", lambda: upload(images["PNG"], kind=rng.choice(["", "IID", "x" * 500, "cid\0"]))),
        (
            "odd_filename",
            lambda: upload(rand(64), name=rng.choice(["../../etc/passwd", "a\r\nb.png", "é.png"])),
        ),
        (
            "no_boundary",
            lambda: (upload(images["PNG"])[0], "multipart/form-data"),
        ),
        (
            "wrong_boundary",
            lambda: (upload(images["PNG"])[0], "multipart/form-data; boundary=nothere"),
        ),
        (
            "truncated_multipart",
            lambda: ((b := upload(images["PNG"]))[0][: rng.randint(0, len(b[0]))], b[1]),
        ),
        ("json_body", lambda: (json.dumps({"image": "AAAA", "kind": "iid"}).encode(), "application/json")),
        ("urlencoded", lambda: (b"kind=iid&image=abc", "application/x-www-form-urlencoded")),
        (
            "many_parts",
            lambda: encode_multipart({f"f{i}": "x" for i in range(rng.randint(9, 200))}),
        ),
        ("big_field", lambda: encode_multipart({"kind": "x" * rng.randint(5000, 200_000)})),
        (
            "garbage_multipart",
            lambda: (rand(rng.randint(0, 4096)), "multipart/form-data; boundary=" + "a" * rng.randint(1, 80)),
        ),
        ("no_content_type", lambda: (upload(images["PNG"])[0], "")),
    ]
    for i in range(count):
        name, make = makers[i % len(makers)] if i < len(makers) else rng.choice(makers)
        body, ctype = make()
        yield Case(name, body, ctype)


def _flip(data: bytes, rng: random.Random, n: int) -> bytes:
    buf = bytearray(data)
    for _ in range(n):
        pos = rng.randrange(8, len(buf)) if len(buf) > 8 else 0
        buf[pos] ^= 1 << rng.randrange(8)
    return bytes(buf)


@dataclass
class Outcome:
    case: Case
    reply: Reply | None
    problem: str | None


def check(case: Case, base_url: str, source: str | None = None) -> Outcome:
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    try:
        reply = request(base_url, "POST", "/api/ocr", case.body, headers, timeout=HANG_LIMIT, source=source)
    except TimeoutError:
        return Outcome(case, None, "no answer within the hang limit")
    except OSError as exc:
        return Outcome(case, None, f"connection error {type(exc).__name__}")
    if reply.status >= 500:
        return Outcome(case, reply, f"status {reply.status}")
    if reply.status >= 400:
        try:
            err = json.loads(reply.body)["error"]
            assert err["code"] and err["message"]
        except (ValueError, KeyError, TypeError, AssertionError):
            return Outcome(case, reply, "refusal is not a JSON error")
    return Outcome(case, reply, None)


def run_fuzz(base_url: str, cases: int, seed: int = 1, concurrency: int = 4) -> dict:
    """Run the cases; a summary dict with ``problems`` (empty when all passed)."""
    start = time.monotonic()
    statuses: Counter[int] = Counter()
    by_code: Counter[str] = Counter()
    problems: list[str] = []
    slowest = 0.0
    # Each sending thread is its own client (127.0.0.2, ...): the server reads
    # one picture at a time per client, and the fuzz is about the pictures.
    local = threading.local()
    names = itertools.count(2)

    def send(case: Case) -> Outcome:
        if not hasattr(local, "source"):
            local.source = f"127.0.0.{next(names)}"
        return check(case, base_url, local.source)

    with ThreadPoolExecutor(concurrency) as pool:
        for out in pool.map(send, generate(cases, seed)):
            if out.reply is not None:
                statuses[out.reply.status] += 1
                slowest = max(slowest, out.reply.seconds)
                if out.reply.status >= 400:
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        by_code[json.loads(out.reply.body)["error"]["code"]] += 1
            if out.problem:
                problems.append(f"{out.case.name}: {out.problem}")
    health = request(base_url, "GET", "/healthz", timeout=10)
    if health.status != 200:
        problems.append(f"/healthz answered {health.status} after the run")
    return {
        "cases": cases,
        "seconds": round(time.monotonic() - start, 1),
        "statuses": dict(sorted(statuses.items())),
        "codes": dict(by_code.most_common()),
        "slowest_seconds": round(slowest, 2),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server; default: start one on loopback")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    server = None
    base_url = args.url
    if not base_url:
        server = ServerProcess(args=["--rate-limit", "0"]).start()
        base_url = server.base_url
    try:
        summary = run_fuzz(base_url, args.cases, args.seed, args.concurrency)
        good = post_image(base_url, iid_screenshot())
        summary["valid_picture_after_run"] = good.status
        if good.status != 200:
            summary["problems"].append(f"a valid picture got {good.status} after the run")
        if server:
            summary["server_rss_mb_after"] = round(server.tree_rss_bytes() / 2**20, 1)
    finally:
        if server:
            server.stop()
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 1 if summary["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
