"""Load-test ``POST /api/ocr`` on the real server started on loopback.

N clients post sample pictures in a loop for a bounded time.  Printed:
throughput, p50/p95 latency, status counts, the server's peak memory (its
process and all OCR workers), and whether it answers normally afterwards.

Pass (exit 0) = only 200s and 503s under load, and /healthz plus one picture
answer 200 once the load stops.

    python -m tools.loadtest                       # clients = 4 x pool workers, 30 s
    python -m tools.loadtest --clients 16 --duration 60 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from tools.pictures import iid_screenshot
from tools.upload_client import REPO_ROOT, ServerProcess, post_image, request

SAMPLES = REPO_ROOT / "samples" / "images"


def load_pictures(folder: Path, limit: int) -> list[tuple[str, bytes]]:
    """``(kind, bytes)`` pairs: the sample set if present, else a rendered screenshot."""
    found: list[tuple[str, bytes]] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"):
                kind = "cid" if "_cid_" in path.name else "iid"
                found.append((kind, path.read_bytes()))
    if not found:
        found = [("iid", iid_screenshot()), ("iid", iid_screenshot(fmt="JPEG"))]
    random.Random(0).shuffle(found)
    return found[:limit]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_load(
    base_url: str,
    pictures: list[tuple[str, bytes]],
    clients: int,
    duration: float,
    server: ServerProcess | None = None,
) -> dict:
    deadline = time.monotonic() + duration
    lock = threading.Lock()
    statuses: Counter[int] = Counter()
    latencies: dict[int, list[float]] = {}
    errors: Counter[str] = Counter()
    peak = [server.tree_rss_bytes() if server else 0]
    baseline = peak[0]
    done = threading.Event()

    def sample_memory() -> None:
        while not done.is_set():
            if server:
                peak[0] = max(peak[0], server.tree_rss_bytes())
            done.wait(0.25)

    def client(n: int) -> None:
        rng = random.Random(n)
        while time.monotonic() < deadline:
            kind, data = rng.choice(pictures)
            try:
                # Each client its own loopback address: one picture at a time per client.
                reply = post_image(base_url, data, kind=kind, timeout=120, source=f"127.0.0.{2 + n}")
            except OSError as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                continue
            with lock:
                statuses[reply.status] += 1
                latencies.setdefault(reply.status, []).append(reply.seconds)
            if reply.status == 503:
                time.sleep(0.1)  # a client that honours "busy", but impatiently

    start = time.monotonic()
    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    done.set()
    sampler.join()

    health = request(base_url, "GET", "/healthz", timeout=10)
    kind, data = pictures[0]
    after = post_image(base_url, data, kind=kind, timeout=60)
    ok = latencies.get(200, [])
    busy = latencies.get(503, [])
    return {
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "pictures": len(pictures),
        "statuses": dict(sorted(statuses.items())),
        "connection_errors": dict(errors),
        "throughput_ok_per_s": round(len(ok) / elapsed, 2),
        "latency_200_p50_s": round(percentile(ok, 0.5), 2),
        "latency_200_p95_s": round(percentile(ok, 0.95), 2),
        "latency_200_max_s": round(max(ok, default=0.0), 2),
        "latency_503_p95_s": round(percentile(busy, 0.95), 3),
        "server_rss_mb_before": round(baseline / 2**20, 1),
        "server_rss_mb_peak": round(peak[0] / 2**20, 1),
        "after_load": {
            "healthz": health.status,
            "ocr_status": after.status,
            "ocr_latency_s": round(after.seconds, 2),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (no memory figures); default: start one")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queue", type=int, default=None)
    parser.add_argument("--clients", type=int, default=0, help="default: 4 x workers")
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--pictures", type=Path, default=SAMPLES)
    parser.add_argument("--max-pictures", type=int, default=40)
    args = parser.parse_args(argv)
    clients = args.clients or 4 * args.workers
    pictures = load_pictures(args.pictures, args.max_pictures)
    server = None
    base_url = args.url
    if not base_url:
        extra = ["--rate-limit", "0", "--ocr-seconds", "0", "--workers", str(args.workers)]
        if args.queue is not None:
            extra += ["--queue", str(args.queue)]
        server = ServerProcess(args=extra).start()
        base_url = server.base_url
    try:
        summary = run_load(base_url, pictures, clients, args.duration, server)
    finally:
        if server:
            server.stop()
    summary["workers"] = args.workers
    print(json.dumps(summary, indent=2))
    bad = set(summary["statuses"]) - {200, 503} or summary["connection_errors"]
    after = summary["after_load"]
    return 1 if bad or after["healthz"] != 200 or after["ocr_status"] != 200 else 0


if __name__ == "__main__":
    sys.exit(main())
