"""Hostile photos at once: does the kiosk's memory stay bounded and the wall keep answering?

    python -m bench.photos [--phones 20]

Each round sends ``--phones`` photo posts at the same moment, each from its own simulated phone
(127.x.y.z), to a fresh kiosk process: PNGs of 79 megapixels that compress to about 300 KB (over
the limit: refused from their header), PNGs just under the limit for PNG (decoded whole, the
costliest photo accepted), and 12-megapixel camera JPEGs. Meanwhile it samples the kiosk's RSS
every 20 ms and asks ``/api/health`` every 50 ms, as an open wall's reconnect would. It prints,
per round, the answers by status, the peak RSS and the health check's worst and p95 latency.
Goal (issue 10): 20 hostile posts at once keep RSS under 400 MB and the wall answering.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psutil
import requests
from PIL import Image

from netwerk.media import MAX_PIXELS
from tests.harness.phones import phone_session
from tests.harness.server import KioskProcess


def _png(pixels: int) -> bytes:
    side = int(pixels ** 0.5)
    out = io.BytesIO()
    Image.new("RGBA", (side, side), (30, 140, 90, 200)).save(out, "PNG", compress_level=9)
    return out.getvalue()


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


class _Sampler(threading.Thread):
    """Sample the server's RSS and the health check's latency until stopped."""

    def __init__(self, process: psutil.Process, url: str) -> None:
        super().__init__(daemon=True)
        self.process, self.url = process, url
        self.peak, self.latencies = 0, []
        self.running = True

    def run(self) -> None:
        last_health = 0.0
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            if time.monotonic() - last_health > 0.05:
                started = last_health = time.monotonic()
                requests.get(self.url + "/api/health", timeout=10)
                self.latencies.append(time.monotonic() - started)
            time.sleep(0.02)


def _round(kiosk: KioskProcess, name: str, photo: bytes, phones: int, first_phone: int) -> None:
    server = psutil.Process(kiosk.process.pid)
    before = server.memory_info().rss
    sampler = _Sampler(server, kiosk.url)
    sampler.start()
    answers: Counter = Counter()
    gate = threading.Barrier(phones)

    def send(number: int) -> None:
        phone = phone_session(first_phone + number)
        gate.wait()
        answer = phone.post(kiosk.url + "/api/contributions", data={"kind": "idea", "text": f"{name} {number}"},
                            files={"photo": ("foto", photo, "application/octet-stream")}, timeout=120)
        answers[answer.status_code] += 1

    started = time.monotonic()
    senders = [threading.Thread(target=send, args=(number,)) for number in range(phones)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    took = time.monotonic() - started
    sampler.running = False
    sampler.join()
    latencies = sorted(sampler.latencies)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else float("nan")
    print(f"{name:<34} {len(photo) / 1e6:6.2f} MB  answers {dict(sorted(answers.items()))}  in {took:5.1f} s  "
          f"RSS {before / 2**20:5.0f} -> peak {sampler.peak / 2**20:5.0f} MB  "
          f"health p95 {p95 * 1e3:5.0f} ms, worst {latencies[-1] * 1e3 if latencies else 0:5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=20)
    options = parser.parse_args()
    rounds = [
        ("PNG 79 MP (over the limit)", _png(79_000_000)),
        (f"PNG {MAX_PIXELS['PNG'] / 1e6:.0f} MP less one row (decoded)", _png(MAX_PIXELS["PNG"] - 10_000)),
        ("JPEG 12 MP camera photo", _jpeg(4000, 3000)),
    ]
    with tempfile.TemporaryDirectory() as folder:
        kiosk = KioskProcess(Path(folder) / "data").start()
        try:
            print(f"{options.phones} photo posts at once per round, each from its own phone; kiosk pid "
                  f"{kiosk.process.pid}")
            for number, (name, photo) in enumerate(rounds):
                _round(kiosk, name, photo, options.phones, first_phone=100 * number)
        finally:
            kiosk.stop()


if __name__ == "__main__":
    main()
